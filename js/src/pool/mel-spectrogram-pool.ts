// MelSpectrogramPool: the same results as MelSpectrogram.compute(), bit for bit,
// computed by worker threads (worker-pool.ts). This class is the API and the option
// checks; the workers' code is imported by the first create(), so that an import of the
// package does not parse it: in the Node ESM entry it is a file of its own, 22 kB that
// every import compiled before (docs/performance.md, "Where a cold start goes").
import { MelSpectrogramError } from '../errors/melspec-error.js';
import type { MelSpectrogramResult, OutputArray, OutputFor } from '../core/mel-spectrogram.js';
import { MelSpectrogram } from '../core/mel-spectrogram.js';
import type { MelSpectrogramStream, StreamOptions } from '../stream/mel-stream.js';
import {
  type AnyMelSpectrogramOptions,
  type OptionsFor,
  type OptionsInEffect,
  type ResolvedOptions,
  resolveOptions,
} from '../options/resolve-options.js';
import type { SignalInput } from '../core/signal-input.js';
import { poolWorkerRuntime } from './worker-runtime.js';
import { type PoolOptions, resolvePoolOptions } from './pool-options.js';
import type { WorkerPool } from './worker-pool.js';
import { loadWorkerPool } from './load-worker-pool.js';

/**
 * The workers' code (the runtime's module cache makes every import after the first free; a
 * failed one is tried again by the next create()), or a library error saying what failed.
 */
function importWorkerPool(): Promise<typeof import('./worker-pool.js')> {
  return loadWorkerPool().catch((error: unknown) => {
    throw new MelSpectrogramError(
      'ERR_MELSPEC_WORKER',
      `melspec-wasm pool: could not load the pool's code (${error instanceof Error ? error.message : String(error)}); ` +
        "a bundler must keep the package's dist/ files together (see docs/bundlers.md)",
      { cause: error },
    );
  });
}

/**
 * A mel spectrogram computed on several threads.
 *
 * ```ts
 * const pool = await MelSpectrogramPool.create({ numMelBins: 80 }, { threads: 4 });
 * const { data, shape } = await pool.compute(longSignal); // = MelSpectrogram.compute(longSignal)
 * await pool.computeInto(longSignal, out);                   // or into your own array
 * await pool.dispose();
 * ```
 */
export class MelSpectrogramPool<T extends OutputArray = Float32Array, O extends OptionsInEffect = ResolvedOptions>
  implements AsyncDisposable
{
  /** @internal Its own name in every build, as MelSpectrogram.name. */
  static readonly name = 'MelSpectrogramPool';
  /** The options in effect, as MelSpectrogram.options. */
  readonly options: Readonly<O>;
  readonly threads: number;
  /** Whether calls share their memory with the workers (PoolOptions.sharedMemory). */
  readonly sharedMemory: boolean;
  /** Calls with fewer samples run on the calling thread (PoolOptions.singleThreadBelow). */
  readonly singleThreadBelow: number;
  readonly #workers: WorkerPool<T>;

  private constructor(options: O, workers: WorkerPool<T>) {
    this.options = Object.freeze(options);
    this.#workers = workers;
    this.threads = workers.threads;
    this.sharedMemory = workers.sharedMemory;
    this.singleThreadBelow = workers.singleThreadBelow;
  }

  /**
   * Checks the options like MelSpectrogram.create(), then starts the workers.
   * `poolOptions` may be omitted (or null): one thread per logical CPU.
   */
  // O defaults to {} as in MelSpectrogram.create(): no options means float32.
  // biome-ignore lint/complexity/noBannedTypes: {} stands for "no options given" (Keras defaults, float32), as create() with no argument
  static async create<O extends AnyMelSpectrogramOptions = {}>(
    options?: O,
    poolOptions?: PoolOptions | null,
  ): Promise<MelSpectrogramPool<OutputFor<O>, OptionsFor<O>>> {
    // Every option is read now, before any await: changing them afterwards changes nothing.
    const { options: resolved, settings } = resolveOptions(options);
    const runtime = poolWorkerRuntime();
    const pool = resolvePoolOptions(poolOptions, () => runtime.defaultThreads());
    const inProcessMade = MelSpectrogram.create(options) as Promise<MelSpectrogram<OutputFor<O>>>;
    const loading = importWorkerPool();
    // Awaited below, once the in-process instance (which a failure must dispose) is made: until
    // then its rejection must not count as unhandled, which ends a Node process. When both fail,
    // the instance's error is the one reported.
    loading.catch(() => {});
    const inProcess = await inProcessMade;
    let workerPool: typeof import('./worker-pool.js');
    try {
      workerPool = await loading;
    } catch (error) {
      inProcess.dispose();
      throw error;
    }
    const workers = await workerPool.WorkerPool.start(settings, pool, runtime, inProcess);
    return new MelSpectrogramPool<OutputFor<O>, OptionsFor<O>>(resolved as OptionsFor<O>, workers);
  }

  // The same members as MelSpectrogram (compute and computeInto return Promises), so that
  // code written for one takes the other.

  /** As MelSpectrogram.minimumSignalLength. */
  get minimumSignalLength(): number {
    return this.#workers.minimumSignalLength;
  }

  /** true once dispose() has been called. */
  get disposed(): boolean {
    return this.#workers.disposed;
  }

  /** Frames for a signal of `signalLength` samples, as MelSpectrogram.frameCount(). */
  frameCount(signalLength: number): number {
    return this.#workers.frameCount(signalLength);
  }

  /** The shape compute() returns for this input, without computing (as MelSpectrogram.outputShape()). */
  outputShape(signal: SignalInput): number[] {
    return this.#workers.outputShape(signal);
  }

  /** The mel filterbank, as MelSpectrogram.melWeights(). */
  melWeights(): MelSpectrogramResult<T> {
    return this.#workers.melWeights();
  }

  /** A stream on the main thread, as MelSpectrogram.createStream() (streams are one thread's work). */
  createStream(options?: StreamOptions): MelSpectrogramStream<T> {
    return this.#workers.createStream(options);
  }

  /** Shrinks the main thread's buffers and drops the shared ones kept for the next call, as MelSpectrogram.releaseBuffers(). */
  releaseBuffers(): void {
    this.#workers.releaseBuffers();
  }

  /**
   * The same result as MelSpectrogram.compute(signal), computed by the workers.
   * The input is checked (and rejected with TypeError/RangeError) before any work,
   * and copied before compute() returns: changing `signal` afterwards changes nothing.
   * Any number of calls may run at once; dispose() rejects those not finished.
   */
  compute(signal: SignalInput): Promise<MelSpectrogramResult<T>> {
    return this.#workers.compute(signal);
  }

  /**
   * Like compute(), but writes into `out` (as MelSpectrogram.computeInto): no new
   * output array, which matters for long signals (fresh memory costs page faults).
   */
  computeInto(signal: SignalInput, out: T): Promise<MelSpectrogramResult<T>> {
    return this.#workers.computeInto(signal, out);
  }

  /**
   * Stops the workers and frees the pool's memory. Every call not finished yet
   * (queued or computing) rejects with "this MelSpectrogramPool has been disposed",
   * as do later calls.
   */
  dispose(): Promise<void> {
    return this.#workers.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
