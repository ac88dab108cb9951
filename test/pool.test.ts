// MelSpectrogramPool: worker threads sharing one compiled module give exactly
// (bit for bit) what MelSpectrogram.compute() gives, for every input form.
import { MelSpectrogram, MelSpectrogramPool, type MelSpectrogramOptions, type PoolOptions } from 'melspec-wasm';

function sweep(length: number, seed: number): Float32Array {
  return Float32Array.from(
    { length },
    (_, i) => 0.4 * Math.sin(i * (0.003 + seed * 1e-3) + i * i * 2e-9) + 1e-3 * Math.sin(i * 1.7),
  );
}

const configurations: [string, MelSpectrogramOptions][] = [
  ['Keras defaults', {}],
  ['Whisper-like framing', { fftLength: 400, sequenceStride: 160, numMelBins: 80 }],
  ['odd fft, linear output', { fftLength: 511, sequenceStride: 100, numMelBins: 40, powerToDb: false }],
  ['float64, item scope', { dtype: 'float64', topDbScope: 'item', fftLength: 1024, sequenceStride: 256 }],
  ['stride above fftLength', { fftLength: 256, sequenceStride: 400, numMelBins: 32 }],
];

/** The two ways calls reach the workers, every call through the workers (none on the calling thread). */
const transports: [string, PoolOptions][] = [
  ['shared memory', { sharedMemory: true, singleThreadBelow: 0 }],
  ['transferred jobs', { sharedMemory: false, singleThreadBelow: 0 }],
];
const cases = configurations.flatMap(([name, options]) =>
  transports.map(([transport, poolOptions]): [string, string, MelSpectrogramOptions, PoolOptions] => [
    name,
    transport,
    options,
    poolOptions,
  ]),
);

describe.each(cases)('%s, %s', (_name, _transport, options, poolOptions) => {
  let mel: MelSpectrogram<Float32Array | Float64Array>;
  let pool: MelSpectrogramPool<Float32Array | Float64Array>;
  beforeAll(async () => {
    mel = await MelSpectrogram.create(options);
    pool = await MelSpectrogramPool.create(options, { threads: 3, ...poolOptions });
    expect(pool.sharedMemory).toBe(poolOptions.sharedMemory);
  });
  afterAll(async () => {
    mel.dispose();
    await pool.dispose();
  });

  test('a long signal, split across the workers', async () => {
    const signal = sweep(16000 * 7 + 123, 1);
    const expected = mel.compute(signal);
    const result = await pool.compute(signal);
    expect(result.shape).toEqual(expected.shape);
    expect(result.data).toEqual(expected.data);
    expect(result.data.constructor).toBe(expected.data.constructor);
  });

  test('a batch (array and tensor forms) with a loud and a quiet item', async () => {
    const loud = sweep(20000, 2);
    const quiet = sweep(20000, 3).map((x) => x * 1e-4);
    const expected = mel.compute([loud, quiet]);
    expect((await pool.compute([loud, quiet])).data).toEqual(expected.data);
    const flat = new Float64Array(40000);
    flat.set(loud);
    flat.set(quiet, 20000);
    expect((await pool.compute({ data: flat, shape: [2, 20000] })).data).toEqual(
      mel.compute({ data: flat, shape: [2, 20000] }).data,
    );
  });

  test('computeInto writes the same numbers into the caller array, call after call', async () => {
    const signal = sweep(30000, 6);
    const expected = mel.compute(signal);
    const out = new (expected.data.constructor as Float32ArrayConstructor)(expected.data.length);
    for (let call = 0; call < 3; call++) {
      out.fill(Number.NaN);
      const result = await pool.computeInto(signal, out as never);
      expect(result.data).toBe(out);
      expect(result.shape).toEqual(expected.shape);
      expect(out).toEqual(expected.data);
    }
    const tooShort = new (expected.data.constructor as Float32ArrayConstructor)(3);
    await expect(pool.computeInto(signal, tooShort as never)).rejects.toThrow(RangeError);
  });

  test('short signals, down to one sample', async () => {
    for (const length of [1, 300, 1025, 5000]) {
      const signal = sweep(length, 4);
      expect((await pool.compute(signal)).data).toEqual(mel.compute(signal).data);
    }
  });
});

describe('errors', () => {
  test.each(transports)(
    'non-finite samples are named as compute() names them, wherever they are (%s)',
    async (_transport, poolOptions) => {
      const mel = await MelSpectrogram.create();
      const pool = await MelSpectrogramPool.create({}, { threads: 2, ...poolOptions });
      const signal = sweep(16000 * 4, 5);
      signal[50000] = Number.NaN;
      signal[60000] = Infinity;
      const message = (() => {
        try {
          mel.compute(signal);
        } catch (error) {
          return (error as Error).message;
        }
        return '';
      })();
      expect(message).toBe('signal[50000] is NaN: samples must be finite (Keras would turn the whole output into NaN)');
      await expect(pool.compute(signal)).rejects.toThrow(RangeError);
      await expect(pool.compute(signal)).rejects.toThrow(message);
      // Still usable.
      signal[50000] = 0;
      signal[60000] = 0;
      expect((await pool.compute(signal)).data).toEqual(mel.compute(signal).data);
      mel.dispose();
      await pool.dispose();
    },
  );

  test('bad options, bad threads, bad input, a disposed pool', async () => {
    await expect(MelSpectrogramPool.create({ fftLength: 0 })).rejects.toThrow(
      /^fftLength must be an integer from 1 to 65536, got 0$/,
    );
    await expect(MelSpectrogramPool.create({}, { threads: 0 })).rejects.toThrow(RangeError);
    await expect(MelSpectrogramPool.create({}, { threads: 1.5 })).rejects.toThrow(
      /^threads must be an integer from 1 to 256, got 1.5$/,
    );
    await expect(MelSpectrogramPool.create({}, { threads: '2' as never })).rejects.toThrow(TypeError);
    const pool = await MelSpectrogramPool.create({}, { threads: 1 });
    expect(pool.threads).toBe(1);
    await expect(pool.compute([new Float32Array(10), new Float32Array(9)])).rejects.toThrow(
      /^all signals of a batch must have the same length/,
    );
    expect(pool.frameCount(16000)).toBe(32);
    await pool.dispose();
    await pool.dispose();
    await expect(pool.compute(new Float32Array(10))).rejects.toThrow(/^this MelSpectrogramPool has been disposed$/);
  });
});

// Copies between shared memory and ordinary memory are taken past V8's byte-at-a-time path
// when the two sides lie an odd number of float32 values apart (js/src/pool/shared-copy.ts):
// signals that start an odd number of values into their buffer, batch items of odd length
// (every other item then starts at an odd place in the shared input), an odd hop (odd
// slice starts) and an odd frame count (every other output row at an odd place) still give
// exactly what MelSpectrogram.compute() gives.
describe('shared memory, odd offsets everywhere', () => {
  const options = { fftLength: 1023, sequenceStride: 441, numMelBins: 40 };
  let mel: MelSpectrogram<Float32Array>;
  let pool: MelSpectrogramPool<Float32Array>;
  beforeAll(async () => {
    mel = await MelSpectrogram.create(options);
    pool = await MelSpectrogramPool.create(options, { threads: 2, sharedMemory: true, singleThreadBelow: 0 });
  });
  afterAll(async () => {
    mel.dispose();
    await pool.dispose();
  });

  test.each([0, 1, 2, 3])('a signal %i values into its buffer, its frame count odd and even', async (skip) => {
    const buffer = sweep(16000 * 9 + 448, 5);
    const frameCountParities = new Set<number>();
    for (const length of [16000 * 9 + 1, 16000 * 9 + 442]) {
      const signal = buffer.subarray(skip, skip + length);
      const expected = mel.compute(signal);
      frameCountParities.add(expected.shape[1]! % 2);
      const result = await pool.compute(signal);
      expect(result.shape).toEqual(expected.shape);
      expect(result.data).toEqual(expected.data);
    }
    expect(frameCountParities.size).toBe(2);
  });

  test('a batch of odd length, its items at odd and even places in their buffers', async () => {
    const buffer = sweep(3 * 40001 + 3, 6);
    const batch = [buffer.subarray(0, 40001), buffer.subarray(40002, 80003), buffer.subarray(80003, 120004)];
    const expected = mel.compute(batch);
    const out = new Float32Array(expected.data.length);
    await pool.computeInto(batch, out);
    expect(out).toEqual(expected.data);
  });
});
