// What a MelSpectrogramPool runs on: worker threads that share one compiled
// WebAssembly.Module, the jobs of each call and their join. Each signal is cut into
// frame ranges (frame-jobs.ts); workers give mel log values without the top_db floor
// plus their largest value, and the pool applies the floor (and the rest of the log's
// finish) against the max of each top_db group (the batch, a signal, a torchaudio
// channel block), as compute() does, so that the results are compute()'s bit for bit.
// Where SharedArrayBuffer is usable (Node; cross-origin isolated pages) a call lives
// in shared memory: the pool copies the samples in while the workers already claim
// jobs, and the workers write their frames straight into the joined output. Elsewhere
// each job's samples and frames travel in transferred buffers. Short calls run on
// the calling thread (singleThreadBelow), where the workers would cost more than they save.
// The first MelSpectrogramPool.create() imports this module (mel-spectrogram-pool.ts).
import type { MelspecModule, SpectrogramBinding } from '../core/emscripten-module.js';
import { computeStatus, createSpectrogramBinding } from '../core/engine-binding.js';
import { finishLogGroups } from '../core/compute-in-chunks.js';
import type { EngineSettings } from '../options/engine-settings.js';
import { type FrameJob, type JobFailure, type SharedCall, jobsReadySlot, planJobs } from './frame-jobs.js';
import { type DoneReply, type JobOutcome, type PoolTask, PoolScheduler } from './scheduler.js';
import { keepLargest, takeSmallestFitting } from './spares.js';
import { MelSpectrogramError, MelSpectrogramRangeError, MelSpectrogramTypeError } from '../errors/melspec-error.js';
import { disposedError, memoryError, signalRangeError } from '../errors/make-errors.js';
import {
  type MelSpectrogram,
  type MelSpectrogramResult,
  type OutputArray,
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
import { type SignalBatch, type SignalInput, checkSignalInput, type Signal } from '../core/signal-input.js';
import type { PoolWorker, PoolWorkerRuntime } from './worker-runtime.js';
import type { PoolSettings } from './pool-options.js';
import { compiledModule, loadModule } from '../core/wasm-loader.js';
import { SharedCopyScratch, setSamples } from './shared-copy.js';

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

/** Copies samples [from, to) of the batch (its pieces laid end to end) into `target` at `from`. */
function copySamples(
  pieces: readonly Signal[],
  from: number,
  to: number,
  target: Float32Array | Float64Array,
  scratch: SharedCopyScratch,
): void {
  let pieceStart = 0;
  for (const piece of pieces) {
    const pieceEnd = pieceStart + piece.length;
    if (pieceEnd > from && pieceStart < to) {
      const first = Math.max(from, pieceStart);
      setSamples(target, first, piece.subarray(first - pieceStart, Math.min(to, pieceEnd) - pieceStart), scratch);
    }
    pieceStart = pieceEnd;
    if (pieceStart >= to) return;
  }
}

/** A checked input without its samples (they were copied into the jobs). */
type CheckedInput = Omit<SignalBatch, 'pieces' | 'signal'>;

const poolDisposedError = () => disposedError('MelSpectrogramPool');

/** A MelSpectrogramPool's workers and calls (its public members delegate here). */
export class WorkerPool<T extends OutputArray> {
  readonly threads: number;
  readonly sharedMemory: boolean;
  readonly singleThreadBelow: number;
  readonly #settings: Readonly<EngineSettings>;
  readonly #minimumLength: number;
  readonly #wasm: MelspecModule;
  readonly #planner: SpectrogramBinding; // main-thread binding: frame counts, slice bounds, joining the parts
  readonly #scheduler: PoolScheduler;
  /** Computes the calls below singleThreadBelow, on the calling thread. */
  readonly #inProcess: MelSpectrogram<T>;
  readonly #sharedSpares: SharedBuffers[] = [];
  readonly #copyScratch = new SharedCopyScratch();
  #disposed = false;

  private constructor(
    settings: EngineSettings,
    wasm: MelspecModule,
    planner: SpectrogramBinding,
    workers: PoolWorker[],
    inProcess: MelSpectrogram<T>,
    tuning: { singleThreadBelow: number; sharedMemory: boolean },
  ) {
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
   * Starts the workers (each gets the compiled module and the settings, and answers when
   * ready). `inProcess` (made from the same options) is the pool's from here on: disposed
   * with it, or now if the workers fail to start.
   */
  static async start<T extends OutputArray>(
    settings: EngineSettings,
    pool: PoolSettings,
    runtime: PoolWorkerRuntime,
    inProcess: MelSpectrogram<T>,
  ): Promise<WorkerPool<T>> {
    const { threads, source, ...tuning } = pool;
    const workers: PoolWorker[] = [];
    let planner: SpectrogramBinding | undefined;
    try {
      const [wasm, wasmModule] = await Promise.all([loadModule(), compiledModule()]);
      planner = createSpectrogramBinding(wasm, settings);
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
      return new WorkerPool<T>(settings, wasm, planner, workers, inProcess, tuning);
    } catch (error) {
      planner?.delete();
      inProcess.dispose();
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    } finally {
      for (const worker of workers) worker.hold(false);
    }
  }

  get minimumSignalLength(): number {
    return this.#minimumLength;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  frameCount(signalLength: number): number {
    this.#checkLive();
    return checkedFrameCount(this.#planner, this.#settings, this.#minimumLength, signalLength);
  }

  outputShape(signal: SignalInput): number[] {
    this.#checkLive();
    const input = checkSignalInput(signal, this.#settings.maxInputRank);
    checkSignalLength(this.#settings, input.length, this.#minimumLength);
    return [...input.leadingShape, this.#settings.numMelBins, this.#planner.frameCount(input.length)];
  }

  melWeights(): MelSpectrogramResult<T> {
    this.#checkLive();
    return readMelWeights(this.#wasm, this.#planner, this.#settings) as MelSpectrogramResult<T>;
  }

  createStream(options?: StreamOptions): MelSpectrogramStream<T> {
    this.#checkLive();
    return openStream<T>(this.#wasm, this.#settings, resolveStreamOptions(options), this.#planner);
  }

  /** Also drops the shared buffers kept for the next call. */
  releaseBuffers(): void {
    this.#checkLive();
    this.#planner.releaseBuffers();
    this.#inProcess.releaseBuffers();
    this.#sharedSpares.length = 0;
  }

  compute(signal: SignalInput): Promise<MelSpectrogramResult<T>> {
    return this.#start(signal, null);
  }

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
    let call: { jobs: FrameJob[]; prepared: PoolTask[]; fill: (index: number) => void };
    try {
      call = this.#prepareJobs(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#scheduler
      .run(call.prepared, call.fill)
      .then((outcome) => this.#finish(call.jobs, outcome, checked, shape, out));
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
      if (end > copied) copySamples(input.pieces, copied, end, call.input, this.#copyScratch);
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

  /**
   * The jobs for a checked input, each with an array for the samples it reads (in the engine's
   * precision, as Keras casts), and `fill` to copy them in: the scheduler fills each job just
   * before it queues it, so that the first jobs go to the workers while the rest are copied (all
   * within the call: the caller's array is not read after it). Allocating comes first, as it
   * alone can fail.
   */
  #prepareJobs(input: SignalBatch): {
    jobs: FrameJob[];
    prepared: (PoolTask & { kind: 'job' })[];
    fill: (index: number) => void;
  } {
    const { batch, length } = input;
    const jobs = this.#planJobs(batch, length, this.threads * jobsPerWorker);
    const float64 = this.#settings.dtype === 'float64';
    const prepared = jobs.map((job): PoolTask & { kind: 'job' } => {
      const sliceCount = job.sliceEnd - job.sliceFirst;
      return {
        kind: 'job',
        slice: this.#scheduler.sliceFor(sliceCount, float64),
        sliceCount,
        sliceFirst: job.sliceFirst,
        signalLength: length,
        firstFrame: job.firstFrame,
        frames: job.frames,
      };
    });
    const fill = (index: number) => {
      const job = jobs[index] as FrameJob;
      const task = prepared[index] as PoolTask & { kind: 'job' };
      task.slice.set(input.signal(job.item).subarray(job.sliceFirst, job.sliceEnd));
    };
    return { jobs, prepared, fill };
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
    setSamples(join.heap, join.base, call.output.subarray(0, total), this.#copyScratch);
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

  /** Calls not finished yet reject with the disposed error, as do later calls. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#planner.delete();
    this.#inProcess.dispose();
    this.#sharedSpares.length = 0;
    await this.#scheduler.close(poolDisposedError);
  }
}
