// MelSpectrogramPool under concurrency: any number of calls at once, each with
// exactly MelSpectrogram.compute()'s result (bit for bit); dispose() ends every call
// (rejecting those not finished); the caller's array is copied inside compute(); Node
// stays alive while calls are pending.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MelSpectrogram, MelSpectrogramPool, MelSpectrogramTypeError } from 'melspec-wasm';

const disposedMessage = /^this MelSpectrogramPool has been disposed$/;

function sweep(length: number, seed: number): Float32Array {
  return Float32Array.from(
    { length },
    (_, i) => 0.4 * Math.sin(i * (0.002 + seed * 7e-4) + i * i * 3e-9) + 1e-3 * Math.cos(i * 1.3),
  );
}

/** Same type, same length, same bytes: bit-identical (NaN payloads and -0 included). */
function expectSameBits(actual: Float32Array | Float64Array, expected: Float32Array | Float64Array): void {
  expect(actual.constructor).toBe(expected.constructor);
  expect(actual.length).toBe(expected.length);
  const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength);
  expect(Buffer.compare(a, b)).toBe(0);
}

/**
 * Runs a Node script (ESM, importing dist/node.js, or the build POOL_TEST_DIST names, e.g.
 * an older one to see these checks fail) and returns its exit code and output.
 */
function runNode(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const entry = JSON.stringify(process.env.POOL_TEST_DIST ?? join(__dirname, '..', 'dist', 'node.js'));
  const script = join(mkdtempSync(join(tmpdir(), 'melspec-pool-')), 'script.mjs');
  writeFileSync(script, `import { MelSpectrogramPool } from ${entry};\n${source}`);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [script], { timeout: 120000 }, (error, stdout, stderr) =>
      resolve({ code: child.exitCode ?? (error ? 1 : 0), stdout, stderr }),
    );
  });
}

let mel: MelSpectrogram;
beforeAll(async () => {
  mel = await MelSpectrogram.create();
});
afterAll(() => mel.dispose());

describe('Node keeps running while calls are pending', () => {
  test('two concurrent compute() calls finish before Node exits (the first to finish used to unref every worker)', async () => {
    // singleThreadBelow 0: both calls go to the workers (the short one would run in-process).
    const { code, stdout, stderr } = await runNode(`
      const pool = await MelSpectrogramPool.create({}, { threads: 2, singleThreadBelow: 0 });
      const [a, b] = await Promise.all([
        pool.compute(new Float32Array(480000).fill(0.1)),
        pool.compute(new Float32Array(112000).fill(0.1)),
      ]);
      console.log('done', a.shape.join('x'), b.shape.join('x'));
    `);
    expect(stderr).toBe('');
    expect(stdout).toBe('done 128x938 128x219\n');
    expect(code).toBe(0);
  }, 120000);

  test('a short call finishing first does not let Node exit under a 10-minute one', async () => {
    const { code, stdout } = await runNode(`
      const pool = await MelSpectrogramPool.create({}, { threads: 2, singleThreadBelow: 0 });
      const long = pool.compute(new Float32Array(16000 * 600).fill(0.1));
      await pool.compute(new Float32Array(1000).fill(0.1));
      console.log('short done');
      console.log('long done', (await long).shape.join('x'));
    `);
    expect(stdout).toBe('short done\nlong done 128x18751\n');
    expect(code).toBe(0);
  }, 120000);

  test('an idle pool still lets Node exit', async () => {
    const { code, stdout } = await runNode(`
      const pool = await MelSpectrogramPool.create({}, { threads: 2 });
      await pool.compute(new Float32Array(20000).fill(0.1));
      console.log('idle');
    `);
    expect(stdout).toBe('idle\n');
    expect(code).toBe(0);
  }, 120000);
});

describe.each([
  ['shared memory', { sharedMemory: true, singleThreadBelow: 0 }],
  ['transferred jobs', { sharedMemory: false, singleThreadBelow: 0 }],
  ['default options', {}],
])('concurrent calls (%s)', (_transport, poolOptions) => {
  let pool: MelSpectrogramPool;
  beforeAll(async () => {
    pool = await MelSpectrogramPool.create({}, { threads: 2, ...poolOptions });
  });
  afterAll(() => pool.dispose());

  test('eight calls of different lengths and forms at once: each equals compute() bit for bit', async () => {
    const lengths = [480000, 112000, 1, 5000, 70001, 16000, 2048, 250000];
    const signals = lengths.map((length, i) => sweep(length, i));
    const batch = [sweep(30000, 11), sweep(30000, 12)];
    const outs = signals.map((signal) => new Float32Array(mel.compute(signal).data.length));
    const calls = [
      ...signals.map((signal, i) => (i % 2 ? pool.computeInto(signal, outs[i]) : pool.compute(signal))),
      pool.compute(batch),
    ];
    const results = await Promise.all(calls);
    signals.forEach((signal, i) => {
      const expected = mel.compute(signal);
      expect(results[i].shape).toEqual(expected.shape);
      expectSameBits(results[i].data, expected.data);
      if (i % 2) expect(results[i].data).toBe(outs[i]);
    });
    expectSameBits(results[8].data, mel.compute(batch).data);
  }, 120000);

  test("a failing call (NaN) among good ones fails alone, with compute()'s message", async () => {
    const bad = sweep(64000, 3);
    bad[40000] = Number.NaN;
    const good = sweep(64000, 4);
    const [first, failed, second] = await Promise.allSettled([
      pool.compute(good),
      pool.compute(bad),
      pool.compute(good),
    ]);
    const expected = mel.compute(good).data;
    expectSameBits((first as PromiseFulfilledResult<{ data: Float32Array }>).value.data, expected);
    expectSameBits((second as PromiseFulfilledResult<{ data: Float32Array }>).value.data, expected);
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(RangeError);
    expect((failed as PromiseRejectedResult).reason.message).toBe(
      'signal[40000] is NaN: samples must be finite (Keras would turn the whole output into NaN)',
    );
  });
});

// Transferred jobs are copied one by one, each just before it is sent (the first ones compute
// while the rest are copied), but all of them before compute() returns.
describe.each([
  ['shared memory', { sharedMemory: true, singleThreadBelow: 0 }],
  ['transferred jobs', { sharedMemory: false, singleThreadBelow: 0 }],
])("the caller's array is copied inside compute() (%s)", (_transport, poolOptions) => {
  let pool: MelSpectrogramPool;
  beforeAll(async () => {
    pool = await MelSpectrogramPool.create({}, { threads: 2, ...poolOptions });
  });
  afterAll(() => pool.dispose());

  test('x.fill(0) right after compute(x) changes nothing (12 424 of 240 128 values changed before)', async () => {
    const signal = sweep(16000 * 60, 1);
    const expected = mel.compute(signal);
    const pending = pool.compute(signal);
    signal.fill(0);
    const result = await pending;
    expectSameBits(result.data, expected.data);
  }, 60000);

  test('batches, tensors and computeInto: NaN written after the call is never read', async () => {
    const items = [sweep(40000, 5), sweep(40000, 6)];
    const flat = new Float64Array(80000);
    flat.set(items[0]);
    flat.set(items[1], 40000);
    const tensor = { data: flat, shape: [2, 40000] };
    const expectedBatch = mel.compute(items).data;
    const expectedTensor = mel.compute(tensor).data;
    const out = new Float32Array(expectedBatch.length);
    const calls = [pool.compute(items), pool.compute(tensor), pool.computeInto(items, out)];
    for (const item of items) item.fill(Number.NaN);
    flat.fill(Number.NaN);
    const [batch, fromTensor, into] = await Promise.all(calls);
    expectSameBits(batch.data, expectedBatch);
    expectSameBits(fromTensor.data, expectedTensor);
    expectSameBits(into.data, expectedBatch);
  });

  test('a NaN error names the value the pool copied, not what the array holds later', async () => {
    const signal = sweep(50000, 7);
    signal[45000] = Infinity;
    const pending = pool.compute(signal);
    signal[45000] = 0;
    await expect(pending).rejects.toThrow(/^signal\[45000\] is Infinity: samples must be finite/);
  });
});

describe('dispose() ends every call', () => {
  test('dispose during two long calls (60 s and 600 s on 2 threads): both reject with the dispose error', async () => {
    const pool = await MelSpectrogramPool.create({}, { threads: 2 });
    const calls = [
      pool.compute(new Float32Array(16000 * 60).fill(0.1)),
      pool.compute(new Float32Array(16000 * 600).fill(0.1)),
    ];
    const disposed = pool.dispose();
    const outcomes = await Promise.allSettled(calls);
    await disposed;
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
      expect((outcome as PromiseRejectedResult).reason.message).toMatch(disposedMessage);
    }
  }, 120000);

  test('dispose after the first call resolved: the queued calls reject, and later calls reject the same way', async () => {
    const pool = await MelSpectrogramPool.create({}, { threads: 2 });
    const first = pool.compute(sweep(20000, 1));
    const queued = Array.from({ length: 6 }, (_, i) => pool.compute(sweep(16000 * 60, i))); // at the default singleThreadBelow: the workers
    for (const call of queued) call.catch(() => {}); // settled below, after dispose()
    const firstResult = await first;
    expectSameBits(firstResult.data, mel.compute(sweep(20000, 1)).data);
    await pool.dispose();
    const outcomes = await Promise.allSettled(queued);
    // Each either finished before dispose() (and is exact) or rejects with the dispose error.
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') expectSameBits(outcome.value.data, mel.compute(sweep(16000 * 60, i)).data);
      else expect(outcome.reason.message).toMatch(disposedMessage);
    });
    expect(outcomes.some((outcome) => outcome.status === 'rejected')).toBe(true);
    await expect(pool.compute(sweep(1000, 1))).rejects.toThrow(TypeError);
    await expect(pool.computeInto(sweep(1000, 1), new Float32Array(1))).rejects.toThrow(disposedMessage);
    expect(() => pool.frameCount(1000)).toThrow(disposedMessage);
    await pool.dispose(); // a second dispose() does nothing
  }, 120000);
});

describe('pool options', () => {
  test('null pool options mean none (one thread per CPU); other non-objects are a typed error', async () => {
    const pool = await MelSpectrogramPool.create({}, null);
    expect(pool.threads).toBeGreaterThanOrEqual(1);
    await pool.dispose();
    await expect(MelSpectrogramPool.create({}, 4 as never)).rejects.toThrow(/^pool options must be an object, got 4$/);
    await expect(MelSpectrogramPool.create({}, 'x' as never)).rejects.toThrow(TypeError);
  });

  test('a key that is no pool option is a typed error naming it, not ignored', async () => {
    const refusal = (poolOptions: object) =>
      MelSpectrogramPool.create({}, poolOptions as never).catch((e: unknown) => e);
    const cases = [
      [
        { workers: 2 },
        'workers',
        "unknown pool option 'workers'; known options: threads, workerUrl, createWorker, singleThreadBelow, sharedMemory",
      ],
      [{ thread: 2 }, 'thread', "unknown pool option 'thread'; did you mean 'threads'?"],
      // snake_case is not read under the camelCase name, so it is refused too.
      [
        { single_thread_below: 0 },
        'single_thread_below',
        "unknown pool option 'single_thread_below'; did you mean 'singleThreadBelow'?",
      ],
    ] as const;
    for (const [poolOptions, option, message] of cases) {
      const error = await refusal(poolOptions);
      expect(error).toBeInstanceOf(MelSpectrogramTypeError);
      expect(error).toMatchObject({ code: 'ERR_MELSPEC_OPTION', option, message });
    }
  });
});

describe('random interleavings (fast-check)', () => {
  const seed = 20251211;
  const numRuns = 12;
  const callSpec = fc.record({
    length: fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 3000, max: 120000 })),
    batch: fc.integer({ min: 1, max: 3 }),
    awaitLate: fc.boolean(),
    mutate: fc.boolean(),
    into: fc.boolean(),
  });
  const scenario = fc.record({
    calls: fc.array(callSpec, { minLength: 1, maxLength: 8 }),
    // An index past the last call: no dispose until the end.
    disposeAt: fc.integer({ min: 0, max: 10 }),
    threads: fc.integer({ min: 1, max: 3 }),
    // Shared memory or transferred jobs, short calls on the calling thread or not.
    tuning: fc.constantFrom({}, { singleThreadBelow: 0 }, { sharedMemory: false, singleThreadBelow: 0 }),
  });

  test(`calls of random lengths, awaited early or late, mutated or not, dispose at a random point (seed ${seed}, ${numRuns} runs)`, async () => {
    console.log(`fast-check seed ${seed}, ${numRuns} runs`);
    await fc.assert(
      fc.asyncProperty(scenario, async ({ calls, disposeAt, threads, tuning }) => {
        const pool = await MelSpectrogramPool.create({}, { threads, ...tuning });
        const pending: {
          promise: Promise<{ data: Float32Array }>;
          expected: Float32Array;
          afterDispose: boolean;
          awaitedBeforeDispose: boolean;
        }[] = [];
        let disposing: Promise<void> | null = null;
        for (const [i, spec] of calls.entries()) {
          if (i === disposeAt) disposing = pool.dispose();
          const items = Array.from({ length: spec.batch }, (_, b) => sweep(spec.length, i * 3 + b));
          const input = spec.batch === 1 ? items[0] : items;
          const expected = mel.compute(input).data;
          const promise = spec.into ? pool.computeInto(input, new Float32Array(expected.length)) : pool.compute(input);
          promise.catch(() => {}); // awaited below; no unhandled-rejection noise meanwhile
          if (spec.mutate) for (const item of items) item.fill(Number.NaN);
          const entry = { promise, expected, afterDispose: disposing !== null, awaitedBeforeDispose: false };
          pending.push(entry);
          if (!spec.awaitLate) {
            entry.awaitedBeforeDispose = disposing === null;
            await promise.catch(() => {});
          }
        }
        if (!disposing) disposing = pool.dispose();
        const outcomes = await Promise.allSettled(pending.map((entry) => entry.promise));
        await disposing;
        outcomes.forEach((outcome, i) => {
          const { expected, afterDispose, awaitedBeforeDispose } = pending[i];
          if (outcome.status === 'fulfilled') {
            expect(afterDispose).toBe(false);
            expectSameBits(outcome.value.data, expected);
          } else {
            expect(awaitedBeforeDispose).toBe(false); // a call awaited before any dispose must succeed
            expect(outcome.reason).toBeInstanceOf(TypeError);
            expect(outcome.reason.message).toMatch(disposedMessage);
          }
        });
      }),
      { seed, numRuns },
    );
  }, 300000);
});
