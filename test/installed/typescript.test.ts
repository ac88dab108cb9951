// The packed tarball's types as TypeScript projects see them: strict, skipLibCheck
// false (the package's .d.ts files are checked too), for each lib setting (es2023
// alone, with DOM, with @types/node as @tsconfig/node20 has it) and each module
// resolution (bundler, node16, nodenext), from an ES module and from a CommonJS one.
// The consumers are test/types/installed/*.ts; tsc is the repository's, by path.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FreshProject, freshProject, packPackage, repoRoot } from '../helpers/packed';
import { installOptions } from './fixture-tools';

const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const consumers = join(repoRoot, 'test', 'types', 'installed');

const libs = {
  es2023: { lib: ['es2023'], types: [] as string[] },
  'es2023 + DOM': { lib: ['es2023', 'dom'], types: [] as string[] },
  // @tsconfig/node20: no DOM, the Node.js globals from @types/node (the repository's copy).
  'es2023 + @types/node': { lib: ['es2023'], types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')] },
};
const resolutions = {
  bundler: { module: 'preserve', moduleResolution: 'bundler' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
};

let project: FreshProject;
beforeAll(() => {
  const consumer = readFileSync(join(consumers, 'consumer.ts'), 'utf8');
  project = freshProject(
    'typescript',
    [packPackage()],
    { 'consumer.mts': consumer, 'consumer.cts': consumer, 'dom.mts': readFileSync(join(consumers, 'dom.ts'), 'utf8') },
    installOptions,
  );
}, 300_000);
afterAll(() => project?.remove());

/** tsc's complaints about the temp project under these options ('' when it compiles). */
function typeErrors(name: string, compilerOptions: Record<string, unknown>, files: string[]): string {
  const config = `tsconfig.${name}.json`;
  const options = { target: 'es2022', strict: true, skipLibCheck: false, noEmit: true, ...compilerOptions };
  writeFileSync(join(project.dir, config), JSON.stringify({ compilerOptions: options, files }));
  try {
    execFileSync(process.execPath, [tsc, '-p', config], { cwd: project.dir, encoding: 'utf8' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout || error);
  }
}

describe.each(Object.entries(libs))('lib %s', (libName, lib) => {
  test.each(Object.entries(resolutions))(
    '%s resolution: ES module and CommonJS consumers compile',
    (resolutionName, resolution) => {
      const files = ['consumer.mts', 'consumer.cts', ...(lib.lib.includes('dom') ? ['dom.mts'] : [])];
      const name = `${libName}-${resolutionName}`.replace(/[^a-z0-9]+/gi, '-');
      expect(typeErrors(name, { ...lib, ...resolution }, files)).toBe('');
    },
  );
});
