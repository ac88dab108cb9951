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

export async function presets(signal: Float32Array): Promise<number> {
  const torchaudio = await MelSpectrogram.create({
    preset: 'torchaudio',
    n_fft: 512,
    hop_length: 128,
    power_to_db: true,
  });
  const sampleRate: number = torchaudio.options.sample_rate;
  const librosa = await MelSpectrogram.create({
    preset: 'librosa',
    sr: 22050,
    nMels: 64,
    ref: 'max',
    dtype: 'float64',
  });
  const doubles: Float64Array = librosa.compute({ data: new Float64Array(3 * 2 * 4000), shape: [3, 2, 4000] }).data;
  using whisper = await MelSpectrogram.create({ preset: 'whisper', n_mels: 128, pad_or_trim: true });
  const padTo: number | false = whisper.options.pad_or_trim;
  void doubles;
  void padTo;
  torchaudio.dispose();
  librosa.dispose();
  return sampleRate + whisper.compute(signal).shape[1];
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
  // @ts-expect-error whisper ships 80 and 128 mel filters only
  await MelSpectrogram.create({ preset: 'whisper', n_mels: 64 });
  // @ts-expect-error no such preset
  await MelSpectrogram.create({ preset: 'kaldi' });
  // @ts-expect-error torchaudio's pad_mode is 'reflect' or 'constant'
  await MelSpectrogram.create({ preset: 'torchaudio', pad_mode: 'circular' });
  void wrong;
}
