// How a MelSpectrogramPool starts workers: the entry point (node.ts / index.ts)
// registers the runtime's way (worker_threads or Web Workers).
import type { PoolReply, PoolRequest } from './frame-jobs.js';

/** One worker, whatever the runtime. */
export interface PoolWorker {
  post(request: PoolRequest, transfer: Transferable[]): void;
  onReply(handler: (reply: PoolReply) => void): void;
  onError(handler: (error: unknown) => void): void;
  /** Node: keep the process alive while jobs are pending (ref), not while idle (unref). */
  hold(busy: boolean): void;
  terminate(): Promise<unknown> | void;
}

export interface PoolWorkerRuntime {
  start(): PoolWorker;
  /** The number of threads a pool uses by default: the logical CPUs. */
  defaultThreads(): number;
}

let runtime: PoolWorkerRuntime | undefined;

/** @internal Called by the entry point. */
export function setPoolWorkerRuntime(value: PoolWorkerRuntime): void {
  runtime = value;
}

export function poolWorkerRuntime(): PoolWorkerRuntime {
  if (!runtime) throw new Error('melspec-wasm: this runtime cannot start workers');
  return runtime;
}
