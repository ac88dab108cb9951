// The machine's ceiling for bench/scaling.mjs (Node): two worker threads, each with its own
// MelSpectrogram and its own half of the input already in place, computing at once. No copy,
// no join, no top_db floor across the halves: what a perfect 2-worker pool could reach on
// this machine at that moment (unequal vCPUs and other processes included).
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.dist).then(async ({ MelSpectrogram }) => {
  const mel = await MelSpectrogram.create(workerData.options);
  let out = null;
  let half = null;
  parentPort.on('message', (samples) => {
    if (samples) {
      half = samples;
      out = new Float32Array(mel.outputShape(half).reduce((a, b) => a * b, 1));
      parentPort.postMessage('ok');
      return;
    }
    mel.computeInto(half, out);
    parentPort.postMessage('done');
  });
  parentPort.postMessage('ready');
});
`;

const reply = (worker, message) =>
  new Promise((resolve) => {
    worker.once('message', resolve);
    if (message !== undefined) worker.postMessage(message);
  });

/** Two workers for `options`; system(input) gives a { name, run } timing both halves of `input` at once. */
export async function ceilingWorkers(dist, options) {
  const workers = [0, 1].map(() => new Worker(WORKER, { eval: true, workerData: { dist, options } }));
  await Promise.all(workers.map((worker) => reply(worker)));
  let current = null;
  return {
    async system(input) {
      if (current !== input) {
        const middle = Math.floor(input.length / 2);
        await Promise.all([reply(workers[0], input.slice(0, middle)), reply(workers[1], input.slice(middle))]);
        current = input;
      }
      return {
        name: '2 threads, halves apart (ceiling)',
        threads: 2,
        run: () => Promise.all(workers.map((worker) => reply(worker, null))),
      };
    },
    close: () => Promise.all(workers.map((worker) => worker.terminate())),
  };
}
