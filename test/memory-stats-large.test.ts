// memoryStats() above 2 GiB of WASM heap: mallinfo's int count turned negative there.
// Needs ~6 GB of RAM for a few seconds (2.2 GB of input on each side of the boundary).
import { MelSpectrogram, memoryStats } from 'melspec-wasm';

test('heapBytesInUse is exact above 2 GiB and back to its start after releaseBuffers()', async () => {
  // A stride of 2^24 samples: 34 frames, so the call costs little more than copying the input.
  const mel = await MelSpectrogram.create({ sequenceStride: 2 ** 24 });
  mel.compute(new Float32Array(4096));
  mel.releaseBuffers();
  const before = (await memoryStats()).heapBytesInUse;
  const samples = 560_000_000; // 2.24 GB of float32
  const { data: output } = mel.compute(new Float32Array(samples));
  const during = await memoryStats();
  // The engine keeps its input and output buffers between calls.
  const buffers = samples * 4 + output.length * 4;
  expect(during.heapBytesInUse).toBeGreaterThan(2 ** 31);
  expect(during.heapBytesInUse).toBeGreaterThanOrEqual(before + buffers);
  expect(during.heapBytesInUse).toBeLessThan(before + buffers + 2 ** 20);
  expect(during.heapBytesInUse).toBeLessThanOrEqual(during.wasmMemoryBytes);
  mel.releaseBuffers();
  expect((await memoryStats()).heapBytesInUse).toBe(before);
  mel.dispose();
});
