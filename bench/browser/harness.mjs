// The browser benchmark proper, run inside one page: the same method as lib/main.mjs'
// measureConfig (set up, check against ours, warm up, interleaved rounds, gc() before
// every timed run when the page has it), for the peers' browser bundles (peer-<file>.js).
// Used by page.mjs (node bench/run.mjs --browser) and by the demo's speed panel.
import { frameCount } from '../lib/keras.mjs';
import { allFinite, dbDifference, quantile, summarize } from '../lib/stats.mjs';

export const OURS = 'melspec-wasm';
export const TOLERANCE_DB = 0.02; // the Keras golden fixtures' tolerance for dB outputs
const collect = globalThis.gc ?? (() => {}); // Chromium with --js-flags=--expose-gc
// After gc() the collector still sweeps on background threads, which share the pinned CPU
// with the next timed run: wait for them, so no system pays for the one before it.
async function collectAndSettle() {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0)); // lets a page repaint between runs

/** A peer bundle (built next to `base`) behind the interface of lib/systems.mjs. */
export async function loadPeer(file, base) {
  const peer = (await import(new URL(`peer-${file}.js`, base).href)).default;
  return {
    ...peer,
    file,
    async timedRun(signal) {
      const start = performance.now();
      const pending = peer.compute(signal);
      if (pending instanceof Promise) await pending; // a plain value costs no microtask turn
      return performance.now() - start;
    },
    async check(signal) {
      const { data, frames } = await peer.compute(signal);
      return { data: Float32Array.from(data), frames }; // a copy: ours reuses its output array
    },
  };
}

async function measureConfig(config, systems, signal, options, fail) {
  const { log } = options;
  const expectedFrames = frameCount(signal.length, config);
  const rows = [];
  for (const system of systems) {
    const reason = system.unsupported(config);
    if (reason) {
      rows.push({ name: system.name, status: 'unsupported', reason });
      continue;
    }
    try {
      await system.setup(config);
      const output = await system.check(signal); // also the first warm-up
      if (output.frames !== expectedFrames) throw new Error(`${output.frames} frames, Keras gives ${expectedFrames}`);
      if (output.data.length !== config.numMelBins * output.frames) throw new Error(`output has ${output.data.length} values for [${config.numMelBins}, ${output.frames}]`);
      if (!allFinite(output.data)) throw new Error('output has non-finite values');
      rows.push({ name: system.name, system, output, times: [], status: 'ok' });
    } catch (error) {
      fail(system.name, `${config.preset}: setup/check`, error);
      rows.push({ name: system.name, status: 'failed', reason: error.message });
    }
    await nextTask();
  }
  const active = rows.filter((row) => row.status === 'ok');
  const ours = active.find((row) => row.name === OURS);
  if (!ours) throw new Error(`${OURS} failed on ${config.preset}`);
  for (const row of active) {
    row.diff = dbDifference(row.output.data, row.output.frames, ours.output.data, ours.output.frames, config.numMelBins);
    if (row.system.matchesKeras && row.diff.max > TOLERANCE_DB) {
      fail(row.name, `${config.preset}: parity`, `max |ΔdB| vs ours ${row.diff.max.toFixed(4)} > ${TOLERANCE_DB}`);
      row.status = 'mismatch';
    }
  }
  for (const row of active) row.output = null; // the checked outputs are not needed any more

  log(`[${config.preset}] warm-up: ${active.map((r) => r.name).join(', ')}`);
  for (const row of active) {
    let spent = 0;
    for (let i = 0; i < options.warmupRuns && (i === 0 || spent < options.warmupBudgetMs); i++) spent += await row.system.timedRun(signal);
    await nextTask();
  }
  for (let round = 0; round < options.runs; round++) {
    log(`[${config.preset}] round ${round + 1}/${options.runs}`);
    for (let i = 0; i < active.length; i++) {
      const row = active[(i + round) % active.length];
      await collectAndSettle();
      try {
        row.times.push(await row.system.timedRun(signal));
      } catch (error) {
        fail(row.name, `${config.preset}: round ${round + 1}`, error);
      }
      options.onRun?.({ preset: config.preset, name: row.name, ms: row.times.at(-1), round });
      await nextTask();
    }
  }

  const oursMs = quantile(ours.times, 0.5);
  return {
    config,
    samples: signal.length,
    frames: expectedFrames,
    systems: rows.map(({ name, status, reason, times, diff }) => {
      if (!times?.length) return { name, status, reason };
      const ms = summarize(times);
      return {
        name,
        status,
        times_ms: times,
        ms,
        xRealTime: ((signal.length / config.samplingRate) * 1000) / ms.median,
        nsPerFrame: (ms.median * 1e6) / expectedFrames,
        vsOurs: ms.median / oursMs,
        vsNativeFftw: null,
        dbVsOurs: diff,
      };
    }),
  };
}

/**
 * options: { peers: [file] (ours first), base (URL of the bundles), signal: Float32Array,
 * configs: [preset config], runs, warmupRuns, warmupBudgetMs, log(message), onRun? }.
 * Returns { systems, configs: { preset: table }, failures }.
 */
export async function runBenchmark(options) {
  const failures = [];
  const log = options.log ?? (() => {});
  const fail = (name, where, error) => {
    const message = error instanceof Error ? error.message : String(error);
    failures.push({ name, where, message });
    log(`FAIL ${name} (${where}): ${message}`);
  };
  const systems = [];
  for (const file of options.peers) {
    try {
      systems.push(await loadPeer(file, options.base));
    } catch (error) {
      fail(file, 'import', error);
    }
  }
  if (!systems.some((s) => s.name === OURS)) throw new Error(`${OURS} did not load: nothing to compare against`);
  const configs = {};
  for (const config of options.configs) configs[config.preset] = await measureConfig(config, systems, options.signal, { ...options, log }, fail);
  return {
    systems: systems.map(({ name, file, packageName, matchesKeras, notes }) => ({ name, file, packageName, matchesKeras, notes })),
    configs,
    failures,
  };
}
