// Every public torchaudio, librosa and Whisper golden case through the presets
// (CommonJS entry), in float32 and float64, with each fixture README's tolerance.
// Writes the measured errors to build/test-output/preset-parity.json (the table in docs/parity.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MelSpectrogram } from 'melspec-wasm';
import {
  type Library,
  compare,
  isLog,
  presetCases,
  presetOptionsOf,
  readFloat32,
  tolerances,
} from './helpers/preset-golden';

const libraries: Library[] = ['torchaudio', 'librosa', 'whisper'];
const measured: Record<
  string,
  { case: string; dtype: string; maxError: number; relative: number | null; log: boolean }[]
> = {};

describe.each(libraries)('%s golden cases', (library) => {
  const cases = presetCases(library);
  measured[library] = [];

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const input = readFloat32(library, `${testCase.name}.in.bin`);
    const expected = readFloat32(library, `${testCase.name}.out.bin`);
    const log = isLog(testCase);
    const tolerance = tolerances[library];
    for (const dtype of ['float32', 'float64'] as const) {
      const mel = await MelSpectrogram.create({ ...presetOptionsOf(testCase), dtype } as never);
      const signal = dtype === 'float64' ? Float64Array.from(input) : input;
      const result = mel.compute(
        testCase.input_shape.length === 1 ? signal : { data: signal, shape: testCase.input_shape },
      );
      expect(result.shape).toEqual(testCase.output_shape);
      expect(mel.frameCount(testCase.input_shape[testCase.input_shape.length - 1])).toBe(testCase.output_shape.at(-1));
      const { maxError, peak } = compare(result.data, expected);
      measured[library].push({ case: testCase.name, dtype, maxError, relative: log ? null : maxError / peak, log });
      if (log) expect(maxError).toBeLessThanOrEqual(tolerance.log);
      else expect(maxError).toBeLessThanOrEqual(tolerance.power * peak);
      mel.dispose();
    }
  });
});

test('every public case of the three libraries is present', () => {
  expect(libraries.map((library) => presetCases(library).length)).toEqual([12, 11, 11]);
});

afterAll(() => {
  const folder = join(__dirname, '..', 'build', 'test-output');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'preset-parity.json'), `${JSON.stringify(measured, null, 1)}\n`);
});
