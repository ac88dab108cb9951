// MelSpectrogramPool's two tunings: calls below singleThreadBelow samples run on the calling
// thread (same bits, no worker involved), and sharedMemory picks SharedArrayBuffers or
// transferred jobs (a page that is not cross-origin isolated gets the latter).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MelSpectrogram, MelSpectrogramPool } from 'melspec-wasm';

function sweep(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.4 * Math.sin(i * (0.003 + seed * 1e-3)) + 1e-3 * Math.sin(i * 1.7));
}

function sameBits(actual: Float32Array, expected: Float32Array): boolean {
  return Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(
    Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
  );
}

const disposed = /^this MelSpectrogramPool has been disposed$/;

describe('singleThreadBelow: short calls never reach the workers', () => {
  // A worker that starts (answers init) and then never answers a job: a call that
  // reaches it stays pending until dispose(); a call on the calling thread resolves.
  let dir: string;
  let silentWorker: string;
  let mel: MelSpectrogram;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'melspec-silent-worker-'));
    silentWorker = join(dir, 'silent-worker.mjs');
    writeFileSync(
      silentWorker,
      "import { parentPort } from 'node:worker_threads';\n" +
        "parentPort.on('message', (m) => { if (m.kind === 'init') parentPort.postMessage({ kind: 'ready' }); });\n",
    );
    mel = await MelSpectrogram.create();
  });
  afterAll(() => {
    mel.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('by default, calls under 960 000 samples (1 min at 16 kHz) (batch included) are computed in-process, bit for bit', async () => {
    const pool = await MelSpectrogramPool.create({}, { threads: 2, workerUrl: silentWorker });
    expect(pool.singleThreadBelow).toBe(960000);
    const short = sweep(959999, 1);
    expect(sameBits((await pool.compute(short)).data, mel.compute(short).data)).toBe(true);
    const out = new Float32Array(mel.compute(short).data.length);
    expect((await pool.computeInto(short, out)).data).toBe(out);
    expect(sameBits(out, mel.compute(short).data)).toBe(true);
    const batch = [sweep(479999, 2), sweep(479999, 3)]; // 959 998 samples in all
    expect(sameBits((await pool.compute(batch)).data, mel.compute(batch).data)).toBe(true);
    // Errors as compute() gives them, as rejections.
    await expect(pool.compute(new Float32Array(0))).rejects.toThrow(RangeError);
    await expect(pool.computeInto(short, new Float32Array(3))).rejects.toThrow(RangeError);
    // At the threshold the call goes to the (silent) workers: pending until dispose().
    const long = expect(pool.compute(sweep(960000, 4))).rejects.toThrow(disposed);
    const longBatch = expect(pool.compute([sweep(480000, 5), sweep(480000, 6)])).rejects.toThrow(disposed);
    await pool.dispose();
    await long;
    await longBatch;
  });

  test('singleThreadBelow: 0 sends every call to the workers; a larger value keeps longer calls in-process', async () => {
    const always = await MelSpectrogramPool.create({}, { threads: 1, workerUrl: silentWorker, singleThreadBelow: 0 });
    const tiny = expect(always.compute(sweep(1, 7))).rejects.toThrow(disposed);
    await always.dispose();
    await tiny;
    const inProcess = await MelSpectrogramPool.create(
      {},
      { threads: 1, workerUrl: silentWorker, singleThreadBelow: 1920001 },
    );
    const twoMinutes = sweep(1920000, 8);
    expect(sameBits((await inProcess.compute(twoMinutes)).data, mel.compute(twoMinutes).data)).toBe(true);
    await inProcess.dispose();
  });

  test('bad values are typed errors naming the option', async () => {
    await expect(MelSpectrogramPool.create({}, { singleThreadBelow: -1 })).rejects.toThrow(
      /^singleThreadBelow must be a whole number of samples, 0 or more, got -1$/,
    );
    await expect(MelSpectrogramPool.create({}, { singleThreadBelow: 1.5 })).rejects.toThrow(RangeError);
    await expect(MelSpectrogramPool.create({}, { singleThreadBelow: '5' as never })).rejects.toThrow(
      /^singleThreadBelow must be a number of samples, got "5"$/,
    );
    await expect(MelSpectrogramPool.create({}, { sharedMemory: 'yes' as never })).rejects.toThrow(
      /^sharedMemory must be true or false, got "yes"$/,
    );
    const error = await MelSpectrogramPool.create({}, { singleThreadBelow: -1 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'ERR_MELSPEC_OPTION', option: 'singleThreadBelow' });
  });
});

describe('sharedMemory', () => {
  test('Node shares memory by default', async () => {
    const pool = await MelSpectrogramPool.create({}, { threads: 1 });
    expect(pool.sharedMemory).toBe(true);
    await pool.dispose();
  });

  test('a page that is not cross-origin isolated: transferred jobs by default, sharedMemory: true is a RangeError', async () => {
    const scope = globalThis as { crossOriginIsolated?: boolean };
    scope.crossOriginIsolated = false;
    try {
      await expect(MelSpectrogramPool.create({}, { sharedMemory: true })).rejects.toThrow(
        /^sharedMemory: true needs SharedArrayBuffer, which browsers give only to cross-origin isolated pages/,
      );
      const pool = await MelSpectrogramPool.create({}, { threads: 2, singleThreadBelow: 0 });
      expect(pool.sharedMemory).toBe(false);
      const signal = sweep(16000 * 5, 9);
      const mel = await MelSpectrogram.create();
      expect(sameBits((await pool.compute(signal)).data, mel.compute(signal).data)).toBe(true);
      mel.dispose();
      await pool.dispose();
    } finally {
      delete scope.crossOriginIsolated;
    }
  });
});
