// Entry point for browsers, Web Workers and bundlers: the .wasm (and the pool's
// worker script) are found next to this file, in the `new URL(..., import.meta.url)`
// form bundlers rewrite.
import type { PoolReply } from './pool/frame-jobs.js';
import { type BrowserWorker, setPoolWorkerRuntime, workerLoadError } from './pool/worker-runtime.js';
import { setDefaultWasmSource } from './core/wasm-loader.js';
import { setDefaultWorkletUrl } from './worklet/node.js';
import { MelSpectrogramTypeError } from './errors/melspec-error.js';

// Two literal URLs (not one computed), so that bundlers see and emit both files.
setDefaultWasmSource((simd) => ({
  url: simd ? new URL('./melspec.wasm', import.meta.url) : new URL('./melspec-scalar.wasm', import.meta.url),
}));

setPoolWorkerRuntime({
  start({ workerUrl, createWorker }) {
    const script = createWorker
      ? 'made by createWorker'
      : String(workerUrl ?? new URL('./pool-worker.js', import.meta.url));
    let worker: BrowserWorker;
    try {
      // A cross-origin URL throws a SecurityError here; a missing file fires 'error' later.
      worker = createWorker
        ? createWorker()
        : new Worker(workerUrl ?? new URL('./pool-worker.js', import.meta.url), { type: 'module' });
    } catch (error) {
      throw workerLoadError(script, error);
    }
    if (typeof worker?.postMessage !== 'function' || typeof worker.addEventListener !== 'function') {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_OPTION',
        `createWorker must return a Worker, got ${Object.prototype.toString.call(worker)}`,
        {
          option: 'createWorker',
        },
      );
    }
    return {
      post: (request, transfer) => worker.postMessage(request, transfer),
      onReply: (handler) => worker.addEventListener('message', (event) => handler(event.data as PoolReply)),
      // An ErrorEvent (a script error) or a plain Event (the script did not load): an Error either way.
      onError: (handler) => worker.addEventListener('error', (event) => handler(workerLoadError(script, event))),
      hold: () => {},
      terminate: () => worker.terminate(),
    };
  },
  defaultThreads: () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2,
});

export * from './public-api.js';

setDefaultWorkletUrl(() => new URL('./worklet.js', import.meta.url));
