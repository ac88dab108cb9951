// The scalar build (melspec-scalar.wasm, for engines without WASM SIMD) gives the
// Keras numbers too: every golden case within the same tolerance. Jest gives this
// file its own module registry, so init() here loads the scalar build.
import { MelSpectrogram, init, simdSupported, wasmBuild } from 'melspec-wasm';
import { kerasCases, maxAbsDifference, optionsOf, readArray, worstExcess } from './helpers/keras-golden';

test('Node runs WASM SIMD, so the default is the SIMD build', async () => {
  expect(simdSupported()).toBe(true);
  // A fresh module registry: what create() loads when nobody called init().
  await jest.isolateModulesAsync(async () => {
    const fresh = require('melspec-wasm') as typeof import('melspec-wasm');
    await expect(fresh.wasmBuild()).resolves.toBeNull();
    const mel = await fresh.MelSpectrogram.create();
    await expect(fresh.wasmBuild()).resolves.toBe('simd');
    mel.dispose();
  });
});

test('init({ simd: false }) loads the scalar build, and every Keras golden case passes on it', async () => {
  await init({ simd: false });
  await expect(wasmBuild()).resolves.toBe('scalar');
  let worstDb = 0;
  for (const testCase of kerasCases) {
    const mel = await MelSpectrogram.create(optionsOf(testCase));
    const input = readArray(testCase.files.input, testCase.input_dtype);
    const shape =
      testCase.input_shape.length === 2
        ? (testCase.input_shape as [number, number])
        : ([testCase.input_shape[0]] as [number]);
    const result = mel.compute({ data: input, shape });
    const expected = readArray(testCase.files.output, testCase.output_dtype);
    const db = testCase.params.power_to_db !== false;
    expect({ name: testCase.name, shape: result.shape }).toEqual({ name: testCase.name, shape: testCase.output_shape });
    expect({ name: testCase.name, excess: worstExcess(result.data, expected, db) <= 0 }).toEqual({
      name: testCase.name,
      excess: true,
    });
    if (db) worstDb = Math.max(worstDb, maxAbsDifference(result.data, expected));
    mel.dispose();
  }
  expect(worstDb).toBeLessThan(0.005);
});
