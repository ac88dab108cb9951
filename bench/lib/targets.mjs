// The speed targets of issue 14 ("done when"), checked against one run's results, so that a
// run says itself which held: each with the figure this run measured and met / missed, or
// "not measured" where the run lacks the system or the input the target is defined on.
import { OURS } from './systems.mjs';

const SPEED_TARGET_SECONDS = 60;
const POOL_TARGET_SECONDS = 600;

/** The median of `name` over ours in config `preset` (how many times slower it is), or null. */
function timesOurs(results, preset, name) {
  const systems = results.configs?.[preset]?.systems ?? [];
  const ours = systems.find((s) => s.name === OURS)?.ms?.median;
  const other = systems.find((s) => s.name === name)?.ms?.median;
  return ours && other ? other / ours : null;
}

/** Ours over native FFTW (how many times its time ours takes) in config `preset`, or null. */
function oursOverFftw(results, preset) {
  const ratio = timesOurs(results, preset, 'native-fftw');
  return ratio === null ? null : 1 / ratio;
}

// Each test keeps its bound, so that the printed figure can show which side of it a value is.
const atMost = (limit) => Object.assign((value) => value <= limit, { limit });
const atLeast = (limit) => Object.assign((value) => value >= limit, { limit });

/**
 * One target: met / missed by `holds(value)`, or not measured when there is no value, or when
 * `note` says why this run cannot judge it (another input length than the target's).
 * `context`: a figure of the same run to read the value against; it does not change the status.
 */
function row(target, value, holds, { unit = '×', note, context } = {}) {
  if (value === null || value === undefined) return { target, measured: null, status: 'not measured', note };
  const status = note ? 'not measured' : holds(value) ? 'met' : 'missed';
  return { target, measured: value, unit, limit: holds.limit, status, note, context };
}

/**
 * A row's figure as printed: 2 decimals (1 for ms), more where a missed target would
 * otherwise print as its bound (1.1009× is "1.101×", not "1.10× missed").
 */
export function formatMeasured({ measured, unit, limit, status }) {
  if (measured === null) return '-';
  let digits = unit === ' ms' ? 1 : 2;
  while (digits < 4 && status === 'missed' && Number(measured.toFixed(digits)) === limit) digits++;
  return `${measured.toFixed(digits)}${unit}`;
}

/**
 * A row maker for the speed ratios of `results`: they are judged only on the 60 s the
 * targets are stated on (the quick run's 2 s are not measured, with that as the note).
 */
function speedRows(results) {
  const seconds = results.seconds ?? SPEED_TARGET_SECONDS;
  const note =
    seconds === SPEED_TARGET_SECONDS ? undefined : `this run is on ${seconds} s of audio, the target on 60 s`;
  return (target, value, holds) => row(target, value, holds, { note });
}

/** Node run (bench/run.mjs): results.json's { configs, coldStart, scaling } and the input's `seconds`. */
export function nodeTargets(results) {
  const speed = speedRows(results);
  // Ours' cold start on each Node line the run measured (this one first).
  const coldStarts = (results.coldStart ?? []).filter((r) => r.name === OURS || r.name.startsWith(`${OURS} (`));
  const scaling = results.scaling;
  const twoThreads = (preset, ceiling) =>
    scaling?.results?.[preset]?.find((s) => s.threads === 2 && Boolean(s.ceiling) === ceiling)?.speedup ?? null;
  const poolSpeedup = (preset) =>
    scaling && scaling.seconds === POOL_TARGET_SECONDS ? twoThreads(preset, false) : null;
  // What two threads computing halves apart reached in the same rounds: a pool near it is as
  // fast as this machine allowed at that moment (a vCPU taken by the host shows here).
  const poolContext = (preset) => {
    const ceiling = twoThreads(preset, true);
    return ceiling === null ? undefined : `two threads apart: ${ceiling.toFixed(2)}× in the same rounds`;
  };
  const poolNote =
    scaling && scaling.seconds !== POOL_TARGET_SECONDS
      ? `this run's pool is on ${scaling.seconds} s of audio, the target on 10 minutes`
      : undefined;
  return [
    speed('Keras default: ours ≤ 1.3× native FFTW', oursOverFftw(results, 'keras'), atMost(1.3)),
    speed('Keras default: transformers.js ≥ 25× ours', timesOurs(results, 'keras', 'transformers.js'), atLeast(25)),
    speed('Keras default: pffft-wasm pipeline ≥ 5× ours', timesOurs(results, 'keras', 'pffft-wasm'), atLeast(5)),
    speed('Whisper-like: ours ≤ 1.1× native FFTW', oursOverFftw(results, 'whisper'), atMost(1.1)),
    speed('Whisper-like: transformers.js ≥ 60× ours', timesOurs(results, 'whisper', 'transformers.js'), atLeast(60)),
    ...(coldStarts.length
      ? coldStarts.map((r) =>
          row(
            `cold start (import + first create) ≤ 20 ms${r.node ? `, Node ${r.node}` : ''}`,
            r.coldStartMs?.median,
            atMost(20),
            {
              unit: ' ms',
            },
          ),
        )
      : [row('cold start (import + first create) ≤ 20 ms', null)]),
    ...[
      ['keras', 'Keras default'],
      ['whisper', 'Whisper-like'],
    ].map(([preset, label]) =>
      row(`${label}: pool of 2 ≥ 1.6× one thread on 10 min`, poolSpeedup(preset), atLeast(1.6), {
        note: poolNote,
        context: poolContext(preset),
      }),
    ),
  ];
}

/** Browser run (bench/run.mjs --browser): browser.json's { configs, coldStart } and the input's `seconds`. */
export function browserTargets(results) {
  const speed = speedRows(results);
  const cold = results.coldStart?.find((r) => r.name === OURS);
  return [
    speed(
      'Chromium, Keras default: transformers.js ≥ 25× ours',
      timesOurs(results, 'keras', 'transformers.js'),
      atLeast(25),
    ),
    speed(
      'Chromium, Keras default: pffft-wasm pipeline ≥ 5× ours',
      timesOurs(results, 'keras', 'pffft-wasm'),
      atLeast(5),
    ),
    // "Page load to the first result of 5 s within 2× the warm time plus instantiation", read
    // as the first compute within 2× a warm one, the page, the import and create() apart.
    row(
      'Chromium, fresh page: first compute of 5 s ≤ 2× a warm one',
      cold?.firstComputeMs && cold?.warmMs ? cold.firstComputeMs / cold.warmMs : null,
      atMost(2),
    ),
  ];
}

export function printTargets(rows, heading) {
  console.log(`\n${heading}`);
  const width = Math.max(...rows.map((r) => r.target.length));
  for (const r of rows) {
    const measured = formatMeasured(r);
    const remarks = [r.note, r.context].filter(Boolean).join('; ');
    console.log(`  ${r.target.padEnd(width)}  ${measured.padStart(9)}  ${r.status}${remarks ? ` (${remarks})` : ''}`);
  }
  const measured = rows.filter((r) => r.status !== 'not measured');
  const met = measured.filter((r) => r.status === 'met').length;
  console.log(`  ${met} of ${measured.length} measured targets met in this run`);
}
