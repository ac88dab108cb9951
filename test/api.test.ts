// The API surface: option spellings (camelCase, Keras snake_case, get_config()
// dicts), batch forms, topDbScope, melWeights, outputShape.
import { MelSpectrogram, wasmBuild } from 'melspec-wasm';
import { kerasCases, maxAbsDifference, optionsOf, readArray, worstExcess } from './helpers/keras-golden';

const docstringBatched = kerasCases.find((c) => c.name === 'docstring_batched')!;

test('the SIMD build loads by default, and passes its SIMD self-check', async () => {
  (await MelSpectrogram.create()).dispose();
  await expect(wasmBuild()).resolves.toBe('simd');
});

test('defaults are Keras defaults', async () => {
  const mel = await MelSpectrogram.create();
  expect({ ...mel.options }).toEqual({
    preset: 'keras',
    fftLength: 2048,
    sequenceStride: 512,
    sequenceLength: 2048,
    window: 'hann',
    samplingRate: 16000,
    numMelBins: 128,
    minFreq: 20,
    maxFreq: 8000,
    powerToDb: true,
    topDb: 80,
    magExp: 2,
    minPower: 1e-10,
    refPower: 1,
    dtype: 'float32',
    topDbScope: 'batch',
  });
  mel.dispose();
});

test('camelCase, snake_case and a Keras get_config() dict give the same numbers', async () => {
  const input = readArray(docstringBatched.files.input, 'float32');
  const expected = readArray(docstringBatched.files.output, 'float32');
  const camel = await MelSpectrogram.create({
    numMelBins: 80,
    samplingRate: 8000,
    sequenceStride: 128,
    fftLength: 2048,
  });
  const getConfig = {
    name: 'mel_spectrogram',
    trainable: true,
    dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
    fft_length: 2048,
    sequence_stride: 128,
    sequence_length: null,
    window: 'hann' as const,
    sampling_rate: 8000,
    num_mel_bins: 80,
    min_freq: 20.0,
    max_freq: null,
    power_to_db: true,
    top_db: 80.0,
    mag_exp: 2.0,
    min_power: 1e-10,
    ref_power: 1.0,
  };
  const snake = await MelSpectrogram.create(getConfig);
  const serialised = await MelSpectrogram.create({
    module: 'keras.layers',
    class_name: 'MelSpectrogram',
    config: getConfig,
  });
  const data = { data: input, shape: [2, 16000] as const };
  const a = camel.compute(data);
  expect(a.shape).toEqual([2, 80, 126]); // the Keras docstring says (2, 80, 125)
  expect(worstExcess(a.data, expected, true)).toBeLessThanOrEqual(0);
  expect(snake.compute(data).data).toEqual(a.data);
  expect(serialised.compute(data).data).toEqual(a.data);
  expect(snake.options).toEqual(camel.options);
  for (const mel of [camel, snake, serialised]) mel.dispose();
});

test('a Keras float64 dtype policy gives Float64Array output computed in double precision', async () => {
  const mel = await MelSpectrogram.create({ dtype: { class_name: 'DTypePolicy', config: { name: 'float64' } } });
  expect(mel.options.dtype).toBe('float64');
  const signal = Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i * 0.05) * 1e-3 + Math.sin(i * 0.3));
  const result = mel.compute(signal);
  expect(result.data).toBeInstanceOf(Float64Array);
  const single = await MelSpectrogram.create();
  const float32 = single.compute(signal);
  // Same numbers within the golden tolerance, but not rounded to float32.
  expect(maxAbsDifference(result.data, float32.data)).toBeLessThan(0.02);
  expect(result.data.some((value) => Math.fround(value) !== value)).toBe(true);
  mel.dispose();
  single.dispose();
});

test('all batch forms agree, and a batch item equals the lone signal under item scope', async () => {
  const a = Float32Array.from({ length: 6000 }, (_, i) => Math.sin(i * 0.07));
  const b = Float32Array.from({ length: 6000 }, (_, i) => 1e-3 * Math.sin(i * 0.31));
  const flat = new Float32Array(12000);
  flat.set(a);
  flat.set(b, 6000);
  const batchScope = await MelSpectrogram.create({ fftLength: 512, sequenceStride: 128, numMelBins: 40 });
  const itemScope = await MelSpectrogram.create({
    fftLength: 512,
    sequenceStride: 128,
    numMelBins: 40,
    topDbScope: 'item',
  });
  const asArray = batchScope.compute([a, b]);
  const asTensor = batchScope.compute({ data: flat, shape: [2, 6000] });
  expect(asTensor.shape).toEqual([2, 40, 47]);
  expect(asTensor.data).toEqual(asArray.data);
  expect(batchScope.compute({ data: a, shape: [6000] }).shape).toEqual([40, 47]);

  const itemBatch = itemScope.compute([a, b]);
  const alone = itemScope.compute(b).data;
  expect(itemBatch.data.subarray(40 * 47)).toEqual(alone);
  // Under Keras' batch scope, the loud item lifts the quiet item's floor instead.
  const quietInBatch = asArray.data.subarray(40 * 47);
  expect(Math.min(...quietInBatch)).toBeCloseTo(Math.max(...asArray.data) - 80, 4);
  expect(Math.min(...alone)).toBeLessThan(Math.min(...quietInBatch));
  batchScope.dispose();
  itemScope.dispose();
});

test('melWeights() is Keras linear_to_mel_weight_matrix', async () => {
  const matrices = [
    { file: 'default_fft2048_sr16000_128.f32.bin', options: {}, shape: [1025, 128] },
    { file: 'whisper_fft400_sr16000_80.f32.bin', options: { fftLength: 400, numMelBins: 80 }, shape: [201, 80] },
    { file: 'odd_fft511_sr16000_64.f32.bin', options: { fftLength: 511, numMelBins: 64 }, shape: [256, 64] },
    {
      file: 'sr11025_fft1024_64.f32.bin',
      options: { samplingRate: 11025, fftLength: 1024, numMelBins: 64 },
      shape: [513, 64],
    },
  ];
  for (const { file, options, shape } of matrices) {
    const mel = await MelSpectrogram.create(options);
    const weights = mel.melWeights();
    expect(weights.shape).toEqual(shape);
    // Keras builds the matrix in float32 (errors up to ~2e-5); ours is float64 rounded once.
    expect(maxAbsDifference(weights.data, readArray(`mel_weights/${file}`, 'float32'))).toBeLessThan(3e-5);
    mel.dispose();
  }
});

test('outputShape and frameCount follow the runtime, not compute_output_shape', async () => {
  const mel = await MelSpectrogram.create();
  expect(mel.frameCount(16383)).toBe(32); // Keras compute_output_shape says 33
  expect(mel.outputShape(new Float32Array(16383))).toEqual([128, 32]);
  expect(mel.outputShape([new Float32Array(1023), new Float32Array(1023)])).toEqual([2, 128, 2]);
  const odd = await MelSpectrogram.create(optionsOf(kerasCases.find((c) => c.name === 'odd_fft511')!));
  expect(odd.frameCount(6400)).toBe(50); // compute_output_shape says 51
  mel.dispose();
  odd.dispose();
});
