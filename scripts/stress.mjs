// `npm run stress`: 100 000 compute() calls and 10 000 create/dispose cycles, then checks
// that the C++ heap in use, the WASM memory and the process RSS stayed flat (with a
// margin for the JS heap's own variation), and prints the figures.
//   node scripts/stress.mjs [calls] [cycles]
import { MelSpectrogram, memoryStats } from 'melspec-wasm';

const calls = Number(process.argv[2] ?? 100000);
const cycles = Number(process.argv[3] ?? 10000);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);
const rss = () => process.memoryUsage().rss;
const signal = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin(i * 0.05) + 0.01 * Math.sin(i * 1.3));

const mel = await MelSpectrogram.create();
const out = new Float32Array(128 * mel.frameCount(signal.length));
for (let i = 0; i < 1000; i++) mel.computeInto(signal, out); // warm-up: code tiered up, buffers grown
for (let i = 0; i < 200; i++) (await MelSpectrogram.create({ fftLength: 512 + (i % 5) * 128, dtype: i % 2 ? 'float64' : 'float32' })).dispose();
globalThis.gc?.();
const before = { ...(await memoryStats()), rss: rss() };

let started = performance.now();
for (let i = 0; i < calls; i++) {
  if (i % 10 === 0) mel.compute(signal); // the allocating variant too
  else mel.computeInto(signal, out);
}
const callSeconds = (performance.now() - started) / 1000;
const afterCalls = { ...(await memoryStats()), rss: rss() };

started = performance.now();
for (let i = 0; i < cycles; i++) {
  const other = await MelSpectrogram.create({ fftLength: 512 + (i % 5) * 128, dtype: i % 2 ? 'float64' : 'float32' });
  other.compute(signal.subarray(0, 4000));
  other.dispose();
}
const cycleSeconds = (performance.now() - started) / 1000;
globalThis.gc?.();
const after = { ...(await memoryStats()), rss: rss() };

console.log(`${calls} compute calls (1 s of audio each, Keras defaults) in ${callSeconds.toFixed(1)} s; ${cycles} create/compute/dispose cycles in ${cycleSeconds.toFixed(1)} s`);
for (const [label, value] of [['before', before], ['after the calls', afterCalls], ['after the cycles', after]]) {
  console.log(`  ${label.padEnd(17)} C++ heap in use ${mib(value.heapBytesInUse)} MiB, WASM memory ${mib(value.wasmMemoryBytes)} MiB, RSS ${mib(value.rss)} MiB`);
}
const failures = [];
if (after.heapBytesInUse !== before.heapBytesInUse) failures.push(`C++ heap in use changed by ${after.heapBytesInUse - before.heapBytesInUse} bytes`);
if (after.wasmMemoryBytes !== before.wasmMemoryBytes) failures.push('WASM memory grew');
if (after.rss - before.rss > 32 * 2 ** 20) failures.push(`RSS grew by ${mib(after.rss - before.rss)} MiB (margin 32 MiB)`);
mel.dispose();
if (failures.length) {
  console.error(`stress: FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('stress: flat (C++ heap and WASM memory exactly, RSS within 32 MiB)');
