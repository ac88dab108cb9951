// MelSpectrogramPool's own options (the second argument of create()): declared, defaulted
// and checked here, in the entry's code, so that create() reads them before its first await.
import { describeValue } from '../errors/describe-value.js';
import { optionRangeError, optionTypeError } from '../errors/make-errors.js';
import { type OptionNames, collectOptions, ownValue } from '../options/option-names.js';
import type { UrlObject } from '../core/platform-types.js';
import type { BrowserWorker, WorkerSource } from './worker-runtime.js';

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

/** The pool options in effect. */
export interface PoolSettings {
  threads: number;
  source: WorkerSource;
  singleThreadBelow: number;
  sharedMemory: boolean;
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

/** SharedArrayBuffer and Atomics.wait in workers: Node, and pages that are cross-origin isolated. */
function sharedMemoryUsable(): boolean {
  const scope = globalThis as { crossOriginIsolated?: boolean };
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && scope.crossOriginIsolated !== false;
}

/** PoolOptions' keys, as given (no other spellings: each is read under this name below). */
const poolOptionNames: OptionNames<keyof PoolOptions> = (() => {
  const names = ['threads', 'workerUrl', 'createWorker', 'singleThreadBelow', 'sharedMemory'] as const;
  return { what: 'pool option', names, aliases: Object.fromEntries(names.map((name) => [name, name])) };
})();

/** The pool options, read as own properties only (a polluted Object.prototype changes nothing). */
export function resolvePoolOptions(poolOptions: unknown, defaultThreads: () => number): PoolSettings {
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
