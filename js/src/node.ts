// Entry point for Node.js (ESM and CommonJS builds): the .wasm is read from
// disk next to this file and handed to the module, which never uses fetch here.
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PoolReply } from './frame-jobs.js';
import { setPoolWorkerRuntime } from './pool-workers.js';
import { setDefaultWasmSource } from './wasm-loader.js';

declare const __dirname: string | undefined;

/** A file shipped next to this entry. */
function packageFile(name: string): string {
  // The ESM build has import.meta.url; the CommonJS build has __dirname. import.meta
  // comes first: `node -e` and the REPL define a global __dirname of '.' that an
  // imported ESM file would otherwise take for its own folder.
  const moduleUrl: string | undefined = import.meta.url;
  if (typeof moduleUrl === 'string') return fileURLToPath(new URL(`./${name}`, moduleUrl));
  return join(__dirname as string, name);
}

setDefaultWasmSource(async (simd) => ({
  wasmBinary: await readFile(packageFile(simd ? 'melspec.wasm' : 'melspec-scalar.wasm')),
}));

setPoolWorkerRuntime({
  start() {
    const worker = new Worker(packageFile('pool-worker.node.js'));
    worker.unref(); // an idle pool does not keep the process alive
    return {
      post: (request, transfer) => worker.postMessage(request, transfer as never),
      onReply: (handler) => worker.on('message', (reply: PoolReply) => handler(reply)),
      onError: (handler) => worker.on('error', handler),
      hold: (busy) => (busy ? worker.ref() : worker.unref()),
      terminate: () => worker.terminate(),
    };
  },
  defaultThreads: () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length),
});

export * from './public-api.js';
