// MelSpectrogramPool: the same results as MelSpectrogram.compute(), bit for
// bit, computed by worker threads that share one compiled WebAssembly.Module.
// Each signal is cut into frame ranges (frame-jobs.ts); workers return mel log
// values without the top_db floor plus their largest value, and the pool
// applies the floor (and the rest of the log's finish) against the max of each
// top_db group (the batch, a signal, a torchaudio channel block), as compute() does.
import type { MelspecModule, SpectrogramBinding } from '../core/emscripten-module.js';
import { computeStatus, createSpectrogramBinding } from '../core/engine-binding.js';
import { type EngineSettings, signalsPerTopDbGroup } from '../options/engine-settings.js';
import type { UrlObject } from '../core/platform-types.js';
import { type FrameJob, planJobs } from './frame-jobs.js';
import { type DoneReply, type JobOutcome, type PreparedJob, PoolScheduler } from './scheduler.js';
import { describeValue } from '../errors/describe-value.js';
import { MelSpectrogramError, MelSpectrogramRangeError, MelSpectrogramTypeError } from '../errors/melspec-error.js';
import {
  disposedError,
  memoryError,
  optionRangeError,
  optionTypeError,
  signalRangeError,
} from '../errors/make-errors.js';
import { ownValue } from '../options/option-names.js';
import {
  type MelSpectrogramResult,
  type OutputArray,
  type OutputFor,
  checkOutputArray,
  checkSignalLength,
  checkedFrameCount,
  copyOut,
  readMelWeights,
} from '../core/mel-spectrogram.js';
import {
  type MelSpectrogramStream,
  type StreamOptions,
  openStream,
  resolveStreamOptions,
} from '../stream/mel-stream.js';
import {
  type AnyMelSpectrogramOptions,
  type OptionsFor,
  type OptionsInEffect,
  type ResolvedOptions,
  resolveOptions,
} from '../options/resolve-options.js';
import { type Signal, type SignalBatch, type SignalInput, checkSignalInput } from '../core/signal-input.js';
import { type BrowserWorker, type PoolWorker, type WorkerSource, poolWorkerRuntime } from './worker-runtime.js';
import { compiledModule, loadModule } from '../core/wasm-loader.js';

export interface PoolOptions {
  /** Worker threads; default: the number of logical CPUs. */
  threads?: number;
  /**
   * The worker script: by default dist/pool-worker.js (browsers) or dist/pool-worker.node.js
   * (Node) next to the entry. Give its URL when it is served elsewhere (a path or file: URL in Node).
   */
  workerUrl?: string | UrlObject;
  /**
   * Browsers: makes each worker, for a script on another origin (browsers refuse
   * `new Worker(otherOrigin)`): e.g. a same-origin blob worker that imports it.
   */
  createWorker?: () => BrowserWorker;
}

/** Fewer frames than this per job cost more in messaging than they save. */
const minimumFramesPerJob = 64;
/** Jobs per worker for one signal, so that faster workers can take more of them. */
const jobsPerWorker = 4;

/** A checked input without its samples (they were copied into the jobs). */
type CheckedInput = Omit<SignalBatch, 'pieces'>;

const poolDisposedError = () => disposedError('MelSpectrogramPool');

/** The pool options, read as own properties only (a polluted Object.prototype changes nothing). */
function resolvePoolOptions(
  poolOptions: unknown,
  defaultThreads: () => number,
): { threads: number; source: WorkerSource } {
  if (poolOptions === undefined || poolOptions === null) return { threads: defaultThreads(), source: {} };
  if (typeof poolOptions !== 'object' || Array.isArray(poolOptions)) {
    throw optionTypeError(undefined, `pool options must be an object, got ${describeValue(poolOptions)}`);
  }
  const threads = ownValue(poolOptions, 'threads') ?? defaultThreads();
  if (typeof threads !== 'number') throw optionTypeError('threads', `threads must be a number, got ${typeof threads}`);
  if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
    throw optionRangeError('threads', `threads must be an integer from 1 to 256, got ${threads}`);
  }
  const workerUrl = ownValue(poolOptions, 'workerUrl');
  if (
    workerUrl !== undefined &&
    typeof workerUrl !== 'string' &&
    !(typeof URL === 'function' && workerUrl instanceof URL)
  ) {
    throw optionTypeError('workerUrl', `workerUrl must be a string or a URL, got ${describeValue(workerUrl)}`);
  }
  const createWorker = ownValue(poolOptions, 'createWorker');
  if (createWorker !== undefined && typeof createWorker !== 'function') {
    throw optionTypeError(
      'createWorker',
      `createWorker must be a function returning a Worker, got ${describeValue(createWorker)}`,
    );
  }
  if (workerUrl !== undefined && createWorker !== undefined) {
    throw optionTypeError('createWorker', 'give workerUrl or createWorker, not both');
  }
  return { threads, source: { workerUrl, createWorker } as WorkerSource };
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
  /** The options in effect, as MelSpectrogram.options. */
  readonly options: Readonly<O>;
  readonly threads: number;
  readonly #settings: Readonly<EngineSettings>;
  readonly #minimumLength: number;
  readonly #wasm: MelspecModule;
  readonly #planner: SpectrogramBinding; // main-thread binding: frame counts, slice bounds, joining the parts
  readonly #scheduler: PoolScheduler;
  #disposed = false;

  private constructor(
    options: O,
    settings: EngineSettings,
    wasm: MelspecModule,
    planner: SpectrogramBinding,
    workers: PoolWorker[],
  ) {
    this.options = Object.freeze(options);
    this.#settings = Object.freeze(settings);
    this.#minimumLength = planner.minimumSignalLength();
    this.#wasm = wasm;
    this.#planner = planner;
    this.#scheduler = new PoolScheduler(workers, workers.length * jobsPerWorker);
    this.threads = workers.length;
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
    const { options: resolved, settings } = resolveOptions(options);
    const runtime = poolWorkerRuntime();
    const { threads, source } = resolvePoolOptions(poolOptions, () => runtime.defaultThreads());
    const [wasm, wasmModule] = await Promise.all([loadModule(), compiledModule()]);
    const planner = createSpectrogramBinding(wasm, settings);
    const workers: PoolWorker[] = [];
    try {
      while (workers.length < threads) workers.push(runtime.start(source));
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              worker.onReply((reply) => (reply.kind === 'ready' ? resolve() : undefined));
              worker.onError(reject);
              worker.hold(true);
              worker.post({ kind: 'init', wasmModule, settings }, []);
            }),
        ),
      );
    } catch (error) {
      planner.delete();
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    } finally {
      for (const worker of workers) worker.hold(false);
    }
    return new MelSpectrogramPool<OutputFor<O>, OptionsFor<O>>(
      resolved as OptionsFor<O>,
      settings,
      wasm,
      planner,
      workers,
    );
  }

  // The same members as MelSpectrogram (compute and computeInto return Promises), so that
  // code written for one takes the other.

  /** As MelSpectrogram.minimumSignalLength. */
  get minimumSignalLength(): number {
    return this.#minimumLength;
  }

  /** true once dispose() has been called. */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Frames for a signal of `signalLength` samples, as MelSpectrogram.frameCount(). */
  frameCount(signalLength: number): number {
    this.#checkLive();
    return checkedFrameCount(this.#planner, this.#settings, this.#minimumLength, signalLength);
  }

  /** The shape compute() returns for this input, without computing (as MelSpectrogram.outputShape()). */
  outputShape(signal: SignalInput): number[] {
    this.#checkLive();
    const input = checkSignalInput(signal, this.#settings.maxInputRank);
    checkSignalLength(this.#settings, input.length, this.#minimumLength);
    return [...input.leadingShape, this.#settings.numMelBins, this.#planner.frameCount(input.length)];
  }

  /** The mel filterbank, as MelSpectrogram.melWeights(). */
  melWeights(): MelSpectrogramResult<T> {
    this.#checkLive();
    return readMelWeights(this.#wasm, this.#planner, this.#settings) as MelSpectrogramResult<T>;
  }

  /** A stream on the main thread, as MelSpectrogram.createStream() (streams are one thread's work). */
  createStream(options?: StreamOptions): MelSpectrogramStream<T> {
    this.#checkLive();
    return openStream<T>(this.#wasm, this.#settings, resolveStreamOptions(options), this.#planner);
  }

  /** Shrinks the main thread's join buffers, as MelSpectrogram.releaseBuffers(). */
  releaseBuffers(): void {
    this.#checkLive();
    this.#planner.releaseBuffers();
  }

  /**
   * The same result as MelSpectrogram.compute(signal), computed by the workers.
   * The input is checked (and rejected with TypeError/RangeError) before any work,
   * and copied before compute() returns: changing `signal` afterwards changes nothing.
   * Any number of calls may run at once; dispose() rejects those not finished.
   */
  compute(signal: SignalInput): Promise<MelSpectrogramResult<T>> {
    return this.#start(signal, null);
  }

  /**
   * Like compute(), but writes into `out` (as MelSpectrogram.computeInto): no new
   * output array, which matters for long signals (fresh memory costs page faults).
   */
  computeInto(signal: SignalInput, out: T): Promise<MelSpectrogramResult<T>> {
    return this.#start(signal, out);
  }

  /**
   * Checks the input and copies its samples into the jobs' slices, synchronously;
   * then runs the jobs. Errors come back as rejections, never as throws.
   */
  #start(signal: SignalInput, out: T | null): Promise<MelSpectrogramResult<T>> {
    let call: { jobs: FrameJob[]; prepared: PreparedJob[]; input: CheckedInput; shape: number[] };
    try {
      this.#checkLive();
      const input = checkSignalInput(signal, this.#settings.maxInputRank);
      checkSignalLength(this.#settings, input.length, this.#minimumLength);
      const shape = [...input.leadingShape, this.#settings.numMelBins, this.#planner.frameCount(input.length)];
      if (out !== null)
        checkOutputArray(
          out,
          this.#settings.dtype,
          shape,
          shape.reduce((a, b) => a * b, 1),
        );
      // Only the shape and names are kept: the caller's arrays are not read again.
      const { leadingShape, batch, length, nameSample } = input;
      call = { ...this.#prepareJobs(input), input: { leadingShape, batch, length, nameSample }, shape };
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#scheduler
      .run(call.prepared)
      .then((outcome) => this.#finish(call.jobs, outcome, call.input, call.shape, out));
  }

  /** The jobs for a checked input, each with a copy of the samples it reads (in the engine's precision, as Keras casts). */
  #prepareJobs(input: SignalBatch): { jobs: FrameJob[]; prepared: PreparedJob[] } {
    const { batch, length } = input;
    const frames = this.#planner.frameCount(length);
    const jobs = planJobs(batch, length, frames, this.threads * jobsPerWorker, minimumFramesPerJob, (first, count) => [
      this.#planner.samplesReadFirst(length, first, count),
      this.#planner.samplesReadEnd(length, first, count),
    ]);
    // One piece per signal (an array of signals), or one for the whole batch (a lone signal, a tensor).
    const [whole] = input.pieces;
    const itemSamples = (item: number): Signal | undefined =>
      input.pieces.length === batch ? input.pieces[item] : whole?.subarray(item * length, (item + 1) * length);
    const float64 = this.#settings.dtype === 'float64';
    const prepared = jobs.map((job): PreparedJob => {
      const item = itemSamples(job.item);
      if (!item)
        throw new MelSpectrogramError('ERR_MELSPEC_WORKER', `melspec-wasm pool: no samples for batch item ${job.item}`);
      const samples = item.subarray(job.sliceFirst, job.sliceEnd);
      const slice = this.#scheduler.sliceFor(samples.length, float64);
      slice.set(samples);
      return {
        slice,
        sliceCount: samples.length,
        sliceFirst: job.sliceFirst,
        signalLength: length,
        firstFrame: job.firstFrame,
        frames: job.frames,
      };
    });
    return { jobs, prepared };
  }

  /**
   * Joins the parts in the main thread's WASM heap, finishes them there and copies
   * the result out, all in one synchronous step (another call's join reuses the heap).
   */
  #finish(
    jobs: FrameJob[],
    outcome: JobOutcome,
    input: CheckedInput,
    shape: number[],
    out: T | null,
  ): MelSpectrogramResult<T> {
    // A call ended by its last reply may run after a dispose() made in between.
    this.#checkLive();
    const [firstFailure] = outcome.failures;
    if (firstFailure) throw this.#failureError(jobs, outcome.failures, firstFailure, input);
    const { batch } = input;
    const bins = this.#settings.numMelBins;
    const frames = shape.at(-1) ?? 0;
    const itemSize = bins * frames;
    const total = batch * itemSize;
    const bytesPerValue = this.#settings.dtype === 'float64' ? 8 : 4;
    if (!this.#planner.reserve(0, total)) throw memoryError('could not get WASM memory to join the results');
    const heap = bytesPerValue === 8 ? this.#wasm.HEAPF64 : this.#wasm.HEAPF32;
    const base = this.#planner.outputOffset() / bytesPerValue;
    const largest = new Array<number>(batch).fill(-Infinity);
    for (const [j, job] of jobs.entries()) {
      const reply: DoneReply | undefined = outcome.replies[j];
      if (!reply)
        throw new MelSpectrogramError('ERR_MELSPEC_WORKER', `melspec-wasm pool: job ${j} came back without a result`);
      const itemBase = base + job.item * itemSize + job.firstFrame;
      for (let m = 0; m < bins; m++)
        heap.set(reply.data.subarray(m * job.frames, (m + 1) * job.frames), itemBase + m * frames);
      largest[job.item] = Math.max(largest[job.item] ?? -Infinity, reply.largest);
      this.#scheduler.keepOutput(reply.data);
    }
    // The top_db floor and the rest of the log's finish, per top_db group.
    const perGroup = signalsPerTopDbGroup(this.#settings, input.leadingShape);
    for (let first = 0; first < batch; first += perGroup) {
      const groupMax = largest.slice(first, first + perGroup).reduce((a, b) => Math.max(a, b), -Infinity);
      this.#planner.finishLog(first * itemSize, perGroup * itemSize, groupMax);
    }
    if (out === null) return { data: copyOut(heap, base, total) as T, shape };
    if (out.length !== total) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_OUTPUT',
        `out was detached or resized while the pool computed (it has ${out.length} values, needs ${total})`,
      );
    }
    out.set(heap.subarray(base, base + total));
    return { data: out, shape };
  }

  /** The first non-finite sample over all jobs, named (with its value) as compute() names it; else the first failure. */
  #failureError(
    jobs: FrameJob[],
    failures: JobOutcome['failures'],
    firstFailure: JobOutcome['failures'][number],
    input: CheckedInput,
  ): Error {
    const nonFinite = failures
      .flatMap(({ index, reply }) => {
        const job = jobs[index];
        if (!job || reply.status !== computeStatus.nonFinite) return [];
        return {
          at: job.item * input.length + reply.nonFiniteIndex,
          // The value from the pool's own copy, in the engine's precision, as compute() reads it from its heap.
          value: reply.slice[reply.nonFiniteIndex - job.sliceFirst],
        };
      })
      .sort((a, b) => a.at - b.at);
    const [first] = nonFinite;
    if (first) {
      return signalRangeError(
        `${input.nameSample(first.at)} is ${first.value}: samples must be finite (Keras would turn the whole output into NaN)`,
      );
    }
    const { reply } = firstFailure;
    const message = `melspec-wasm pool: ${reply.message}`;
    return reply.code === 'ERR_MELSPEC_MEMORY'
      ? new MelSpectrogramRangeError(reply.code, message)
      : new MelSpectrogramError(reply.code, message);
  }

  #checkLive(): void {
    if (this.#disposed) throw poolDisposedError();
    const closed = this.#scheduler.closedError();
    if (closed) throw closed;
  }

  /**
   * Stops the workers and frees the pool's memory. Every call not finished yet
   * (queued or computing) rejects with "this MelSpectrogramPool has been disposed",
   * as do later calls.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#planner.delete();
    await this.#scheduler.close(poolDisposedError);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
