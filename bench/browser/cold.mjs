// One cold first call in a fresh page (cold.html?peer=<file>&input=<url>): page load ->
// import of the peer's bundle (its library, WASM included) -> setup (for ours: the first
// create) -> the first compute of the input; then the warm time of the same input (median
// of 5). The input's download is timed apart and left out of the first-call total.
import { PRESETS } from '../lib/keras.mjs';
import { quantile } from '../lib/stats.mjs';

async function measure() {
  const params = new URLSearchParams(location.search);
  const started = performance.now(); // since navigation start: the HTML and this module
  const bytes = await (await fetch(params.get('input'))).arrayBuffer();
  const signal = new Float32Array(bytes);
  const fetched = performance.now();
  const peer = (await import(new URL(`peer-${params.get('peer')}.js`, import.meta.url).href)).default;
  const imported = performance.now();
  await peer.setup(PRESETS[params.get('preset') ?? 'keras']);
  const ready = performance.now();
  const { frames } = await peer.compute(signal);
  const computed = performance.now();
  const warm = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await peer.compute(signal);
    warm.push(performance.now() - start);
  }
  return {
    name: peer.name,
    frames,
    pageMs: started,
    inputFetchMs: fetched - started,
    importMs: imported - fetched,
    setupMs: ready - imported,
    firstComputeMs: computed - ready,
    firstOutputMs: computed - (fetched - started), // navigation start -> first output, input download excluded
    warmMs: quantile(warm, 0.5),
  };
}

measure().then(
  (result) => (window.coldResult = result),
  (error) => (window.coldError = String(error?.stack ?? error)),
);
