#!/usr/bin/env node
// Whisper's model input side by side: the log-mel spectrogram of a 30-second window
// (80 x 3000, whisper.audio.log_mel_spectrogram(pad_or_trim(x))) from ours (preset
// 'whisper', pad_or_trim) and from transformers.js' WhisperFeatureExtractor, which JS
// Whisper ports use. One process, interleaved rounds, gc() before each timed run,
// medians and ratios; both outputs are checked against each other first.
//   node --expose-gc bench/whisper.mjs [--runs 9] [--quick]
// Run after `node bench/run.mjs` has installed bench/node_modules and built dist/.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { MelSpectrogram } from 'melspec-wasm';
import { makeSignal } from './lib/signal.mjs';
import { summarize } from './lib/stats.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, quick: { type: 'boolean', default: false } },
});
const runs = args.quick ? 1 : Number(args.runs);
const gc = globalThis.gc ?? (() => {});

// The package's exports hide its src/; WhisperFeatureExtractor lives there (the same code as dist/).
const root = dirname(dirname(createRequire(import.meta.url).resolve('@huggingface/transformers')));
const load = (file) => import(pathToFileURL(join(root, 'src', file)).href);
const { WhisperFeatureExtractor } = await load('models/whisper/feature_extraction_whisper.js');
const { TensorOpRegistry } = await load('ops/registry.js');
TensorOpRegistry.session_options = { intraOpNumThreads: 1, interOpNumThreads: 1 }; // one thread, as ours

const transformers = new WhisperFeatureExtractor({
  feature_size: 80,
  sampling_rate: 16000,
  hop_length: 160,
  chunk_length: 30,
  n_fft: 400,
  n_samples: 480000,
  nb_max_frames: 3000,
});
const ours = await MelSpectrogram.create({ preset: 'whisper', n_mels: 80, pad_or_trim: true });
const out = new Float32Array(80 * 3000);

const systems = {
  'melspec-wasm computeInto': (clip) => ours.computeInto(clip, out).data,
  'melspec-wasm compute': (clip) => ours.compute(clip).data,
  'transformers.js WhisperFeatureExtractor': async (clip) => (await transformers._call(clip)).input_features.data,
};

const clips = { '30 s of speech': makeSignal(30), '5 s of speech (padded to 30 s)': makeSignal(5) };
const results = [];
for (const [clipName, clip] of Object.entries(clips)) {
  // Same numbers first: both are Whisper within its golden tolerance (2e-4), so within 4e-4 of each other.
  const reference = Float32Array.from(await systems['transformers.js WhisperFeatureExtractor'](clip));
  const mine = systems['melspec-wasm compute'](clip);
  let worst = 0;
  for (let i = 0; i < mine.length; i++) worst = Math.max(worst, Math.abs(mine[i] - reference[i]));
  if (!(worst <= 4e-4) || mine.length !== reference.length) throw new Error(`${clipName}: outputs differ by ${worst}`);

  const names = Object.keys(systems);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (const name of names) await systems[name](clip); // warm-up
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]; // each round starts one system later
      gc();
      const start = performance.now();
      await systems[name](clip);
      times[name].push(performance.now() - start);
    }
  }
  const medians = Object.fromEntries(names.map((name) => [name, summarize(times[name]).median]));
  const baseline = medians['melspec-wasm computeInto'];
  console.log(
    `\n${clipName}: 80 x 3000 log-mel, max |difference| ${worst.toExponential(2)} (log-mel units), ${runs} interleaved runs`,
  );
  for (const name of names) {
    const { median, min, max } = summarize(times[name]);
    console.log(
      `  ${name.padEnd(42)} median ${median.toFixed(2).padStart(8)} ms  (min ${min.toFixed(2)}, max ${max.toFixed(2)})  ${(median / baseline).toFixed(1)}x ours`,
    );
  }
  results.push({ clip: clipName, maxDifference: worst, runs, medians });
}
console.log(`\n${JSON.stringify({ node: process.version, results })}`);
ours.dispose();
