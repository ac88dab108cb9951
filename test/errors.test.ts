// Bad options and inputs: each gets a TypeError or RangeError naming the
// parameter and what was expected, before any work; the instance stays usable.
// Every case of Keras' own error/edge behaviour file is covered, where we either
// do what Keras does or (where Keras returns NaN, nonsense or a backend error)
// reject it clearly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MelSpectrogram } from 'melspec-wasm';
import { kerasFixtures } from './helpers/keras-golden';

interface KerasBehaviour {
  case: string;
  params: Record<string, unknown>;
  result: 'ok' | 'raises';
  output_shape?: number[];
}
const kerasBehaviours: KerasBehaviour[] = JSON.parse(
  readFileSync(join(kerasFixtures, 'keras_error_behaviours.json'), 'utf8'),
);

/** Deterministic noise (a small LCG), so no test depends on Math.random. */
function noise(length: number, seed = 1): Float32Array {
  const out = new Float32Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 0.2;
  }
  return out;
}

type Expectation =
  | { ok: number[] } // computes, with this output shape (Keras' own)
  | { throws: typeof TypeError | typeof RangeError; message: RegExp; at: 'create' | 'compute' };

interface OurBehaviour {
  input: () => unknown;
  expect: Expectation;
}

const rejectAtCreate = (error: typeof TypeError | typeof RangeError, message: RegExp): Expectation => ({
  throws: error,
  message,
  at: 'create',
});
const rejectAtCompute = (error: typeof TypeError | typeof RangeError, message: RegExp): Expectation => ({
  throws: error,
  message,
  at: 'compute',
});
const noise4000 = () => noise(4000);
const okAsKeras = (input: () => unknown = noise4000): OurBehaviour => ({ input, expect: { ok: [] } });

/** Our behaviour for each case of keras_error_behaviours.json. `ok: []` means Keras' output shape. */
const ours: Record<string, OurBehaviour> = {
  'sequence_length > fft_length': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^sequenceLength must be an integer from 1 to 256, got 512$/),
  },
  'sequence_length=0 (falsy -> fft_length)': okAsKeras(),
  'window unknown string': {
    input: noise4000,
    expect: rejectAtCreate(
      RangeError,
      /^window must be 'hann', 'hamming', null or an array of numbers, got "blackman"$/,
    ),
  },
  "window wrong case 'Hann'": {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^window must be 'hann', 'hamming', null or an array of numbers, got "Hann"$/),
  },
  'window array wrong length': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^window must have sequenceLength \(2048\) values, got 100$/),
  },
  'window array 2-D': {
    input: () => noise(400),
    expect: rejectAtCreate(
      TypeError,
      /^window must be 'hann', 'hamming', null, a Float32Array, .* got an array of length 2$/,
    ),
  },
  'window all zeros': {
    input: () => noise(400),
    expect: rejectAtCreate(RangeError, /^window must not sum to 0 \(Keras divides by its sum and returns NaN\)$/),
  },
  // Keras raises an unrelated TypeError; null means "no top_db floor" here (as in librosa).
  'top_db=None': { input: noise4000, expect: { ok: [128, 8] } },
  'top_db=None with power_to_db=False': okAsKeras(),
  'top_db=0': okAsKeras(),
  'top_db negative': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^topDb must be a finite number >= 0 \(dB\), or null for no floor, got -10$/),
  },
  'min_power=0 on silence': {
    input: () => new Float32Array(4000),
    expect: rejectAtCreate(
      RangeError,
      /^minPower must be a number from 1\.2e-38 to 3\.4e38 \(float32's normal range; 0 gives -Infinity dB\), got 0$/,
    ),
  },
  'ref_power=0': okAsKeras(),
  'ref_power negative': okAsKeras(),
  'sequence_stride=0': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^sequenceStride must be an integer from 1 to 2147483647, got 0$/),
  },
  'sequence_stride negative': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^sequenceStride must be an integer from 1 to 2147483647, got -1$/),
  },
  'sequence_stride float': okAsKeras(), // 256.0 is the integer 256 in JS
  'fft_length=0': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^fftLength must be an integer from 1 to 65536, got 0$/),
  },
  'fft_length=1': okAsKeras(),
  'fft_length float': { input: noise4000, expect: { ok: [128, 8] } }, // 512.0 is 512 in JS; Keras raises
  'num_mel_bins=0': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^numMelBins must be an integer from 1 to 65536, got 0$/),
  },
  'num_mel_bins=1': okAsKeras(),
  'sampling_rate=0': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^samplingRate must be a positive finite number \(Hz\), got 0$/),
  },
  'max_freq=0 (falsy -> sampling_rate/2)': okAsKeras(),
  'max_freq > nyquist': okAsKeras(),
  'min_freq > max_freq': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^minFreq \(5000\) must be below maxFreq \(1000\); Keras returns NaN/),
  },
  'min_freq == max_freq': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^minFreq \(1000\) must be below maxFreq \(1000\)/),
  },
  'min_freq=-700': {
    input: noise4000,
    expect: rejectAtCreate(RangeError, /^minFreq must be a finite number >= 0 \(Hz\), got -700$/),
  },
  'mag_exp=0': okAsKeras(),
  'input length 0': {
    input: () => new Float32Array(0),
    expect: rejectAtCompute(RangeError, /^signal is empty: a signal needs at least 1 sample$/),
  },
  'input length 1': okAsKeras(() => noise(1)),
  'input length 300 < fft_length//2': okAsKeras(() => noise(300)),
  'input length 1024 == fft_length//2': okAsKeras(() => noise(1024)),
  'input length 1025 == fft_length//2+1': okAsKeras(() => noise(1025)),
  'input length 1023 (compute_output_shape mismatch)': okAsKeras(() => noise(1023)),
  'scalar input': {
    input: () => 0.5,
    expect: rejectAtCompute(TypeError, /^signal must be a Float32Array, a Float64Array, an array of them .*; got 0.5$/),
  },
  // Keras' docs promise 1-D or 2-D input; we take exactly those.
  '3-D input': {
    input: () => ({ data: noise(24000), shape: [2, 3, 4000] }),
    expect: rejectAtCompute(
      TypeError,
      /^signal.shape must be \[samples\] or \[batch, samples\], got an array of length 3$/,
    ),
  },
  'batch of size 0': {
    input: () => ({ data: new Float32Array(0), shape: [0, 4000] }),
    expect: rejectAtCompute(RangeError, /^the batch is empty: it needs at least 1 signal$/),
  },
  'batched, length 0': {
    input: () => [new Float32Array(0), new Float32Array(0)],
    expect: rejectAtCompute(RangeError, /^signal\[0\] is empty: a signal needs at least 1 sample$/),
  },
  'int16 input': {
    input: () => new Int16Array(4000),
    expect: rejectAtCompute(TypeError, /^signal must be a Float32Array, .*; got an Int16Array$/),
  },
  'float64 input, default policy': okAsKeras(() => Float64Array.from(noise(4000))),
  "float64 input, dtype='float64'": okAsKeras(() => Float64Array.from(noise(4000))),
  'one NaN in one batch item': {
    input: () => {
      const b = noise(4000, 7);
      b[100] = Number.NaN;
      return [noise(4000), b];
    },
    expect: rejectAtCompute(RangeError, /^signal\[1\]\[100\] is NaN: samples must be finite/),
  },
  'one +inf sample': {
    input: () => {
      const x = noise(4000);
      x[2000] = Number.POSITIVE_INFINITY;
      return x;
    },
    expect: rejectAtCompute(RangeError, /^signal\[2000\] is Infinity: samples must be finite/),
  },
};

test('every case of keras_error_behaviours.json has a stated behaviour here', () => {
  expect(kerasBehaviours.map((b) => b.case).sort()).toEqual(Object.keys(ours).sort());
});

describe.each(kerasBehaviours.map((b) => [b.case, b] as const))('Keras edge case: %s', (name, behaviour) => {
  const mine = ours[name];
  test('behaves as stated', async () => {
    const expectation = mine.expect;
    if ('ok' in expectation) {
      const mel = await MelSpectrogram.create(behaviour.params);
      const result = mel.compute(mine.input() as Float32Array);
      expect(result.shape).toEqual(expectation.ok.length ? expectation.ok : behaviour.output_shape);
      expect(result.data.every(Number.isFinite)).toBe(true);
      mel.dispose();
    } else if (expectation.at === 'create') {
      const created = MelSpectrogram.create(behaviour.params);
      await expect(created).rejects.toThrow(expectation.throws);
      await expect(created).rejects.toThrow(expectation.message);
    } else {
      const mel = await MelSpectrogram.create(behaviour.params);
      const call = () => mel.compute(mine.input() as Float32Array);
      expect(call).toThrow(expectation.throws);
      expect(call).toThrow(expectation.message);
      // Still usable, and still right.
      const fresh = await MelSpectrogram.create(behaviour.params);
      expect(mel.compute(noise(4000)).data).toEqual(fresh.compute(noise(4000)).data);
      fresh.dispose();
      mel.dispose();
    }
  });
});

describe('option errors', () => {
  const cases: [string, unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    ['fftLength as a string', { fftLength: '2048' }, TypeError, /^fftLength must be a number, got "2048"$/],
    [
      'fftLength not an integer',
      { fftLength: 512.5 },
      RangeError,
      /^fftLength must be an integer from 1 to 65536, got 512.5$/,
    ],
    [
      'fftLength too large',
      { fftLength: 65537 },
      RangeError,
      /^fftLength must be an integer from 1 to 65536, got 65537$/,
    ],
    ['fftLength NaN', { fft_length: Number.NaN }, RangeError, /^fftLength must be an integer .*, got NaN$/],
    ['fftLength null', { fftLength: null }, TypeError, /^fftLength must be a number, got null$/],
    [
      'sequenceLength above fftLength',
      { fftLength: 400, sequenceLength: 401 },
      RangeError,
      /^sequenceLength must be an integer from 1 to 400, got 401$/,
    ],
    ['numMelBins fractional', { numMelBins: 64.5 }, RangeError, /^numMelBins must be an integer/],
    ['samplingRate Infinity', { samplingRate: Infinity }, RangeError, /^samplingRate must be a positive finite number/],
    ['maxFreq negative', { maxFreq: -1 }, RangeError, /^maxFreq must be a positive finite number \(Hz\), got -1$/],
    [
      'minFreq above the default maxFreq',
      { samplingRate: 8000, minFreq: 5000 },
      RangeError,
      /^minFreq \(5000\) must be below maxFreq \(4000 = samplingRate \/ 2\)/,
    ],
    ['powerToDb as a string', { powerToDb: 'yes' }, TypeError, /^powerToDb must be true or false, got "yes"$/],
    ['magExp negative', { magExp: -2 }, RangeError, /^magExp must be a number from 0 to 1000, got -2$/],
    [
      'refPower NaN',
      { refPower: Number.NaN },
      RangeError,
      /^refPower must be a number from -3.4e38 to 3.4e38, got NaN$/,
    ],
    ['minPower beyond float32', { minPower: 1e39 }, RangeError, /^minPower must be a number from 1\.2e-38 to 3\.4e38/],
    [
      'refPower beyond float32',
      { refPower: -1e300 },
      RangeError,
      /^refPower must be a number from -3.4e38 to 3.4e38, got -1e\+300$/,
    ],
    ['topDb Infinity', { topDb: Infinity }, RangeError, /^topDb must be a finite number >= 0/],
    ['dtype float16', { dtype: 'float16' }, RangeError, /^dtype must be 'float32' or 'float64', got "float16"$/],
    [
      'dtype a number',
      { dtype: 32 },
      TypeError,
      /^dtype must be 'float32', 'float64' or a Keras dtype policy, got 32$/,
    ],
    [
      'topDbScope unknown',
      { topDbScope: 'global' },
      RangeError,
      /^topDbScope must be 'batch' or 'item', got "global"$/,
    ],
    ['window a number', { window: 3 }, TypeError, /^window must be 'hann', 'hamming', null, a Float32Array/],
    [
      'window with NaN',
      { fftLength: 4, window: [1, Number.NaN, 1, 1] },
      RangeError,
      /^window\[1\] must be a number from -3\.4e38 to 3\.4e38, got NaN$/,
    ],
    ['a typo', { fft_lenght: 512 }, TypeError, /^unknown option 'fft_lenght'; did you mean 'fftLength'\?$/],
    ['an unknown option', { colour: 'red' }, TypeError, /^unknown option 'colour'; known options: fftLength, /],
    [
      'both spellings, different values',
      { fftLength: 512, fft_length: 1024 },
      TypeError,
      /^'fftLength' and 'fft_length' are the same option and were given different values$/,
    ],
    ['options not an object', 'hann', TypeError, /^options must be an object, got "hann"$/],
  ];
  test.each(cases)('%s', async (_label, options, errorType, message) => {
    const created = MelSpectrogram.create(options as never);
    await expect(created).rejects.toThrow(errorType);
    await expect(created).rejects.toThrow(message);
  });
});

describe('input errors, and the instance afterwards', () => {
  let mel: MelSpectrogram;
  let reference: Float32Array;
  const signal = noise(8000, 3);
  beforeAll(async () => {
    mel = await MelSpectrogram.create({ fftLength: 512, sequenceStride: 128, numMelBins: 40 });
    reference = mel.compute(signal).data;
  });
  afterAll(() => mel.dispose());

  const cases: [string, () => void, typeof TypeError | typeof RangeError, RegExp][] = [
    [
      'unequal batch lengths',
      () => mel.compute([noise(100), noise(99)]),
      RangeError,
      /^all signals of a batch must have the same length: signal\[0\] has 100 samples, signal\[1\] has 99$/,
    ],
    ['an empty batch', () => mel.compute([]), RangeError, /^the batch is empty: it needs at least 1 signal$/],
    [
      'a plain array of numbers',
      () => mel.compute([0.1, 0.2] as never),
      TypeError,
      /^signal\[0\] must be a Float32Array or a Float64Array, got 0.1 \(a plain array of numbers is not a signal: use Float32Array.from\(array\)\)$/,
    ],
    [
      'a mixed batch',
      () => mel.compute([noise(10), 'x'] as never),
      TypeError,
      /^signal\[1\] must be a Float32Array or a Float64Array, got "x"$/,
    ],
    [
      'a shape that does not fit the data',
      () => mel.compute({ data: noise(100), shape: [2, 49] }),
      RangeError,
      /^signal.shape \[2, 49\] needs 98 values, data has 100$/,
    ],
    [
      'a fractional shape',
      () => mel.compute({ data: noise(100), shape: [2.5, 40] }),
      TypeError,
      /^signal.shape\[0\] must be a non-negative integer, got 2.5$/,
    ],
    [
      'data of the wrong type',
      () => mel.compute({ data: [1, 2] as never, shape: [2] }),
      TypeError,
      /^signal.data must be a Float32Array or a Float64Array, got an array of length 2$/,
    ],
    [
      '-Infinity in a tensor batch',
      () => {
        const data = noise(200);
        data[150] = -Infinity;
        mel.compute({ data, shape: [2, 100] });
      },
      RangeError,
      /^signal.data\[150\] \(item 1, sample 50\) is -Infinity: samples must be finite/,
    ],
    [
      'computeInto with the wrong array type',
      () => mel.computeInto(signal, new Float64Array(40 * 63) as never),
      TypeError,
      /^out must be a Float32Array \(dtype 'float32'\), got \[object Float64Array\]$/,
    ],
    [
      'computeInto with the wrong length',
      () => mel.computeInto(signal, new Float32Array(10)),
      RangeError,
      /^out must have 2520 values for shape \[40, 63\], got 10$/,
    ],
    ['frameCount(0)', () => mel.frameCount(0), RangeError, /^signalLength must be a positive integer, got 0$/],
    ['frameCount(1.5)', () => mel.frameCount(1.5), RangeError, /^signalLength must be a positive integer, got 1.5$/],
    [
      'frameCount("8000")',
      () => mel.frameCount('8000' as never),
      TypeError,
      /^signalLength must be a number, got "8000"$/,
    ],
  ];
  test.each(cases)('%s', (_label, call, errorType, message) => {
    expect(call).toThrow(errorType);
    expect(call).toThrow(message);
    expect(mel.compute(signal).data).toEqual(reference);
  });
});

describe('a disposed instance', () => {
  test('every method throws a TypeError; dispose() twice is harmless', async () => {
    const mel = await MelSpectrogram.create();
    mel.dispose();
    mel.dispose();
    expect(mel.disposed).toBe(true);
    const message = /^this MelSpectrogram has been disposed$/;
    expect(() => mel.compute(noise(100))).toThrow(TypeError);
    expect(() => mel.compute(noise(100))).toThrow(message);
    expect(() => mel.computeInto(noise(100), new Float32Array(128))).toThrow(message);
    expect(() => mel.frameCount(100)).toThrow(message);
    expect(() => mel.melWeights()).toThrow(message);
    expect(() => mel.outputShape(noise(100))).toThrow(message);
    expect(() => mel.releaseBuffers()).toThrow(message);
  });
});
