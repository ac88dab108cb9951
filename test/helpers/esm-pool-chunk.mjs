// Run by esm-pool-chunk.test.ts as a plain Node ESM program on a copy of dist/ (argv[2]):
// the Node ESM entry keeps the pool's workers' code in a file of its own (node-pool.js),
// loaded by the first MelSpectrogramPool.create(). With that file missing, everything but
// the pool works, the pool's create() rejects with a library error and leaves no memory
// behind; with the file back, the next create() loads it and the pool computes as
// MelSpectrogram does. Prints what it saw as JSON.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.argv[2];
const poolFile = join(dist, 'node-pool.js');
renameSync(poolFile, `${poolFile}.away`);
const { MelSpectrogram, MelSpectrogramError, MelSpectrogramPool, memoryStats } = await import(
  pathToFileURL(join(dist, 'node.js')).href
);

const signal = new Float32Array(16000 * 3).map((_, i) => Math.sin(i * 0.01) + 0.25 * Math.sin(i * 0.37));
const mel = await MelSpectrogram.create({ numMelBins: 64 });
const single = mel.compute(signal);
const heapBefore = (await memoryStats()).heapBytesInUse;

const report = { withoutPoolFile: null, heapBefore, heapAfterFailure: null, withPoolFile: null };
try {
  await MelSpectrogramPool.create({ numMelBins: 64 }, { threads: 2, singleThreadBelow: 0 });
  report.withoutPoolFile = { created: true };
} catch (error) {
  report.withoutPoolFile = {
    library: error instanceof MelSpectrogramError,
    className: error.constructor.name,
    code: error.code,
    message: error.message,
  };
}
report.heapAfterFailure = (await memoryStats()).heapBytesInUse;

renameSync(`${poolFile}.away`, poolFile);
const pool = await MelSpectrogramPool.create({ numMelBins: 64 }, { threads: 2, singleThreadBelow: 0 });
const pooled = await pool.compute(signal);
report.withPoolFile = {
  shape: pooled.shape,
  expectedShape: single.shape,
  differing: pooled.data.reduce((count, value, i) => count + (Object.is(value, single.data[i]) ? 0 : 1), 0),
  values: pooled.data.length,
  isPool: pool instanceof MelSpectrogramPool,
  name: pool.constructor.name,
};
await pool.dispose();
mel.dispose();
console.log(JSON.stringify(report));
