// The systems under test behind one interface, JS peers (peers/<file>.mjs) and native
// binaries alike: setup(config), timedRun(input) -> ms, check(input) -> { data, frames }.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRESETS } from './keras.mjs';

/** Peer files in the default run, ours first; opt-in extras are named with --systems. */
export const DEFAULT_PEERS = ['melspec-wasm', 'transformers', 'tfjs', 'fftjs', 'pffft', 'essentia', 'meyda'];
export const OPTIONAL_PEERS = ['tfjs-cpu-stft'];
export const OURS = 'melspec-wasm';

const PEER_CHILD = fileURLToPath(new URL('./peer-child.mjs', import.meta.url));
const BENCH_MODULES = new URL('../node_modules/', import.meta.url);

/** A package's version from bench/node_modules (read directly: some exports hide package.json). */
export function packageVersion(name) {
  return JSON.parse(readFileSync(new URL(`${name}/package.json`, BENCH_MODULES), 'utf8')).version;
}

/** A peer file, loaded into this process: what lib/peer-child.mjs serves. */
export async function loadPeerHere(file) {
  const peer = (await import(`../peers/${file}.mjs`)).default;
  return {
    ...peer,
    file,
    kind: 'js',
    version: packageVersion(peer.packageName),
    setup: (config) => peer.setup(config),
    async timedRun({ signal }) {
      const start = performance.now();
      const pending = peer.compute(signal);
      // Await only real promises: an await on a plain value would add a microtask turn.
      if (pending instanceof Promise) await pending;
      return performance.now() - start;
    },
    async check({ signal }) {
      const { data, frames } = await peer.compute(signal);
      return { data: Float32Array.from(data), frames }; // a copy: ours reuses its output array
    },
  };
}

/**
 * A peer file in a process of its own (lib/peer-child.mjs), behind the same interface. The
 * child starts at the first call after a teardown: each configuration gets fresh processes.
 */
export async function loadPeer(file) {
  let child = null;
  // The replies awaited from the current child, in order (each child has its own queue: one torn
  // down and exiting late fails only its own).
  let waiting = null;
  const start = () => {
    const pending = [];
    waiting = pending;
    // Allowed on the CPUs this process is allowed on: pinned with it.
    child = fork(PEER_CHILD, [file], { serialization: 'advanced', execArgv: ['--expose-gc'], stdio: 'inherit' });
    child.on('message', (reply) => pending.shift()?.(reply));
    child.on('exit', (code, signal) => {
      for (const resolve of pending.splice(0))
        resolve({ ok: false, message: `${file}: its process exited (${code ?? signal})` });
    });
  };
  const ask = async (message) => {
    if (!child) start();
    const reply = await new Promise((resolve) => {
      waiting.push(resolve);
      child.send(message);
    });
    if (!reply.ok) throw new Error(reply.message);
    return reply;
  };
  const description = await ask({ op: 'describe' });
  const unsupported = new Map();
  for (const config of Object.values(PRESETS))
    unsupported.set(config.preset, (await ask({ op: 'unsupported', config })).reason);
  return {
    ...description,
    file,
    kind: 'js',
    unsupported: (config) => unsupported.get(config.preset) ?? null,
    setup: (config) => ask({ op: 'setup', config }),
    timedRun: async ({ inputPath }) => (await ask({ op: 'run', inputPath })).ms,
    check: async ({ inputPath }) => {
      const { data, frames } = await ask({ op: 'check', inputPath });
      return { data, frames };
    },
    teardown() {
      child?.disconnect();
      child = null;
    },
  };
}
