// memoryStats() above 2 GiB of WASM heap: mallinfo's int count turned negative there.
// Needs ~5 GB of RAM for a few seconds (a 2.1 GB result in the heap and its copy).
import { MelSpectrogram, memoryStats } from 'melspec-wasm';

test('heapBytesInUse is exact above 2 GiB and back to its start after releaseBuffers()', async () => {
  // A hop of one sample: a 64-point frame per sample, 16 values each. The samples go
  // through the heap a chunk at a time, so the result is what fills it.
  const mel = await MelSpectrogram.create({ fftLength: 64, sequenceStride: 1, numMelBins: 16 });
  mel.compute(new Float32Array(4096));
  mel.releaseBuffers();
  const before = (await memoryStats()).heapBytesInUse;
  const samples = 34_000_000; // 34 M frames, 544 M values: 2.18 GB of float32
  const { data: output } = mel.compute(new Float32Array(samples));
  const during = await memoryStats();
  // The engine keeps its output buffer and one chunk of input between calls.
  const buffers = output.length * 4;
  expect(during.heapBytesInUse).toBeGreaterThan(2 ** 31);
  expect(during.heapBytesInUse).toBeGreaterThanOrEqual(before + buffers);
  expect(during.heapBytesInUse).toBeLessThan(before + buffers + 2 ** 20);
  expect(during.heapBytesInUse).toBeLessThanOrEqual(during.wasmMemoryBytes);
  mel.releaseBuffers();
  expect((await memoryStats()).heapBytesInUse).toBe(before);
  mel.dispose();
});
