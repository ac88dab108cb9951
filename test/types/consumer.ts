// Compiled (not run) by types.test.ts against the published .d.ts files:
// what a TypeScript user writes must type-check, and misuse must not.
import { MelSpectrogram, init, memoryStats, type MelSpectrogramResult, type SignalInput } from 'melspec-wasm';

export async function typical(signal: Float32Array): Promise<number[]> {
  const mel = await MelSpectrogram.create({ numMelBins: 64, samplingRate: 8000, sequenceStride: 256 });
  const result: MelSpectrogramResult<Float32Array> = mel.compute(signal);
  const float32: Float32Array = result.data;
  mel.computeInto([signal, signal], new Float32Array(2 * 64 * mel.frameCount(signal.length)));
  void float32;
  mel.dispose();
  return result.shape;
}

export async function float64(signal: Float64Array): Promise<Float64Array> {
  using mel = await MelSpectrogram.create({ dtype: 'float64' });
  return mel.compute({ data: signal, shape: [1, signal.length] }).data;
}

export async function kerasConfig(): Promise<void> {
  const mel = await MelSpectrogram.create({ fft_length: 400, sequence_stride: 160, num_mel_bins: 80, name: 'mel' });
  const input: SignalInput = new Float64Array(16000);
  mel.compute(input);
  await init({ url: new URL('https://example.invalid/melspec.wasm') });
  const stats = await memoryStats();
  void stats.heapBytesInUse;
}

export async function misuse(signal: Float32Array): Promise<void> {
  const mel = await MelSpectrogram.create();
  // @ts-expect-error a float32 instance returns Float32Array
  const wrong: Float64Array = mel.compute(signal).data;
  // @ts-expect-error windows are named 'hann' | 'hamming'
  await MelSpectrogram.create({ window: 'blackman' });
  // @ts-expect-error numbers, not strings
  await MelSpectrogram.create({ fftLength: '2048' });
  // @ts-expect-error Int16Array is not a signal
  mel.compute(new Int16Array(10));
  void wrong;
}
