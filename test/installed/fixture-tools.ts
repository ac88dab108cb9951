// Tools the tests of the installed package need that melspec-wasm does not depend on
// (Node.js 22 and 24 binaries, publint, @arethetypeswrong/cli): each fixture folder
// under test/installed/ has its own package.json and package-lock.json, installed
// here with `npm ci` when the tool is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `npm ci` in test/installed/<folder> unless <probe> (a path inside it) exists; returns the folder. */
export function installFixture(folder: string, probe: string): string {
  const dir = join(__dirname, folder);
  if (!existsSync(join(dir, probe))) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
  }
  return dir;
}

/** The binaries a test runs its consumers with: the machine's Node (20) and the fixture's 22 and 24. */
export function nodeBinaries(): { major: number; path: string }[] {
  const dir = installFixture('node-runtimes', 'node_modules/node24/bin/node');
  return [
    { major: Number(process.versions.node.split('.')[0]), path: process.execPath },
    { major: 22, path: join(dir, 'node_modules/node22/bin/node') },
    { major: 24, path: join(dir, 'node_modules/node24/bin/node') },
  ];
}

/** freshProject()'s install options for these tests: offline, since the library has no dependencies. */
export const installOptions = { offline: true };
