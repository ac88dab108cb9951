// The published .d.ts files, as a TypeScript user's compiler sees them through
// package.json "exports": test/types/consumer.ts must compile, misuse included
// as @ts-expect-error lines (which fail the build if they stop being errors).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

/** tsc's complaints about a project ('' when it compiles). */
function typeErrors(project: string): string {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, encoding: 'utf8' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

test('the package types accept typical use and reject misuse', () => {
  expect(typeErrors(join(__dirname, 'types', 'tsconfig.json'))).toBe('');
});

test('the test suites themselves type-check (Jest only transpiles them)', () => {
  expect(typeErrors(join(__dirname, 'tsconfig.json'))).toBe('');
});
