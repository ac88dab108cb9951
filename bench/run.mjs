#!/usr/bin/env node
// melspec-wasm benchmark suite.
//   node bench/run.mjs            full run: 60 s input, 9 timed runs, writes bench/results/
//   node bench/run.mjs --quick    CI smoke run: 2 s input, 1 run, checks only; exits 1 on failure
// Options: --runs N, --seconds S, --systems a,b,... (peer files in bench/peers/; natives always).
// Installs bench/node_modules (npm ci) and builds dist/ (scripts/build.sh) when missing or stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('./', import.meta.url));
const REPO = fileURLToPath(new URL('../', import.meta.url));
const log = (message) => console.error(`[bench] ${message}`);

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    systems: { type: 'string' },
  },
});

function sh(command, commandArgs, cwd) {
  log(`${command} ${commandArgs.join(' ')}  (in ${cwd})`);
  const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed with ${result.status ?? result.signal}`);
}

/** Newest modification time under a path (files and folders, recursively). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(`${path}/${entry}`)));
}

function ensureDependencies() {
  // npm ci leaves node_modules/.package-lock.json; an older one means the lock changed since.
  const installed = `${BENCH}node_modules/.package-lock.json`;
  if (!existsSync(installed) || newest(`${BENCH}package-lock.json`) > newest(installed)) {
    // --ignore-scripts: onnxruntime-node's install script would try to download; we need none.
    sh('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], BENCH);
  }
  const sources = Math.max(...['cpp', 'js/src', 'scripts/build.sh', 'scripts/build-js.mjs', 'CMakeLists.txt'].map((p) => newest(`${REPO}${p}`)));
  const built = Math.min(...['dist/melspec.wasm', 'dist/node.js'].map((p) => (existsSync(`${REPO}${p}`) ? newest(`${REPO}${p}`) : 0)));
  if (built < sources) sh('bash', ['scripts/build.sh'], REPO);
}

const quick = args.quick;

// Single-thread timings depend on the CPU here (on the 2-vCPU development machine one
// vCPU ran the same code 35% slower than the other), so a full run pins itself, and
// the native children it starts, to one CPU: every system then runs on the same one.
// (lib/scaling.mjs, the multi-core part, is started with every CPU allowed.)
if (!quick && process.env.MELSPEC_BENCH_CPU === undefined && spawnSync('taskset', ['-V']).status === 0) {
  const cpu = '0';
  log(`pinning the benchmark to CPU ${cpu} (taskset)`);
  const pinned = spawnSync('taskset', ['-c', cpu, process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MELSPEC_BENCH_CPU: cpu },
  });
  process.exit(pinned.status ?? 1);
}
const peers = args.systems?.split(',').map((s) => s.trim()).filter(Boolean);
try {
  ensureDependencies();
  const { DEFAULT_PEERS, OPTIONAL_PEERS, OURS } = await import('./lib/systems.mjs');
  const { main } = await import('./lib/main.mjs');
  const unknown = peers?.filter((p) => ![...DEFAULT_PEERS, ...OPTIONAL_PEERS].includes(p));
  if (unknown?.length) throw new Error(`unknown system(s) ${unknown.join(', ')}; known: ${[...DEFAULT_PEERS, ...OPTIONAL_PEERS].join(', ')}`);
  const selected = peers ? [OURS, ...peers.filter((p) => p !== OURS)] : DEFAULT_PEERS;
  const failures = await main({
    runs: Number(args.runs ?? (quick ? 1 : 9)),
    warmupRuns: quick ? 0 : 3,
    seconds: Number(args.seconds ?? (quick ? 2 : 60)),
    peers: selected,
    coldRuns: quick ? 1 : 7,
    peerColdRuns: quick ? 0 : 3,
    // Only a full default run replaces the committed results; anything else goes to scratch.
    writeTo: `${BENCH}${!quick && !peers && !args.runs && !args.seconds ? 'results/' : '.scratch/'}`,
    log,
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
