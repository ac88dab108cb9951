// MelSpectrogramPool: the same results as MelSpectrogram.compute(), bit for
// bit, computed by worker threads that share one compiled WebAssembly.Module.
// Each signal is cut into frame ranges (frame-jobs.ts); workers return mel log
// values without the top_db floor plus their largest value, and the pool
// applies the floor (and the rest of the log's finish) against the max of each
// floor group (the batch, a signal, a torchaudio channel block), as compute() does.
import type { Engine, MelspecModule } from './emscripten-module.js';
import { computeStatus, createEngine } from './engine.js';
import { type EngineSettings, signalsPerFloor } from './engine-settings.js';
import { type FrameJob, type PoolReply, planJobs } from './frame-jobs.js';
import {
  type MelSpectrogramResult,
  type OutputArray,
  type OutputFor,
  checkOutputArray,
  checkSignalLength,
  copyOut,
} from './mel-spectrogram.js';
import {
  type AnyMelSpectrogramOptions,
  type OptionsFor,
  type OptionsInEffect,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { type Signal, type SignalBatch, type SignalInput, describeSignalInput } from './signal-input.js';
import { type PoolWorker, poolWorkerRuntime } from './pool-workers.js';
import { compiledModule, loadModule } from './wasm-loader.js';

export interface PoolOptions {
  /** Worker threads; default: the number of logical CPUs. */
  threads?: number;
}

/** Fewer frames than this per job cost more in messaging than they save. */
const minimumFramesPerJob = 64;
/** Jobs per worker for one signal, so that faster workers can take more of them. */
const jobsPerWorker = 4;

interface PendingJob {
  resolve(reply: Extract<PoolReply, { kind: 'done' }>): void;
  reject(error: unknown): void;
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
  readonly #planner: Engine; // main-thread engine: frame counts, slice bounds, joining the parts
  readonly #workers: PoolWorker[];
  /** Per worker, typed arrays that came back from it, to send again instead of allocating. */
  readonly #spares: { slices: OutputArray[]; outputs: OutputArray[] }[];
  readonly #pending = new Map<number, PendingJob>();
  #nextId = 0;
  #disposed = false;

  private constructor(options: O, settings: EngineSettings, wasm: MelspecModule, planner: Engine, workers: PoolWorker[]) {
    this.options = Object.freeze(options);
    this.#settings = Object.freeze(settings);
    this.#minimumLength = planner.minimumSignalLength();
    this.#wasm = wasm;
    this.#planner = planner;
    this.#workers = workers;
    this.#spares = workers.map(() => ({ slices: [], outputs: [] }));
    this.threads = workers.length;
    for (const worker of workers) {
      worker.onReply((reply) => this.#settle(reply));
      worker.onError((error) => this.#failAll(error));
    }
  }

  /** Checks the options like MelSpectrogram.create(), then starts the workers. */
  // O defaults to {} as in MelSpectrogram.create(): no options means float32.
  static async create<O extends AnyMelSpectrogramOptions = {}>(
    options?: O,
    poolOptions: PoolOptions = {},
  ): Promise<MelSpectrogramPool<OutputFor<O>, OptionsFor<O>>> {
    const { options: resolved, settings } = resolveOptions(options);
    const runtime = poolWorkerRuntime();
    const threads = poolOptions.threads ?? runtime.defaultThreads();
    if (typeof threads !== 'number') throw new TypeError(`threads must be a number, got ${typeof threads}`);
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new RangeError(`threads must be an integer from 1 to 256, got ${threads}`);
    }
    const [wasm, wasmModule] = await Promise.all([loadModule(), compiledModule()]);
    const planner = createEngine(wasm, settings);
    const workers = Array.from({ length: threads }, () => runtime.start());
    try {
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
    return new MelSpectrogramPool<OutputFor<O>, OptionsFor<O>>(resolved as OptionsFor<O>, settings, wasm, planner, workers);
  }

  /** Frames for a signal of `signalLength` samples, as MelSpectrogram.frameCount(). */
  frameCount(signalLength: number): number {
    this.#checkLive();
    if (!Number.isSafeInteger(signalLength) || signalLength < 1) {
      throw new RangeError(`signalLength must be a positive integer, got ${signalLength}`);
    }
    checkSignalLength(this.#settings, signalLength, this.#minimumLength);
    return this.#planner.frameCount(signalLength);
  }

  /**
   * The same result as MelSpectrogram.compute(signal), computed by the workers.
   * The input is checked (and rejected with TypeError/RangeError) before any work.
   */
  async compute(signal: SignalInput): Promise<MelSpectrogramResult<T>> {
    this.#checkLive();
    const { heap, offset, size, shape } = await this.#computeInHeap(this.#describe(signal));
    return { data: copyOut(heap, offset, size) as T, shape };
  }

  /**
   * Like compute(), but writes into `out` (as MelSpectrogram.computeInto): no new
   * output array, which matters for long signals (fresh memory costs page faults).
   */
  async computeInto(signal: SignalInput, out: T): Promise<MelSpectrogramResult<T>> {
    this.#checkLive();
    const input = this.#describe(signal);
    const expectedShape = this.#shapeOf(input);
    const size = expectedShape.reduce((a, b) => a * b, 1);
    checkOutputArray(out, this.#settings.dtype, expectedShape, size);
    const { heap, offset, shape } = await this.#computeInHeap(input);
    out.set(heap.subarray(offset, offset + size));
    return { data: out, shape };
  }

  /** Checks an input as MelSpectrogram.compute() does. */
  #describe(signal: SignalInput): SignalBatch {
    const input = describeSignalInput(signal, this.#settings.maxInputRank);
    checkSignalLength(this.#settings, input.length, this.#minimumLength);
    return input;
  }

  #shapeOf(input: SignalBatch): number[] {
    return [...input.leadingShape, this.#settings.numMelBins, this.#planner.frameCount(input.length)];
  }

  /** Runs the jobs for a checked input and joins their parts in the main thread's WASM heap. */
  async #computeInHeap(input: SignalBatch): Promise<{ heap: OutputArray; offset: number; size: number; shape: number[] }> {
    const { batch, length } = input;
    const frames = this.#planner.frameCount(length);
    const bins = this.#settings.numMelBins;
    const shape = this.#shapeOf(input);
    const jobs = planJobs(batch, length, frames, this.threads * jobsPerWorker, minimumFramesPerJob, (first, count) => [
      this.#planner.samplesReadFirst(length, first, count),
      this.#planner.samplesReadEnd(length, first, count),
    ]);
    const itemSamples = (item: number): Signal =>
      input.pieces.length === batch ? input.pieces[item] : input.pieces[0].subarray(item * length, (item + 1) * length);
    const sampleAt = (index: number) => itemSamples(Math.floor(index / length))[index % length];
    const replies = await this.#runAll(jobs, itemSamples, length, (index) => `${input.nameSample(index)} is ${sampleAt(index)}`);

    // Join the parts in the main thread's WASM heap and finish them there.
    const itemSize = bins * frames;
    const total = batch * itemSize;
    const bytesPerValue = this.#settings.dtype === 'float64' ? 8 : 4;
    if (!this.#planner.reserve(0, total)) throw new RangeError('could not get WASM memory to join the results');
    const heap = bytesPerValue === 8 ? this.#wasm.HEAPF64 : this.#wasm.HEAPF32;
    const base = this.#planner.outputOffset() / bytesPerValue;
    const largest = new Array<number>(batch).fill(-Infinity);
    jobs.forEach((job, j) => {
      const { data, largest: partMax } = replies[j];
      const itemBase = base + job.item * itemSize + job.firstFrame;
      for (let m = 0; m < bins; m++) heap.set(data.subarray(m * job.frames, (m + 1) * job.frames), itemBase + m * frames);
      largest[job.item] = Math.max(largest[job.item], partMax);
      this.#keep(this.#spares[(replies[j] as { worker?: number }).worker ?? 0].outputs, data);
    });
    // The top_db floor and the rest of the log's finish, per group of signals sharing a max.
    const perFloor = signalsPerFloor(this.#settings, input.leadingShape);
    for (let first = 0; first < batch; first += perFloor) {
      const groupMax = largest.slice(first, first + perFloor).reduce((a, b) => Math.max(a, b), -Infinity);
      this.#planner.finishLog(first * itemSize, perFloor * itemSize, groupMax);
    }
    return { heap, offset: base, size: total, shape };
  }

  /** A typed array of the engine's precision with room for `size` values: a spare, or new. */
  #take(spares: OutputArray[], size: number): OutputArray {
    const index = spares.findIndex((spare) => spare.length >= size);
    if (index >= 0) return spares.splice(index, 1)[0];
    return this.#settings.dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  }

  #keep(spares: OutputArray[], array: OutputArray): void {
    if (spares.length < 4) spares.push(array);
  }

  /**
   * Runs the jobs on the workers, handing each worker its next job when one comes
   * back (two in flight each, so that none waits on a message): faster workers take
   * more jobs, which matters where CPUs differ in speed (they do on shared machines).
   */
  #runAll(
    jobs: FrameJob[],
    itemSamples: (item: number) => Signal,
    signalLength: number,
    describeSample: (index: number) => string,
  ): Promise<Extract<PoolReply, { kind: 'done' }>[]> {
    const replies: Extract<PoolReply, { kind: 'done' }>[] = new Array(jobs.length);
    const failures: { job: FrameJob; reason: unknown }[] = [];
    let next = 0;
    let settled = 0;
    for (const worker of this.#workers) worker.hold(true);
    return new Promise((resolve, reject) => {
      const finish = () => {
        for (const worker of this.#workers) worker.hold(false);
        if (failures.length) reject(this.#describeFailure(failures, signalLength, describeSample));
        else resolve(replies);
      };
      const dispatch = (worker: number) => {
        if (next >= jobs.length) return;
        const j = next++;
        this.#send(jobs[j], worker, itemSamples, signalLength).then(
          (reply) => {
            replies[j] = reply;
          },
          (reason: unknown) => {
            failures.push({ job: jobs[j], reason });
          },
        ).finally(() => {
          if (++settled === jobs.length) finish();
          else dispatch(worker);
        });
      };
      if (jobs.length === 0) finish();
      for (let round = 0; round < 2; round++) this.#workers.forEach((_, worker) => dispatch(worker));
    });
  }

  /** Sends one job to one worker; resolves with its reply. */
  #send(job: FrameJob, worker: number, itemSamples: (item: number) => Signal, signalLength: number): Promise<Extract<PoolReply, { kind: 'done' }>> {
    const id = this.#nextId++;
    const spares = this.#spares[worker];
    const samples = itemSamples(job.item).subarray(job.sliceFirst, job.sliceEnd);
    // A copy in the engine's precision (as Keras casts), transferred, not cloned;
    // the arrays come back with the reply and are reused (fresh ones cost page faults).
    const slice = this.#take(spares.slices, samples.length);
    slice.set(samples);
    const output = spares.outputs.length ? this.#take(spares.outputs, 0) : null;
    const reply = new Promise<Extract<PoolReply, { kind: 'done' }>>((resolve, reject) =>
      this.#pending.set(id, {
        resolve: (done) => {
          this.#keep(spares.slices, done.slice);
          resolve(done);
        },
        reject: (failure) => {
          const failed = failure as Extract<PoolReply, { kind: 'failed' }>;
          if (failed?.kind === 'failed') this.#keep(spares.slices, failed.slice);
          reject(failure);
        },
      }),
    );
    this.#workers[worker].post(
      {
        kind: 'job',
        id,
        slice,
        sliceCount: samples.length,
        sliceFirst: job.sliceFirst,
        signalLength,
        firstFrame: job.firstFrame,
        frames: job.frames,
        output,
      },
      [slice.buffer, ...(output ? [output.buffer] : [])],
    );
    return reply.then((done) => {
      (done as { worker?: number }).worker = worker;
      return done;
    });
  }

  /** The first non-finite sample over all jobs, named as compute() names it; else the first error. */
  #describeFailure(
    failures: { job: FrameJob; reason: unknown }[],
    signalLength: number,
    describeSample: (index: number) => string,
  ): Error {
    const nonFinite = failures
      .map(({ job, reason }) => ({ job, reply: reason as Extract<PoolReply, { kind: 'failed' }> }))
      .filter(({ reply }) => reply?.kind === 'failed' && reply.status === computeStatus.nonFinite)
      .map(({ job, reply }) => job.item * signalLength + reply.nonFiniteIndex)
      .sort((a, b) => a - b);
    if (nonFinite.length) {
      return new RangeError(
        `${describeSample(nonFinite[0])}: samples must be finite (Keras would turn the whole output into NaN)`,
      );
    }
    const reason = failures[0].reason as { message?: string } | undefined;
    return reason instanceof Error ? reason : new Error(`melspec-wasm pool: ${reason?.message ?? String(reason)}`);
  }

  #settle(reply: PoolReply): void {
    if (reply.kind === 'ready') return;
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.kind === 'done') pending.resolve(reply);
    else pending.reject(reply);
  }

  #failAll(error: unknown): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #checkLive(): void {
    if (this.#disposed) throw new TypeError('this MelSpectrogramPool has been disposed');
  }

  /** Stops the workers and frees the pool's memory. Pending computations reject. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#failAll(new TypeError('this MelSpectrogramPool has been disposed'));
    this.#planner.delete();
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
