// Nothing silently wrong: options are read as own properties only (a polluted
// Object.prototype changes no result and breaks no call), every enumerated option is
// checked against its own list of values, and holes in arrays get the typed error
// naming their index.
import { availableParallelism } from 'node:os';
import { MelSpectrogram, MelSpectrogramPool } from 'melspec-wasm';

const prototype = Object.prototype as Record<string, unknown>;

/** Runs `body` with `keys` added to Object.prototype (enumerable, as `Object.prototype.x = v` adds them), removed after. */
async function withPollution<T>(keys: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  for (const [key, value] of Object.entries(keys)) prototype[key] = value;
  try {
    return await body();
  } finally {
    for (const key of Object.keys(keys)) delete prototype[key];
  }
}

function sweep(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.4 * Math.sin(i * 0.01 + i * i * 1e-7));
}

const signal = sweep(12000);

describe('a polluted Object.prototype changes nothing', () => {
  test('Object.prototype.numMelBins = 3: create({}) still has 128 bins, and the same numbers', async () => {
    const clean = await MelSpectrogram.create({});
    const expected = clean.compute(signal);
    await withPollution({ numMelBins: 3 }, async () => {
      const mel = await MelSpectrogram.create({});
      expect(mel.options.numMelBins).toBe(128);
      expect(mel.compute(signal)).toEqual(expected);
      mel.dispose();
    });
    clean.dispose();
  });

  test("every preset's options, the preset itself and a serialised layer's keys are own properties only", async () => {
    const pollution = {
      preset: 'librosa',
      n_mels: 3,
      nMels: 3,
      num_mel_bins: 3,
      pad_or_trim: true,
      class_name: 'MelSpectrogram',
      config: { numMelBins: 3 },
      dbMode: 'fixed-ref',
    };
    // [options, the preset they mean, mel bins]
    const cases: [Record<string, unknown>, string, number][] = [
      [{}, 'keras', 128],
      [{ preset: 'torchaudio' }, 'torchaudio', 128],
      [{ preset: 'librosa' }, 'librosa', 128],
      [{ preset: 'whisper' }, 'whisper', 80],
    ];
    const expected = await Promise.all(
      cases.map(async ([options]) => (await MelSpectrogram.create(options)).compute(signal)),
    );
    await withPollution(pollution, async () => {
      for (const [index, [options, preset, bins]] of cases.entries()) {
        const mel = await MelSpectrogram.create(options);
        expect(mel.options.preset).toBe(preset);
        expect(mel.compute(signal).shape).toEqual([bins, expected[index].shape[1]]);
        expect(mel.compute(signal)).toEqual(expected[index]);
        expect(mel.createStream({}).dbMode).toBe('none');
        expect(mel.createStream().dbMode).toBe('none');
        mel.dispose();
      }
    });
  });

  test('Object.prototype.threads does not set the pool size', async () => {
    // Not the CPU count, so that a pool reading it is told apart from the default.
    await withPollution({ threads: availableParallelism() + 5 }, async () => {
      const pool = await MelSpectrogramPool.create({}, { threads: 1 });
      expect(pool.threads).toBe(1);
      await pool.dispose();
      const byDefault = await MelSpectrogramPool.create({}, {});
      expect(byDefault.threads).toBe(availableParallelism()); // the documented default: one per logical CPU
      await byDefault.dispose();
    });
  });

  test('any enumerable Object.prototype key: create(), streams and pools still work (embind used to fail: "fields[fieldName].write is not a function")', async () => {
    const clean = await MelSpectrogram.create({ numMelBins: 40 });
    const expected = clean.compute(signal);
    clean.dispose();
    await withPollution({ foo: 1, write: 2 }, async () => {
      const mel = await MelSpectrogram.create({ numMelBins: 40 });
      expect(mel.compute(signal)).toEqual(expected);
      const stream = mel.createStream();
      expect(stream.push(signal).shape[0]).toBe(40);
      stream.dispose();
      for (const preset of ['torchaudio', 'librosa', 'whisper'])
        (await MelSpectrogram.create({ preset } as never)).dispose();
      const pool = await MelSpectrogramPool.create({ numMelBins: 40 }, { threads: 1 });
      expect((await pool.compute(signal)).data).toEqual(expected.data);
      await pool.dispose();
      mel.dispose();
      // The keys are back as they were: still enumerable, same values.
      expect(Object.getOwnPropertyDescriptor(Object.prototype, 'foo')).toEqual({
        value: 1,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    });
  });
});

describe('enumerated options are checked against their own lists', () => {
  const inheritedNames = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
  // [preset options without the value, option name, what the message lists]
  const enumerated: [string, Record<string, unknown>, string, RegExp][] = [
    ['preset', {}, 'preset', /'keras', 'torchaudio', 'librosa' or 'whisper'/],
    ['keras window', {}, 'window', /'hann', 'hamming'/],
    ['keras dtype', {}, 'dtype', /'float32' or 'float64'/],
    ['keras topDbScope', {}, 'topDbScope', /'batch' or 'item'/],
    ['torchaudio pad_mode', { preset: 'torchaudio' }, 'pad_mode', /'reflect' or 'constant'/],
    ['torchaudio norm', { preset: 'torchaudio' }, 'norm', /null or 'slaney'/],
    ['torchaudio mel_scale', { preset: 'torchaudio' }, 'mel_scale', /'htk' or 'slaney'/],
    ['torchaudio stype', { preset: 'torchaudio' }, 'stype', /'power' or 'magnitude'/],
    ['torchaudio dtype', { preset: 'torchaudio' }, 'dtype', /'float32' or 'float64'/],
    ['librosa window', { preset: 'librosa' }, 'window', /'hann', 'hamming', 'blackman', 'boxcar'/],
    ['librosa pad_mode', { preset: 'librosa' }, 'pad_mode', /'constant' or 'reflect'/],
    ['librosa norm', { preset: 'librosa' }, 'norm', /'slaney' or null/],
    ['librosa ref', { preset: 'librosa' }, 'ref', /'max'/],
    ['whisper dtype', { preset: 'whisper' }, 'dtype', /'float32' or 'float64'/],
  ];

  describe.each(inheritedNames)('the value %p', (value) => {
    test.each(enumerated)('%s', async (_name, base, option, allowed) => {
      const options = option === 'preset' ? { preset: value } : { ...base, [option]: value };
      const error = await MelSpectrogram.create(options as never).then(
        () => null,
        (reason: Error) => reason,
      );
      expect(error).toBeInstanceOf(RangeError);
      expect(error?.message).toMatch(new RegExp(`^${option} must be`));
      expect(error?.message).toMatch(allowed);
      expect(error?.message).toContain(JSON.stringify(value));
    });

    test('a Keras dtype policy named so', async () => {
      await expect(
        MelSpectrogram.create({ dtype: { class_name: 'DTypePolicy', config: { name: value } } }),
      ).rejects.toThrow(/^dtype must be 'float32' or 'float64', got /);
    });

    test("a stream's dbMode ('in' accepted 'toString' before)", async () => {
      const mel = await MelSpectrogram.create({ numMelBins: 16 });
      expect(() => mel.createStream({ dbMode: value as never })).toThrow(RangeError);
      expect(() => mel.createStream({ dbMode: value as never })).toThrow(
        `dbMode must be 'none', 'running-max' or 'fixed-ref', got ${JSON.stringify(value)}`,
      );
      mel.dispose();
    });
  });
});

describe('holes in arrays are named by their index', () => {
  let mel: MelSpectrogram;
  beforeAll(async () => {
    mel = await MelSpectrogram.create({ numMelBins: 16 });
  });
  afterAll(() => mel.dispose());

  const a = sweep(1000);
  // eslint-disable-next-line no-sparse-arrays
  const holey = [a, , a] as unknown as Float32Array[];
  const empty = new Array(3) as Float32Array[];

  test('[a, , b]: signal[1] is a hole (it was "Cannot convert undefined or null to object")', () => {
    const message = 'signal[1] must be a Float32Array or a Float64Array, got undefined (a hole in a sparse array)';
    expect(() => mel.compute(holey)).toThrow(TypeError);
    expect(() => mel.compute(holey)).toThrow(message);
    expect(() => mel.outputShape(holey)).toThrow(message);
    expect(() => mel.computeInto(holey, new Float32Array(1))).toThrow(message);
  });

  test('new Array(3): signal[0] is a hole (it was "Cannot read properties of undefined")', () => {
    expect(() => mel.compute(empty)).toThrow(
      /^signal\[0\] must be a Float32Array or a Float64Array, got undefined \(a hole in a sparse array\)$/,
    );
  });

  test('in a pool too, as a rejection', async () => {
    const pool = await MelSpectrogramPool.create({ numMelBins: 16 }, { threads: 1 });
    await expect(pool.compute(holey)).rejects.toThrow(/^signal\[1\] must be a Float32Array or a Float64Array/);
    await expect(pool.compute(empty)).rejects.toThrow(TypeError);
    await expect(pool.compute(empty)).rejects.toThrow(
      /^signal\[0\] must be a Float32Array or a Float64Array, got undefined \(a hole in a sparse array\)$/,
    );
    await pool.dispose();
  });

  test("a hole in a tensor's shape, or in a window of numbers", async () => {
    // eslint-disable-next-line no-sparse-arrays
    const shape = [, 1000] as unknown as number[];
    expect(() => mel.compute({ data: a, shape })).toThrow(
      /^signal\.shape\[0\] must be a non-negative integer, got undefined$/,
    );
    await expect(
      MelSpectrogram.create({ preset: 'librosa', n_fft: 4, window: new Array(4) as number[] }),
    ).rejects.toThrow(/^window\[0\] is a hole \(a sparse array\): every value must be a number$/);
    await expect(MelSpectrogram.create({ fftLength: 4, window: [1, , 1, 1] as number[] })).rejects.toThrow(TypeError);
    await expect(MelSpectrogram.create({ fftLength: 4, window: [1, , 1, 1] as number[] })).rejects.toThrow(
      /^window\[1\] is a hole \(a sparse array\): every value must be a number$/,
    );
  });
});
