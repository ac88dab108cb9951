// `npm run stress`: 100 000 compute() calls and 40 000 create/compute/dispose cycles. The C++
// heap in use and the WASM memory must not move at all. RSS must stop growing: V8 sizes its
// heap up over the first thousands of cycles (+35–55 MiB, then level), so a fixed margin on
// "RSS after − RSS before" cannot tell that from a leak. Instead each workload runs in three
// phases, a warm-up (¼ of the units), phase 1 (¼) and phase 2 (½), with RSS sampled after a
// full GC 32 times; the RSS trend over phase 2 must stay under a bound in bytes per unit. A
// leak grows RSS by the same amount per unit in every phase; heap sizing levels off.
// `--inject-leak` keeps every result, to show that the check fails on a real leak.
//   node --expose-gc scripts/stress.mjs [calls] [cycles] [--inject-leak]
import { MelSpectrogram, memoryStats } from 'melspec-wasm';

const samplesPerRun = 32; // RSS samples per workload: 8 in the warm-up, 8 in phase 1, 16 in phase 2
const usage = 'usage: node --expose-gc scripts/stress.mjs [calls] [cycles] [--inject-leak]';
const args = process.argv.slice(2);
const injectLeak = args.includes('--inject-leak');
const counts = args.filter((arg) => arg !== '--inject-leak');
const [calls, cycles] = [counts[0] ?? '100000', counts[1] ?? '40000'].map(Number);
if (counts.length > 2 || ![calls, cycles].every((n) => Number.isInteger(n) && n >= samplesPerRun)) {
  console.error(`stress: calls and cycles must be integers ≥ ${samplesPerRun}; ${usage}`);
  process.exit(2);
}
if (typeof globalThis.gc !== 'function') {
  console.error(`stress: RSS is sampled after a full GC, which needs node's --expose-gc; ${usage}`);
  process.exit(2);
}

// Bounds on phase 2's RSS trend. A retained result costs ~1.7 KiB per call (16 KiB every 10th
// call) and ~6.8 KiB per cycle (a 4 or 8 KiB array and its objects): 3 and 6 times the bounds.
// Without a leak it was 0–3 bytes per call and 0–54 per cycle in five runs (docs/development.md, "The stress check").
const boundPerCall = 512;
const boundPerCycle = 1024;

const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);
const signal = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin(i * 0.05) + 0.01 * Math.sin(i * 1.3));
const retained = []; // --inject-leak: every result, never released

function rssAfterGc() {
  globalThis.gc();
  return process.memoryUsage().rss;
}

/**
 * Theil–Sen slope of y over x: the median of the slopes between all pairs of samples. Unlike
 * least squares it ignores a few outliers: RSS after GC now and then dips by ~12 MiB for one
 * sample (V8 returns pages, then takes them back), which least squares would read as hundreds
 * of bytes per cycle of growth when it falls at the start of phase 2.
 */
function medianSlope(points) {
  const slopes = [];
  for (let a = 0; a < points.length; a++) {
    for (let b = a + 1; b < points.length; b++)
      slopes.push((points[b][1] - points[a][1]) / (points[b][0] - points[a][0]));
  }
  slopes.sort((x, y) => x - y);
  const middle = slopes.length >> 1;
  return slopes.length % 2 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2;
}

/**
 * Runs `work(i)` for i < total in three phases, sampling RSS after GC, and returns the
 * failures: the C++ heap in use or WASM memory moved after the warm-up, or RSS still grows
 * in phase 2 by more than `bound` bytes per unit.
 */
async function measure(name, unit, total, bound, work) {
  const step = Math.floor(total / samplesPerRun);
  const warmUpEnd = (samplesPerRun / 4) * step;
  const phase1End = (samplesPerRun / 2) * step;
  const marks = Array.from({ length: samplesPerRun }, (_, k) => (k === samplesPerRun - 1 ? total : (k + 1) * step));
  const samples = [[0, rssAfterGc()]];
  let afterWarmUp;
  let seconds = 0;
  let i = 0;
  for (const mark of marks) {
    const started = performance.now();
    for (; i < mark; i++) await work(i);
    seconds += (performance.now() - started) / 1000;
    samples.push([i, rssAfterGc()]);
    if (i === warmUpEnd) afterWarmUp = await memoryStats();
  }
  const end = await memoryStats();
  const rssAt = (at) => samples.find(([x]) => x === at)[1];
  const perUnit = (from, to) => ((rssAt(to) - rssAt(from)) / (to - from)).toFixed(0);
  const phase2 = samples.filter(([x]) => x >= phase1End);
  const trend = medianSlope(phase2);

  console.log(`${total} ${name} in ${seconds.toFixed(1)} s${injectLeak ? ' (--inject-leak: every result kept)' : ''}`);
  console.log(
    `  RSS after GC    start ${mib(rssAt(0))} MiB, after the warm-up (${warmUpEnd}) ${mib(rssAt(warmUpEnd))}, ` +
      `phase 1 (${phase1End - warmUpEnd}) ${mib(rssAt(phase1End))}, phase 2 (${total - phase1End}) ${mib(rssAt(total))}`,
  );
  console.log(
    `  RSS per ${unit.padEnd(6)}  warm-up ${perUnit(0, warmUpEnd)} B, phase 1 ${perUnit(warmUpEnd, phase1End)} B, ` +
      `phase 2 ${perUnit(phase1End, total)} B; phase 2 trend ${trend.toFixed(0)} B/${unit} ` +
      `(median slope of ${phase2.length} samples; bound ${bound})`,
  );
  console.log(
    `  C++ heap in use ${mib(afterWarmUp.heapBytesInUse)} → ${mib(end.heapBytesInUse)} MiB, ` +
      `WASM memory ${mib(afterWarmUp.wasmMemoryBytes)} → ${mib(end.wasmMemoryBytes)} MiB`,
  );
  const failures = [];
  if (end.heapBytesInUse !== afterWarmUp.heapBytesInUse) {
    failures.push(`${unit}s: C++ heap in use changed by ${end.heapBytesInUse - afterWarmUp.heapBytesInUse} bytes`);
  }
  if (end.wasmMemoryBytes !== afterWarmUp.wasmMemoryBytes) failures.push(`${unit}s: WASM memory grew`);
  if (trend > bound)
    failures.push(`${unit}s: RSS still grows by ${trend.toFixed(0)} bytes per ${unit} in phase 2 (bound ${bound})`);
  return failures;
}

const mel = await MelSpectrogram.create();
const out = new Float32Array(128 * mel.frameCount(signal.length));
const failures = await measure(
  'compute calls (1 s of audio each, Keras defaults)',
  'call',
  calls,
  boundPerCall,
  (i) => {
    if (i % 10 === 0) {
      const result = mel.compute(signal); // the allocating variant too
      if (injectLeak) retained.push(result);
    } else {
      mel.computeInto(signal, out);
    }
  },
);
failures.push(
  ...(await measure('create/compute/dispose cycles', 'cycle', cycles, boundPerCycle, async (i) => {
    const other = await MelSpectrogram.create({ fftLength: 512 + (i % 5) * 128, dtype: i % 2 ? 'float64' : 'float32' });
    const result = other.compute(signal.subarray(0, 4000));
    if (injectLeak) retained.push(result);
    other.dispose();
  })),
);
mel.dispose();
if (failures.length) {
  console.error(`stress: FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log('stress: flat (C++ heap in use and WASM memory exactly; RSS levels off within the bounds)');
