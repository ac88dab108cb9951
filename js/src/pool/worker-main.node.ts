// Entry of a MelSpectrogramPool worker under Node.js worker_threads (dist/pool-worker.node.js).
import { parentPort } from 'node:worker_threads';
import type { PoolRequest } from './frame-jobs.js';
import { serveFrameJobs } from './frame-job-server.js';
import { MelSpectrogramError } from '../errors/melspec-error.js';

if (!parentPort)
  throw new MelSpectrogramError('ERR_MELSPEC_WORKER', 'melspec-wasm: pool-worker.node.js runs only as a worker thread');
const port = parentPort;
serveFrameJobs({
  onRequest: (handler) => port.on('message', (request: PoolRequest) => handler(request)),
  reply: (message, transfer) => port.postMessage(message, transfer as never),
});
