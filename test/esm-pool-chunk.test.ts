// The Node ESM entry loads the pool's workers' code on first use (dist/node-pool.js):
// an import of the package does not compile it. Run on a copy of dist/ in a child process.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A copy of the package (dist/ and package.json) in a fresh folder; removed by `done`. */
function packageCopy(): { root: string; dist: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'melspec-pool-chunk-'));
  const dist = join(root, 'dist');
  cpSync(join(__dirname, '..', 'dist'), dist, { recursive: true });
  cpSync(join(__dirname, '..', 'package.json'), join(root, 'package.json'));
  return { root, dist, done: () => rmSync(root, { recursive: true, force: true }) };
}

test("MelSpectrogramPool's code is a file of its own in the Node ESM entry, loaded by the first create()", () => {
  const copy = packageCopy();
  try {
    const script = join(__dirname, 'helpers', 'esm-pool-chunk.mjs');
    const report = JSON.parse(execFileSync(process.execPath, [script, copy.dist], { encoding: 'utf8' }));
    // Without the file: MelSpectrogram works; the pool's create() says what failed and frees its in-process instance.
    expect(report.withoutPoolFile).toEqual({
      library: true,
      className: 'MelSpectrogramError',
      code: 'ERR_MELSPEC_WORKER',
      message: expect.stringMatching(/could not load the pool's code \(.*node-pool\.js.*\).*dist\//),
    });
    expect(report.heapAfterFailure).toBe(report.heapBefore);
    // With it back, the next create() loads it: the pool's result is compute()'s, bit for bit.
    expect(report.withPoolFile).toEqual({
      shape: report.withPoolFile.expectedShape,
      expectedShape: [64, 94],
      differing: 0,
      values: 64 * 94,
      isPool: true,
      name: 'MelSpectrogramPool',
    });
  } finally {
    copy.done();
  }
});

test("a pool's create() as a process's first call, its file missing: a rejection, not an unhandled one that ends the process", () => {
  // Here the import fails before the in-process instance is made (nothing loaded yet), the
  // order in which an unattended rejection would end the process.
  const copy = packageCopy();
  try {
    renameSync(join(copy.dist, 'node-pool.js'), join(copy.dist, 'node-pool.js.away'));
    const entry = pathToFileURL(join(copy.dist, 'node.js')).href;
    const script = `const { MelSpectrogramPool, isMelSpectrogramError } = await import(${JSON.stringify(entry)});
      try { await MelSpectrogramPool.create({}, { threads: 1 }); console.log('created'); }
      catch (error) { console.log(isMelSpectrogramError(error), error.code); }`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({
      status: 0,
      stdout: 'true ERR_MELSPEC_WORKER',
      stderr: '',
    });
  } finally {
    copy.done();
  }
});
