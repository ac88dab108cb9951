// Entry of a MelSpectrogramPool worker in browsers (a module Web Worker; dist/pool-worker.js).
import type { PoolRequest } from './frame-jobs.js';
import { serveFrameJobs } from './frame-job-server.js';

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (event: { data: PoolRequest }) => void): void;
  postMessage(message: unknown, transfer: Transferable[]): void;
};
serveFrameJobs({
  onRequest: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
  reply: (message, transfer) => scope.postMessage(message, transfer),
});
