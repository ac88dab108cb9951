// One JS peer in a process of its own (started by lib/systems.mjs with fork): the parent
// sends { op, ... } messages and gets one reply per message. Every system then runs in its
// own process, as the native ones always have: no system's heap, garbage or collector state
// is left behind for the next one to pay for (measured when ours shared the parent with the
// JS peers: about 15 % of its Keras time; docs/performance.md).
//   { op: 'setup', config }          -> { ok: true }
//   { op: 'check', inputPath }       -> { ok: true, data: Float32Array, frames }
//   { op: 'run', inputPath }         -> { ok: true, ms }   (gc() and a 50 ms pause first)
// A failure replies { ok: false, message }.
import { readFileSync } from 'node:fs';
import { loadPeerHere } from './systems.mjs';

const file = process.argv[2];
const peerLoading = loadPeerHere(file);
const signals = new Map();

/** The input the parent wrote (raw float32), read once per path. */
function inputAt(inputPath) {
  if (!signals.has(inputPath)) {
    const bytes = readFileSync(inputPath);
    signals.set(inputPath, {
      signal: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
      inputPath,
    });
  }
  return signals.get(inputPath);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(message) {
  const peer = await peerLoading;
  if (message.op === 'describe') {
    const { name, packageName, version, matchesKeras, notes } = peer;
    return { name, packageName, version, matchesKeras, notes };
  }
  if (message.op === 'unsupported') return { reason: peer.unsupported(message.config) };
  if (message.op === 'setup') {
    await peer.setup(message.config);
    return {};
  }
  if (message.op === 'check') return peer.check(inputAt(message.inputPath));
  if (message.op === 'run') {
    const input = inputAt(message.inputPath);
    globalThis.gc();
    // The collector sweeps on background threads after gc(), on the same pinned CPU: let it finish.
    await pause(50);
    return { ms: await peer.timedRun(input) };
  }
  throw new Error(`unknown op ${message.op}`);
}

process.on('message', (message) => {
  answer(message).then(
    (reply) => process.send({ ok: true, ...reply }),
    (error) => process.send({ ok: false, message: error?.stack ?? String(error) }),
  );
});
