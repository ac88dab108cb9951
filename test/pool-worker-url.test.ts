// Where the pool's worker script comes from: { workerUrl } for a script served elsewhere;
// a script that cannot be loaded is an Error naming it and the fix (not an Event).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MelSpectrogram, MelSpectrogramPool } from 'melspec-wasm';

const dist = join(__dirname, '..', 'dist');
const tone = Float32Array.from({ length: 48000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000));

test('workerUrl: a copy of the worker script elsewhere (a path, and a file: URL) gives compute()’s result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'melspec-worker-'));
  try {
    // The Node worker script bundles everything; it needs no file next to it.
    copyFileSync(join(dist, 'pool-worker.node.js'), join(dir, 'elsewhere.mjs'));
    const mel = await MelSpectrogram.create();
    const expected = mel.compute(tone).data;
    mel.dispose();
    for (const workerUrl of [join(dir, 'elsewhere.mjs'), pathToFileURL(join(dir, 'elsewhere.mjs'))]) {
      const pool = await MelSpectrogramPool.create({}, { threads: 2, workerUrl, singleThreadBelow: 0 });
      const { data } = await pool.compute(tone);
      expect(Buffer.from(data.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      await pool.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing worker script rejects with an Error naming the file and the fix', async () => {
  const missing = join(tmpdir(), 'no-such-folder-melspec', 'pool-worker.node.js');
  const attempt = MelSpectrogramPool.create({}, { threads: 1, workerUrl: missing });
  await expect(attempt).rejects.toBeInstanceOf(Error);
  await expect(MelSpectrogramPool.create({}, { threads: 1, workerUrl: missing })).rejects.toThrow(
    new RegExp(
      `^melspec-wasm pool: the worker script ${missing.replace(/[.]/g, '\\.')} failed: .*; serve the package's dist/pool-worker\\.js .* \\{ workerUrl \\}`,
    ),
  );
});

test('bad worker options are typed errors naming the option', async () => {
  await expect(MelSpectrogramPool.create({}, { workerUrl: 5 as never })).rejects.toThrow(
    /^workerUrl must be a string or a URL, got 5$/,
  );
  await expect(MelSpectrogramPool.create({}, { createWorker: 'x' as never })).rejects.toThrow(
    /^createWorker must be a function returning a Worker/,
  );
  await expect(MelSpectrogramPool.create({}, { workerUrl: 'a.js', createWorker: () => ({}) as never })).rejects.toThrow(
    /^give workerUrl or createWorker, not both$/,
  );
  await expect(MelSpectrogramPool.create({}, { createWorker: () => ({}) as never })).rejects.toThrow(
    /^createWorker is for browsers; in Node pass \{ workerUrl \}/,
  );
});
