// Entry point for browsers, Web Workers and bundlers: the .wasm (and the pool's
// worker script) are found next to this file, in the `new URL(..., import.meta.url)`
// form bundlers rewrite.
import type { PoolReply } from './frame-jobs.js';
import { setPoolWorkerRuntime } from './pool-workers.js';
import { setDefaultWasmSource } from './wasm-loader.js';
import { setDefaultWorkletUrl } from './worklet/node.js';

// Two literal URLs (not one computed), so that bundlers see and emit both files.
setDefaultWasmSource((simd) => ({
  url: simd ? new URL('./melspec.wasm', import.meta.url) : new URL('./melspec-scalar.wasm', import.meta.url),
}));

setPoolWorkerRuntime({
  start() {
    const worker = new Worker(new URL('./pool-worker.js', import.meta.url), { type: 'module' });
    return {
      post: (request, transfer) => worker.postMessage(request, transfer),
      onReply: (handler) => worker.addEventListener('message', (event: MessageEvent<PoolReply>) => handler(event.data)),
      onError: (handler) => worker.addEventListener('error', handler),
      hold: () => {},
      terminate: () => worker.terminate(),
    };
  },
  defaultThreads: () => (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2,
});

export * from './public-api.js';

setDefaultWorkletUrl(() => new URL('./worklet.js', import.meta.url));
