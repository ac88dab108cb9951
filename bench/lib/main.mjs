// The benchmark proper, once bench/node_modules and dist/ are in place (run.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import v8 from 'node:v8';
import os from 'node:os';
import { PRESETS, frameCount } from './keras.mjs';
import { buildNatives, fftwVersion } from './native.mjs';
import { failureLog, machineInfo, printColdStart, printScaling, printTable, writeResults } from './report.mjs';
import { makeSignal } from './signal.mjs';
import { nodeTargets, printTargets } from './targets.mjs';
import { allFinite, dbDifference, summarize, quantile } from './stats.mjs';
import { OURS, loadPeer } from './systems.mjs';

const TOLERANCE_DB = 0.02; // the Keras golden fixtures' tolerance for dB outputs
const WARMUP_BUDGET_MS = 2000; // slow systems stop warming up after this (at least one run)
const SCRATCH = fileURLToPath(new URL('../.scratch/', import.meta.url));
const COLD_START = fileURLToPath(new URL('./cold-start.mjs', import.meta.url));
const PAGE_FAULT_COST = fileURLToPath(new URL('./page-fault-cost.mjs', import.meta.url));
const SCALING = fileURLToPath(new URL('./scaling.mjs', import.meta.url));

// A collection before every timed run keeps one system's garbage out of the next one's time.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

/**
 * options: { runs, warmupRuns, seconds, poolSeconds, peers: [file], coldRuns, peerColdRuns, writeTo, log }
 * (poolSeconds: the pool's input, when not the same `seconds` as the rest).
 * Returns the list of failures (empty when everything ran and checked out).
 */
export async function main(options) {
  const { log } = options;
  const { failures, fail } = failureLog(log);

  const input = writeInput(options.seconds);

  const systems = [];
  for (const file of options.peers) {
    try {
      systems.push(await loadPeer(file));
    } catch (error) {
      fail(file, 'import', error);
    }
  }
  if (!systems.some((s) => s.name === OURS)) throw new Error(`${OURS} did not load: nothing to compare against`);
  let skippedNatives = [];
  try {
    const natives = buildNatives(log);
    systems.push(...natives.systems);
    skippedNatives = natives.skipped;
    for (const { name, reason } of skippedNatives) log(`skip ${name}: ${reason}`);
  } catch (error) {
    fail('native', 'build', error);
  }

  const configs = {};
  for (const config of Object.values(PRESETS)) {
    configs[config.preset] = await measureConfig(config, systems, input, options, fail);
    for (const system of systems) system.teardown?.(); // native children end here
    printTable(configs[config.preset], options.seconds);
  }
  const coldStart = measureColdStart(systems, input, options, fail);
  const pageFaultMicros = measurePageFaultCost();
  printColdStart(coldStart, pageFaultMicros);
  // The pool on its own input: the issue's target is on 10 minutes (options.poolSeconds).
  const poolInput = options.poolSeconds ? writeInput(options.poolSeconds) : input;
  const scaling = measureScaling(poolInput, options, fail);
  if (scaling) printScaling(scaling);
  const targets = nodeTargets({ configs, coldStart, scaling, seconds: options.seconds });
  printTargets(targets, "issue 14's targets in this run");

  if (options.writeTo) {
    const results = {
      machine: { ...machineInfo(), fftw: fftwVersion(), pageFaultMicros },
      method: {
        inputSeconds: options.seconds,
        input: 'demo/assets/speech-16k.wav tiled, plus seeded white noise at about -70 dBFS RMS (bench/lib/signal.mjs)',
        runs: options.runs,
        warmup: `${options.warmupRuns} runs or ${WARMUP_BUDGET_MS} ms, at least 1`,
        order:
          'round-robin, starting one system later every round; every system in a process of its own (JS peers: lib/peer-child.mjs), gc() and a 50 ms pause there before every timed run',
        pinning:
          process.env.MELSPEC_BENCH_CPU === undefined
            ? 'not pinned'
            : `the single-thread runs (this process and the native children) pinned to CPU ${process.env.MELSPEC_BENCH_CPU}; the scaling runs use every CPU`,
        toleranceDb: TOLERANCE_DB,
      },
      systems: systems.map(({ name, kind, packageName, version, matchesKeras, notes }) => ({
        name,
        kind,
        packageName,
        version,
        matchesKeras,
        notes,
      })),
      skipped: skippedNatives,
      configs,
      coldStart,
      scaling,
      targets,
      failures,
    };
    writeResults(options.writeTo, results);
    log(`wrote ${options.writeTo}results.json and chart.svg`);
  }
  return failures;
}

async function measureConfig(config, systems, input, options, fail) {
  const { log } = options;
  const expectedFrames = frameCount(input.signal.length, config);
  const rows = [];
  for (const system of systems) {
    const reason = system.unsupported(config);
    if (reason) {
      rows.push({ name: system.name, status: 'unsupported', reason });
      continue;
    }
    try {
      await system.setup(config);
      const output = await system.check(input); // also the first warm-up
      if (output.frames !== expectedFrames) throw new Error(`${output.frames} frames, Keras gives ${expectedFrames}`);
      if (output.data.length !== config.numMelBins * output.frames)
        throw new Error(`output has ${output.data.length} values for [${config.numMelBins}, ${output.frames}]`);
      if (!allFinite(output.data)) throw new Error('output has non-finite values');
      rows.push({ name: system.name, system, output, times: [], status: 'ok' });
    } catch (error) {
      fail(system.name, `${config.preset}: setup/check`, error);
      rows.push({ name: system.name, status: 'failed', reason: error.message });
    }
  }
  const active = rows.filter((row) => row.status === 'ok');
  const ours = active.find((row) => row.name === OURS);
  if (!ours) throw new Error(`${OURS} failed on ${config.preset}`);
  for (const row of active) {
    row.diff = dbDifference(
      row.output.data,
      row.output.frames,
      ours.output.data,
      ours.output.frames,
      config.numMelBins,
    );
    if (row.system.matchesKeras && row.diff.max > TOLERANCE_DB) {
      fail(row.name, `${config.preset}: parity`, `max |ΔdB| vs ours ${row.diff.max.toFixed(4)} > ${TOLERANCE_DB}`);
      row.status = 'mismatch';
    }
  }

  log(`[${config.preset}] warm-up: ${active.map((r) => r.name).join(', ')}`);
  for (const row of active) {
    let spent = 0;
    for (let i = 0; i < options.warmupRuns && (i === 0 || spent < WARMUP_BUDGET_MS); i++)
      spent += await row.system.timedRun(input);
  }
  for (let round = 0; round < options.runs; round++) {
    log(`[${config.preset}] round ${round + 1}/${options.runs}`);
    for (let i = 0; i < active.length; i++) {
      const row = active[(i + round) % active.length];
      gc();
      // Every system runs in its own process (a JS one does its own gc() and pause there); this is
      // the runner's garbage (outputs, IPC replies), whose collector sweeps on background threads
      // on the same pinned CPU: let it finish before a system times itself.
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        row.times.push(await row.system.timedRun(input));
      } catch (error) {
        fail(row.name, `${config.preset}: round ${round + 1}`, error);
      }
    }
  }

  const oursMs = quantile(ours.times, 0.5);
  const fftw = active.find((row) => row.name === 'native-fftw');
  const fftwMs = fftw ? quantile(fftw.times, 0.5) : null;
  return {
    config,
    samples: input.signal.length,
    frames: expectedFrames,
    systems: rows.map(({ name, status, reason, times, diff }) => {
      if (!times?.length) return { name, status, reason };
      const ms = summarize(times);
      return {
        name,
        status,
        times_ms: times,
        ms,
        xRealTime: ((input.signal.length / config.samplingRate) * 1000) / ms.median,
        nsPerFrame: (ms.median * 1e6) / expectedFrames,
        vsOurs: ms.median / oursMs,
        vsNativeFftw: fftwMs ? ms.median / fftwMs : null,
        dbVsOurs: diff,
      };
    }),
  };
}

/** The benchmark signal of `seconds`, also written to the scratch folder for child processes. */
function writeInput(seconds) {
  mkdirSync(SCRATCH, { recursive: true });
  const signal = makeSignal(seconds);
  const inputPath = `${SCRATCH}input-${seconds}s.f32`;
  writeFileSync(inputPath, new Uint8Array(signal.buffer));
  return { signal, inputPath, scratch: SCRATCH };
}

/** Peak RSS of a bare `node` that only reads the input: the floor under every peer's figure. */
function baselinePeakRssMiB(inputPath) {
  const script = `require('fs').readFileSync(${JSON.stringify(inputPath)});
    console.log(/^VmHWM:\\s*(\\d+) kB$/m.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1] / 1024)`;
  return Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout);
}

/** µs per minor page fault on this machine (lib/page-fault-cost.mjs in a child), or null. */
function measurePageFaultCost() {
  const child = spawnSync(process.execPath, [PAGE_FAULT_COST], { encoding: 'utf8' });
  return child.status === 0 ? JSON.parse(child.stdout).microsPerFault : null;
}

/** Each field's median over the samples' `field` records ({ name: number }), or null when they have none. */
function medianOfEach(samples, field) {
  const first = samples[0][field];
  if (!first) return null;
  return Object.fromEntries(
    Object.keys(first).map((key) => [
      key,
      quantile(
        samples.map((s) => s[field][key]),
        0.5,
      ),
    ]),
  );
}

/**
 * Node.js lines besides this one for ours' cold start: the binaries test/installed/node-runtimes
 * holds for the tests (Node 22 and 24, less the one running the bench), installed with `npm ci`
 * there when missing, as the tests do. Users run those lines; this machine's Node 20 is past its
 * end of life.
 */
function otherNodeRuntimes(log) {
  const dir = fileURLToPath(new URL('../../test/installed/node-runtimes/', import.meta.url));
  const paths = ['node22', 'node24'].map((name) => `${dir}node_modules/${name}/bin/node`);
  if (!paths.every((path) => existsSync(path))) {
    log('installing Node 22 and 24 for the cold start (npm ci in test/installed/node-runtimes) ...');
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (install.status !== 0) {
      log('skip the cold start on Node 22 and 24: npm ci failed');
      return [];
    }
  }
  const major = (version) => version.split('.')[0];
  return paths
    .map((path) => ({ path, version: spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.trim() }))
    .filter(({ version }) => major(version) !== major(process.version));
}

/** One fresh `node` child of lib/cold-start.mjs: its JSON report, or throws with its stderr. */
function coldStartSample(nodePath, file, inputPath) {
  // Unpinned, as a user's process is: V8 compiles optimised WASM code on a
  // background thread during start-up, which competes with the main one on a single CPU.
  const [command, ...prefix] = unpinned(nodePath);
  const child = spawnSync(command, [...prefix, COLD_START, file, 'keras', inputPath], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr || `exit ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

/** The cold-start row of `name` from its samples (medians, and the cold start's range). */
function coldStartRow(name, node, samples) {
  const median = (key) =>
    samples[0][key] === null
      ? null
      : quantile(
          samples.map((s) => s[key]),
          0.5,
        );
  const coldStart = samples.map((s) => s.coldStartMs);
  return {
    name,
    node,
    runs: samples.length,
    coldStartMs: { median: median('coldStartMs'), min: Math.min(...coldStart), max: Math.max(...coldStart) },
    importMs: median('importMs'),
    setupMs: median('setupMs'),
    firstComputeMs: median('firstComputeMs'),
    pageFaults: medianOfEach(samples, 'pageFaults'),
    setupPhasesMs: medianOfEach(samples, 'setupPhasesMs'),
    peakRssMiB: median('peakRssMiB'),
    wasmMemoryMiB: median('wasmMemoryMiB'),
    wasmHeapInUseMiB: median('wasmHeapInUseMiB'),
  };
}

/**
 * Fresh `node` children (keras preset): import + setup times, first compute, peak memory.
 * Ours also on the other Node lines (rows "melspec-wasm (Node v22...)"), interleaved with
 * this Node's runs sample by sample.
 */
function measureColdStart(systems, input, options, fail) {
  const results = [{ name: 'node (baseline: reads the input only)', peakRssMiB: baselinePeakRssMiB(input.inputPath) }];
  for (const system of systems.filter((s) => s.kind === 'js')) {
    const ours = system.name === OURS;
    const runs = ours ? options.coldRuns : options.peerColdRuns;
    if (runs === 0) continue;
    const runtimes = [
      { name: system.name, path: process.execPath, version: process.version },
      ...(ours ? otherNodeRuntimes(options.log).map((r) => ({ ...r, name: `${OURS} (Node ${r.version})` })) : []),
    ];
    options.log(
      `cold start: ${system.name} x${runs}${runtimes.length > 1 ? ` on Node ${runtimes.map((r) => r.version).join(', ')}` : ''}`,
    );
    const samples = runtimes.map(() => []);
    try {
      for (let i = 0; i < runs; i++) {
        for (const [r, runtime] of runtimes.entries())
          samples[r].push(coldStartSample(runtime.path, system.file, input.inputPath));
      }
    } catch (error) {
      fail(system.name, 'cold start', error);
      continue;
    }
    for (const [r, runtime] of runtimes.entries())
      results.push(coldStartRow(runtime.name, runtime.version, samples[r]));
  }
  return results;
}

/**
 * MelSpectrogramPool against one thread, in a child process allowed on every CPU
 * (this process may be pinned to one). Returns the child's report, or null on failure.
 */
function measureScaling(input, options, fail) {
  const [command, ...prefix] = unpinned(process.execPath);
  const result = spawnSync(command, [...prefix, SCALING, input.inputPath, String(options.runs)], { encoding: 'utf8' });
  if (result.status !== 0) {
    fail('MelSpectrogramPool', 'scaling', new Error(result.stderr || `exit ${result.status}`));
    return null;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

/** A command line that runs `program` on every CPU, even from this (maybe pinned) process. */
function unpinned(program) {
  if (process.env.MELSPEC_BENCH_CPU === undefined) return [program];
  const cpus = os.cpus().length; // not availableParallelism(): that counts this process' (pinned) CPUs
  return ['taskset', '-c', `0-${cpus - 1}`, program];
}
