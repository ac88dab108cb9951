// The preset API: each library's own parameter names (snake_case and camelCase),
// its defaults, its input rules (ranks, short signals, per-library top_db scope),
// errors naming the option, and presets through streams and the pool.
import { MelSpectrogram, MelSpectrogramPool } from 'melspec-wasm';
import { presetCases, presetOptionsOf, readFloat32 } from './helpers/preset-golden';

function tone(length: number, frequency: number, sampleRate: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length },
    (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate) + 1e-3 * Math.sin(i * 1.3),
  );
}

describe("defaults are the libraries' defaults", () => {
  test('torchaudio.transforms.MelSpectrogram()', async () => {
    const mel = await MelSpectrogram.create({ preset: 'torchaudio' });
    expect({ ...mel.options }).toEqual({
      preset: 'torchaudio',
      sample_rate: 16000,
      n_fft: 400,
      win_length: 400,
      hop_length: 200,
      f_min: 0,
      f_max: 8000,
      pad: 0,
      n_mels: 128,
      power: 2,
      center: true,
      pad_mode: 'reflect',
      norm: null,
      mel_scale: 'htk',
      normalized: false,
      onesided: true,
      wkwargs: null,
      power_to_db: false,
      stype: 'power',
      top_db: null,
      amin: 1e-10,
      ref: 1,
      dtype: 'float32',
    });
    expect(mel.frameCount(16000)).toBe(81);
    expect(mel.minimumSignalLength).toBe(201);
    mel.dispose();
  });

  test('librosa.feature.melspectrogram()', async () => {
    const mel = await MelSpectrogram.create({ preset: 'librosa' });
    expect({ ...mel.options }).toEqual({
      preset: 'librosa',
      sr: 22050,
      n_fft: 2048,
      hop_length: 512,
      win_length: 2048,
      window: 'hann',
      center: true,
      pad_mode: 'constant',
      power: 2,
      n_mels: 128,
      fmin: 0,
      fmax: 11025,
      htk: false,
      norm: 'slaney',
      power_to_db: false,
      ref: 1,
      amin: 1e-10,
      top_db: 80,
      dtype: 'float32',
    });
    expect(mel.frameCount(22050)).toBe(44);
    expect(mel.minimumSignalLength).toBe(1);
    mel.dispose();
  });

  test('whisper.audio.log_mel_spectrogram()', async () => {
    const mel = await MelSpectrogram.create({ preset: 'whisper' });
    expect({ ...mel.options }).toEqual({
      preset: 'whisper',
      n_mels: 80,
      padding: 0,
      pad_or_trim: false,
      sample_rate: 16000,
      n_fft: 400,
      hop_length: 160,
      dtype: 'float32',
    });
    expect(mel.frameCount(16000)).toBe(100); // L // 160: the last frame is dropped
    expect(mel.frameCount(22849)).toBe(142);
    mel.dispose();
    const padded = await MelSpectrogram.create({ preset: 'whisper', pad_or_trim: true });
    expect(padded.options.pad_or_trim).toBe(480000);
    expect(padded.frameCount(1)).toBe(3000);
    expect(padded.frameCount(10 * 480000)).toBe(3000);
    padded.dispose();
  });

  test('mel.options can be passed back to create() and gives the same numbers', async () => {
    const signal = tone(9000, 700, 16000);
    for (const options of [
      { preset: 'torchaudio', n_mels: 40, power_to_db: true } as const,
      { preset: 'librosa', sr: 16000, window: 'blackman' } as const,
      { preset: 'whisper', n_mels: 128 } as const,
      {},
    ]) {
      const mel = await MelSpectrogram.create(options);
      const again = await MelSpectrogram.create(mel.options as never);
      expect(again.options).toEqual(mel.options);
      expect(again.compute(signal).data).toEqual(mel.compute(signal).data);
      mel.dispose();
      again.dispose();
    }
  });
});

describe("each library's names, as they are and in camelCase", () => {
  test('snake_case and camelCase give the same numbers', async () => {
    const signal = tone(12000, 440, 16000);
    const pairs = [
      [
        {
          preset: 'torchaudio',
          n_fft: 512,
          hop_length: 128,
          f_min: 50,
          n_mels: 64,
          mel_scale: 'slaney',
          power_to_db: true,
          top_db: 60,
        },
        {
          preset: 'torchaudio',
          nFft: 512,
          hopLength: 128,
          fMin: 50,
          nMels: 64,
          melScale: 'slaney',
          powerToDb: true,
          topDb: 60,
        },
      ],
      [
        { preset: 'librosa', sr: 16000, n_fft: 1024, win_length: 800, pad_mode: 'reflect', power_to_db: true },
        { preset: 'librosa', sr: 16000, nFft: 1024, winLength: 800, padMode: 'reflect', powerToDb: true },
      ],
      [
        { preset: 'whisper', pad_or_trim: 32000 },
        { preset: 'whisper', padOrTrim: 32000 },
      ],
    ];
    for (const [snake, camel] of pairs) {
      const a = await MelSpectrogram.create(snake as never);
      const b = await MelSpectrogram.create(camel as never);
      expect(b.options).toEqual(a.options);
      expect(b.compute(signal).data).toEqual(a.compute(signal).data);
      a.dispose();
      b.dispose();
    }
  });

  test("another preset's names are unknown, with a hint", async () => {
    await expect(MelSpectrogram.create({ preset: 'torchaudio', n_fftt: 400 } as never)).rejects.toThrow(
      new TypeError("unknown torchaudio option 'n_fftt'; did you mean 'n_fft'?"),
    );
    await expect(MelSpectrogram.create({ preset: 'librosa', sample_rate: 16000 } as never)).rejects.toThrow(
      /^unknown librosa option 'sample_rate'; known options: sr, n_fft/,
    );
    await expect(MelSpectrogram.create({ preset: 'whisper', nFft: 512 } as never)).rejects.toThrow(
      /^whisper fixes n_fft at 400, got 512/,
    );
    await expect(MelSpectrogram.create({ preset: 'whisper', win_length: 400 } as never)).rejects.toThrow(
      /^unknown whisper option 'win_length'; known options: n_mels, padding, pad_or_trim, dtype, sample_rate, n_fft, hop_length$/,
    );
    await expect(MelSpectrogram.create({ preset: 'torchaudio', fftLength: 400 } as never)).rejects.toThrow(TypeError);
    await expect(MelSpectrogram.create({ preset: 'torchaudio', fftLength: 400 } as never)).rejects.toThrow(
      /^unknown torchaudio option 'fftLength'; known options: sample_rate, n_fft, /,
    );
    await expect(MelSpectrogram.create({ preset: 'torchaudio', n_fft: 400, nFft: 512 } as never)).rejects.toThrow(
      new TypeError("'n_fft' and 'nFft' are the same option and were given different values"),
    );
  });
});

describe('bad values name the option and what was expected', () => {
  const cases: [string, Record<string, unknown>, ErrorConstructor, RegExp][] = [
    [
      'unknown preset',
      { preset: 'kaldi' },
      RangeError,
      /^preset must be 'keras', 'torchaudio', 'librosa' or 'whisper', got "kaldi"$/,
    ],
    ['preset not a string', { preset: 3 }, TypeError, /^preset must be a string, got 3$/],
    [
      'torchaudio n_fft 0',
      { preset: 'torchaudio', n_fft: 0 },
      RangeError,
      /^n_fft must be an integer from 1 to 65536, got 0$/,
    ],
    [
      'torchaudio win_length > n_fft',
      { preset: 'torchaudio', win_length: 500 },
      RangeError,
      /^win_length must be an integer from 1 to 400, got 500$/,
    ],
    [
      'torchaudio pad_mode',
      { preset: 'torchaudio', pad_mode: 'circular' },
      RangeError,
      /^pad_mode must be 'reflect' or 'constant', got "circular"$/,
    ],
    [
      'torchaudio mel_scale',
      { preset: 'torchaudio', mel_scale: 'HTK' },
      RangeError,
      /^mel_scale must be 'htk' or 'slaney', got "HTK"$/,
    ],
    ['torchaudio norm', { preset: 'torchaudio', norm: 'l2' }, RangeError, /^norm must be null or 'slaney', got "l2"$/],
    [
      'torchaudio power null',
      { preset: 'torchaudio', power: null },
      RangeError,
      /^power null \(a complex spectrogram\) is not supported/,
    ],
    [
      'torchaudio f_min above f_max',
      { preset: 'torchaudio', f_min: 9000 },
      RangeError,
      /^f_min \(9000\) must be below f_max \(8000\)/,
    ],
    [
      'torchaudio negative top_db',
      { preset: 'torchaudio', top_db: -1 },
      RangeError,
      /^top_db must be a finite number >= 0 \(dB\), or null for no floor, got -1$/,
    ],
    ['torchaudio normalized', { preset: 'torchaudio', normalized: true }, RangeError, /^normalized must be false/],
    [
      'torchaudio center not boolean',
      { preset: 'torchaudio', center: 1 },
      TypeError,
      /^center must be true or false, got 1$/,
    ],
    [
      'librosa window name',
      { preset: 'librosa', window: 'kaiser' },
      RangeError,
      /^window must be one of 'hann', 'hamming', 'blackman', 'boxcar'/,
    ],
    [
      'librosa window length',
      { preset: 'librosa', window: [1, 2, 3] },
      RangeError,
      /^window must have win_length \(2048\) values, got 3$/,
    ],
    [
      'librosa ref',
      { preset: 'librosa', ref: 'min' },
      RangeError,
      /^ref must be a number > 0 or 'max' \(np.max\), got "min"$/,
    ],
    ['librosa norm number', { preset: 'librosa', norm: 2 }, TypeError, /^norm must be 'slaney' or null, got 2$/],
    ['librosa sr', { preset: 'librosa', sr: -1 }, RangeError, /^sr must be a positive finite number \(Hz\), got -1$/],
    [
      'whisper n_mels',
      { preset: 'whisper', n_mels: 64 },
      RangeError,
      /^n_mels must be 80 or 128 \(whisper's mel_filters.npz has no other\), got 64$/,
    ],
    [
      'whisper padding',
      { preset: 'whisper', padding: -5 },
      RangeError,
      /^padding must be an integer from 0 to 2147483648, got -5$/,
    ],
    [
      'whisper pad_or_trim',
      { preset: 'whisper', pad_or_trim: 'yes' },
      TypeError,
      /^pad_or_trim must be true, false or a length in samples, got "yes"$/,
    ],
    [
      'dtype',
      { preset: 'librosa', dtype: 'float16' },
      RangeError,
      /^dtype must be 'float32' or 'float64', got "float16"$/,
    ],
  ];
  test.each(cases)('%s', async (_name, options, type, message) => {
    const promise = MelSpectrogram.create(options as never);
    await expect(promise).rejects.toThrow(type);
    await expect(promise).rejects.toThrow(message);
  });
});

describe('input rules of each library', () => {
  test("torch's reflect padding needs more than n_fft // 2 samples (torchaudio, Whisper); librosa takes any length", async () => {
    const torchaudio = await MelSpectrogram.create({ preset: 'torchaudio' });
    expect(() => torchaudio.compute(new Float32Array(200))).toThrow(
      new RangeError(
        "signal has 200 samples, torchaudio needs at least 201: torch's reflect padding needs more than n_fft // 2 = 200 samples (torch raises otherwise)",
      ),
    );
    expect(torchaudio.compute(new Float32Array(201)).shape).toEqual([128, 2]);
    const padded = await MelSpectrogram.create({ preset: 'torchaudio', pad: 150 });
    expect(padded.minimumSignalLength).toBe(1); // the zeros count: 1 + 300 > 200
    expect(padded.compute(new Float32Array(1)).shape).toEqual([128, 2]);
    const constant = await MelSpectrogram.create({ preset: 'torchaudio', pad_mode: 'constant' });
    expect(constant.compute(new Float32Array(5)).shape).toEqual([128, 1]);
    const uncentred = await MelSpectrogram.create({ preset: 'torchaudio', center: false });
    expect(() => uncentred.compute(new Float32Array(399))).toThrow(
      /^signal has 399 samples, torchaudio needs at least 400: without centring \(center=false\) a frame needs n_fft = 400 samples$/,
    );
    const whisper = await MelSpectrogram.create({ preset: 'whisper' });
    expect(() => whisper.compute(new Float32Array(150))).toThrow(
      /^signal has 150 samples, whisper needs at least 201: torch's reflect padding/,
    );
    expect(() => whisper.frameCount(150)).toThrow(RangeError);
    expect(() => whisper.frameCount(150)).toThrow(/^signal has 150 samples, whisper needs at least 201: /);
    const librosa = await MelSpectrogram.create({ preset: 'librosa', pad_mode: 'reflect' });
    expect(librosa.compute(new Float32Array(3)).shape).toEqual([128, 1]); // numpy reflects again and again
    for (const mel of [torchaudio, padded, constant, uncentred, whisper, librosa]) {
      expect(mel.compute(new Float32Array(4000)).data.every(Number.isFinite)).toBe(true); // usable after the errors
      mel.dispose();
    }
  });

  test('torchaudio and librosa take (..., time) tensors; Keras and Whisper take one signal or a batch', async () => {
    const data = new Float32Array(2 * 3 * 4000).map((_, i) => Math.sin(i * 0.01) * (1 + Math.floor(i / 4000)));
    const torchaudio = await MelSpectrogram.create({ preset: 'torchaudio', power_to_db: true, top_db: 80 });
    const result = torchaudio.compute({ data, shape: [2, 3, 4000] });
    expect(result.shape).toEqual([2, 3, 128, 21]);
    // The same numbers as each (3, time) block on its own: torchaudio floors each leading index apart.
    for (let b = 0; b < 2; b++) {
      const block = torchaudio.compute({ data: data.subarray(b * 12000, (b + 1) * 12000), shape: [3, 4000] });
      expect(result.data.subarray(b * block.data.length, (b + 1) * block.data.length)).toEqual(block.data);
    }
    const librosa = await MelSpectrogram.create({ preset: 'librosa', sr: 16000, power_to_db: true });
    expect(librosa.compute({ data, shape: [2, 3, 4000] }).shape).toEqual([2, 3, 128, 8]);
    // librosa's power_to_db floors against the max of the whole array: the same as one flat batch.
    expect(librosa.compute({ data, shape: [2, 3, 4000] }).data).toEqual(
      librosa.compute({ data, shape: [6, 4000] }).data,
    );
    const keras = await MelSpectrogram.create();
    const whisper = await MelSpectrogram.create({ preset: 'whisper' });
    for (const mel of [keras, whisper]) {
      expect(() => mel.compute({ data, shape: [2, 3, 4000] })).toThrow(
        new TypeError('signal.shape must be [samples] or [batch, samples], got an array of length 3'),
      );
    }
    expect(() => torchaudio.compute({ data, shape: [2, 3, 3999] })).toThrow(
      /^signal.shape \[2, 3, 3999\] needs 23994 values, data has 24000$/,
    );
    for (const mel of [torchaudio, librosa, keras, whisper]) mel.dispose();
  });

  test('the top_db floor: batch-wide for Whisper and librosa, per block for 3-D torchaudio input', async () => {
    const loud = tone(16000, 500, 16000, 0.9);
    const quiet = tone(16000, 500, 16000, 1e-6);
    const whisper = await MelSpectrogram.create({ preset: 'whisper' });
    const batch = whisper.compute([loud, quiet]);
    const alone = whisper.compute(quiet);
    const half = batch.data.length / 2;
    const maxOf = (values: Float32Array) => values.reduce((a, b) => Math.max(a, b), -Infinity);
    // Whisper's clamp at max - 8 (log10) uses the loud clip's max: the quiet one sits on it.
    expect(Math.min(...batch.data.subarray(half))).toBeCloseTo(maxOf(batch.data.subarray(0, half)) - 2, 5); // (x + 4) / 4: 8 becomes 2
    expect(maxOf(alone.data)).toBeLessThan(maxOf(batch.data.subarray(half)) + 1e-3);
    whisper.dispose();
  });

  test("librosa's ref 'max' puts the loudest value at 0 dB and the floor at -top_db", async () => {
    const mel = await MelSpectrogram.create({
      preset: 'librosa',
      sr: 16000,
      power_to_db: true,
      ref: 'max',
      top_db: 60,
    });
    const { data } = mel.compute(tone(20000, 1000, 16000));
    expect(Math.max(...data)).toBe(0);
    expect(Math.min(...data)).toBeCloseTo(-60, 5);
    const absolute = await MelSpectrogram.create({ preset: 'librosa', sr: 16000, power_to_db: true, top_db: 60 });
    const reference = absolute.compute(tone(20000, 1000, 16000)).data;
    const peak = Math.max(...reference);
    for (const [i, value] of data.entries())
      expect(Math.abs(value - Math.max(reference[i] - peak, -60))).toBeLessThan(1e-4);
    mel.dispose();
    absolute.dispose();
  });
});

describe('presets through streams and the pool', () => {
  test("a stream of any preset gives compute()'s frames (no floor: dbMode none)", async () => {
    const signal = tone(30000, 300, 16000);
    for (const options of [
      { preset: 'torchaudio', pad: 123, f_max: 7000 },
      { preset: 'librosa', sr: 16000, center: true, hop_length: 1100 },
      { preset: 'torchaudio', center: false },
    ] as const) {
      const mel = await MelSpectrogram.create(options);
      const stream = mel.createStream();
      const pieces = [
        stream.push(signal.subarray(0, 1000)),
        stream.push(signal.subarray(1000, 1003)),
        stream.push(signal.subarray(1003)),
        stream.flush(),
      ];
      const frames = pieces.reduce((sum, piece) => sum + piece.shape[1], 0);
      const expected = mel.compute(signal);
      expect(frames).toBe(expected.shape[1]);
      let column = 0;
      for (const piece of pieces) {
        for (let t = 0; t < piece.shape[1]; t++, column++) {
          for (let m = 0; m < piece.shape[0]; m++)
            expect(piece.data[m * piece.shape[1] + t]).toBe(expected.data[m * frames + column]);
        }
      }
      stream.dispose();
      mel.dispose();
    }
  });

  test("a Whisper stream gives the log-mel values before the clamp; pad_or_trim and ref 'max' need the whole signal", async () => {
    const signal = tone(16000, 440, 16000);
    const whisper = await MelSpectrogram.create({ preset: 'whisper' });
    const stream = whisper.createStream({ dbMode: 'none' });
    const first = stream.push(signal);
    const rest = stream.flush();
    expect(first.shape[1] + rest.shape[1]).toBe(100);
    const expected = whisper.compute(signal).data;
    // Where the clamp at max - 8 did not act, the values agree bit for bit.
    const clamp = Math.min(...expected);
    for (let m = 0; m < 80; m++) {
      for (let t = 0; t < first.shape[1]; t++) {
        const value = expected[m * 100 + t];
        if (value > clamp) expect(first.data[m * first.shape[1] + t]).toBe(value);
      }
    }
    expect(() => stream.push(signal)).toThrow(/flushed/);
    stream.dispose();
    const padded = await MelSpectrogram.create({ preset: 'whisper', pad_or_trim: true });
    expect(() => padded.createStream()).toThrow(
      new TypeError("a stream cannot pad or trim its signal to a fixed length (whisper's pad_or_trim): use compute()"),
    );
    const refMax = await MelSpectrogram.create({ preset: 'librosa', power_to_db: true, ref: 'max' });
    expect(() => refMax.createStream()).toThrow(/librosa's ref 'max'/);
    const torch = await MelSpectrogram.create({ preset: 'torchaudio' });
    const short = torch.createStream();
    short.push(new Float32Array(100));
    expect(() => short.flush()).toThrow(/^the stream's signal has 100 samples, torchaudio needs at least 201/);
    for (const mel of [whisper, padded, refMax, torch]) mel.dispose();
    short.dispose();
  });

  test("the pool gives compute()'s numbers bit for bit for every preset", async () => {
    const signal = tone(16000 * 5 + 77, 250, 16000);
    const batch = new Float32Array(4 * 20000).map((_, i) => Math.sin(i * 0.02) * 10 ** -Math.floor(i / 20000));
    for (const options of [
      { preset: 'whisper', n_mels: 128 },
      { preset: 'whisper', pad_or_trim: true },
      { preset: 'torchaudio', power_to_db: true, top_db: 80, pad: 100 },
      { preset: 'librosa', sr: 16000, power_to_db: true, ref: 'max' },
    ] as const) {
      const mel = await MelSpectrogram.create(options);
      const pool = await MelSpectrogramPool.create(options, { threads: 2, singleThreadBelow: 0 }); // the workers, even for short signals
      expect(pool.options).toEqual(mel.options);
      expect((await pool.compute(signal)).data).toEqual(mel.compute(signal).data);
      const tensor =
        options.preset === 'whisper' ? { data: batch, shape: [4, 20000] } : { data: batch, shape: [2, 2, 20000] };
      const expected = mel.compute(tensor);
      const result = await pool.compute(tensor);
      expect(result.shape).toEqual(expected.shape);
      expect(result.data).toEqual(expected.data);
      if (options.preset === 'librosa') expect((await pool.compute(new Float32Array(150))).shape).toEqual([128, 1]);
      else if (options.preset === 'torchaudio')
        expect((await pool.compute(new Float32Array(1))).shape).toEqual([128, 2]); // pad 100 + 1 + 100 > 200
      else if (!('pad_or_trim' in options))
        await expect(pool.compute(new Float32Array(150))).rejects.toThrow(
          /^signal has 150 samples, whisper needs at least 201/,
        );
      mel.dispose();
      await pool.dispose();
    }
  });
});

test('float64 presets compute in double precision and stay within the golden tolerance', async () => {
  const [testCase] = presetCases('whisper').filter((c) => c.name === 'wh80_speech');
  const input = Float64Array.from(readFloat32('whisper', `${testCase.name}.in.bin`));
  const mel = await MelSpectrogram.create({ ...presetOptionsOf(testCase), dtype: 'float64' } as {
    preset: 'whisper';
    dtype: 'float64';
  });
  const result = mel.compute(input);
  expect(result.data).toBeInstanceOf(Float64Array);
  expect(result.data.some((value) => Math.fround(value) !== value)).toBe(true);
  mel.dispose();
});
