// compute() against computeInto() on one signal, for bench/compute-vs-into.mjs in Node and
// its page in Chromium (browser/compute-vs-into.html): the same code in both, so that the two
// runtimes' figures differ by their allocators, not by the method.
import { quantile } from './stats.mjs';
import { tileWithNoise } from './tile.mjs';

/** A deterministic stand-in for speech: two sweeping tones, tiled with quiet noise. */
export function sweepSignal(seconds) {
  const base = new Float32Array(16000);
  for (let i = 0; i < base.length; i++) base[i] = 0.4 * Math.sin(0.02 * i + 1e-6 * i * i) + 0.2 * Math.sin(0.31 * i);
  return tileWithNoise(base, seconds, 16000);
}

export const configs = {
  keras: {},
  whisper: { preset: 'whisper' },
};

const ms = (value) => value.toFixed(2).padStart(7);

/**
 * For each config: both calls gc()'d before each run in alternating order (skipped when
 * loopOnly), then back to back without gc() in blocks of each, as a user's loop calls them.
 * pageFaults(): the process' minor page faults so far, or null where nobody can tell (a page).
 * Prints through log(line).
 */
export async function compareCalls({
  MelSpectrogram,
  signal,
  seconds,
  runs,
  loopOnly,
  label,
  collect,
  pageFaults,
  log,
}) {
  for (const [name, options] of Object.entries(configs)) {
    const mel = await MelSpectrogram.create(options);
    const out = new Float32Array(mel.outputShape(signal).reduce((a, b) => a * b, 1));
    const variants = {
      compute: () => mel.compute(signal),
      computeInto: () => mel.computeInto(signal, out),
    };
    for (let i = 0; i < 3; i++) for (const run of Object.values(variants)) run(); // warm-up: tier-up, heap grown
    log(`${name} (${seconds} s, output ${out.length} values, ${runs} runs each${label ? `, ${label}` : ''}):`);
    if (!loopOnly) interleaved(variants, runs, collect, log);
    backToBack(variants, runs, pageFaults, log);
    mel.dispose();
  }
}

function interleaved(variants, runs, collect, log) {
  const times = { compute: [], computeInto: [] };
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always follows the other's garbage.
    const order = i % 2 === 0 ? ['compute', 'computeInto'] : ['computeInto', 'compute'];
    for (const key of order) {
      collect();
      const started = performance.now();
      variants[key]();
      times[key].push(performance.now() - started);
    }
  }
  report('after gc()', times, null, log);
}

function backToBack(variants, runs, pageFaults, log) {
  const times = { compute: [], computeInto: [] };
  const faults = pageFaults() === null ? null : { compute: 0, computeInto: 0 };
  for (let block = 0; block < 3; block++) {
    for (const key of Object.keys(variants)) {
      const before = pageFaults();
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        variants[key]();
        times[key].push(performance.now() - started);
      }
      if (faults) faults[key] += pageFaults() - before;
    }
  }
  report('in a loop', times, faults, log);
}

function report(how, times, faults, log) {
  const median = (key) => quantile(times[key], 0.5);
  const min = (key) => Math.min(...times[key]);
  for (const key of Object.keys(times)) {
    const perCall = faults ? `  ${(faults[key] / times[key].length).toFixed(0)} page faults per call` : '';
    log(
      `  ${key.padEnd(12)} ${how.padEnd(10)} median ${ms(median(key))} ms  min ${ms(min(key))} ms  ` +
        `median/min ${(median(key) / min(key)).toFixed(2)}${perCall}`,
    );
  }
  log(`  compute / computeInto ${how} (medians): ${(median('compute') / median('computeInto')).toFixed(3)}`);
}
