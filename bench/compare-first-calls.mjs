#!/usr/bin/env node
// Two builds' first calls in fresh Node processes, interleaved (the order alternates each
// round): import, the first create (Keras default), the first and second compute of 10 s.
// Prints the medians per build and, from a second set of runs traced with V8's
// --trace-wasm-compilation-times, the TurboFan time V8 spent tiering WASM functions up
// meanwhile (background threads, but on a busy or single CPU they compete with the page).
//
//   node bench/compare-first-calls.mjs --before <dist dir> [--after dist] [--rounds 21] [--cpu 0]
// --cpu pins every child to that CPU (a busy machine); without it they use every CPU.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { quantile } from './lib/stats.mjs';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    after: { type: 'string', default: 'dist' },
    rounds: { type: 'string', default: '21' },
    traced: { type: 'string', default: '5' },
    cpu: { type: 'string' },
  },
});
if (!values.before) throw new Error('usage: --before <dist dir> [--after <dist dir>] [--rounds N] [--cpu N]');
const CHILD = fileURLToPath(new URL('./lib/first-call-child.mjs', import.meta.url));
const builds = [
  { name: 'before', dir: resolve(values.before) },
  { name: 'after', dir: resolve(values.after) },
];
for (const { dir } of builds)
  if (!existsSync(resolve(dir, 'node.js'))) throw new Error(`${dir}/node.js does not exist`);

function run(dir, nodeFlags = []) {
  const args = [...nodeFlags, CHILD, dir];
  const [command, argv] =
    values.cpu === undefined ? [process.execPath, args] : ['taskset', ['-c', values.cpu, process.execPath, ...args]];
  const child = spawnSync(command, argv, { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${dir}: ${child.stderr}`);
  return child.stdout;
}

/** TurboFan time and functions from V8's trace lines ("Compiled function ... using TurboFan, took N ms"). */
function turbofan(trace) {
  const lines = trace.split('\n').filter((line) => line.includes('using TurboFan'));
  const ms = lines.reduce((sum, line) => sum + Number(/took (\d+) ms/.exec(line)?.[1] ?? 0), 0);
  return { functions: lines.length, ms };
}

const samples = Object.fromEntries(builds.map((b) => [b.name, []]));
const traces = Object.fromEntries(builds.map((b) => [b.name, []]));
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const { name, dir } of order) samples[name].push(JSON.parse(run(dir).trim().split('\n').pop()));
}
for (let round = 0; round < Number(values.traced); round++) {
  for (const { name, dir } of builds) traces[name].push(turbofan(run(dir, ['--trace-wasm-compilation-times'])));
}

const median = (list, key) =>
  quantile(
    list.map((s) => s[key]),
    0.5,
  );
const keys = [
  'importMs',
  'createMs',
  'coldStartMs',
  'firstComputeMs',
  'firstResultMs',
  'secondComputeMs',
  'coldStartFaults',
];
console.log(
  `first calls, fresh processes (${values.cpu === undefined ? 'every CPU' : `pinned to CPU ${values.cpu}`}), ` +
    `Keras default, 10 s of audio; medians of ${values.rounds} interleaved rounds`,
);
console.log(['build'.padEnd(8), ...keys.map((k) => k.padStart(16)), '  TurboFan ms (functions)'].join(''));
for (const { name } of builds) {
  const tf = traces[name];
  console.log(
    [
      name.padEnd(8),
      ...keys.map((k) =>
        median(samples[name], k)
          .toFixed(k.endsWith('Faults') ? 0 : 1)
          .padStart(16),
      ),
      `  ${median(tf, 'ms')} (${median(tf, 'functions')})`,
    ].join(''),
  );
}
