// How a MelSpectrogramPool starts workers on the main thread: the entry point
// (node.ts / index.ts) registers the runtime's way (worker_threads or Web Workers).
// The workers themselves run worker-main.*.ts.
import { MelSpectrogramError } from '../errors/melspec-error.js';
import type { UrlObject } from '../core/platform-types.js';
import type { PoolReply, PoolRequest } from './frame-jobs.js';

/** One worker, whatever the runtime. */
export interface PoolWorker {
  post(request: PoolRequest, transfer: Transferable[]): void;
  onReply(handler: (reply: PoolReply) => void): void;
  /** The worker failed (its script did not load, or threw): always an Error with code ERR_MELSPEC_WORKER. */
  onError(handler: (error: MelSpectrogramError) => void): void;
  /** Node: keep the process alive while jobs are pending (ref), not while idle (unref). */
  hold(busy: boolean): void;
  /** A Promise (Node) or nothing (browsers): awaited either way. */
  terminate(): unknown;
}

/**
 * The part of a browser Worker a pool uses (declared here so that the types need no DOM lib).
 * A `new Worker(url, { type: 'module' })` is one.
 */
export interface BrowserWorker {
  postMessage(message: unknown, transfer: unknown[]): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown; message?: string }) => void): void;
  terminate(): void;
}

/** Where a pool's workers come from (PoolOptions' workerUrl / createWorker, checked). */
export interface WorkerSource {
  /** The worker script's URL (browsers) or path or file: URL (Node); default: next to the entry. */
  workerUrl?: string | UrlObject;
  /** Browsers: makes each worker (e.g. a same-origin blob worker importing a CDN's script). */
  createWorker?: () => BrowserWorker;
}

export interface PoolWorkerRuntime {
  /** Starts a worker; its onError handlers receive errors that name the script and the fix. Throws such an error when it cannot start. */
  start(source: WorkerSource): PoolWorker;
  /** The number of threads a pool uses by default: the logical CPUs. */
  defaultThreads(): number;
}

let runtime: PoolWorkerRuntime | undefined;

/** @internal Called by the entry point. */
export function setPoolWorkerRuntime(value: PoolWorkerRuntime): void {
  runtime = value;
}

export function poolWorkerRuntime(): PoolWorkerRuntime {
  if (!runtime) throw new MelSpectrogramError('ERR_MELSPEC_WORKER', 'melspec-wasm: this runtime cannot start workers');
  return runtime;
}

/** The fix for a worker script that does not load, for the errors that say so. */
export const workerScriptFix =
  "serve the package's dist/pool-worker.js (Node: dist/pool-worker.node.js) where the entry expects it, " +
  'or pass MelSpectrogramPool.create(options, { workerUrl }) with its URL, or { createWorker } for a script on another origin ' +
  '(a same-origin blob worker that imports it; see docs/bundlers.md)';

/**
 * The error for a worker that failed to start or load, naming the script, what happened
 * and the fix. `what` is an Error, or (browsers) an ErrorEvent or a plain Event: only
 * its message is kept, never the Event itself.
 */
export function workerLoadError(script: string, what: unknown): MelSpectrogramError {
  const message = what instanceof Error ? what.message : (what as { message?: unknown } | null)?.message;
  const detail =
    typeof message === 'string' && message ? message : 'it did not load (missing, not JavaScript, or blocked)';
  return new MelSpectrogramError(
    'ERR_MELSPEC_WORKER',
    `melspec-wasm pool: the worker script ${script} failed: ${detail}; ${workerScriptFix}`,
    {
      cause: what instanceof Error ? what : undefined,
    },
  );
}
