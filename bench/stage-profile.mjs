#!/usr/bin/env node
// Runs the WASM build of cpp/bench/stage_profile.cpp (per-stage medians of the float
// engine) in Node, for one build or for several interleaved (old vs new code in one
// process: round r runs every build in turn, so drift in the machine's speed hits all alike).
//   emcmake cmake -S . -B build/wasm-profile -DMELSPEC_BUILD_BENCH=ON && cmake --build build/wasm-profile --target melspec_stage_profile
//   taskset -c 0 node bench/stage-profile.mjs [--builds a.mjs,b.mjs] [--preset keras|whisper] [--rounds 5] [--seconds 60]
// Prints, per build, the median over rounds of each stage's median (ms) and its share of the stages' sum.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';
import { quantile } from './lib/stats.mjs';

const { values: args } = parseArgs({
  options: {
    builds: { type: 'string', default: 'build/wasm-profile/cpp/melspec_stage_profile.mjs' },
    preset: { type: 'string', default: 'keras' },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '60' },
    repeats: { type: 'string', default: '5' },
  },
});

const builds = args.builds.split(',').map((path) => resolve(path));
const factories = await Promise.all(builds.map(async (path) => (await import(pathToFileURL(path).href)).default));
// Emscripten 3.1.6's ES6 glue for Node reads __dirname at start-up (undefined in ES
// modules); the .wasm is handed over as bytes, so nothing is read through it.
globalThis.__dirname = dirname(builds[0]);
const binaries = builds.map((path) => readFileSync(path.replace(/\.mjs$/, '.wasm')));

/** One run of a build's main(): its JSON line. */
async function runOnce(b) {
  let line = '';
  await factories[b]({
    wasmBinary: binaries[b],
    arguments: ['--preset', args.preset, '--seconds', args.seconds, '--repeats', args.repeats],
    print: (text) => {
      line += text;
    },
    printErr: (text) => process.stderr.write(`${text}\n`),
  });
  return JSON.parse(line).median_ms;
}

const median = (values) => quantile(values, 0.5);
const results = builds.map(() => []);
for (let round = 0; round < Number(args.rounds); round++) {
  for (let b = 0; b < builds.length; b++) results[b].push(await runOnce(b));
}
for (let b = 0; b < builds.length; b++) {
  const stages = Object.keys(results[b][0]);
  const medians = Object.fromEntries(stages.map((s) => [s, median(results[b].map((r) => r[s]))]));
  console.log(`${builds[b]} (${args.preset}, ${args.seconds} s, median of ${args.rounds} rounds)`);
  // The stages' shares of their sum; the whole calls (compute() over the signal at once, and
  // in the library's chunks) are not stages.
  const wholeCalls = new Set(['sum', 'compute', 'compute_in_chunks']);
  for (const stage of stages) {
    const share = wholeCalls.has(stage) ? '' : `${((100 * medians[stage]) / medians.sum).toFixed(1)} %`;
    console.log(`  ${stage.padEnd(17)} ${medians[stage].toFixed(3).padStart(9)} ms  ${share}`);
  }
}
