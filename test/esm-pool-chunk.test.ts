// The Node ESM entry loads the pool's workers' code on first use (dist/node-pool.js):
// an import of the package does not compile it. Run on a copy of dist/ in a child process.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test("MelSpectrogramPool's code is a file of its own in the Node ESM entry, loaded by the first create()", () => {
  const root = mkdtempSync(join(tmpdir(), 'melspec-pool-chunk-'));
  try {
    const dist = join(root, 'dist');
    cpSync(join(__dirname, '..', 'dist'), dist, { recursive: true });
    cpSync(join(__dirname, '..', 'package.json'), join(root, 'package.json'));
    const script = join(__dirname, 'helpers', 'esm-pool-chunk.mjs');
    const report = JSON.parse(execFileSync(process.execPath, [script, dist], { encoding: 'utf8' }));
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
    rmSync(root, { recursive: true, force: true });
  }
});
