// compute() takes a signal into the WASM heap a chunk at a time (about 2^16 samples of
// frames) and writes each chunk's frames into their columns of the result. Across many
// chunks: the frames equal a stream's of the same signal bit for bit, the top_db floor
// still takes the whole signal's max, and a sample that is not finite is found wherever
// it is, read by a frame or not, with nothing written to `out`.
import { MelSpectrogram, type MelSpectrogramOptions, type MelSpectrogramStream } from 'melspec-wasm';

/** A deterministic signal: a chirp and a tone, `loudFrom` on at full level, before it at 1e-4. */
function signalOf(length: number, loudFrom = 0): Float32Array {
  return Float32Array.from({ length }, (_, i) => {
    const value = 0.3 * Math.sin(i * 0.013 + i * i * 3e-9) + 0.02 * Math.sin(i * 1.7);
    return i < loudFrom ? value * 1e-4 : value;
  });
}

/** The stream's frames for `signal` pushed in pieces of `piece` samples, joined into [bins, frames]. */
function streamed(stream: MelSpectrogramStream<Float32Array | Float64Array>, signal: Float32Array, piece: number) {
  const parts: { data: Float32Array | Float64Array; bins: number; frames: number }[] = [];
  for (let start = 0; start < signal.length; start += piece) {
    const { data, shape } = stream.push(signal.subarray(start, start + piece));
    parts.push({ data, bins: shape[0] ?? 0, frames: shape[1] ?? 0 });
  }
  const last = stream.flush();
  parts.push({ data: last.data, bins: last.shape[0] ?? 0, frames: last.shape[1] ?? 0 });
  const bins = parts[0]?.bins ?? 0;
  const frames = parts.reduce((sum, part) => sum + part.frames, 0);
  const joined = new Float64Array(bins * frames);
  let column = 0;
  for (const part of parts) {
    for (let m = 0; m < bins; m++)
      for (let t = 0; t < part.frames; t++) joined[m * frames + column + t] = part.data[m * part.frames + t] as number;
    column += part.frames;
  }
  return { joined, frames };
}

const configurations: [string, MelSpectrogramOptions][] = [
  ['Keras defaults, dB without floor', { topDb: null }],
  ['Whisper-like framing, linear', { fftLength: 400, sequenceStride: 160, numMelBins: 80, powerToDb: false }],
  ['odd fft, float64', { fftLength: 511, sequenceStride: 100, numMelBins: 40, powerToDb: false, dtype: 'float64' }],
  // Frames 1000 samples apart, 256 long: most samples are read by no frame.
  ['a stride longer than the frame', { fftLength: 256, sequenceStride: 1000, numMelBins: 20, powerToDb: false }],
];

describe.each(configurations)('%s', (_name, options) => {
  test('a signal of many chunks gives exactly the frames a stream gives', async () => {
    const mel = await MelSpectrogram.create(options);
    const stream = mel.createStream();
    // Chunk boundaries fall inside frames; the last chunk is a short one.
    for (const length of [3 * 2 ** 16 + 777, 400_001]) {
      const signal = signalOf(length);
      stream.reset();
      const { joined, frames } = streamed(stream, signal, 10_007);
      const expected = mel.compute(signal);
      expect(expected.shape[1]).toBe(frames);
      expect(Float64Array.from(expected.data)).toEqual(joined);
    }
    stream.dispose();
    mel.dispose();
  });
});

test("the top_db floor takes the whole signal's max, however far into it the loud part is", async () => {
  const mel = await MelSpectrogram.create(); // top_db 80
  const signal = signalOf(300_000, 250_000); // quiet for four chunks, loud in the last
  const stream = mel.createStream({ dbMode: 'none' });
  const { joined } = streamed(stream, signal, 4096);
  stream.dispose();
  const floor = Math.fround(joined.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY) - 80);
  const expected = joined.map((value) => Math.max(value, floor));
  // The quiet part lies under the floor: a floor from the early chunks alone would keep it.
  expect(joined.filter((value) => value < floor).length).toBeGreaterThan(1000);
  expect(Float64Array.from(mel.compute(signal).data)).toEqual(expected);
  // A batch floors at its loudest signal (topDbScope 'all'): the quiet copy sits at the floor.
  const quiet = signal.map((value) => value * 1e-6);
  const batch = mel.compute([quiet, signal]);
  const frames = batch.shape[2] ?? 0;
  const quietPart = batch.data.subarray(0, 128 * frames);
  expect(quietPart.every((value) => value === floor)).toBe(true);
  expect(Float64Array.from(batch.data.subarray(128 * frames))).toEqual(expected);
  mel.dispose();
});

describe('a sample that is not finite', () => {
  test('in a late chunk: named, and computeInto() writes nothing to out', async () => {
    const mel = await MelSpectrogram.create();
    const signal = signalOf(200_000);
    signal[150_000] = Number.NaN;
    const out = new Float32Array(128 * mel.frameCount(signal.length)).fill(7);
    expect(() => mel.computeInto(signal, out)).toThrow(
      expect.objectContaining({
        code: 'ERR_MELSPEC_SIGNAL',
        message: expect.stringMatching(/^signal\[150000\] is NaN/),
      }),
    );
    expect(out.every((value) => value === 7)).toBe(true);
    signal[150_000] = 0;
    mel.computeInto(signal, out);
    expect(out.every(Number.isFinite)).toBe(true);
    mel.dispose();
  });

  test('read by no frame (between frames, or past the last one) is still refused', async () => {
    const mel = await MelSpectrogram.create({ fftLength: 256, sequenceStride: 1000, numMelBins: 20 });
    // Frame t reads samples [1000 t - 128, 1000 t + 128): sample 500 lies between frames 0 and 1.
    for (const at of [500, 150_500, 199_999]) {
      const signal = signalOf(200_000);
      signal[at] = Number.POSITIVE_INFINITY;
      expect(() => mel.compute(signal)).toThrow(new RegExp(`^signal\\[${at}\\] is Infinity: samples must be finite`));
    }
    // A float64 sample beyond float32's range is infinite to a float32 engine, read or not.
    const wide = Float64Array.from(signalOf(200_000));
    wide[150_500] = 1e300;
    expect(() => mel.compute(wide)).toThrow(/^signal\[150500\] is Infinity: samples must be finite/);
    // The first bad sample in signal order is the one named, in a batch too.
    const first = signalOf(200_000);
    const second = signalOf(200_000);
    second[150_500] = Number.NaN;
    second[160_000] = Number.NaN;
    expect(() => mel.compute([first, second])).toThrow(/^signal\[1\]\[150500\] is NaN/);
    mel.dispose();
  });

  test("past Whisper's 30 s, which pad_or_trim cuts off, is refused as before", async () => {
    const mel = await MelSpectrogram.create({ preset: 'whisper', pad_or_trim: true });
    const signal = signalOf(16000 * 35);
    signal[16000 * 33] = Number.NaN;
    expect(() => mel.compute(signal)).toThrow(/^signal\[528000\] is NaN/);
    signal[16000 * 33] = 0;
    expect(mel.compute(signal).shape).toEqual([80, 3000]);
    mel.dispose();
  });
});
