// init() once the module is loaded: a source can no longer take effect, so it is an
// error naming the build in use, never a silent no-op. (Jest gives each test file its
// own module registry: the module is not loaded when this file starts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MelSpectrogram, init, wasmBuild } from 'melspec-wasm';

test('init(source) after the first create() rejects, naming the loaded build; init() alone still resolves', async () => {
  const mel = await MelSpectrogram.create();
  const build = await wasmBuild();
  expect(build).toBe('simd');
  const wasmBinary = readFileSync(join(__dirname, '..', 'dist', 'melspec-scalar.wasm'));
  await expect(init({ wasmBinary })).rejects.toThrow(
    /^melspec-wasm: the WASM module is already loaded \(the simd build\), so init\(\{ wasmBinary \}\) cannot change it; call init\(\) before the first create\(\)/,
  );
  await expect(init({ simd: false })).rejects.toThrow(/already loaded \(the simd build\), so init\(\{ simd \}\)/);
  await expect(init()).resolves.toBeUndefined();
  // Nothing changed: the same build, and the instance still computes.
  expect(await wasmBuild()).toBe('simd');
  expect(mel.compute(new Float32Array(4096).fill(0.25)).shape).toEqual([128, 9]);
  mel.dispose();
});

test('init(source) while the first load is still under way rejects too', async () => {
  // This file's module is loaded by the test above; a fresh registry shows the race.
  await jest.isolateModulesAsync(async () => {
    const fresh = require('melspec-wasm') as typeof import('melspec-wasm');
    const first = fresh.init();
    const second = fresh.init({ simd: false });
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow(/already loaded \(the simd build\)/);
  });
});
