// What importing the package costs before anything is computed: the Node entries load
// node:worker_threads (and node:stream under it) only when a MelSpectrogramPool starts a
// worker, and node:fs only to read the .wasm, in both builds, also where
// process.getBuiltinModule is missing (Node 20 < 20.16). Start-up registers only the float32
// engine's class with embind; the stream and float64 classes follow on first use, in
// whatever order a program first needs them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Each program below is the first user of its process, so the classes it needs are registered
 * on its first call (a missing registration fails it: an unbound embind method, or no class).
 * Its stream, pushed the signal in three pieces and flushed, must equal compute() bit for bit
 * (no top_db floor, which a stream applies per chunk), and float64 must agree with float32.
 */
const signalSource = 'Float32Array.from({ length: 24000 }, (_, i) => Math.sin(i * 0.05) + 0.3 * Math.sin(i * 0.71))';
const streamMatches = `(mel, signal) => {
  const stream = mel.createStream();
  const parts = [stream.push(signal.subarray(0, 7001)), stream.push(signal.subarray(7001, 15000)), stream.push(signal.subarray(15000)), stream.flush()];
  const whole = mel.compute(signal);
  const frames = parts.reduce((sum, part) => sum + part.shape[1], 0);
  const bins = whole.shape[0];
  let same = frames === whole.shape[1];
  let at = 0;
  for (const part of parts) {
    for (let m = 0; m < bins; m++)
      for (let t = 0; t < part.shape[1]; t++) same &&= part.data[m * part.shape[1] + t] === whole.data[m * frames + at + t];
    at += part.shape[1];
  }
  stream.dispose();
  return same;
}`;

test.each([
  ['a float32 stream first', ['stream32', 'float64', 'stream64']],
  ['a float64 instance first', ['float64', 'stream32', 'stream64']],
  ['a float64 stream first', ['stream64', 'stream32', 'float64']],
])('%s: every class is there when first needed', (_, steps) => {
  const report = runModule(`
    const { MelSpectrogram } = await import(${JSON.stringify(join(root, 'dist/node.js'))});
    const signal = ${signalSource};
    const streamMatches = ${streamMatches};
    const options = { numMelBins: 24, topDb: null };
    const results = {};
    for (const step of ${JSON.stringify(steps)}) {
      if (step === 'stream32') results.stream32 = streamMatches(await MelSpectrogram.create(options), signal);
      if (step === 'stream64')
        results.stream64 = streamMatches(await MelSpectrogram.create({ ...options, dtype: 'float64' }), Float64Array.from(signal));
      if (step === 'float64') {
        const wide = (await MelSpectrogram.create({ ...options, dtype: 'float64' })).compute(Float64Array.from(signal));
        const narrow = (await MelSpectrogram.create(options)).compute(signal);
        // Within 80 dB of the loudest value: below, float32's rounding of tiny powers dominates.
        const floor = Math.max(...wide.data) - 80;
        results.float64 = {
          type: wide.data.constructor.name,
          shape: wide.shape,
          largestDifferenceDb: wide.data.reduce((most, value, i) => (value < floor ? most : Math.max(most, Math.abs(value - narrow.data[i]))), 0),
        };
      }
    }
    console.log(JSON.stringify(results));
  `);
  expect(report.stream32).toBe(true);
  expect(report.stream64).toBe(true);
  expect(report.float64).toMatchObject({ type: 'Float64Array', shape: [24, 47] });
  // float32 against float64 arithmetic on the same signal, within 80 dB of its loudest value (measured: 1.6e-4 dB).
  expect(report.float64.largestDifferenceDb).toBeLessThan(1e-3);
  expect(report.float64.largestDifferenceDb).toBeGreaterThan(0); // two engines, not one twice
});

test('the Node entry reads and compiles melspec.wasm at the first create: a missing or damaged file is a load error, and a later create retries', () => {
  // A copy of dist/ (in a folder whose package.json makes node.js an ES module), its .wasm changed under it.
  const dir = mkdtempSync(join(tmpdir(), 'melspec-entry-'));
  try {
    cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const wasm = join(dir, 'dist', 'melspec.wasm');
    const report = runModule(`
      import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
      const { MelSpectrogram, isMelSpectrogramError } = await import(${JSON.stringify(join(dir, 'dist', 'node.js'))});
      const wasm = ${JSON.stringify(wasm)};
      const attempt = async () => {
        try {
          const mel = await MelSpectrogram.create({ numMelBins: 16 });
          return { shape: mel.compute(new Float32Array(4000).fill(0.25)).shape };
        } catch (error) {
          return { ours: isMelSpectrogramError(error), name: error.name, code: error.code, message: error.message };
        }
      };
      copyFileSync(wasm, wasm + '.good');
      renameSync(wasm, wasm + '.moved');
      const missing = await attempt();
      writeFileSync(wasm, Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 9));
      const damaged = await attempt();
      copyFileSync(wasm + '.good', wasm);
      const restored = await attempt();
      console.log(JSON.stringify({ missing, damaged, restored }));
    `);
    expect(report.missing).toMatchObject({ ours: true, code: 'ERR_MELSPEC_WASM_LOAD' });
    expect(report.missing.message).toBe(
      `melspec-wasm: could not read ${wasm} (ENOENT): reinstall the package, or call init({ wasmBinary }) ` +
        'with the bytes of melspec.wasm before the first create()',
    );
    expect(report.damaged).toMatchObject({ ours: true, name: 'CompileError', code: 'ERR_MELSPEC_WASM_LOAD' });
    expect(report.restored).toEqual({ shape: [16, 8] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
