// Every public Keras golden case through the CommonJS entry point, with
// Float32Array and Float64Array inputs and every batch form.
import { MelSpectrogram, type OptionsInEffect } from 'melspec-wasm';
import { kerasCases, optionsOf, readArray, worstExcess } from './helpers/keras-golden';

const isDb = (params: Record<string, unknown>) => params.power_to_db !== false;

describe.each(kerasCases.map((c) => [c.name, c] as const))('Keras golden %s', (_name, testCase) => {
  // optionsOf() gives untyped options: any preset and dtype, as far as the types know.
  let mel: MelSpectrogram<Float32Array | Float64Array, OptionsInEffect>;
  const input = readArray(testCase.files.input, testCase.input_dtype);
  const expected = readArray(testCase.files.output, testCase.output_dtype);
  const batched = testCase.input_shape.length === 2;
  const [batch, length] = batched ? testCase.input_shape : [1, testCase.input_shape[0]];
  const items = Array.from({ length: batch }, (_, b) => input.subarray(b * length, (b + 1) * length));

  beforeAll(async () => {
    mel = await MelSpectrogram.create(optionsOf(testCase));
  });
  afterAll(() => mel.dispose());

  test('shape, dtype and values match Keras within the README tolerance', () => {
    const result = mel.compute(batched ? items : input);
    expect(result.shape).toEqual(testCase.output_shape);
    expect(result.data).toBeInstanceOf(testCase.output_dtype === 'float64' ? Float64Array : Float32Array);
    expect(worstExcess(result.data, expected, isDb(testCase.params))).toBeLessThanOrEqual(0);
  });

  test('the other input precision gives the same answer', () => {
    // A float32 case's samples are exact in float64 and round back exactly, and a
    // float64 case is cast as Keras casts it: results stay within tolerance.
    const other = input instanceof Float32Array ? Float64Array.from(input) : Float32Array.from(input);
    const result = mel.compute(batched ? { data: other, shape: [batch, length] } : other);
    expect(result.shape).toEqual(testCase.output_shape);
    expect(worstExcess(result.data, expected, isDb(testCase.params))).toBeLessThanOrEqual(0);
    if (testCase.output_dtype === 'float32' && input instanceof Float32Array) {
      expect(result.data).toEqual(mel.compute(batched ? items : input).data);
    }
  });

  test('frameCount is the runtime frame count', () => {
    expect(mel.frameCount(length)).toBe(testCase.output_shape[testCase.output_shape.length - 1]);
  });
});

test('all 33 public cases are present', () => {
  expect(kerasCases).toHaveLength(33);
});
