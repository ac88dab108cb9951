// MelSpectrogramPool has MelSpectrogram's members, with the same answers (compute and
// computeInto return Promises): code written for one takes the other.
import { MelSpectrogram, MelSpectrogramPool } from 'melspec-wasm';

const members = (prototype: object) =>
  Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor')
    .sort();

test('every MelSpectrogram member exists on the pool', () => {
  const pool = new Set(members(MelSpectrogramPool.prototype));
  // Symbol.dispose vs Symbol.asyncDispose: the pool's disposal is asynchronous.
  expect(members(MelSpectrogram.prototype).filter((name) => !pool.has(name))).toEqual([]);
  expect(typeof (MelSpectrogramPool.prototype as unknown as Record<symbol, unknown>)[Symbol.asyncDispose]).toBe(
    'function',
  );
});

test.each([
  [{}],
  [{ preset: 'torchaudio', n_fft: 400, n_mels: 40 }],
  [{ preset: 'whisper' }],
  [{ dtype: 'float64', numMelBins: 32 }],
] as const)('the same answers as MelSpectrogram for %j', async (options) => {
  const mel = await MelSpectrogram.create(options as never);
  const pool = await MelSpectrogramPool.create(options as never, { threads: 2 });
  const signal = Float32Array.from({ length: 12345 }, (_, i) => Math.sin(i * 0.05) * 0.3);
  expect(pool.minimumSignalLength).toBe(mel.minimumSignalLength);
  expect(pool.frameCount(12345)).toBe(mel.frameCount(12345));
  expect(pool.outputShape([signal, signal])).toEqual(mel.outputShape([signal, signal]));
  const weights = pool.melWeights();
  expect(weights.shape).toEqual(mel.melWeights().shape);
  expect(Array.from(weights.data)).toEqual(Array.from(mel.melWeights().data));
  expect(() => pool.frameCount(0)).toThrow(/^signalLength must be a positive integer, got 0$/);
  expect(() => pool.frameCount('5' as never)).toThrow(/^signalLength must be a number, got "5"$/);
  const stream = pool.createStream();
  const streamed = [stream.push(signal), stream.flush()];
  const streamFrames = streamed.reduce((sum, part) => sum + part.shape[1], 0);
  expect(streamFrames).toBe(mel.frameCount(12345));
  stream.dispose();
  pool.releaseBuffers();
  expect(Array.from((await pool.compute(signal)).data)).toEqual(Array.from(mel.compute(signal).data));
  expect(pool.disposed).toBe(false);
  await pool.dispose();
  expect(pool.disposed).toBe(true);
  expect(() => pool.frameCount(100)).toThrow(/^this MelSpectrogramPool has been disposed$/);
  expect(() => pool.melWeights()).toThrow(/^this MelSpectrogramPool has been disposed$/);
  mel.dispose();
});
