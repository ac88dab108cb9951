// MelSpectrogramPool: the same results as MelSpectrogram.compute(), bit for
// bit, computed by worker threads that share one compiled WebAssembly.Module.
// Each signal is cut into frame ranges (frame-jobs.ts); workers give mel log
// values without the top_db floor plus their largest value, and the pool
// applies the floor (and the rest of the log's finish) against the max of each
// top_db group (the batch, a signal, a torchaudio channel block), as compute() does.
// Where SharedArrayBuffer is usable (Node; cross-origin isolated pages) a call lives
// in shared memory: the pool copies the samples in while the workers already claim
// jobs, and the workers write their frames straight into the joined output. Elsewhere
// each job's samples and frames travel in transferred buffers. Short calls run on
// the calling thread (singleThreadBelow), where the workers would cost more than they save.
import type { MelspecModule, SpectrogramBinding } from '../core/emscripten-module.js';
import { computeStatus, createSpectrogramBinding } from '../core/engine-binding.js';
import { finishLogGroups } from '../core/compute-in-chunks.js';
import type { EngineSettings } from '../options/engine-settings.js';
import type { UrlObject } from '../core/platform-types.js';
import { type FrameJob, type JobFailure, type SharedCall, jobsReadySlot, planJobs } from './frame-jobs.js';
import { type DoneReply, type JobOutcome, type PoolTask, PoolScheduler } from './scheduler.js';
import { keepLargest, takeSmallestFitting } from './spares.js';
import { describeValue } from '../errors/describe-value.js';
import { MelSpectrogramError, MelSpectrogramRangeError, MelSpectrogramTypeError } from '../errors/melspec-error.js';
import {
  disposedError,
  memoryError,
  optionRangeError,
  optionTypeError,
  signalRangeError,
} from '../errors/make-errors.js';
import { type OptionNames, collectOptions, ownValue } from '../options/option-names.js';
import {
  type MelSpectrogramResult,
  type OutputArray,
  type OutputFor,
  checkOutputArray,
  checkSignalLength,
  checkedFrameCount,
  copyOut,
  MelSpectrogram,
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
  /**
   * Calls with fewer samples than this (batch × signal length) are computed on the calling
   * thread, as MelSpectrogram.compute() would (same results), because for them the
   * workers cost more than they save. Default 960 000 (1 min at 16 kHz); 0: always the workers.
   */
  singleThreadBelow?: number;
  /**
   * Share each call's samples and output with the workers in SharedArrayBuffers. Default:
   * true where that is possible (Node; a cross-origin isolated page), false elsewhere
   * (then each job's samples and frames are transferred). true where it is not possible is an error.
   */
  sharedMemory?: boolean;
}

/**
 * The default PoolOptions.singleThreadBelow: 1 min of 16 kHz audio (about 5 ms of work on
 * one thread, Keras or Whisper framing). Measured on 2 vCPUs (node bench/scaling.mjs and
 * --browser, 7-15 interleaved rounds, four runs): below 1 min a 2-worker pool was slower
 * than one thread in every run but one (0.49-0.80x at 30 s in Node, 0.57-1.01x in Chromium);
 * at 1 min it is even (0.67-1.34x), from 1.5 min on it pays (0.98-1.33x, then 1.2-1.8x at
 * 2-5 min). Waking the workers, the copies and the join cost a few ms whatever the length.
 */
export const defaultSingleThreadBelow = 960000;

/** Fewer frames than this per job cost more in messaging than they save. */
const minimumFramesPerJob = 64;
/** Jobs per worker for one signal (transferred jobs), so that faster workers can take more of them. */
const jobsPerWorker = 4;
/**
 * Jobs per worker for one call in shared memory: claiming one costs an atomic add, so
 * small jobs are cheap, let unequal cores finish together, and let the first start early.
 */
const sharedJobsPerWorker = 16;
/** Shared buffers kept for reuse between calls (fresh memory costs page faults). */
const maxSharedSpares = 2;

/** One call's shared memory, kept for the next call once done. */
interface SharedBuffers {
  input: Float32Array | Float64Array;
  output: Float32Array | Float64Array;
  largest: Float64Array;
  control: Int32Array;
}

/** SharedArrayBuffer and Atomics.wait in workers: Node, and pages that are cross-origin isolated. */
function sharedMemoryUsable(): boolean {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && scope.crossOriginIsolated !== false;
}

/** Copies samples [from, to) of the batch (its pieces laid end to end) into `target` at `from`. */
function copySamples(pieces: readonly Signal[], from: number, to: number, target: Float32Array | Float64Array): void {
  let pieceStart = 0;
  for (const piece of pieces) {
    const pieceEnd = pieceStart + piece.length;
    if (pieceEnd > from && pieceStart < to) {
      const first = Math.max(from, pieceStart);
      target.set(piece.subarray(first - pieceStart, Math.min(to, pieceEnd) - pieceStart), first);
    }
    pieceStart = pieceEnd;
    if (pieceStart >= to) return;
  }
}

/** A checked input without its samples (they were copied into the jobs). */
type CheckedInput = Omit<SignalBatch, 'pieces' | 'signal'>;

const poolDisposedError = () => disposedError('MelSpectrogramPool');

/** PoolOptions' keys, as given (no other spellings: each is read under this name below). */
const poolOptionNames: OptionNames<keyof PoolOptions> = (() => {
  const names = ['threads', 'workerUrl', 'createWorker', 'singleThreadBelow', 'sharedMemory'] as const;
  return { what: 'pool option', names, aliases: Object.fromEntries(names.map((name) => [name, name])) };
})();

/** The pool options, read as own properties only (a polluted Object.prototype changes nothing). */
function resolvePoolOptions(
  poolOptions: unknown,
  defaultThreads: () => number,
): { threads: number; source: WorkerSource; singleThreadBelow: number; sharedMemory: boolean } {
  if (poolOptions === undefined || poolOptions === null) {
    return {
      threads: defaultThreads(),
      source: {},
      singleThreadBelow: defaultSingleThreadBelow,
      sharedMemory: sharedMemoryUsable(),
    };
  }
  if (typeof poolOptions !== 'object' || Array.isArray(poolOptions)) {
    throw optionTypeError(undefined, `pool options must be an object, got ${describeValue(poolOptions)}`);
  }
  // A key that is none of them (`workers` for threads) is an error naming it, not ignored.
  collectOptions(poolOptions as Readonly<Record<string, unknown>>, poolOptionNames);
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
  const singleThreadBelow = ownValue(poolOptions, 'singleThreadBelow') ?? defaultSingleThreadBelow;
  if (typeof singleThreadBelow !== 'number') {
    throw optionTypeError(
      'singleThreadBelow',
      `singleThreadBelow must be a number of samples, got ${describeValue(singleThreadBelow)}`,
    );
  }
  if (!Number.isSafeInteger(singleThreadBelow) || singleThreadBelow < 0) {
    throw optionRangeError(
      'singleThreadBelow',
      `singleThreadBelow must be a whole number of samples, 0 or more, got ${singleThreadBelow}`,
    );
  }
  const sharedMemory = ownValue(poolOptions, 'sharedMemory') ?? sharedMemoryUsable();
  if (typeof sharedMemory !== 'boolean') {
    throw optionTypeError('sharedMemory', `sharedMemory must be true or false, got ${describeValue(sharedMemory)}`);
  }
  if (sharedMemory && !sharedMemoryUsable()) {
    throw optionRangeError(
      'sharedMemory',
      'sharedMemory: true needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages ' +
        '(served with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
    );
  }
  return { threads, source: { workerUrl, createWorker } as WorkerSource, singleThreadBelow, sharedMemory };
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
  readonly #settings: Readonly<EngineSettings>;
  readonly #minimumLength: number;
  readonly #wasm: MelspecModule;
  readonly #planner: SpectrogramBinding; // main-thread binding: frame counts, slice bounds, joining the parts
  readonly #scheduler: PoolScheduler;
  /** Computes the calls below singleThreadBelow, on the calling thread. */
  readonly #inProcess: MelSpectrogram<T>;
  readonly #sharedSpares: SharedBuffers[] = [];
  #disposed = false;

  private constructor(
    options: O,
    settings: EngineSettings,
    wasm: MelspecModule,
    planner: SpectrogramBinding,
    workers: PoolWorker[],
    inProcess: MelSpectrogram<T>,
    tuning: { singleThreadBelow: number; sharedMemory: boolean },
  ) {
    this.options = Object.freeze(options);
    this.#settings = Object.freeze(settings);
    this.#minimumLength = planner.minimumSignalLength();
    this.#wasm = wasm;
    this.#planner = planner;
    this.#scheduler = new PoolScheduler(workers, workers.length * jobsPerWorker);
    this.#inProcess = inProcess;
    this.threads = workers.length;
    this.sharedMemory = tuning.sharedMemory;
    this.singleThreadBelow = tuning.singleThreadBelow;
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
    const { threads, source, ...tuning } = resolvePoolOptions(poolOptions, () => runtime.defaultThreads());
    // Made from the same options, read now (before any await), as the pool's.
    const inProcessMade = MelSpectrogram.create(options);
    const [wasm, wasmModule, inProcess] = await Promise.all([loadModule(), compiledModule(), inProcessMade]);
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
      inProcess.dispose();
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
      inProcess as unknown as MelSpectrogram<OutputFor<O>>,
      tuning,
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

  /** Shrinks the main thread's buffers and drops the shared ones kept for the next call, as MelSpectrogram.releaseBuffers(). */
  releaseBuffers(): void {
    this.#checkLive();
    this.#planner.releaseBuffers();
    this.#inProcess.releaseBuffers();
    this.#sharedSpares.length = 0;
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
   * Checks the input and copies its samples (into the jobs' slices, or shared memory),
   * synchronously; then runs the jobs. Errors come back as rejections, never as throws.
   */
  #start(signal: SignalInput, out: T | null): Promise<MelSpectrogramResult<T>> {
    let input: SignalBatch;
    let shape: number[];
    try {
      this.#checkLive();
      input = checkSignalInput(signal, this.#settings.maxInputRank);
      checkSignalLength(this.#settings, input.length, this.#minimumLength);
      if (input.batch * input.length < this.singleThreadBelow) {
        return Promise.resolve(
          out === null ? this.#inProcess.compute(signal) : this.#inProcess.computeInto(signal, out),
        );
      }
      shape = [...input.leadingShape, this.#settings.numMelBins, this.#planner.frameCount(input.length)];
      if (out !== null)
        checkOutputArray(
          out,
          this.#settings.dtype,
          shape,
          shape.reduce((a, b) => a * b, 1),
        );
    } catch (error) {
      return Promise.reject(error);
    }
    // Only the shape and names are kept: the caller's arrays are not read again.
    const { leadingShape, batch, length, nameSample } = input;
    const checked: CheckedInput = { leadingShape, batch, length, nameSample };
    if (this.sharedMemory) return this.#startShared(input, checked, shape, out);
    let call: { jobs: FrameJob[]; prepared: PoolTask[] };
    try {
      call = this.#prepareJobs(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#scheduler.run(call.prepared).then((outcome) => this.#finish(call.jobs, outcome, checked, shape, out));
  }

  /** The jobs of a call: ranges of frames of each signal, with the samples each reads. */
  #planJobs(batch: number, length: number, parts: number): FrameJob[] {
    return planJobs(batch, length, this.#planner.frameCount(length), parts, minimumFramesPerJob, (first, count) => [
      this.#planner.samplesReadFirst(length, first, count),
      this.#planner.samplesReadEnd(length, first, count),
    ]);
  }

  /**
   * A call in shared memory: the workers are told first, then the samples are copied in
   * job by job (each worker waits for its job's samples), so that computing starts early.
   */
  #startShared(
    input: SignalBatch,
    checked: CheckedInput,
    shape: number[],
    out: T | null,
  ): Promise<MelSpectrogramResult<T>> {
    const { batch, length } = input;
    const frameCount = shape.at(-1) ?? 0;
    let call: SharedCall;
    let buffers: SharedBuffers;
    try {
      const jobs = this.#planJobs(batch, length, this.threads * sharedJobsPerWorker);
      buffers = this.#sharedBuffers(batch * length, batch * this.#settings.numMelBins * frameCount, jobs.length);
      call = { ...buffers, jobs, signalLength: length, frameCount };
    } catch (error) {
      return Promise.reject(error);
    }
    const shares = Array.from(
      { length: Math.min(this.threads, call.jobs.length) },
      (): PoolTask => ({ kind: 'share', call }),
    );
    const running = this.#scheduler.run(shares);
    let copied = 0;
    for (const [index, job] of call.jobs.entries()) {
      const end = job.item * length + job.sliceEnd;
      if (end > copied) copySamples(input.pieces, copied, end, call.input);
      copied = Math.max(copied, end);
      Atomics.store(call.control, jobsReadySlot, index + 1);
      Atomics.notify(call.control, jobsReadySlot);
    }
    return running.then((outcome) => this.#finishShared(call, buffers, outcome, checked, shape, out));
  }

  /**
   * Keeps a call's shared buffers for the next calls: the largest sets, so that a pool
   * fed longer and longer signals does not allocate (and page-fault) anew on every call.
   */
  #keepShared(buffers: SharedBuffers): void {
    const largerFirst = (a: SharedBuffers, b: SharedBuffers) =>
      b.input.length - a.input.length || b.output.length - a.output.length;
    keepLargest(this.#sharedSpares, buffers, largerFirst, maxSharedSpares);
  }

  /** Shared buffers for a call: the smallest spare big enough, or new ones. */
  #sharedBuffers(samples: number, outputs: number, jobs: number): SharedBuffers {
    const spare = takeSmallestFitting(
      this.#sharedSpares,
      (buffers) =>
        buffers.input.length >= samples && buffers.output.length >= outputs && buffers.largest.length >= jobs,
    );
    const buffers = spare ?? this.#newSharedBuffers(samples, outputs, jobs);
    buffers.control.fill(0);
    return buffers;
  }

  #newSharedBuffers(samples: number, outputs: number, jobs: number): SharedBuffers {
    const float64 = this.#settings.dtype === 'float64';
    const values = (count: number) =>
      float64 ? new Float64Array(new SharedArrayBuffer(count * 8)) : new Float32Array(new SharedArrayBuffer(count * 4));
    const bytes = (samples + outputs) * (float64 ? 8 : 4);
    try {
      return {
        input: values(samples),
        output: values(outputs),
        largest: new Float64Array(new SharedArrayBuffer(jobs * 8)),
        control: new Int32Array(new SharedArrayBuffer(8)),
      };
    } catch {
      throw memoryError(
        `could not get ${(bytes / 2 ** 20).toFixed(1)} MiB of shared memory for this call: feed it through createStream() in pieces`,
      );
    }
  }

  /** The jobs for a checked input, each with a copy of the samples it reads (in the engine's precision, as Keras casts). */
  #prepareJobs(input: SignalBatch): { jobs: FrameJob[]; prepared: PoolTask[] } {
    const { batch, length } = input;
    const jobs = this.#planJobs(batch, length, this.threads * jobsPerWorker);
    const float64 = this.#settings.dtype === 'float64';
    const prepared = jobs.map((job): PoolTask => {
      const samples = input.signal(job.item).subarray(job.sliceFirst, job.sliceEnd);
      const slice = this.#scheduler.sliceFor(samples.length, float64);
      slice.set(samples);
      return {
        kind: 'job',
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
   * Joins the transferred parts in the main thread's WASM heap, finishes them there and
   * copies the result out, all in one synchronous step (another call's join reuses the heap).
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
    const failures = outcome.failures.map(({ index, reply }) => ({ index, failure: reply as JobFailure }));
    if (failures.length > 0) throw this.#failureError(jobs, failures, input);
    const bins = this.#settings.numMelBins;
    const frames = shape.at(-1) ?? 0;
    const itemSize = bins * frames;
    const join = this.#joinBuffer(input.batch * itemSize);
    const { heap, base } = join;
    const largest = new Array<number>(input.batch).fill(-Infinity);
    for (const [j, job] of jobs.entries()) {
      const reply = outcome.replies[j] as DoneReply | undefined;
      if (!reply)
        throw new MelSpectrogramError('ERR_MELSPEC_WORKER', `melspec-wasm pool: job ${j} came back without a result`);
      const itemBase = base + job.item * itemSize + job.firstFrame;
      for (let m = 0; m < bins; m++)
        heap.set(reply.data.subarray(m * job.frames, (m + 1) * job.frames), itemBase + m * frames);
      largest[job.item] = Math.max(largest[job.item] ?? -Infinity, reply.largest);
      this.#scheduler.keepOutput(reply.data);
    }
    return this.#finishLog(join, largest, input, shape, out);
  }

  /** A call in shared memory: the workers wrote the joined output; finish it in the main thread's heap. */
  #finishShared(
    call: SharedCall,
    buffers: SharedBuffers,
    outcome: JobOutcome,
    input: CheckedInput,
    shape: number[],
    out: T | null,
  ): MelSpectrogramResult<T> {
    this.#checkLive();
    const failures = outcome.replies.flatMap((reply) => (reply?.kind === 'shared' ? reply.failures : []));
    this.#keepShared(buffers); // the workers are done with them
    if (failures.length > 0) throw this.#failureError(call.jobs, failures, input);
    const total = input.batch * this.#settings.numMelBins * call.frameCount;
    const join = this.#joinBuffer(total);
    join.heap.set(call.output.subarray(0, total), join.base);
    const largest = new Array<number>(input.batch).fill(-Infinity);
    for (const [j, job] of call.jobs.entries())
      largest[job.item] = Math.max(largest[job.item] ?? -Infinity, call.largest[j] ?? -Infinity);
    return this.#finishLog(join, largest, input, shape, out);
  }

  /** The main thread's heap, with room for `total` output values at `base`. */
  #joinBuffer(total: number): { heap: Float32Array | Float64Array; base: number } {
    const bytesPerValue = this.#settings.dtype === 'float64' ? 8 : 4;
    if (!this.#planner.reserve(0, total)) throw memoryError('could not get WASM memory to join the results');
    const heap = bytesPerValue === 8 ? this.#wasm.HEAPF64 : this.#wasm.HEAPF32;
    return { heap, base: this.#planner.outputOffset() / bytesPerValue };
  }

  /**
   * The top_db floor and the rest of the log's finish over the joined output in `join` (the
   * finish runs in place, allocating nothing, so its views stay valid), per top_db group
   * (`largest`: each signal's largest value), then the result copied out.
   */
  #finishLog(
    { heap, base }: { heap: Float32Array | Float64Array; base: number },
    largest: number[],
    input: CheckedInput,
    shape: number[],
    out: T | null,
  ): MelSpectrogramResult<T> {
    const { batch } = input;
    const itemSize = this.#settings.numMelBins * (shape.at(-1) ?? 0);
    const total = batch * itemSize;
    finishLogGroups(this.#planner, this.#settings, input.leadingShape, largest, itemSize);
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
  #failureError(jobs: FrameJob[], failures: { index: number; failure: JobFailure }[], input: CheckedInput): Error {
    const nonFinite = failures
      .flatMap(({ index, failure }) => {
        const job = jobs[index];
        if (!job || failure.status !== computeStatus.nonFinite) return [];
        // The value from the pool's own copy, in the engine's precision, as compute() reads it from its heap.
        return { at: job.item * input.length + failure.nonFiniteIndex, value: failure.nonFiniteValue };
      })
      .sort((a, b) => a.at - b.at);
    const [first] = nonFinite;
    if (first) {
      return signalRangeError(
        `${input.nameSample(first.at)} is ${first.value}: samples must be finite (Keras would turn the whole output into NaN)`,
      );
    }
    const { failure } = failures.reduce((a, b) => (b.index < a.index ? b : a));
    const message = `melspec-wasm pool: ${failure.message}`;
    return failure.code === 'ERR_MELSPEC_MEMORY'
      ? new MelSpectrogramRangeError(failure.code, message)
      : new MelSpectrogramError(failure.code, message);
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
    this.#inProcess.dispose();
    this.#sharedSpares.length = 0;
    await this.#scheduler.close(poolDisposedError);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
