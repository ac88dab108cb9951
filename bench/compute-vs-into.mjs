// compute() (a new output array per call) against computeInto() (a preallocated one) on
// 60 s of audio, for the Keras defaults (fft 2048, hop 512, 128 mels, 16 kHz) and the
// whisper preset: interleaved rounds, gc() before each run, median and minimum of each,
// and the ratio of the medians. Then the same calls back to back without gc() (a user's
// loop), with the minor page faults per call: there compute()'s fresh array is new memory
// the kernel maps page by page on first touch (about 235 faults per MB), which the
// collector only hands back to the allocator every few dozen calls.
// Pin it to one CPU for stable figures:
//   taskset -c 0 node --expose-gc bench/compute-vs-into.mjs [--runs 21] [--seconds 60]
import { parseArgs } from 'node:util';
import { MelSpectrogram } from '../dist/node.js';
import { tileWithNoise } from './lib/tile.mjs';
import { quantile } from './lib/stats.mjs';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '21' }, seconds: { type: 'string', default: '60' } },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

// A deterministic stand-in for speech: two sweeping tones, tiled with quiet noise.
const base = new Float32Array(16000);
for (let i = 0; i < base.length; i++) base[i] = 0.4 * Math.sin(0.02 * i + 1e-6 * i * i) + 0.2 * Math.sin(0.31 * i);
const signal = tileWithNoise(base, seconds, 16000);

const configs = {
  keras: {},
  whisper: { preset: 'whisper' },
};
const ms = (value) => value.toFixed(2).padStart(7);
for (const [name, options] of Object.entries(configs)) {
  const mel = await MelSpectrogram.create(options);
  const out = new Float32Array(mel.outputShape(signal).reduce((a, b) => a * b, 1));
  const times = { compute: [], computeInto: [] };
  const variants = {
    compute: () => mel.compute(signal),
    computeInto: () => mel.computeInto(signal, out),
  };
  for (let i = 0; i < 3; i++) for (const run of Object.values(variants)) run(); // warm-up: tier-up, heap grown
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always follows the other's garbage.
    const order = i % 2 === 0 ? ['compute', 'computeInto'] : ['computeInto', 'compute'];
    for (const key of order) {
      gc();
      const started = performance.now();
      variants[key]();
      times[key].push(performance.now() - started);
    }
  }
  const median = (key) => quantile(times[key], 0.5);
  const min = (key) => Math.min(...times[key]);
  console.log(`${name} (${seconds} s, output ${out.length} values, ${runs} interleaved runs):`);
  for (const key of Object.keys(variants)) {
    console.log(
      `  ${key.padEnd(12)} median ${ms(median(key))} ms  min ${ms(min(key))} ms  median/min ${(median(key) / min(key)).toFixed(2)}`,
    );
  }
  console.log(`  compute / computeInto (medians): ${(median('compute') / median('computeInto')).toFixed(3)}`);
  // Back to back, no gc(): blocks of each, so that one's garbage does not land in the other's times.
  const loop = { compute: [], computeInto: [] };
  const faults = { compute: 0, computeInto: 0 };
  for (let block = 0; block < 3; block++) {
    for (const key of Object.keys(variants)) {
      const before = process.resourceUsage().minorPageFault;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        variants[key]();
        loop[key].push(performance.now() - started);
      }
      faults[key] += process.resourceUsage().minorPageFault - before;
    }
  }
  const loopMedian = (key) => quantile(loop[key], 0.5);
  for (const key of Object.keys(variants)) {
    console.log(
      `  ${key.padEnd(12)} in a loop: median ${ms(loopMedian(key))} ms  min ${ms(Math.min(...loop[key]))} ms  ` +
        `${(faults[key] / loop[key].length).toFixed(0)} page faults per call`,
    );
  }
  console.log(
    `  compute / computeInto in a loop (medians): ${(loopMedian('compute') / loopMedian('computeInto')).toFixed(3)}`,
  );
  mel.dispose();
}
