// Memory and state over many calls: no leaks (the C++ heap in use stays flat),
// identical results across calls and after errors, dispose()/Symbol.dispose,
// computeInto without allocation, and correct results across heap growth.
import { MelSpectrogram, memoryStats } from 'melspec-wasm';

function chirp(length: number, seed = 0): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.5 * Math.sin(i * (0.01 + seed * 0.001 + i * 2e-7)));
}

test('the same instance gives bit-identical results across calls, inputs and errors', async () => {
  const mel = await MelSpectrogram.create();
  const a = chirp(16000, 1);
  const b = chirp(9000, 2);
  const first = mel.compute(a).data;
  mel.compute(b);
  expect(() => mel.compute(new Float32Array([0, Number.NaN]))).toThrow(RangeError);
  mel.compute([b, b]);
  expect(mel.compute(a).data).toEqual(first);
  mel.dispose();
});

/** One create/compute/dispose cycle; `i` picks one of 210 option combinations. */
async function createComputeDispose(i: number, signal: Float32Array): Promise<void> {
  const fftLength = 256 + (i % 7) * 64;
  const other = await MelSpectrogram.create({
    fftLength,
    numMelBins: 20 + (i % 5),
    window: i % 3 === 0 ? Float32Array.from({ length: fftLength }, () => 1) : 'hann',
    dtype: i % 2 ? 'float64' : 'float32',
  });
  try {
    other.compute(signal);
  } finally {
    other.dispose();
  }
}

test('thousands of calls and create/dispose cycles leave the WASM heap flat', async () => {
  const signal = chirp(8000);
  const mel = await MelSpectrogram.create({ fftLength: 512, sequenceStride: 256, numMelBins: 40 });
  try {
    // Warm-up: every kind of engine once, so one-time runtime allocations are behind us.
    mel.compute(signal);
    for (let i = 0; i < 210; i++) await createComputeDispose(i, signal);
    const before = await memoryStats();
    for (let i = 0; i < 3000; i++) mel.compute(signal);
    for (let i = 0; i < 500; i++) {
      expect(() => mel.compute([signal, new Float32Array(3)])).toThrow(RangeError);
    }
    const afterCalls = await memoryStats();
    expect(afterCalls.heapBytesInUse).toBe(before.heapBytesInUse);
    expect(afterCalls.wasmMemoryBytes).toBe(before.wasmMemoryBytes);

    for (let i = 0; i < 1000; i++) await createComputeDispose(i, signal);
    const afterCycles = await memoryStats();
    expect(afterCycles.heapBytesInUse).toBe(before.heapBytesInUse);
    mel.dispose();
    expect((await memoryStats()).heapBytesInUse).toBeLessThan(before.heapBytesInUse);
  } finally {
    mel.dispose();
  }
});

test('Symbol.dispose frees the engine (the `using` declaration)', async () => {
  const before = (await memoryStats()).heapBytesInUse;
  {
    using mel = await MelSpectrogram.create();
    mel.compute(chirp(4000));
    expect((await memoryStats()).heapBytesInUse).toBeGreaterThan(before);
  }
  expect((await memoryStats()).heapBytesInUse).toBe(before);
});

test('an instance dropped without dispose() is freed by the FinalizationRegistry', async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run Jest with node --expose-gc (npm test does)');
  const before = (await memoryStats()).heapBytesInUse;
  await (async () => {
    for (let i = 0; i < 20; i++) (await MelSpectrogram.create({ fftLength: 4096 })).compute(chirp(4096));
  })();
  expect((await memoryStats()).heapBytesInUse).toBeGreaterThan(before);
  for (let i = 0; i < 20 && (await memoryStats()).heapBytesInUse > before; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect((await memoryStats()).heapBytesInUse).toBe(before);
});

test('computeInto writes into the caller buffer and equals compute()', async () => {
  const mel = await MelSpectrogram.create({ dtype: 'float64', numMelBins: 64 });
  const signal = chirp(12000);
  const expected = mel.compute(signal);
  const out = new Float64Array(expected.data.length);
  const result = mel.computeInto(signal, out);
  expect(result.data).toBe(out);
  expect(result.shape).toEqual(expected.shape);
  expect(out).toEqual(expected.data);
  mel.dispose();
});

test('results stay right when a long input grows the WASM memory between calls', async () => {
  // No top_db floor, so each frame depends on its own samples only.
  const mel = await MelSpectrogram.create({ fftLength: 1024, sequenceStride: 256, numMelBins: 64, topDb: null });
  const short = chirp(5000, 3);
  const expectedShort = mel.compute(short).data;
  const memoryBefore = (await memoryStats()).wasmMemoryBytes;
  // An hour at 16 kHz: a 58 MB result, far more than the initial memory (the samples
  // go through the heap a chunk at a time and do not grow it).
  const long = chirp(16000 * 3600, 4);
  const longResult = mel.compute(long);
  expect((await memoryStats()).wasmMemoryBytes).toBeGreaterThan(memoryBefore);
  const frames = longResult.shape[1];
  // Frames whose window ends before sample 5000 are the same whether computed
  // from the long signal or from its first 5000 samples: bit for bit.
  const head = mel.compute(long.subarray(0, 5000));
  const headFrames = head.shape[1];
  let compared = 0;
  for (let m = 0; m < 64; m++) {
    for (let t = 0; t * 256 + 512 <= 5000; t++) {
      expect(longResult.data[m * frames + t]).toBe(head.data[m * headFrames + t]);
      compared++;
    }
  }
  expect(compared).toBe(64 * 18);
  expect(mel.compute(short).data).toEqual(expectedShort);
  mel.releaseBuffers();
  expect(mel.compute(short).data).toEqual(expectedShort);
  mel.dispose();
}, 60000);

test('a 1-hour 16 kHz signal takes its output, one chunk of input and O(fftLength) of WASM heap, not its samples', async () => {
  const samples = 16000 * 3600;
  const signal = new Float32Array(samples);
  const oneSecond = chirp(16000, 5);
  for (let offset = 0; offset < samples; offset += oneSecond.length) signal.set(oneSecond, offset);
  const mel = await MelSpectrogram.create();
  const baseline = await memoryStats();
  const out = new Float32Array(128 * mel.frameCount(samples));
  mel.computeInto(signal, out);
  const after = await memoryStats();
  // The result, plus one chunk of samples (2^16 and the frames' overlap), where the
  // 230 MB of samples would be if they were copied in whole.
  const callBuffers = (out.length + 2 ** 16 + 2048) * 4;
  // The engine's own memory (window, FFT plan, filterbank, lane buffers) is O(fftLength): under 1 MiB here.
  expect(after.heapBytesInUse - baseline.heapBytesInUse).toBeGreaterThanOrEqual(out.length * 4);
  expect(after.heapBytesInUse - baseline.heapBytesInUse).toBeLessThan(callBuffers + 2 ** 20);
  expect(after.wasmMemoryBytes).toBeLessThan(baseline.wasmMemoryBytes + callBuffers + 2 ** 24);
  expect(out.subarray(0, 128 * 10).every(Number.isFinite)).toBe(true);
  mel.dispose();
}, 120000);

test('a result too large for the 4 GiB WASM memory is a RangeError up front, and nothing breaks', async () => {
  const mel = await MelSpectrogram.create();
  // 16 MB, repeated: 1100 of them give 1100 * 128 * 7813 output values, 4.1 GiB as float32.
  const piece = new Float32Array(4_000_000);
  const before = await memoryStats();
  expect(() => mel.compute(Array(1100).fill(piece))).toThrow(RangeError);
  expect(() => mel.compute(Array(1100).fill(piece))).toThrow(
    /^too large for one call: 1100070400 output values need 4\.10 GiB of WASM memory \(at most 4 GiB exist\): feed it through createStream\(\) in pieces$/,
  );
  expect(await memoryStats()).toEqual(before); // refused before any allocation
  expect(mel.compute(chirp(16000)).shape).toEqual([128, 32]);
  mel.dispose();
});
