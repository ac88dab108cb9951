// Child process for the multi-core measurement (node lib/scaling.mjs <input.f32> <runs>):
// MelSpectrogram (one thread) against MelSpectrogramPool with 1..cores workers, and the
// machine's ceiling at that moment (two threads computing halves apart, lib/scaling-ceiling.mjs:
// on this VM a vCPU is sometimes taken by the host, and then no pool can scale), all
// interleaved on the same input, for both presets. Prints one JSON line.
// Run without CPU pinning (the single-thread benchmark pins itself to one CPU).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { MelSpectrogram, MelSpectrogramPool } from 'melspec-wasm';
import { PRESETS } from './keras.mjs';
import { ceilingWorkers } from './scaling-ceiling.mjs';
import { summarize } from './stats.mjs';

const [inputPath, runsArgument] = process.argv.slice(2);
const bytes = readFileSync(inputPath);
const signal = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const runs = Number(runsArgument);
const cores = os.availableParallelism?.() ?? os.cpus().length;
// The ceiling's workers load the same package as this process.
const dist = import.meta.resolve('melspec-wasm');

const results = {};
for (const config of Object.values(PRESETS)) {
  const options = { fftLength: config.fftLength, sequenceStride: config.sequenceStride, numMelBins: config.numMelBins };
  const single = await MelSpectrogram.create(options);
  const out = new Float32Array(config.numMelBins * single.frameCount(signal.length));
  const pools = [];
  // singleThreadBelow 0: the workers even for --quick's 2 s (which would run on this thread).
  for (let threads = 1; threads <= cores; threads++)
    pools.push(await MelSpectrogramPool.create(options, { threads, singleThreadBelow: 0 }));
  const ceiling = cores >= 2 ? await ceilingWorkers(dist, options) : null;
  const systems = [
    { name: 'MelSpectrogram (1 thread)', run: () => single.computeInto(signal, out), times: [] },
    ...pools.map((pool) => ({
      name: `MelSpectrogramPool (${pool.threads} workers)`,
      threads: pool.threads,
      run: () => pool.computeInto(signal, out),
      times: [],
    })),
    ...(ceiling ? [{ ...(await ceiling.system(signal)), ceiling: true, times: [] }] : []),
  ];
  for (const system of systems) for (let i = 0; i < 3; i++) await system.run(); // warm-up
  for (let round = 0; round < runs; round++) {
    for (let i = 0; i < systems.length; i++) {
      const system = systems[(i + round) % systems.length];
      const start = performance.now();
      await system.run();
      system.times.push(performance.now() - start);
    }
  }
  const baseline = summarize(systems[0].times).median;
  results[config.preset] = systems.map(({ name, threads, ceiling, times }) => ({
    name,
    threads: threads ?? 0,
    ...(ceiling ? { ceiling } : {}),
    ms: summarize(times),
    speedup: baseline / summarize(times).median,
  }));
  single.dispose();
  await Promise.all([...pools.map((pool) => pool.dispose()), ceiling?.close()]);
}
console.log(JSON.stringify({ cores, seconds: signal.length / 16000, runs, results }));
