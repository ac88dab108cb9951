// The package as users get it: `npm pack` of the built package, and fresh temporary
// projects that install the tarball (offline: the library has no dependencies).
// Tests of the installed package (test/installed/) use these instead of the repo's dist/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
// One folder per process: Jest runs test files in parallel workers, each packing for itself.
const packDir = join(repoRoot, 'build', 'pack', String(process.pid));

/**
 * Packs the package in `folder` (relative to the repository; '.' is the library)
 * into build/pack/ and returns the tarball's path. Packs once per process and folder.
 */
const packed = new Map<string, string>();
export function packPackage(folder = '.'): string {
  const cached = packed.get(folder);
  if (cached) return cached;
  mkdirSync(packDir, { recursive: true });
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
    cwd: join(repoRoot, folder),
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(output) as [{ filename: string }];
  const tarball = join(packDir, filename);
  packed.set(folder, tarball);
  return tarball;
}

/** The files a tarball holds (paths inside it, without the leading "package/"). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));
}

export interface FreshProject {
  dir: string;
  remove(): void;
}

/**
 * A new folder under the system temp dir with `files` written into it (package.json
 * included, or a minimal one), and `npm install` of `tarballs` (offline unless told).
 */
export function freshProject(
  name: string,
  tarballs: string[],
  files: Record<string, string> = {},
  { offline = true }: { offline?: boolean } = {},
): FreshProject {
  const dir = mkdtempSync(join(tmpdir(), `melspec-${name}-`));
  const withPackageJson = {
    'package.json': JSON.stringify({ name: `try-${name}`, private: true, version: '1.0.0' }),
    ...files,
  };
  for (const [path, text] of Object.entries(withPackageJson)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (tarballs.length > 0) {
    const flags = [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...(offline ? ['--offline'] : []),
      ...tarballs,
    ];
    execFileSync('npm', flags, { cwd: dir, stdio: 'pipe' });
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bytes under `dir` (what `du -sb` says), e.g. a project's node_modules. */
export function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** Packages directly under a node_modules folder (scoped ones as "@scope/name"). */
export function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((inner) => `${entry}/${inner}`) : [entry],
    );
}
