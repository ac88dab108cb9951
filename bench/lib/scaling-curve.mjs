// The pool's scaling curve, the same code in Node and in a page (bench/scaling.mjs runs
// both): MelSpectrogram on one thread against MelSpectrogramPool (1 and 2 workers, shared
// memory and, for comparison, transferred jobs) on 10 s ... 1 h of audio, interleaved.
// Every pool has singleThreadBelow 0, so that the pool itself is measured at every length.
import { quantile } from './stats.mjs';

export const CURVE_SECONDS = [10, 30, 60, 300, 600, 1800, 3600];
export const CURVE_PRESETS = {
  keras: {},
  whisper: { fftLength: 400, sequenceStride: 160, numMelBins: 80 },
};

const median = (values) => quantile(values, 0.5);

/**
 * { MelSpectrogram, MelSpectrogramPool }: the package; signal: Float32Array of the longest
 * length (shorter ones are its prefixes); transfer: also time 2 workers without shared memory;
 * ceiling: options => the reference system of lib/scaling-ceiling.mjs (Node).
 * Returns rows { preset, seconds, system, threads, ms, speedup } (speedup: one thread's median / this median).
 */
export async function measureCurve({
  api,
  signal,
  sampleRate = 16000,
  seconds = CURVE_SECONDS,
  runs,
  transfer,
  ceiling,
  log,
}) {
  const { MelSpectrogram, MelSpectrogramPool } = api;
  const rows = [];
  for (const [preset, options] of Object.entries(CURVE_PRESETS)) {
    const single = await MelSpectrogram.create(options);
    const pools = [
      {
        name: 'pool, 1 worker',
        threads: 1,
        pool: await MelSpectrogramPool.create(options, { threads: 1, singleThreadBelow: 0 }),
      },
      {
        name: 'pool, 2 workers',
        threads: 2,
        pool: await MelSpectrogramPool.create(options, { threads: 2, singleThreadBelow: 0 }),
      },
    ];
    if (transfer) {
      const pool = await MelSpectrogramPool.create(options, { threads: 2, singleThreadBelow: 0, sharedMemory: false });
      pools.push({ name: 'pool, 2 workers, transferred', threads: 2, pool });
    }
    // ceiling(options): Node's reference of two independent threads (lib/scaling-ceiling.mjs), or none.
    const reference = ceiling ? await ceiling(options) : null;
    for (const length of seconds) {
      const input = signal.subarray(0, length * sampleRate);
      const out = new Float32Array(single.outputShape(input).reduce((a, b) => a * b, 1));
      const systems = [
        { name: 'one thread', threads: 0, shared: false, run: async () => single.computeInto(input, out), times: [] },
        ...pools.map(({ name, threads, pool }) => ({
          name,
          threads,
          shared: pool.sharedMemory,
          run: () => pool.computeInto(input, out),
          times: [],
        })),
      ];
      if (reference) systems.push({ ...(await reference.system(input)), shared: false, times: [] });
      // Warm-up: the first call at a length grows the buffers (heap, shared memory).
      for (const system of systems) for (let i = 0; i < 2; i++) await system.run();
      const rounds = length >= 1800 ? Math.max(3, Math.ceil(runs / 2)) : runs;
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < systems.length; i++) {
          const system = systems[(i + round) % systems.length];
          globalThis.gc?.();
          const start = performance.now();
          await system.run();
          system.times.push(performance.now() - start);
        }
      }
      const baseline = median(systems[0].times);
      for (const { name, threads, shared, times } of systems) {
        rows.push({
          preset,
          seconds: length,
          system: name,
          threads,
          shared,
          ms: median(times),
          runs: times.length,
          speedup: baseline / median(times),
        });
      }
      log?.(`${preset} ${length} s: ${systems.map((s) => `${s.name} ${median(s.times).toFixed(1)} ms`).join(', ')}`);
    }
    single.dispose();
    for (const { pool } of pools) await pool.dispose();
    await reference?.close();
  }
  return rows;
}

/** The curve as a table: one line per preset and length, ms and speed-up per system. */
export function curveTable(rows) {
  const systems = [...new Set(rows.map((r) => r.system))];
  const header = ['preset', 'audio', ...systems.map((s) => `${s} ms`), ...systems.slice(1).map((s) => `${s} x`)];
  const keys = [...new Set(rows.map((r) => `${r.preset}|${r.seconds}`))];
  const lines = keys.map((key) => {
    const [preset, seconds] = key.split('|');
    const of = (system) =>
      rows.find((r) => r.preset === preset && String(r.seconds) === seconds && r.system === system);
    const audio = Number(seconds) >= 60 ? `${Number(seconds) / 60} min` : `${seconds} s`;
    return [
      preset,
      audio,
      ...systems.map((s) => of(s)?.ms.toFixed(1) ?? '-'),
      ...systems.slice(1).map((s) => `${of(s)?.speedup.toFixed(2) ?? '-'}x`),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(line)].join('\n');
}
