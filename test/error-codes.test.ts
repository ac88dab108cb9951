// Every error a user can trigger carries the right class, `code` and `option` (the
// option as the user spelled it): init and loading, every option check of every preset
// in each accepted spelling, signals, computeInto's out, disposed objects, stream state,
// pool workers, memory, and the worklet node and processor. The README's table of codes
// is the exported list. The loading cases come first: this file's registry starts without
// a module (Jest gives each test file its own).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import {
  type MelSpectrogramErrorCode,
  type ResolvedTorchaudioOptions,
  MelSpectrogram,
  MelSpectrogramError,
  MelSpectrogramNode,
  MelSpectrogramPool,
  MelSpectrogramRangeError,
  MelSpectrogramTypeError,
  init,
  isMelSpectrogramError,
  melSpectrogramErrorCodes,
} from 'melspec-wasm';

type ErrorClass = typeof MelSpectrogramError | typeof MelSpectrogramTypeError | typeof MelSpectrogramRangeError;
const dist = join(__dirname, '..', 'dist');

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('did not reject');
}

/** `error` is of `Class` (and so of its built-in base), with `code` and exactly `option`. */
function expectError(error: unknown, Class: ErrorClass, code: MelSpectrogramErrorCode, option?: string): void {
  expect(error).toBeInstanceOf(Class);
  const base = Class === MelSpectrogramTypeError ? TypeError : Class === MelSpectrogramRangeError ? RangeError : Error;
  expect(error).toBeInstanceOf(base);
  expect(isMelSpectrogramError(error)).toBe(true);
  expect({ code: (error as MelSpectrogramError).code, option: (error as MelSpectrogramError).option }).toEqual({
    code,
    option,
  });
  expect((error as Error).name).toBe(base.name);
}

const signal = Float32Array.from({ length: 8000 }, (_, i) => 0.5 * Math.sin(i / 7));

describe('init() and loading (before anything is loaded)', () => {
  test('bad arguments, bad bytes, an unreachable URL, then init after load', async () => {
    expectError(await rejected(init({})), MelSpectrogramTypeError, 'ERR_MELSPEC_WASM_LOAD');
    expectError(await rejected(init(5 as never)), MelSpectrogramTypeError, 'ERR_MELSPEC_WASM_LOAD');
    // A field init() does not know, even beside a right one, is named rather than ignored.
    const misspelt = await rejected(init({ url: 'melspec.wasm', wasmBianry: new Uint8Array(8) } as never));
    expectError(misspelt, MelSpectrogramTypeError, 'ERR_MELSPEC_WASM_LOAD', 'wasmBianry');
    expect((misspelt as Error).message).toBe(
      "melspec-wasm: init() has no field 'wasmBianry'; it takes one of wasmModule, wasmBinary, url (or simd alone)",
    );
    expectError(
      await rejected(init({ simd: false, threads: 2 } as never)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_WASM_LOAD',
      'threads',
    );
    expectError(
      await rejected(init({ wasmModule: 5 as never })),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_WASM_LOAD',
      'wasmModule',
    );
    expectError(
      await rejected(init({ wasmBinary: 'abc' as never })),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_WASM_LOAD',
      'wasmBinary',
    );
    expectError(
      await rejected(init({ simd: 'yes' as never })),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_WASM_LOAD',
      'simd',
    );
    expectError(
      await rejected(init({ url: 'x', simd: true })),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_WASM_LOAD',
      'simd',
    );
    // Bytes that are not WebAssembly: the engine's own CompileError, given the code.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    const compileError = await rejected(init({ wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9]) }));
    quiet.mockRestore();
    expect(compileError).toMatchObject({ name: 'CompileError', code: 'ERR_MELSPEC_WASM_LOAD' });
    expect(isMelSpectrogramError(compileError)).toBe(true);
    // Nothing listens on port 9 of this machine: fetch's own TypeError, as a load error.
    const unreachable = await rejected(init({ url: 'http://127.0.0.1:9/melspec.wasm' }));
    expectError(unreachable, MelSpectrogramError, 'ERR_MELSPEC_WASM_LOAD');
    expect((unreachable as Error).message).toMatch(
      /^melspec-wasm: could not fetch http:\/\/127\.0\.0\.1:9\/melspec\.wasm: /,
    );

    const mel = await MelSpectrogram.create();
    mel.dispose();
    const wasmBinary = readFileSync(join(dist, 'melspec.wasm'));
    expectError(await rejected(init({ wasmBinary })), MelSpectrogramError, 'ERR_MELSPEC_ALREADY_LOADED');
    expectError(await rejected(init({ simd: false })), MelSpectrogramError, 'ERR_MELSPEC_ALREADY_LOADED');
  });
});

/**
 * Each preset's options: [name, a value of the wrong type (TypeError), values out of range
 * (RangeError)]. null: no such value (a check that only takes one kind).
 */
type OptionCase = [name: string, wrongType: unknown, wrongValues: unknown[]];
const presetOptions: Record<'keras' | 'torchaudio' | 'librosa' | 'whisper', OptionCase[]> = {
  keras: [
    ['fft_length', 'x', [0, 65537, 1.5]],
    ['sequence_stride', 'x', [0]],
    ['sequence_length', 'x', [4096]],
    [
      'window',
      3,
      [
        'blackman',
        [1, 2, 3],
        new Array(2048).fill(0),
        Array.from({ length: 2048 }, (_, i) => (i === 5 ? Number.NaN : 1)),
      ],
    ],
    ['sampling_rate', 'x', [0, Infinity]],
    ['num_mel_bins', 'x', [0]],
    ['min_freq', 'x', [-1, 9000]],
    ['max_freq', 'x', [-1, 10]],
    ['power_to_db', 'x', []],
    ['top_db', 'x', [-1]],
    ['mag_exp', 'x', [-1, 1001]],
    ['min_power', 'x', [0]],
    ['ref_power', 'x', [Number.NaN]],
    ['dtype', 32, ['float16']],
    ['top_db_scope', 3, ['global']],
  ],
  torchaudio: [
    ['sample_rate', 'x', [0]],
    ['n_fft', 'x', [0]],
    ['win_length', 'x', [401]],
    ['hop_length', 'x', [0]],
    ['f_min', 'x', [-1, 9000]],
    ['f_max', 'x', [-1, 0]],
    ['pad', 'x', [-1]],
    ['n_mels', 'x', [0]],
    ['power', 'x', [0, null]],
    ['center', 1, []],
    ['pad_mode', 1, ['circular']],
    ['norm', 2, ['l2']],
    ['mel_scale', 1, ['HTK']],
    ['normalized', null, [true]],
    ['onesided', null, [false]],
    ['wkwargs', null, [{}]],
    ['power_to_db', 'x', []],
    ['stype', 1, ['amplitude']],
    ['top_db', 'x', [-1]],
    ['amin', 'x', [0]],
    ['ref', 'x', [0]],
    ['dtype', 32, ['float16']],
  ],
  librosa: [
    ['sr', 'x', [-1]],
    ['n_fft', 'x', [0]],
    ['hop_length', 'x', [0]],
    ['win_length', 'x', [4096]],
    ['window', 3, ['kaiser', [1, 2, 3]]],
    ['center', 1, []],
    ['pad_mode', 1, ['edge']],
    ['power', 'x', [0]],
    ['n_mels', 'x', [0]],
    ['fmin', 'x', [-1, 20000]],
    ['fmax', 'x', [-1, 0]],
    ['htk', 1, []],
    ['norm', 2, ['l2']],
    ['power_to_db', 'x', []],
    ['ref', {}, ['min', 0]],
    ['amin', 'x', [0]],
    ['top_db', 'x', [-1]],
    ['dtype', 32, ['float16']],
  ],
  whisper: [
    ['n_mels', 'x', [64]],
    ['padding', 'x', [-5]],
    ['pad_or_trim', 'yes', [0, 1.5]],
    ['dtype', 32, ['float16']],
    ['sample_rate', null, [44100]],
    ['n_fft', null, [512]],
    ['hop_length', null, [256]],
  ],
};

const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** Every option check, in each spelling the preset accepts (Keras: snake_case and camelCase; the others: their own and camelCase). */
const optionChecks = Object.entries(presetOptions).flatMap(([preset, cases]) =>
  cases.flatMap(([name, wrongType, wrongValues]) =>
    [...new Set([name, camelCase(name)])].flatMap((spelling) => [
      ...(wrongType === null ? [] : [[preset, spelling, wrongType, MelSpectrogramTypeError] as const]),
      ...wrongValues.map((value) => [preset, spelling, value, MelSpectrogramRangeError] as const),
    ]),
  ),
);

describe('option errors of every preset carry the option as spelled', () => {
  test('the table covers every option of every preset', async () => {
    for (const [preset, cases] of Object.entries(presetOptions)) {
      const mel = await MelSpectrogram.create({ preset } as never);
      const names = Object.keys(mel.options)
        .filter((name) => name !== 'preset')
        .map((name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
      mel.dispose();
      expect(cases.map(([name]) => name).sort()).toEqual(names.sort());
    }
  });

  test.each(
    optionChecks.map(([preset, spelling, value, Class]) => [preset, spelling, shown(value), value, Class] as const),
  )('%s %s = %s', async (preset, spelling, _shown, value, Class) => {
    const options = preset === 'keras' ? { [spelling]: value } : { preset, [spelling]: value };
    expectError(await rejected(MelSpectrogram.create(options as never)), Class, 'ERR_MELSPEC_OPTION', spelling);
  });

  function shown(value: unknown): string {
    if (Array.isArray(value)) return `array of ${value.length}`;
    return typeof value === 'string' ? `'${value}'` : String(value);
  }

  test('a serialised Keras layer: the key of its config', async () => {
    const layer = { class_name: 'MelSpectrogram', config: { fft_length: 0 } };
    expectError(
      await rejected(MelSpectrogram.create(layer as never)),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
      'fft_length',
    );
  });

  test.each([
    ['an unknown key', { fft_lenght: 512 }, MelSpectrogramTypeError, 'fft_lenght'],
    ['an unknown torchaudio key', { preset: 'torchaudio', nFftt: 512 }, MelSpectrogramTypeError, 'nFftt'],
    ['two spellings, different values', { fftLength: 512, fft_length: 1024 }, MelSpectrogramTypeError, 'fft_length'],
    ['preset not a string', { preset: 3 }, MelSpectrogramTypeError, 'preset'],
    ['an unknown preset', { preset: 'kaldi' }, MelSpectrogramRangeError, 'preset'],
    ['options not an object', 'hann', MelSpectrogramTypeError, undefined],
    // A band edge against a default: the option given is the one at fault; neither given: the rate.
    ['maxFreq below the default minFreq', { max_freq: 10 }, MelSpectrogramRangeError, 'max_freq'],
    ['a rate whose Nyquist frequency is below minFreq', { samplingRate: 30 }, MelSpectrogramRangeError, 'samplingRate'],
    ['torchaudio f_max below f_min', { preset: 'torchaudio', f_min: 100, fMax: 50 }, MelSpectrogramRangeError, 'f_min'],
    ['librosa sr below fmin', { preset: 'librosa', fmin: 100, sr: 100 }, MelSpectrogramRangeError, 'fmin'],
  ] as const)('%s', async (_label, options, Class, option) => {
    expectError(await rejected(MelSpectrogram.create(options as never)), Class, 'ERR_MELSPEC_OPTION', option);
  });

  test('pool options', async () => {
    const create = (poolOptions: unknown) => rejected(MelSpectrogramPool.create({}, poolOptions as never));
    expectError(await create(4), MelSpectrogramTypeError, 'ERR_MELSPEC_OPTION');
    expectError(await create({ threads: 'two' }), MelSpectrogramTypeError, 'ERR_MELSPEC_OPTION', 'threads');
    expectError(await create({ threads: 0 }), MelSpectrogramRangeError, 'ERR_MELSPEC_OPTION', 'threads');
    expectError(await create({ workerUrl: 5 }), MelSpectrogramTypeError, 'ERR_MELSPEC_OPTION', 'workerUrl');
    expectError(await create({ createWorker: 'x' }), MelSpectrogramTypeError, 'ERR_MELSPEC_OPTION', 'createWorker');
    expectError(
      await create({ workerUrl: 'a.js', createWorker: () => ({}) }),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OPTION',
      'createWorker',
    );
    expectError(
      await create({ createWorker: () => ({}) }),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OPTION',
      'createWorker',
    );
    // The preset's options are checked as create()'s.
    expectError(
      await rejected(MelSpectrogramPool.create({ preset: 'librosa', nMels: 0 } as never, { threads: 1 })),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
      'nMels',
    );
  });

  test('stream options', async () => {
    const mel = await MelSpectrogram.create();
    expectError(
      thrown(() => mel.createStream(5 as never)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OPTION',
    );
    expectError(
      thrown(() => mel.createStream({ dbmode: 'none' } as never)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OPTION',
      'dbmode',
    );
    expectError(
      thrown(() => mel.createStream({ dbMode: 'max' as never })),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
      'dbMode',
    );
    expectError(
      thrown(() => mel.createStream({ dbMode: 1 as never })),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OPTION',
      'dbMode',
    );
    mel.dispose();
  });
});

describe('signal errors', () => {
  let mel: MelSpectrogram;
  let torchaudio: MelSpectrogram<Float32Array, ResolvedTorchaudioOptions>;
  beforeAll(async () => {
    mel = await MelSpectrogram.create({ fftLength: 512, sequenceStride: 128, numMelBins: 40 });
    torchaudio = await MelSpectrogram.create({ preset: 'torchaudio' });
  });
  afterAll(() => {
    mel.dispose();
    torchaudio.dispose();
  });
  const withNaN = () => {
    const copy = signal.slice();
    copy[100] = Number.NaN;
    return copy;
  };
  const cases: [string, () => unknown, ErrorClass][] = [
    ['a number', () => mel.compute(0.5 as never), MelSpectrogramTypeError],
    ['an Int16Array', () => mel.compute(new Int16Array(100) as never), MelSpectrogramTypeError],
    ['an empty signal', () => mel.compute(new Float32Array(0)), MelSpectrogramRangeError],
    ['an empty batch', () => mel.compute([]), MelSpectrogramRangeError],
    ['a hole in a batch', () => mel.compute([signal, , signal] as never), MelSpectrogramTypeError],
    ['unequal lengths', () => mel.compute([signal, signal.subarray(1)]), MelSpectrogramRangeError],
    ['a shape that does not fit', () => mel.compute({ data: signal, shape: [3, 100] }), MelSpectrogramRangeError],
    ['a rank the preset refuses', () => mel.compute({ data: signal, shape: [2, 2, 2000] }), MelSpectrogramTypeError],
    ['a fractional shape', () => mel.compute({ data: signal, shape: [2.5, 3200] }), MelSpectrogramTypeError],
    [
      'tensor data of the wrong type',
      () => mel.compute({ data: [1, 2] as never, shape: [2] }),
      MelSpectrogramTypeError,
    ],
    ['a NaN sample', () => mel.compute(withNaN()), MelSpectrogramRangeError],
    [
      'a NaN sample, outputShape passes but computeInto does not',
      () => mel.computeInto(withNaN(), new Float32Array(40 * 63)),
      MelSpectrogramRangeError,
    ],
    ['too short for torch reflect padding', () => torchaudio.compute(new Float32Array(200)), MelSpectrogramRangeError],
    ['outputShape of a bad signal', () => mel.outputShape([] as never), MelSpectrogramRangeError],
    ['frameCount of a string', () => mel.frameCount('8000' as never), MelSpectrogramTypeError],
    ['frameCount of 0', () => mel.frameCount(0), MelSpectrogramRangeError],
    ['frameCount too short for the preset', () => torchaudio.frameCount(100), MelSpectrogramRangeError],
  ];
  test.each(cases)('%s', (_label, call, Class) => {
    expectError(thrown(call), Class, 'ERR_MELSPEC_SIGNAL');
  });

  test('the pool rejects the same way, NaN found by a worker included', async () => {
    const pool = await MelSpectrogramPool.create(
      { fftLength: 512, sequenceStride: 128, numMelBins: 40 },
      { threads: 2 },
    );
    try {
      expectError(await rejected(pool.compute(new Float32Array(0))), MelSpectrogramRangeError, 'ERR_MELSPEC_SIGNAL');
      expectError(await rejected(pool.compute('x' as never)), MelSpectrogramTypeError, 'ERR_MELSPEC_SIGNAL');
      const long = new Float32Array(200000).fill(0.1);
      long[150000] = Number.POSITIVE_INFINITY;
      const error = await rejected(pool.compute(long));
      expectError(error, MelSpectrogramRangeError, 'ERR_MELSPEC_SIGNAL');
      expect((error as Error).message).toMatch(/^signal\[150000\] is Infinity/);
      expectError(
        thrown(() => pool.frameCount(-1)),
        MelSpectrogramRangeError,
        'ERR_MELSPEC_SIGNAL',
      );
    } finally {
      await pool.dispose();
    }
  });

  test('stream chunks', async () => {
    const stream = mel.createStream();
    expectError(
      thrown(() => stream.push([1, 2] as never)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_SIGNAL',
    );
    expectError(
      thrown(() => stream.push(withNaN())),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_SIGNAL',
    );
    stream.dispose();
    const short = torchaudio.createStream();
    short.push(new Float32Array(100));
    expectError(
      thrown(() => short.flush()),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_SIGNAL',
    );
    short.dispose();
  });
});

describe('output arrays', () => {
  test("computeInto's out, the pool's, and pushInto's", async () => {
    const mel = await MelSpectrogram.create({ fftLength: 512, sequenceStride: 128, numMelBins: 40 });
    expectError(
      thrown(() => mel.computeInto(signal, new Float64Array(40 * 63) as never)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OUTPUT',
    );
    expectError(
      thrown(() => mel.computeInto(signal, new Float32Array(10))),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OUTPUT',
    );
    const stream = mel.createStream();
    expectError(
      thrown(() => stream.pushInto(signal, new Float32Array(1))),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OUTPUT',
    );
    stream.dispose();
    mel.dispose();
    // singleThreadBelow 0: this short signal goes to the worker (it is detached meanwhile, below).
    const pool = await MelSpectrogramPool.create(
      { fftLength: 512, sequenceStride: 128, numMelBins: 40 },
      { threads: 1, singleThreadBelow: 0 },
    );
    expectError(
      await rejected(pool.computeInto(signal, new Float32Array(10))),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OUTPUT',
    );
    expectError(await rejected(pool.computeInto(signal, [] as never)), MelSpectrogramTypeError, 'ERR_MELSPEC_OUTPUT');
    // Detached while the workers compute: the result has nowhere to go.
    const out = new Float32Array(40 * 63);
    const pending = pool.computeInto(signal, out);
    const channel = new MessageChannel();
    channel.port1.postMessage(null, [out.buffer]);
    channel.port1.close();
    expectError(await rejected(pending), MelSpectrogramTypeError, 'ERR_MELSPEC_OUTPUT');
    await pool.dispose();
  });
});

describe('disposed objects', () => {
  test('an instance, a stream and a pool (its pending calls too)', async () => {
    const mel = await MelSpectrogram.create();
    const stream = mel.createStream();
    mel.dispose();
    stream.dispose();
    for (const call of [
      () => mel.compute(signal),
      () => mel.computeInto(signal, new Float32Array(1)),
      () => mel.frameCount(100),
      () => mel.melWeights(),
      () => mel.outputShape(signal),
      () => mel.createStream(),
      () => mel.releaseBuffers(),
      () => stream.push(signal),
      () => stream.flush(),
      () => stream.reset(),
      () => stream.samplesReceived,
    ]) {
      expectError(thrown(call), MelSpectrogramTypeError, 'ERR_MELSPEC_DISPOSED');
    }
    // singleThreadBelow 0: the call goes to the worker, and is pending when dispose() comes.
    const pool = await MelSpectrogramPool.create({}, { threads: 1, singleThreadBelow: 0 });
    const pending = rejected(pool.compute(new Float32Array(160000).fill(0.1)));
    await pool.dispose();
    expectError(await pending, MelSpectrogramTypeError, 'ERR_MELSPEC_DISPOSED');
    expectError(await rejected(pool.compute(signal)), MelSpectrogramTypeError, 'ERR_MELSPEC_DISPOSED');
    expectError(
      thrown(() => pool.frameCount(100)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_DISPOSED',
    );
    expectError(
      thrown(() => pool.melWeights()),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_DISPOSED',
    );
    expectError(
      thrown(() => pool.createStream()),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_DISPOSED',
    );
  });
});

describe('stream state', () => {
  test('push and flush after flush; streams for options that need the whole signal', async () => {
    const mel = await MelSpectrogram.create();
    const stream = mel.createStream();
    stream.push(signal);
    stream.flush();
    expectError(
      thrown(() => stream.push(signal)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_STREAM',
    );
    expectError(
      thrown(() => stream.flush()),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_STREAM',
    );
    stream.reset();
    expect(stream.push(signal).shape[0]).toBe(128);
    stream.dispose();
    mel.dispose();
    const whisper = await MelSpectrogram.create({ preset: 'whisper', pad_or_trim: true });
    expectError(
      thrown(() => whisper.createStream()),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_STREAM',
    );
    whisper.dispose();
    const librosa = await MelSpectrogram.create({ preset: 'librosa', power_to_db: true, ref: 'max' });
    expectError(
      thrown(() => librosa.createStream()),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_STREAM',
    );
    librosa.dispose();
  });
});

describe('memory', () => {
  test('a call larger than WASM memory can hold, checked before any copy', async () => {
    const mel = await MelSpectrogram.create();
    // 300 references to one 64 MiB signal: 300 * 128 * 32769 output values, 4.7 GiB as float32.
    const piece = new Float32Array(2 ** 24);
    const error = thrown(() => mel.compute(new Array(300).fill(piece)));
    expectError(error, MelSpectrogramRangeError, 'ERR_MELSPEC_MEMORY');
    expect((error as Error).message).toMatch(/^too large for one call: .*feed it through createStream\(\) in pieces$/);
    mel.dispose();
  });
});

describe('pool workers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'melspec-error-codes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing worker script', async () => {
    const missing = join(dir, 'missing', 'pool-worker.node.js');
    const error = await rejected(MelSpectrogramPool.create({}, { threads: 1, workerUrl: missing }));
    expectError(error, MelSpectrogramError, 'ERR_MELSPEC_WORKER');
    expect((error as Error).message).toContain(missing);
  });

  test('a worker script that throws as it loads', async () => {
    const script = join(dir, 'throws.mjs');
    writeFileSync(script, "throw new Error('broken worker script');\n");
    const error = await rejected(MelSpectrogramPool.create({}, { threads: 2, workerUrl: script }));
    expectError(error, MelSpectrogramError, 'ERR_MELSPEC_WORKER');
    expect((error as Error).message).toMatch(/broken worker script/);
  });

  test('a worker that fails during a call: that call and every later one reject', async () => {
    const script = join(dir, 'fails-on-job.mjs');
    writeFileSync(
      script,
      "import { parentPort } from 'node:worker_threads';\n" +
        "parentPort.on('message', (request) => {\n" +
        "  if (request.kind === 'init') parentPort.postMessage({ kind: 'ready' });\n" +
        "  else throw new Error('worker died mid-job');\n" +
        '});\n',
    );
    // singleThreadBelow 0: this short signal goes to the worker too.
    const pool = await MelSpectrogramPool.create({}, { threads: 1, workerUrl: script, singleThreadBelow: 0 });
    const error = await rejected(pool.compute(signal));
    expectError(error, MelSpectrogramError, 'ERR_MELSPEC_WORKER');
    expect((error as Error).message).toMatch(
      /^melspec-wasm pool: a worker failed \(.*worker died mid-job.*\); create a new pool$/,
    );
    expectError(await rejected(pool.compute(signal)), MelSpectrogramError, 'ERR_MELSPEC_WORKER');
    await pool.dispose();
  });
});

describe('the AudioWorklet node and processor', () => {
  const globals = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete globals.AudioWorkletNode;
    delete globals.AudioWorkletProcessor;
    delete globals.registerProcessor;
  });

  /** A stand-in AudioWorkletNode whose port delivers what `reply` gives for its processorOptions. */
  function fakeNode(reply: (processorOptions: unknown) => unknown) {
    const made: {
      port: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(): void };
      processorOptions: unknown;
    }[] = [];
    globals.AudioWorkletNode = class {
      port = { onmessage: null as ((event: { data: unknown }) => void) | null, postMessage() {} };
      onprocessorerror: (() => void) | null = null;
      processorOptions: unknown;
      constructor(_context: unknown, _name: string, options: { processorOptions: unknown }) {
        this.processorOptions = options.processorOptions;
        made.push(this);
        setTimeout(() => this.port.onmessage?.({ data: reply(options.processorOptions) }));
      }
      disconnect() {}
    };
    return made;
  }
  const context = (addModule: () => Promise<void> = async () => {}, sampleRate = 16000) => ({
    sampleRate,
    audioWorklet: { addModule },
  });

  test('no AudioWorklet support; node options', async () => {
    expectError(
      await rejected(MelSpectrogramNode.create(context() as never)),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_WORKLET',
    );
    fakeNode(() => ({ type: 'ready' }));
    const create = (options: unknown) =>
      rejected(MelSpectrogramNode.create(context() as never, { workletUrl: 'w.js', ...(options as object) }));
    expectError(
      await create({ framesPerMessage: 0 }),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
      'framesPerMessage',
    );
    expectError(
      await create({ transport: 'carrier-pigeon' }),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
      'transport',
    );
    expectError(
      await create({ ringFrames: -1, transport: 'message' }),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
      'ringFrames',
    );
    expectError(await create({ dbMode: 'loud' }), MelSpectrogramRangeError, 'ERR_MELSPEC_OPTION', 'dbMode');
    expectError(await create({ dtype: 'float64' }), MelSpectrogramRangeError, 'ERR_MELSPEC_OPTION', 'dtype');
    expectError(await create({ num_mel_bins: 0 }), MelSpectrogramRangeError, 'ERR_MELSPEC_OPTION', 'num_mel_bins');
    // Whisper's fixed 16 kHz against a 44.1 kHz context.
    const at44k = context(async () => {}, 44100);
    expectError(
      await rejected(MelSpectrogramNode.create(at44k as never, { workletUrl: 'w.js', preset: 'whisper' })),
      MelSpectrogramRangeError,
      'ERR_MELSPEC_OPTION',
    );
    expectError(
      await rejected(MelSpectrogramNode.create(context() as never, {})),
      MelSpectrogramTypeError,
      'ERR_MELSPEC_OPTION',
      'workletUrl',
    );
  });

  test('a processor module that does not load', async () => {
    fakeNode(() => ({ type: 'ready' }));
    const failing = context(() => Promise.reject(new Error('Unable to load a worklet module.')));
    const error = await rejected(
      MelSpectrogramNode.create(failing as never, { workletUrl: 'https://example.invalid/worklet.js' }),
    );
    expectError(error, MelSpectrogramError, 'ERR_MELSPEC_WORKLET');
    expect((error as Error).message).toBe(
      'melspec-wasm worklet: could not load the processor module https://example.invalid/worklet.js: Unable to load a worklet module.',
    );
  });

  /** A processor's port: what it posted, and the next message it posts. */
  class FakePort {
    readonly posted: unknown[] = [];
    onmessage = null;
    #waiting: ((message: unknown) => void)[] = [];
    postMessage(message: unknown): void {
      this.posted.push(message);
      for (const resolve of this.#waiting.splice(0)) resolve(message);
    }
    nextMessage(): Promise<unknown> {
      return new Promise((resolve) => this.#waiting.push(resolve));
    }
  }

  /** dist/worklet.cjs run in this realm with a stand-in AudioWorkletGlobalScope; returns the processor class. */
  function loadProcessor(): new (options: {
    processorOptions: unknown;
  }) => { process(inputs: unknown[][]): boolean; port: FakePort } {
    let registered: unknown;
    globals.AudioWorkletProcessor = class {
      port = new FakePort();
    };
    globals.registerProcessor = (_name: string, processor: unknown) => {
      registered = processor;
    };
    new Function(readFileSync(join(dist, 'worklet.cjs'), 'utf8'))();
    return registered as never;
  }

  test('processor errors reach the node as Errors with a code, at start and while processing', async () => {
    // The real processorOptions, as MelSpectrogramNode.create() makes them.
    const made = fakeNode(() => ({ type: 'ready' }));
    const node = await MelSpectrogramNode.create(context() as never, { workletUrl: 'w.js', transport: 'message' });
    const { processorOptions } = made[0] as { processorOptions: Record<string, unknown> };
    const Processor = loadProcessor();

    // At start: a module that is not one (the loader's TypeError, with its option).
    const broken = new Processor({ processorOptions: { ...processorOptions, wasmModule: {} } });
    const startFailure = await broken.port.nextMessage();
    expect(startFailure).toEqual({
      type: 'error',
      error: {
        kind: 'TypeError',
        code: 'ERR_MELSPEC_WASM_LOAD',
        option: 'wasmModule',
        message: 'melspec-wasm: wasmModule must be a WebAssembly.Module',
      },
    });
    // What the node makes of that message.
    const failures: unknown[] = [];
    node.onerror = (error) => failures.push(error);
    made[0]?.port.onmessage?.({ data: startFailure });

    // While processing: a channel that is not audio makes the stream throw; the processor reports it and stops.
    const processor = new Processor({ processorOptions });
    expect(await processor.port.nextMessage()).toEqual({ type: 'ready' });
    expect(processor.process([[new Float32Array(128)]])).toBe(true);
    expect(processor.process([[[0.5] as never]])).toBe(false);
    const runFailure = processor.port.posted.at(-1);
    expect(runFailure).toMatchObject({ type: 'error', error: { kind: 'TypeError', code: 'ERR_MELSPEC_SIGNAL' } });
    made[0]?.port.onmessage?.({ data: runFailure });

    expect(failures).toHaveLength(2);
    expectError(failures[0], MelSpectrogramTypeError, 'ERR_MELSPEC_WASM_LOAD', 'wasmModule');
    expect((failures[0] as Error).message).toBe(
      'melspec-wasm worklet: melspec-wasm: wasmModule must be a WebAssembly.Module',
    );
    expectError(failures[1], MelSpectrogramTypeError, 'ERR_MELSPEC_SIGNAL');
    // The processorerror event (no detail) becomes an Error too.
    (node.node as unknown as { onprocessorerror: () => void }).onprocessorerror();
    expectError(failures[2], MelSpectrogramError, 'ERR_MELSPEC_WORKLET');
    node.dispose();
  });

  test('an error the processor posts during create() rejects create() with its class and code', async () => {
    fakeNode(() => ({
      type: 'error',
      error: { kind: 'RangeError', code: 'ERR_MELSPEC_MEMORY', message: 'out of WASM memory for the window' },
    }));
    const error = await rejected(MelSpectrogramNode.create(context() as never, { workletUrl: 'w.js' }));
    expectError(error, MelSpectrogramRangeError, 'ERR_MELSPEC_MEMORY');
    expect((error as Error).message).toBe('melspec-wasm worklet: out of WASM memory for the window');
  });
});

describe('the README', () => {
  test("its table of codes is the exported list, in order, and the union's members are those", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Errors'), readme.indexOf('## Limits'));
    const documented = [...section.matchAll(/^\| `(ERR_MELSPEC_\w+)` \|/gm)].map((match) => match[1]);
    expect(documented).toEqual([...melSpectrogramErrorCodes]);
    // The union type is the list's element type: each code is assignable, and no other string is.
    const everyCode: MelSpectrogramErrorCode[] = [...melSpectrogramErrorCodes];
    // @ts-expect-error not a code
    const notACode: MelSpectrogramErrorCode = 'ERR_MELSPEC_OTHER';
    expect(everyCode).not.toContain(notACode);
  });
});
