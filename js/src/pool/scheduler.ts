// The task queue of a MelSpectrogramPool: tasks (frame jobs, or shares of a call in
// shared memory) from any number of concurrent compute() calls wait in one FIFO queue
// and go to the workers two at a time each (so that none waits on a message; faster
// workers take more). Every call ends: with its replies, or rejected when the pool is
// disposed or a worker fails.
import { MelSpectrogramError } from '../errors/melspec-error.js';
import type { PoolReply, PoolRequest, SharedCall } from './frame-jobs.js';
import type { PoolWorker } from './worker-runtime.js';
import { keepLargest, takeSmallestFitting } from './spares.js';

export type DoneReply = Extract<PoolReply, { kind: 'done' }>;
export type FailedReply = Extract<PoolReply, { kind: 'failed' }>;
export type SharedReply = Extract<PoolReply, { kind: 'shared' }>;
type JobRequest = Extract<PoolRequest, { kind: 'job' }>;
type SampleArray = Float32Array | Float64Array;

/** A job ready to send: its samples already copied (the caller's array is not read again). */
export type PreparedJob = Omit<JobRequest, 'kind' | 'id' | 'output'>;

/** What a worker is sent: a job with its samples, or a share of a call in shared memory. */
export type PoolTask = ({ kind: 'job' } & PreparedJob) | { kind: 'share'; call: SharedCall };

/** What the tasks of one call gave: a reply per task, or the jobs that failed (by index). */
export interface JobOutcome {
  replies: (DoneReply | SharedReply)[];
  failures: { index: number; reply: FailedReply }[];
}

/** One call in progress: the replies so far, and how to end it. */
interface Call {
  outcome: JobOutcome;
  remaining: number;
  resolve(outcome: JobOutcome): void;
  reject(error: Error): void;
}

/** Jobs in flight per worker. */
const depthPerWorker = 2;

/** A worker and the number of its jobs not yet answered. */
interface WorkerSlot {
  port: PoolWorker;
  inFlight: number;
}

/** A job of a call, by its index among the call's jobs. */
interface QueuedJob {
  call: Call;
  index: number;
  task: PoolTask;
}

export class PoolScheduler {
  readonly #workers: WorkerSlot[];
  /** Jobs not yet sent, in call order. */
  #queue: QueuedJob[] = [];
  #queueHead = 0;
  readonly #sent = new Map<number, { call: Call; index: number; worker: WorkerSlot }>();
  /** Calls not yet ended: the workers keep the process alive (Node) while there is one. */
  readonly #calls = new Set<Call>();
  #nextId = 0;
  /** Set once the pool is disposed or a worker failed: the error every call gets from then on. */
  #closedWith: (() => Error) | null = null;
  /** Arrays that came back from the workers, to send again instead of allocating (fresh memory costs page faults). */
  readonly #spareSlices: SampleArray[] = [];
  readonly #spareOutputs: SampleArray[] = [];
  readonly #maxSpares: number;

  /** `maxSpares`: arrays of each kind kept for reuse (the jobs of one call, so that a repeated call allocates none). */
  constructor(workers: PoolWorker[], maxSpares: number) {
    this.#workers = workers.map((port) => ({ port, inFlight: 0 }));
    this.#maxSpares = maxSpares;
    for (const worker of workers) {
      worker.onReply((reply) => this.#settle(reply));
      worker.onError((error) => {
        void this.close(
          () =>
            new MelSpectrogramError(
              'ERR_MELSPEC_WORKER',
              `melspec-wasm pool: a worker failed (${error.message}); create a new pool`,
              { cause: error },
            ),
        );
      });
    }
  }

  /** The error calls get, once the pool is closed; else null. */
  closedError(): Error | null {
    return this.#closedWith ? this.#closedWith() : null;
  }

  /** An array for `size` samples of the engine's precision: the smallest spare that fits, or new. */
  sliceFor(size: number, float64: boolean): SampleArray {
    const spare = takeSmallestFitting(this.#spareSlices, (array) => array.length >= size);
    return spare ?? (float64 ? new Float64Array(size) : new Float32Array(size));
  }

  /** Hands back a reply's data array once its values have been copied out. */
  keepOutput(array: SampleArray): void {
    this.#keep(this.#spareOutputs, array);
  }

  /**
   * Keeps the largest arrays (largest first): a pool fed longer and longer signals would
   * otherwise keep its first, small ones and allocate anew on every call.
   */
  #keep(spares: SampleArray[], array: SampleArray): void {
    if (array.byteLength === 0) return; // detached
    keepLargest(spares, array, (a, b) => b.length - a.length, this.#maxSpares);
  }

  /**
   * Queues the jobs of one call; resolves when every one has come back (failed jobs included).
   * `fill(index)`, if given, runs just before job `index` is queued (and maybe sent), here,
   * before run() returns: the job's samples copied in while the jobs before it already compute.
   * It must not throw (it copies into arrays made beforehand): a call with jobs never queued
   * would never end.
   */
  run(jobs: PoolTask[], fill?: (index: number) => void): Promise<JobOutcome> {
    const closed = this.closedError();
    if (closed) return Promise.reject(closed);
    return new Promise<JobOutcome>((resolve, reject) => {
      const call: Call = {
        outcome: { replies: new Array(jobs.length), failures: [] },
        remaining: jobs.length,
        resolve,
        reject,
      };
      if (jobs.length === 0) {
        resolve(call.outcome);
        return;
      }
      this.#calls.add(call);
      // A counter, not a flag: the first call to end must not let the process exit under the others.
      if (this.#calls.size === 1) for (const worker of this.#workers) worker.port.hold(true);
      for (const [index, task] of jobs.entries()) {
        fill?.(index);
        this.#queue.push({ call, index, task });
        this.#pump();
      }
    });
  }

  /** Sends queued jobs to workers with room, round by round so that each worker gets one before any gets two. */
  #pump(): void {
    for (let depth = 1; depth <= depthPerWorker; depth++) {
      for (const worker of this.#workers) {
        for (
          let queued = this.#queue[this.#queueHead];
          queued && worker.inFlight < depth;
          queued = this.#queue[this.#queueHead]
        ) {
          this.#queueHead++;
          this.#send(queued, worker);
        }
      }
    }
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    }
  }

  #send({ call, index, task }: QueuedJob, worker: WorkerSlot): void {
    const id = this.#nextId++;
    this.#sent.set(id, { call, index, worker });
    worker.inFlight++;
    if (task.kind === 'share') {
      worker.port.post({ kind: 'share', id, call: task.call }, []); // shared memory: nothing to transfer
      return;
    }
    const output = this.#spareOutputs.shift() ?? null; // the largest: the likeliest to fit
    // The slice and output buffers are transferred, not cloned; they come back with the reply.
    worker.port.post({ ...task, id, output }, [task.slice.buffer, ...(output ? [output.buffer] : [])]);
  }

  #settle(reply: PoolReply): void {
    if (reply.kind === 'ready') return;
    const sent = this.#sent.get(reply.id);
    if (!sent) return; // a reply to a call that was rejected (the pool was closed meanwhile)
    this.#sent.delete(reply.id);
    sent.worker.inFlight--;
    const { call, index } = sent;
    if (reply.kind !== 'shared') this.#keep(this.#spareSlices, reply.slice);
    if (reply.kind === 'done' || reply.kind === 'shared') call.outcome.replies[index] = reply;
    else {
      if (reply.output) this.#keep(this.#spareOutputs, reply.output);
      call.outcome.failures.push({ index, reply });
    }
    if (--call.remaining === 0) this.#end(call, () => call.resolve(call.outcome));
    this.#pump();
  }

  #end(call: Call, settle: () => void): void {
    if (!this.#calls.delete(call)) return;
    if (this.#calls.size === 0) for (const worker of this.#workers) worker.port.hold(false);
    settle();
  }

  /**
   * Rejects every call not yet ended (queued or in flight) with `error()` and every
   * later call too, then stops the workers. Nothing is sent to a worker after this.
   */
  async close(error: () => Error): Promise<void> {
    if (this.#closedWith) return;
    this.#closedWith = error;
    const calls = [...this.#calls];
    this.#queue = [];
    this.#queueHead = 0;
    this.#sent.clear();
    for (const call of calls) this.#end(call, () => call.reject(error()));
    await Promise.all(this.#workers.map((worker) => worker.port.terminate()));
  }
}
