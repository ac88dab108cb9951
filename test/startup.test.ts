// What importing the package costs before anything is computed: the Node entries load
// node:worker_threads (and node:stream under it) only when a MelSpectrogramPool starts a
// worker, in both builds, also where process.getBuiltinModule is missing (Node 20 < 20.16).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

/** Runs `source` as an ES module file in a fresh Node (a file: -e's flags would reach the pool's workers); returns what it prints as JSON. */
function runModule(source: string): any {
  const dir = mkdtempSync(join(tmpdir(), 'melspec-startup-'));
  try {
    writeFileSync(join(dir, 'main.mjs'), source);
    return JSON.parse(execFileSync(process.execPath, [join(dir, 'main.mjs')], { encoding: 'utf8', cwd: root }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadedBuiltins = `(process.moduleLoadList ?? []).filter((m) => /^NativeModule (worker_threads|stream)$/.test(m))`;

test.each([
  ['ESM', `const { MelSpectrogram } = await import(${JSON.stringify(join(root, 'dist/node.js'))});`],
  [
    'CommonJS',
    `const { MelSpectrogram } = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(join(root, 'dist/node.cjs'))});`,
  ],
])('the %s entry computes without loading node:worker_threads', (_, importLine) => {
  const report = runModule(`
    ${importLine}
    const mel = await MelSpectrogram.create({ numMelBins: 16 });
    const { shape } = mel.compute(new Float32Array(4000).fill(0.25));
    console.log(JSON.stringify({ hasList: Array.isArray(process.moduleLoadList), shape, loaded: ${loadedBuiltins} }));
  `);
  expect(report.hasList).toBe(true); // otherwise this test checks nothing
  expect(report.shape).toEqual([16, 8]);
  expect(report.loaded).toEqual([]);
});

test.each([
  ['with process.getBuiltinModule', ''],
  ['without it (Node 20 before 20.16)', 'delete process.getBuiltinModule;'],
])('a pool still starts its workers, %s', (_, prelude) => {
  const report = runModule(`
    ${prelude}
    const { MelSpectrogram, MelSpectrogramPool } = await import(${JSON.stringify(join(root, 'dist/node.js'))});
    const signal = Float32Array.from({ length: 48000 }, (_, i) => Math.sin(i * 0.03));
    const pool = await MelSpectrogramPool.create({ numMelBins: 32 }, { threads: 2 });
    const fromPool = await pool.compute(signal);
    await pool.dispose();
    const fromMain = (await MelSpectrogram.create({ numMelBins: 32 })).compute(signal);
    console.log(JSON.stringify({
      same: fromPool.data.every((value, i) => value === fromMain.data[i]),
      shape: fromPool.shape,
      hasGetBuiltinModule: typeof process.getBuiltinModule === 'function',
      loaded: ${loadedBuiltins},
    }));
  `);
  expect(report).toMatchObject({ same: true, shape: [32, 94] });
  expect(report.hasGetBuiltinModule).toBe(prelude === '');
  expect(report.loaded).toContain('NativeModule worker_threads');
});
