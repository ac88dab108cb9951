// The public MelSpectrogram class: options in, one engine binding per instance,
// samples copied into the WASM heap a chunk at a time (compute-in-chunks.ts) and the result out once.
import { describeValue } from '../errors/describe-value.js';
import { MelSpectrogramRangeError, MelSpectrogramTypeError } from '../errors/melspec-error.js';
import { memoryError, signalRangeError, signalTypeError } from '../errors/make-errors.js';
import { computeInChunks } from './compute-in-chunks.js';
import type { MelspecModule, SpectrogramBinding } from './emscripten-module.js';
import { createSpectrogramBinding } from './engine-binding.js';
import { type EngineSettings, minimumLengthReason } from '../options/engine-settings.js';
import { OwnedBinding } from './owned-binding.js';
import {
  type AnyMelSpectrogramOptions,
  type OptionsFor,
  type OptionsInEffect,
  type ResolvedOptions,
  resolveOptions,
} from '../options/resolve-options.js';
import { type SignalBatch, type SignalInput, checkSignalInput } from './signal-input.js';
import {
  type MelSpectrogramStream,
  type StreamOptions,
  openStream,
  resolveStreamOptions,
} from '../stream/mel-stream.js';
import { loadModule } from './wasm-loader.js';

/** The output array type for a dtype. */
export type OutputArray = Float32Array | Float64Array;

/** A result: `data` in C order, `shape` [numMelBins, frames], [batch, numMelBins, frames], or [...dims, numMelBins, frames]. */
export interface MelSpectrogramResult<T extends OutputArray = Float32Array> {
  data: T;
  shape: number[];
}

/**
 * The output array type for options of type O (any preset, or a serialised Keras layer):
 * Float64Array for dtype 'float64', Float32Array for 'float32' or no dtype, and
 * `Float32Array | Float64Array` when the type allows either (e.g. `dtype: d` with
 * `d: DType`, or options typed as MelSpectrogramOptions), as only run time knows.
 */
export type OutputFor<O> = O extends unknown // one answer per member of a union of option types
  ? // The dtype option: O's own, or its config's for a serialised Keras layer; undefined if none.
    (
      O extends { class_name: 'MelSpectrogram'; config: infer Config }
        ? 'dtype' extends keyof Config
          ? Config['dtype']
          : undefined
        : 'dtype' extends keyof O
          ? O['dtype']
          : undefined
    ) extends infer DTypeOption
    ? // Its name, per member of a union: a name itself, or a Keras policy's config.name or name.
      (
        DTypeOption extends string | undefined
          ? DTypeOption
          : DTypeOption extends { config: { name: infer Name } }
            ? Name
            : DTypeOption extends { config?: undefined; name: infer Name }
              ? Name
              : string
      ) extends infer Name
      ? Name extends 'float64'
        ? Float64Array
        : Name extends 'float32' | undefined
          ? Float32Array
          : OutputArray
      : never
    : never
  : never;

/**
 * A new array holding heap[offset, offset + size). slice() of the heap view, not
 * `new Float32Array(size).set(subarray)`: V8 (Node 20) takes about 10 ns per value
 * for the latter when the source is WASM memory, 50x slower than slice().
 */
export function copyOut(heap: Float32Array | Float64Array, offset: number, size: number): Float32Array | Float64Array {
  return heap.slice(offset, offset + size);
}

/**
 * frameCount() of MelSpectrogram and MelSpectrogramPool: `signalLength` checked (a positive
 * integer, long enough for the preset), then the binding's count.
 */
export function checkedFrameCount(
  binding: SpectrogramBinding,
  settings: EngineSettings,
  minimumLength: number,
  signalLength: number,
): number {
  if (typeof signalLength !== 'number') {
    throw signalTypeError(`signalLength must be a number, got ${describeValue(signalLength)}`);
  }
  if (!Number.isSafeInteger(signalLength) || signalLength < 1) {
    throw signalRangeError(`signalLength must be a positive integer, got ${signalLength}`);
  }
  checkSignalLength(settings, signalLength, minimumLength);
  return binding.frameCount(signalLength);
}

/** melWeights() of MelSpectrogram and MelSpectrogramPool: the engine's filterbank, copied out of the heap. */
export function readMelWeights(
  wasm: MelspecModule,
  binding: SpectrogramBinding,
  settings: EngineSettings,
): MelSpectrogramResult<OutputArray> {
  const bins = binding.binCount();
  const size = bins * settings.numMelBins;
  if (!binding.reserve(0, size)) throw memoryError('out of WASM memory for the mel weights');
  binding.writeMelWeights();
  const heap = settings.dtype === 'float64' ? wasm.HEAPF64 : wasm.HEAPF32;
  return {
    data: copyOut(heap, binding.outputOffset() / heap.BYTES_PER_ELEMENT, size),
    shape: [bins, settings.numMelBins],
  };
}

/** computeInto()'s `out`: an array of the dtype's type and exactly the output size (ERR_MELSPEC_OUTPUT). */
export function checkOutputArray(out: unknown, dtype: 'float32' | 'float64', shape: number[], size: number): void {
  const expected = dtype === 'float64' ? Float64Array : Float32Array;
  if (!(out instanceof expected)) {
    throw new MelSpectrogramTypeError(
      'ERR_MELSPEC_OUTPUT',
      `out must be a ${expected.name} (dtype '${dtype}'), got ${Object.prototype.toString.call(out)}`,
    );
  }
  if (out.length !== size) {
    throw new MelSpectrogramRangeError(
      'ERR_MELSPEC_OUTPUT',
      `out must have ${size} values for shape [${shape.join(', ')}], got ${out.length}`,
    );
  }
}

/** Checks that `signalLength` samples are enough for the settings' padding rules. */
export function checkSignalLength(settings: EngineSettings, signalLength: number, minimum: number): void {
  if (signalLength >= minimum) return;
  throw signalRangeError(
    `signal has ${signalLength} samples, ${settings.preset} needs at least ${minimum}: ${minimumLengthReason(settings)}`,
  );
}

/**
 * `keras.layers.MelSpectrogram` for JavaScript, on WebAssembly, and the
 * torchaudio, librosa and Whisper mel spectrograms by preset.
 *
 * ```ts
 * const mel = await MelSpectrogram.create({ numMelBins: 64, samplingRate: 8000, sequenceStride: 256 });
 * const { data, shape } = mel.compute(signal); // shape [64, frames]
 * const whisper = await MelSpectrogram.create({ preset: 'whisper', n_mels: 80, pad_or_trim: true });
 * mel.dispose();
 * ```
 */
export class MelSpectrogram<T extends OutputArray = Float32Array, O extends OptionsInEffect = ResolvedOptions>
  implements Disposable
{
  /** @internal Its own name in every build: bundlers rename classes (`_MelSpectrogram`, or one letter once minified), which consoles and `util.inspect` show. */
  static readonly name = 'MelSpectrogram';
  /** The options in effect, defaults applied, in the preset's own names (Keras: camelCase). */
  readonly options: Readonly<O>;
  /** What the engine was configured with. */
  readonly #settings: Readonly<EngineSettings>;
  readonly #wasm: MelspecModule;
  readonly #binding: OwnedBinding<SpectrogramBinding>;
  readonly #bytesPerSample: number;
  readonly #minimumLength: number;

  private constructor(wasm: MelspecModule, options: O, settings: EngineSettings) {
    this.#wasm = wasm;
    this.options = Object.freeze(options);
    this.#settings = Object.freeze(settings);
    const binding = createSpectrogramBinding(wasm, settings);
    this.#binding = new OwnedBinding(this, binding, 'MelSpectrogram');
    this.#bytesPerSample = settings.dtype === 'float64' ? 8 : 4;
    this.#minimumLength = binding.minimumSignalLength();
  }

  /**
   * Checks the options (throwing TypeError/RangeError with code ERR_MELSPEC_OPTION and the bad `option`), loads the
   * WASM module on first use, and plans the computation. Without `preset`, the Keras
   * layer's options in camelCase or the snake_case dict of its `get_config()`; with
   * `preset: 'torchaudio' | 'librosa' | 'whisper'`, that library's parameters.
   */
  // O defaults to {} (no options given: Keras, float32), not MelSpectrogramOptions, whose dtype may be either.
  // biome-ignore lint/complexity/noBannedTypes: {} stands for "no options given" (Keras defaults, float32), as create() with no argument
  static async create<O extends AnyMelSpectrogramOptions = {}>(
    options?: O,
  ): Promise<MelSpectrogram<OutputFor<O>, OptionsFor<O>>> {
    const resolved = resolveOptions(options);
    const wasm = await loadModule();
    return new MelSpectrogram<OutputFor<O>, OptionsFor<O>>(wasm, resolved.options as OptionsFor<O>, resolved.settings);
  }

  /** The fewest samples a signal may have: 1, or more where the preset's padding needs it (torch's reflect pad). */
  get minimumSignalLength(): number {
    return this.#minimumLength;
  }

  /** true once dispose() has been called. */
  get disposed(): boolean {
    return this.#binding.disposed;
  }

  #liveBinding(): SpectrogramBinding {
    return this.#binding.get();
  }

  /**
   * Frames for a signal of `signalLength` samples (Keras' real count, 1 + N // stride
   * for even fftLength; the preset's own otherwise, e.g. N // 160 for Whisper).
   */
  frameCount(signalLength: number): number {
    return checkedFrameCount(this.#liveBinding(), this.#settings, this.#minimumLength, signalLength);
  }

  /** The shape compute() returns for this input, without computing. */
  outputShape(signal: SignalInput): number[] {
    return this.#checkInput(signal).shape;
  }

  /** Checks a compute() input (its form, and its length against the preset's rules) and works out its output shape. */
  #checkInput(signal: SignalInput): { input: SignalBatch; shape: number[]; size: number } {
    const binding = this.#liveBinding();
    const input = checkSignalInput(signal, this.#settings.maxInputRank);
    checkSignalLength(this.#settings, input.length, this.#minimumLength);
    const shape = [...input.leadingShape, this.#settings.numMelBins, binding.frameCount(input.length)];
    return { input, shape, size: shape.reduce((a, b) => a * b, 1) };
  }

  #heap(): Float32Array | Float64Array {
    // Read after every call that may grow memory: growth replaces the heap's views.
    return this.#bytesPerSample === 8 ? this.#wasm.HEAPF64 : this.#wasm.HEAPF32;
  }

  /** Runs the engine on `input`; returns the heap offset (in elements) of the result. */
  #run(input: SignalBatch, outputSize: number): number {
    return computeInChunks(this.#wasm, this.#liveBinding(), this.#settings, input, outputSize);
  }

  /**
   * The mel spectrogram of one signal ([numMelBins, frames]) or of a batch
   * ([batch, numMelBins, frames]; [...dims, numMelBins, frames] for a tensor of
   * signals), in a new array of the instance's dtype.
   */
  compute(signal: SignalInput): MelSpectrogramResult<T> {
    const { input, shape, size } = this.#checkInput(signal);
    const offset = this.#run(input, size);
    return { data: copyOut(this.#heap(), offset, size) as T, shape };
  }

  /**
   * Like compute(), but writes into `out` (a Float32Array, or Float64Array for
   * dtype 'float64', of exactly the output size) and allocates no output array.
   */
  computeInto(signal: SignalInput, out: T): MelSpectrogramResult<T> {
    const { input, shape, size } = this.#checkInput(signal);
    checkOutputArray(out, this.#settings.dtype, shape, size);
    const offset = this.#run(input, size);
    out.set(this.#heap().subarray(offset, offset + size));
    return { data: out, shape };
  }

  /**
   * The mel filterbank, shape [fftLength / 2 + 1, numMelBins]: Keras'
   * linear_to_mel_weight_matrix, torchaudio's melscale_fbanks, the transpose of librosa.filters.mel.
   */
  melWeights(): MelSpectrogramResult<T> {
    return readMelWeights(this.#wasm, this.#liveBinding(), this.#settings) as MelSpectrogramResult<T>;
  }

  /**
   * A stream for audio that arrives in chunks (a microphone, a file read piece by
   * piece): `stream.push(chunk)` returns the frames each chunk completes and
   * `stream.flush()` the last ones; together they equal compute() of the whole
   * signal, apart from the top_db floor (see `dbMode`). The stream has its own
   * engine binding: dispose() it too.
   */
  createStream(options?: StreamOptions): MelSpectrogramStream<T> {
    this.#liveBinding();
    // On this instance's plan: the stream plans nothing again (window, FFT, filterbank).
    return openStream<T>(this.#wasm, this.#settings, resolveStreamOptions(options), this.#liveBinding());
  }

  /**
   * Returns the memory of the call buffers, which otherwise stay as large as
   * the largest call so far; the instance stays usable.
   */
  releaseBuffers(): void {
    this.#liveBinding().releaseBuffers();
  }

  /** Frees the WASM memory this instance owns. Further calls throw; a second dispose() does nothing. */
  dispose(): void {
    this.#binding.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
