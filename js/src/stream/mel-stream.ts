// MelSpectrogramStream: push audio as it arrives, get the frames that became
// complete; their concatenation equals MelSpectrogram.compute() of the whole
// signal (see cpp/include/melspec/mel_stream.hpp). Created by MelSpectrogram.createStream().
import { describeValue } from '../errors/describe-value.js';
import { MelSpectrogramRangeError, MelSpectrogramTypeError } from '../errors/melspec-error.js';
import { memoryError, optionTypeError, signalRangeError, signalTypeError } from '../errors/make-errors.js';
import { ownValue } from '../options/option-names.js';
import { choiceOption } from '../options/value-checks.js';
import type { MelspecModule, SpectrogramBinding, StreamBinding } from '../core/emscripten-module.js';
import { computeStatus, createStreamBinding, errorCodeOfStatus, streamDbCodes } from '../core/engine-binding.js';
import { OwnedBinding } from '../core/owned-binding.js';
import { type EngineSettings, minimumLengthReason } from '../options/engine-settings.js';
import type { Signal } from '../core/signal-input.js';

/**
 * How a stream applies the top_db floor, which in compute() is relative to the
 * max of the whole signal and so cannot be applied as the audio arrives:
 * - 'none' (default): no floor. Applying max(x, overallMax - topDb) at the end gives
 *   exactly compute()'s result.
 * - 'running-max': floor at (largest value so far) - topDb, the frames of the current
 *   push included: never above compute()'s floor, the same once the loudest part has passed.
 * - 'fixed-ref': floor at -topDb dB, as if the loudest possible value were 0 dB re refPower.
 */
export type StreamDbMode = 'none' | 'running-max' | 'fixed-ref';
// The same names as schema/engine-options.json's StreamDb (the build fails if they differ
// either way); a public union, because the generated tables are not part of the API.
true satisfies [StreamDbMode] extends [keyof typeof streamDbCodes]
  ? [keyof typeof streamDbCodes] extends [StreamDbMode]
    ? true
    : false
  : false;

export interface StreamOptions {
  dbMode?: StreamDbMode;
}

/** Frames from one push() or flush(): `shape` [numMelBins, frames], C order, as compute(). */
export interface StreamFrames<T extends Float32Array | Float64Array = Float32Array> {
  data: T;
  shape: [number, number];
}

export function resolveStreamOptions(options: StreamOptions | undefined): StreamDbMode {
  if (options === undefined) return 'none';
  if (typeof options !== 'object' || options === null) {
    throw optionTypeError(undefined, `stream options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'dbMode') throw optionTypeError(key, `unknown stream option '${key}'; known: dbMode`);
  }
  return choiceOption('dbMode', ownValue(options, 'dbMode') ?? 'none', Object.keys(streamDbCodes) as StreamDbMode[]);
}

/**
 * A stream on its own engine, in the dtype of `settings` (T). Users call MelSpectrogram.createStream();
 * the constructor is private so that the published types offer no way to make one.
 */
export function openStream<T extends Float32Array | Float64Array>(
  wasm: MelspecModule,
  settings: EngineSettings,
  dbMode: StreamDbMode,
  planOf?: SpectrogramBinding,
): MelSpectrogramStream<T> {
  const Stream = MelSpectrogramStream as unknown as new (
    ...args: [MelspecModule, EngineSettings, StreamDbMode, SpectrogramBinding | undefined]
  ) => MelSpectrogramStream<T>;
  return new Stream(wasm, settings, dbMode, planOf);
}

export class MelSpectrogramStream<T extends Float32Array | Float64Array = Float32Array> implements Disposable {
  /** @internal Its own name in every build, as MelSpectrogram.name. */
  static readonly name = 'MelSpectrogramStream';
  readonly dbMode: StreamDbMode;
  readonly #wasm: MelspecModule;
  readonly #binding: OwnedBinding<StreamBinding>;
  readonly #bins: number;
  readonly #bytesPerSample: number;
  readonly #settings: EngineSettings;

  /** `planOf`: the spectrogram binding whose plan the stream shares (else it plans its own). */
  private constructor(
    wasm: MelspecModule,
    settings: EngineSettings,
    dbMode: StreamDbMode,
    planOf?: SpectrogramBinding,
  ) {
    // Both need the whole signal before its first frame (cpp/include/melspec/mel_stream.hpp).
    if (settings.fixedLength !== 0) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_STREAM',
        "a stream cannot pad or trim its signal to a fixed length (whisper's pad_or_trim): use compute()",
      );
    }
    if (settings.powerToDb && settings.refIsMax) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_STREAM',
        "a stream cannot use the largest value as the reference (librosa's ref 'max'): use compute(), or a number",
      );
    }
    this.#wasm = wasm;
    this.dbMode = dbMode;
    this.#settings = settings;
    this.#binding = new OwnedBinding(this, createStreamBinding(wasm, settings, dbMode, planOf), 'MelSpectrogramStream');
    this.#bins = settings.numMelBins;
    this.#bytesPerSample = settings.dtype === 'float64' ? 8 : 4;
  }

  #live(): StreamBinding {
    return this.#binding.get();
  }

  #heap(): Float32Array | Float64Array {
    return this.#bytesPerSample === 8 ? this.#wasm.HEAPF64 : this.#wasm.HEAPF32;
  }

  /** Samples pushed since the start (or the last reset()). */
  get samplesReceived(): number {
    return this.#live().samplesReceived();
  }

  /** Frames returned since the start (or the last reset()). */
  get framesEmitted(): number {
    return this.#live().framesEmitted();
  }

  /**
   * Appends `chunk` (any length, 0 included) and returns the frames it completed.
   * A chunk with a NaN or infinite sample is refused whole (RangeError), and the
   * stream goes on as if it had not been pushed.
   */
  push(chunk: Signal): StreamFrames<T> {
    return this.#framesOut(this.#pushToBinding(chunk));
  }

  /**
   * Like push(), without allocating: writes the frames to `out`, laid out
   * [numMelBins, frames], and returns the frame count. `out` needs room for
   * framesAfter(chunk.length) frames (an AudioWorklet sizes it once).
   */
  pushInto(chunk: Signal, out: T): number {
    const needed = this.framesAfter(chunk.length) * this.#bins;
    if (!(out instanceof (this.#bytesPerSample === 8 ? Float64Array : Float32Array)) || out.length < needed) {
      throw new MelSpectrogramRangeError(
        'ERR_MELSPEC_OUTPUT',
        `out must be a ${this.#bytesPerSample === 8 ? 'Float64Array' : 'Float32Array'} of at least ${needed} values`,
      );
    }
    const binding = this.#pushToBinding(chunk);
    const frames = binding.frames();
    const offset = binding.outputOffset() / this.#bytesPerSample;
    out.set(this.#heap().subarray(offset, offset + frames * this.#bins));
    return frames;
  }

  /** The frames a push of `samples` more samples will return. */
  framesAfter(samples: number): number {
    return this.#live().framesAfterPush(samples);
  }

  #pushToBinding(chunk: Signal): StreamBinding {
    const binding = this.#live();
    if (!(chunk instanceof Float32Array || chunk instanceof Float64Array)) {
      throw signalTypeError(`chunk must be a Float32Array or a Float64Array, got ${describeValue(chunk)}`);
    }
    const frames = binding.framesAfterPush(chunk.length);
    this.#reserve(binding, chunk.length, frames);
    this.#heap().set(chunk, binding.inputOffset() / this.#bytesPerSample);
    const status = binding.push(chunk.length);
    if (status === computeStatus.nonFinite) {
      const index = binding.nonFiniteIndex();
      throw signalRangeError(`chunk[${index}] is ${chunk[index]}: samples must be finite`);
    }
    this.#check(status);
    return binding;
  }

  /** Ends the signal and returns its last frames (those reaching into the end padding). */
  flush(): StreamFrames<T> {
    const binding = this.#live();
    this.#reserve(binding, 0, binding.flushFrames());
    this.#check(binding.flush());
    return this.#framesOut(binding);
  }

  /** The frames the last push or flush wrote, in a new array (a slice of the heap view). */
  #framesOut(binding: StreamBinding): StreamFrames<T> {
    const frames = binding.frames();
    const offset = binding.outputOffset() / this.#bytesPerSample;
    return { data: this.#heap().slice(offset, offset + frames * this.#bins) as T, shape: [this.#bins, frames] };
  }

  /** Starts a new signal. */
  reset(): void {
    this.#live().reset();
  }

  #reserve(binding: StreamBinding, samples: number, frames: number): void {
    if (!binding.reserve(samples, frames * this.#bins)) {
      throw memoryError(`could not get WASM memory for ${samples} samples; push smaller chunks`);
    }
  }

  #check(status: number): void {
    if (status === computeStatus.streamFinished) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_STREAM',
        'the stream was flushed: call reset() to start a new signal',
      );
    }
    if (status === computeStatus.signalTooShort) {
      const binding = this.#live();
      throw signalRangeError(
        `the stream's signal has ${binding.samplesReceived()} samples, ${this.#settings.preset} needs at least ` +
          `${binding.minimumSignalLength()}: ${minimumLengthReason(this.#settings)}; call reset() to start a new signal`,
      );
    }
    if (status !== computeStatus.ok)
      throw new MelSpectrogramRangeError(errorCodeOfStatus(status), `the stream engine failed (status ${status})`);
  }

  /** Frees the stream's WASM memory. Further calls throw; a second dispose() does nothing. */
  dispose(): void {
    this.#binding.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}
