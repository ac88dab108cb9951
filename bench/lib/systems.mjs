// The systems under test behind one interface, JS peers (peers/<file>.mjs) and native
// binaries alike: setup(config), timedRun(input) -> ms, check(input) -> { data, frames }.
import { readFileSync } from 'node:fs';

/** Peer files in the default run, ours first; opt-in extras are named with --systems. */
export const DEFAULT_PEERS = ['melspec-wasm', 'transformers', 'tfjs', 'fftjs', 'pffft', 'essentia', 'meyda'];
export const OPTIONAL_PEERS = ['tfjs-cpu-stft'];
export const OURS = 'melspec-wasm';

const BENCH_MODULES = new URL('../node_modules/', import.meta.url);

/** A package's version from bench/node_modules (read directly: some exports hide package.json). */
export function packageVersion(name) {
  return JSON.parse(readFileSync(new URL(`${name}/package.json`, BENCH_MODULES), 'utf8')).version;
}

export async function loadPeer(file) {
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
