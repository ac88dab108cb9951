// The browser benchmark's page module (bench.html): node bench/run.mjs --browser calls
// window.melspecBench.run(...) through Playwright; the demo imports it for its speed panel.
import { PRESETS } from '../lib/keras.mjs';
import { tileWithNoise } from '../lib/tile.mjs';
import { OURS, runBenchmark } from './harness.mjs';

export { OURS, PRESETS, runBenchmark, tileWithNoise };

/** Runs the benchmark on a Float32 input file served at `inputUrl`; bundles next to this module. */
async function run({ inputUrl, presets, ...options }) {
  const signal = new Float32Array(await (await fetch(inputUrl)).arrayBuffer());
  return runBenchmark({
    ...options,
    signal,
    base: import.meta.url,
    configs: presets.map((preset) => PRESETS[preset]),
    log: (message) => console.log(`[bench] ${message}`),
  });
}

if (typeof window !== 'undefined' && /\/bench\.html$/.test(location.pathname)) window.melspecBench = { run };
