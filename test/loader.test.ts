// init(): the explicit ways to hand over the .wasm (CDNs, workers, edge runtimes).
// Jest gives each test file its own module registry, so the module is not loaded yet here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MelSpectrogram, init, memoryStats } from 'melspec-wasm';

const wasmPath = join(__dirname, '..', 'dist', 'melspec.wasm');

test('bad sources are rejected clearly, and a good one still loads afterwards', async () => {
  await expect(memoryStats()).resolves.toEqual({ wasmMemoryBytes: 0, heapBytesInUse: 0 });
  await expect(init({})).rejects.toThrow(
    /^melspec-wasm: init\(\) takes exactly one of wasmModule, wasmBinary, url; got 0$/,
  );
  await expect(init({ wasmModule: 5 as never })).rejects.toThrow(TypeError);
  await expect(init({ wasmModule: 5 as never })).rejects.toThrow(/wasmModule must be a WebAssembly.Module/);
  await expect(init({ wasmBinary: 'abc' as never })).rejects.toThrow(
    /wasmBinary must be an ArrayBuffer or a typed array/,
  );
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  // Bytes that are not a WebAssembly module: the engine's CompileError, as it is.
  await expect(init({ wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9]) })).rejects.toMatchObject({
    name: 'CompileError',
    message: expect.stringMatching(/WebAssembly\.compile\(\)/),
  });
  quiet.mockRestore();
  warn.mockRestore();

  // A module compiled by the caller (as a Worker or AudioWorklet would receive it).
  const wasmModule = await WebAssembly.compile(readFileSync(wasmPath));
  await expect(init({ wasmModule })).resolves.toBeUndefined();
  const mel = await MelSpectrogram.create({ fftLength: 400, sequenceStride: 160, numMelBins: 80 });
  const { shape, data } = mel.compute(new Float32Array(16000).map((_, i) => Math.sin(i / 10)));
  expect(shape).toEqual([80, 101]);
  expect(data.every(Number.isFinite)).toBe(true);
  mel.dispose();
  const stats = await memoryStats();
  expect(stats.wasmMemoryBytes).toBeGreaterThanOrEqual(16 * 2 ** 20);
  expect(stats.heapBytesInUse).toBeGreaterThan(0);
});
