#!/usr/bin/env node
// melspec-wasm benchmark suite.
//   node bench/run.mjs            full run: 60 s input (the pool: 10 min), 9 timed runs, writes bench/results/
//   node bench/run.mjs --quick    CI smoke run: 2 s input, 1 run, checks only; exits 1 on failure
//   node bench/run.mjs --browser [--quick]   the same in headless Chromium (browser peers only),
//                                  plus cold first calls in fresh pages; writes results/browser.json
// Options: --runs N, --seconds S, --systems a,b,... (peer files in bench/peers/; natives always).
// Installs bench/node_modules (npm ci) and builds dist/ (scripts/build.sh) when missing or stale.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';

// Untimed runs per system before its timed rounds, at most 2 s of them (slow systems do one):
// enough for V8 to have tiered up every function on a system's path. Ours reached steady state
// only after about 10 calls (--trace-wasm-compilation-times: per-chunk functions such as the
// row copy and computeFrames tier up on calls 2, 5, 7 and 9, each such call 1-1.5 ms slower on
// one CPU); with 3 warm-up runs those calls fell into the timed rounds.
const WARMUP_RUNS = 20;

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const log = (message) => console.error(`[bench] ${message}`);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    systems: { type: 'string' },
    browser: { type: 'boolean', default: false },
  },
});

const quick = args.quick;

// Single-thread timings depend on the CPU here (on the 2-vCPU development machine one
// vCPU ran the same code 35% slower than the other), so a full run pins itself, and
// the native children it starts, to one CPU: every system then runs on the same one.
// (lib/scaling.mjs, the multi-core part, is started with every CPU allowed.)
if (!quick && process.env.MELSPEC_BENCH_CPU === undefined && spawnSync('taskset', ['-V']).status === 0) {
  const cpu = '0';
  log(`pinning the benchmark to CPU ${cpu} (taskset)`);
  const pinned = spawnSync(
    'taskset',
    ['-c', cpu, process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, MELSPEC_BENCH_CPU: cpu },
    },
  );
  process.exit(pinned.status ?? 1);
}
const peers = args.systems
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
// The same rounds, input and cold starts for Node and for Chromium.
const runOptions = {
  runs: Number(args.runs ?? (quick ? 1 : 9)),
  warmupRuns: quick ? 0 : WARMUP_RUNS,
  seconds: Number(args.seconds ?? (quick ? 2 : 60)),
  coldRuns: quick ? 1 : 7,
  peerColdRuns: quick ? 0 : 3,
  // Only a full default run replaces the committed results; anything else goes to scratch.
  writeTo: `${BENCH}${!quick && !peers && !args.runs && !args.seconds ? 'results/' : '.scratch/'}`,
  log,
};
if (args.browser) {
  try {
    ensureDependencies(log);
    const { BROWSER_DEFAULT_PEERS, browserMain } = await import('./browser/main.mjs');
    const { OURS } = await import('./lib/systems.mjs');
    const unknown = peers?.filter((p) => !BROWSER_DEFAULT_PEERS.includes(p));
    if (unknown?.length)
      throw new Error(`unknown browser system(s) ${unknown.join(', ')}; known: ${BROWSER_DEFAULT_PEERS.join(', ')}`);
    const failures = await browserMain({
      ...runOptions,
      peers: peers ? [OURS, ...peers.filter((p) => p !== OURS)] : BROWSER_DEFAULT_PEERS,
    });
    if (failures.length) {
      log(`${failures.length} failure(s): ${failures.map((f) => `${f.name} (${f.where})`).join('; ')}`);
      process.exit(1);
    }
    log(quick ? 'quick browser run: every system ran in Chromium, outputs finite and consistent' : 'done');
    process.exit(0);
  } catch (error) {
    log(error.stack ?? String(error));
    process.exit(1);
  }
}
try {
  ensureDependencies(log);
  const { DEFAULT_PEERS, OPTIONAL_PEERS, OURS } = await import('./lib/systems.mjs');
  const { main } = await import('./lib/main.mjs');
  const unknown = peers?.filter((p) => ![...DEFAULT_PEERS, ...OPTIONAL_PEERS].includes(p));
  if (unknown?.length)
    throw new Error(
      `unknown system(s) ${unknown.join(', ')}; known: ${[...DEFAULT_PEERS, ...OPTIONAL_PEERS].join(', ')}`,
    );
  const selected = peers ? [OURS, ...peers.filter((p) => p !== OURS)] : DEFAULT_PEERS;
  const failures = await main({
    ...runOptions,
    // MelSpectrogramPool against one thread on 10 minutes, as issue 14's target is stated.
    poolSeconds: quick ? undefined : 600,
    peers: selected,
  });
  if (failures.length) {
    log(`${failures.length} failure(s): ${failures.map((f) => `${f.name} (${f.where})`).join('; ')}`);
    process.exit(1);
  }
  log(quick ? 'quick run: every system ran, outputs finite and consistent' : 'done');
  process.exit(0); // ONNX Runtime and tfjs keep handles open
} catch (error) {
  log(error.stack ?? String(error));
  process.exit(1);
}
