#!/usr/bin/env node
// Two builds of the library side by side in one process: did a change slow it down?
// Each build's dist/ is imported on its own (its own module and WASM instance); the
// configurations of the main benchmark (lib/keras.mjs: Keras default, Whisper-like) compute the same
// 60 s signal with computeInto() into a preallocated output, in interleaved rounds (the
// order alternates), and the medians and their ratio are printed. Also checks that both
// builds give the same output within 1e-4 dB. No dependencies beyond the two builds and lib/.
//
//   taskset -c 0 node --expose-gc bench/compare-builds.mjs --before <repo>/dist --after dist [--rounds 21] [--seconds 60]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PRESETS } from './lib/keras.mjs';
import { quantile } from './lib/stats.mjs';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'dist' },
    rounds: { type: 'string', default: '21' },
    seconds: { type: 'string', default: '60' },
  },
});
if (!values.before) throw new Error('usage: --before <dist dir> [--after <dist dir>] [--rounds N] [--seconds S]');
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

async function load(dir) {
  const entry = resolve(dir, 'node.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: build that tree first`);
  return import(pathToFileURL(entry).href);
}

// A deterministic signal: a few tones and an LCG's noise (no silence, so no frame sits on the floor).
function signal(length, sampleRate) {
  const x = new Float32Array(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const t = i / sampleRate;
    x[i] =
      0.3 * Math.sin(2 * Math.PI * 220 * t) +
      0.2 * Math.sin(2 * Math.PI * 1375 * t * (1 + 0.1 * Math.sin(t))) +
      0.05 * (state / 2 ** 32 - 0.5);
  }
  return x;
}

// The benchmark's `preset` is its configuration's label, not a preset of ours: both are Keras options.
const configs = [
  { name: 'Keras default (2048/512/128)', label: 'keras' },
  { name: 'Whisper-like (400/160/80)', label: 'whisper' },
].map(({ name, label }) => {
  const { preset, ...options } = PRESETS[label];
  return { name, options };
});
const median = (values) => quantile(values, 0.5);

const builds = [
  { label: 'before', library: await load(values.before) },
  { label: 'after', library: await load(values.after) },
];
const x = signal(seconds * 16000, 16000);
console.log(`${seconds} s of audio, ${rounds} interleaved rounds, computeInto (medians, ms)`);
for (const config of configs) {
  const runs = await Promise.all(
    builds.map(async ({ label, library }) => {
      const mel = await library.MelSpectrogram.create(config.options);
      const out = new Float32Array(mel.options.numMelBins * mel.frameCount(x.length));
      return { label, mel, out, times: [] };
    }),
  );
  for (const run of runs) for (let i = 0; i < 3; i++) run.mel.computeInto(x, run.out); // warm-up: tier-up
  let maxDiff = 0;
  for (let i = 0; i < runs[0].out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(runs[0].out[i] - runs[1].out[i]));
  if (!(maxDiff <= 1e-4)) throw new Error(`${config.name}: the builds differ by ${maxDiff} dB`);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...runs].reverse() : runs;
    for (const run of order) {
      globalThis.gc?.();
      const start = performance.now();
      run.mel.computeInto(x, run.out);
      run.times.push(performance.now() - start);
    }
  }
  const [before, after] = runs.map((run) => median(run.times));
  console.log(
    `${config.name.padEnd(30)} before ${before.toFixed(3)}  after ${after.toFixed(3)}  after/before ${(after / before).toFixed(3)}  (max |diff| ${maxDiff.toExponential(1)} dB)`,
  );
  for (const run of runs) run.mel.dispose();
}
