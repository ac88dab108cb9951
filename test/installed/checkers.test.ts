// The packed tarball through the package checkers users and registries run:
// publint (package.json against the files) and @arethetypeswrong/cli (the types
// each module resolution finds, and whether they match the JavaScript), both from
// test/installed/checkers/ (npm ci). Any message from either fails the test.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packPackage, tarballFiles } from '../helpers/packed';
import { installFixture } from './fixture-tools';

let checkers: string;
let tarball: string;
beforeAll(() => {
  checkers = installFixture('checkers', 'node_modules/.bin/attw');
  tarball = packPackage();
}, 300_000);

/** A command's output, and its exit status (0 when it succeeded). */
function run(command: string, args: string[]): { status: number; output: string } {
  try {
    return {
      status: 0,
      output: execFileSync(join(checkers, 'node_modules', '.bin', command), args, { encoding: 'utf8', stdio: 'pipe' }),
    };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

test('publint: no errors, warnings or suggestions', () => {
  const { status, output } = run('publint', ['run', tarball, '--level', 'suggestion', '--strict']);
  expect(output).not.toMatch(/Errors:|Warnings:|Suggestions:/);
  expect(output).toContain('All good!');
  expect(status).toBe(0);
});

test('arethetypeswrong: no problems, and each resolution finds the types of the file it loads', () => {
  // The .wasm subpaths are assets (fetched or read, never imported as modules): attw cannot type them.
  const { status, output } = run('attw', [
    tarball,
    '--format',
    'json',
    '--exclude-entrypoints',
    './melspec.wasm',
    './melspec-scalar.wasm',
  ]);
  const report = JSON.parse(output) as {
    analysis: {
      problems: unknown[];
      entrypoints: Record<
        string,
        {
          resolutions: Record<
            string,
            { resolution?: { fileName: string }; implementationResolution?: { fileName: string } }
          >;
        }
      >;
    };
  };
  expect(report.analysis.problems).toEqual([]);
  expect(status).toBe(0);
  const found = Object.fromEntries(
    Object.entries(report.analysis.entrypoints).map(([entry, { resolutions }]) => [
      entry,
      Object.fromEntries(
        Object.entries(resolutions).map(([kind, { resolution, implementationResolution }]) => [
          kind,
          [resolution?.fileName, implementationResolution?.fileName].map((file) =>
            file?.replace('/node_modules/melspec-wasm/', ''),
          ),
        ]),
      ),
    ]),
  );
  expect(found).toEqual({
    '.': {
      node10: ['dist/types/index.d.cts', 'dist/node.cjs'],
      'node16-cjs': ['dist/types/index.d.cts', 'dist/node.cjs'],
      'node16-esm': ['dist/types/index.d.ts', 'dist/node.js'],
      bundler: ['dist/types/index.d.ts', 'dist/index.js'],
    },
    './worklet': {
      // node10 knows no "exports": typesVersions gives it the types, and it has no JavaScript to pair them with.
      node10: ['dist/types/worklet.d.cts', 'dist/types/worklet.d.cts'],
      'node16-cjs': ['dist/types/worklet.d.cts', 'dist/worklet.cjs'],
      'node16-esm': ['dist/types/worklet.d.ts', 'dist/worklet.js'],
      bundler: ['dist/types/worklet.d.ts', 'dist/worklet.js'],
    },
    './package.json': {
      node10: ['package.json', 'package.json'],
      'node16-cjs': ['package.json', 'package.json'],
      'node16-esm': ['package.json', 'package.json'],
      bundler: ['package.json', 'package.json'],
    },
  });
});

test('the tarball holds the rolled-up declarations only, and no source maps', () => {
  const files = tarballFiles(tarball);
  expect(files.filter((file) => file.startsWith('dist/types/')).sort()).toEqual([
    'dist/types/index.d.cts',
    'dist/types/index.d.ts',
    'dist/types/worklet.d.cts',
    'dist/types/worklet.d.ts',
  ]);
  expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
  // Nor a sourceMappingURL comment pointing at a map the package lacks.
  const scripts = files.filter((file) => /\.c?js$/.test(file)).map((file) => `package/${file}`);
  const mapComments = execFileSync('tar', ['-xzOf', tarball, ...scripts], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).match(/sourceMappingURL/g);
  expect(mapComments).toBeNull();
});
