#!/usr/bin/env node
// MelSpectrogramPool's scaling curve: one thread against the pool (1 and 2 workers) on 10 s
// ... 1 h of audio, keras and whisper framings, interleaved rounds, medians (lib/scaling-curve.mjs).
//   node --expose-gc bench/scaling.mjs [--runs 7] [--seconds 10,60,600] [--transfer] [--ceiling] [--browser]
// --transfer adds 2 workers without shared memory (transferred jobs); --ceiling (Node) adds two
// threads computing halves of the input apart, the machine's limit (lib/scaling-ceiling.mjs); --browser runs the same
// in headless Chromium with Web Workers, in a cross-origin isolated page (the server sends
// COOP/COEP) unless --no-isolation. Not pinned: the pool needs every CPU. Writes nothing.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CURVE_SECONDS, curveTable, measureCurve } from './lib/scaling-curve.mjs';
import { makeSignal } from './lib/signal.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    seconds: { type: 'string' },
    transfer: { type: 'boolean', default: false },
    browser: { type: 'boolean', default: false },
    'no-isolation': { type: 'boolean', default: false },
    ceiling: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const seconds = args.seconds ? args.seconds.split(',').map(Number) : CURVE_SECONDS;
const log = (message) => console.error(`[scaling] ${message}`);
const cores = os.availableParallelism?.() ?? os.cpus().length;

if (!args.browser) {
  // This checkout's build (node_modules/melspec-wasm may be another checkout's).
  const api = await import('../dist/node.js');
  const signal = makeSignal(Math.max(...seconds));
  const dist = new URL('../dist/node.js', import.meta.url).href;
  const ceiling = args.ceiling
    ? async (options) => (await import('./lib/scaling-ceiling.mjs')).ceilingWorkers(dist, options)
    : undefined;
  const rows = await measureCurve({ api, signal, seconds, runs, transfer: args.transfer, ceiling, log });
  console.log(
    `\nMelSpectrogramPool vs one thread, Node ${process.version}, ${cores} CPUs, median of ${runs} interleaved rounds (fewer from 30 min)\n`,
  );
  console.log(curveTable(rows));
} else {
  const { browserCurve } = await import('./browser/scaling-page.mjs');
  const { rows, isolated, userAgent } = await browserCurve({
    seconds,
    runs,
    transfer: args.transfer,
    isolated: !args['no-isolation'],
    repo: fileURLToPath(new URL('../', import.meta.url)),
    log,
  });
  console.log(
    `\nMelSpectrogramPool vs one thread, ${userAgent}, Web Workers, ${isolated ? 'cross-origin isolated (SharedArrayBuffer)' : 'not isolated (transferred jobs)'}, ${cores} CPUs, median of ${runs}\n`,
  );
  console.log(curveTable(rows));
}
