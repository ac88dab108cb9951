// Runtimes beyond the main Node thread: a worker_threads worker using the plain API
// (CJS and ESM entries), and the same numbers as the main thread.
import { Worker } from 'node:worker_threads';
import { MelSpectrogram } from 'melspec-wasm';

function runWorker(source: string, eval_ = true): Promise<{ data: Float32Array; shape: number[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: eval_ });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const body = `
  const signal = Float32Array.from({ length: 20000 }, (_, i) => 0.4 * Math.sin(i * 0.05 + i * i * 1e-6));
  const mel = await MelSpectrogram.create({ numMelBins: 48 });
  const { data, shape } = mel.compute(signal);
  mel.dispose();
  parentPort.postMessage({ data, shape }, [data.buffer]);
`;

test('a worker_threads worker (CommonJS require) gives the main thread numbers', async () => {
  const root = JSON.stringify(require.resolve('../dist/node.cjs'));
  const fromWorker = await runWorker(`
    const { parentPort } = require('node:worker_threads');
    const { MelSpectrogram } = require(${root});
    (async () => { ${body} })().catch((error) => { throw error; });
  `);
  const mel = await MelSpectrogram.create({ numMelBins: 48 });
  const signal = Float32Array.from({ length: 20000 }, (_, i) => 0.4 * Math.sin(i * 0.05 + i * i * 1e-6));
  const expected = mel.compute(signal);
  expect(fromWorker.shape).toEqual(expected.shape);
  expect(Array.from(fromWorker.data)).toEqual(Array.from(expected.data));
  mel.dispose();
});

test('a worker_threads worker (ESM import by package name) gives the same numbers', async () => {
  const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  // A module file inside the package, so that `import 'melspec-wasm'` resolves through "exports".
  const dir = mkdtempSync(join(__dirname, '..', 'build', 'worker-'));
  const file = join(dir, 'worker.mjs');
  writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';\nimport { MelSpectrogram } from 'melspec-wasm';\n${body}`,
  );
  let fromWorker: { data: Float32Array; shape: number[] };
  try {
    fromWorker = await runWorker(file, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mel = await MelSpectrogram.create({ numMelBins: 48 });
  const signal = Float32Array.from({ length: 20000 }, (_, i) => 0.4 * Math.sin(i * 0.05 + i * i * 1e-6));
  expect(Array.from(fromWorker.data)).toEqual(Array.from(mel.compute(signal).data));
  mel.dispose();
});
