// MelSpectrogramStream: however the signal is cut into chunks (property-based,
// fast-check), the frames it returns equal MelSpectrogram.compute() of the whole
// signal, bit for bit; plus 1-sample and empty pushes, flush twice, reset, errors.
import fc from 'fast-check';
import { MelSpectrogram, type MelSpectrogramOptions, type MelSpectrogramStream } from 'melspec-wasm';

function signalOf(length: number, seed: number): Float32Array {
  return Float32Array.from(
    { length },
    (_, i) => 0.3 * Math.sin(i * (0.011 + seed * 1e-3) + i * i * 1e-7) + 0.01 * Math.sin(i * 1.9),
  );
}

/** Pushes `signal` cut at `cuts`, flushes, and joins the frames into one [bins, frames] array. */
function streamWhole(stream: MelSpectrogramStream<Float32Array | Float64Array>, signal: Float32Array, cuts: number[]) {
  const parts: { data: Float32Array | Float64Array; frames: number }[] = [];
  let bins = 0;
  let start = 0;
  for (const end of [...cuts, signal.length]) {
    const { data, shape } = stream.push(signal.subarray(start, end));
    parts.push({ data, frames: shape[1] });
    bins = shape[0];
    start = end;
  }
  const last = stream.flush();
  parts.push({ data: last.data, frames: last.shape[1] });
  const frames = parts.reduce((sum, part) => sum + part.frames, 0);
  const joined = new Float64Array(bins * frames);
  let column = 0;
  for (const part of parts) {
    for (let m = 0; m < bins; m++) {
      for (let t = 0; t < part.frames; t++) joined[m * frames + column + t] = part.data[m * part.frames + t];
    }
    column += part.frames;
  }
  return { joined, frames, parts };
}

const configurations: [string, MelSpectrogramOptions][] = [
  ['Keras defaults, linear power', { powerToDb: false }],
  ['Keras defaults, dB without floor', { topDb: null }],
  ['Whisper-like framing', { fftLength: 400, sequenceStride: 160, numMelBins: 80, powerToDb: false }],
  ['odd fft, float64', { fftLength: 511, sequenceStride: 100, numMelBins: 40, powerToDb: false, dtype: 'float64' }],
];

describe.each(configurations)('%s', (_name, options) => {
  test('any chunking gives exactly compute() of the whole signal', async () => {
    const mel = await MelSpectrogram.create(options);
    const stream = mel.createStream();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20000 }),
        fc.array(fc.integer({ min: 0, max: 20000 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 9 }),
        (length, rawCuts, seed) => {
          const signal = signalOf(length, seed);
          const cuts = [...new Set(rawCuts.map((c) => c % (length + 1)))].sort((a, b) => a - b);
          stream.reset();
          const { joined, frames } = streamWhole(stream, signal, cuts);
          const expected = mel.compute(signal);
          expect(frames).toBe(expected.shape[1]);
          expect(joined).toEqual(Float64Array.from(expected.data));
        },
      ),
      { numRuns: 60, seed: 20261124 },
    );
    stream.dispose();
    mel.dispose();
  });
});

test('128-sample render quanta and 1-sample pushes equal the whole signal too', async () => {
  const mel = await MelSpectrogram.create({ powerToDb: false, fftLength: 512, sequenceStride: 128, numMelBins: 40 });
  const stream = mel.createStream();
  const signal = signalOf(3000, 1);
  const expected = Float64Array.from(mel.compute(signal).data);
  const quanta = Array.from({ length: Math.floor(signal.length / 128) }, (_, i) => (i + 1) * 128);
  expect(streamWhole(stream, signal, quanta).joined).toEqual(expected);
  stream.reset();
  const everySample = Array.from({ length: signal.length - 1 }, (_, i) => i + 1);
  expect(streamWhole(stream, signal, everySample).joined).toEqual(expected);
  stream.dispose();
  mel.dispose();
});

test('dB modes: none, running-max and fixed-ref relate to compute() as documented', async () => {
  const mel = await MelSpectrogram.create(); // top_db 80
  const signal = signalOf(40000, 2);
  const expected = mel.compute(signal).data;
  const cuts = [128, 5000, 5001, 20000];
  const noFloor = mel.createStream({ dbMode: 'none' });
  const none = streamWhole(noFloor, signal, cuts);
  noFloor.dispose();
  const floor = Math.fround(none.joined.reduce((a, b) => Math.max(a, b), -Infinity) - 80);
  // 'none' has values below compute()'s floor (so the floors below have something to raise).
  expect(none.joined.reduce((a, b) => Math.min(a, b), Infinity)).toBeLessThan(-80);
  for (const dbMode of ['none', 'running-max', 'fixed-ref'] as const) {
    const stream = mel.createStream({ dbMode });
    const { joined, parts } = streamWhole(stream, signal, cuts);
    // compute()'s floor is the final one: applying it to any mode gives compute()'s result.
    expect(joined.map((x) => Math.max(x, floor))).toEqual(Float64Array.from(expected));
    if (dbMode === 'none') expect(joined).toEqual(none.joined);
    // fixed-ref: exactly 'none' floored at -80 dB re refPower.
    if (dbMode === 'fixed-ref') expect(joined).toEqual(none.joined.map((x) => Math.max(x, -80)));
    if (dbMode === 'running-max') {
      // Each push's frames are 'none' floored at most at (largest value so far, this push
      // included) - 80, and at least at (largest value of the earlier pushes) - 80.
      let before = -Infinity;
      let raised = 0;
      const wrong: string[] = [];
      for (const [k, part] of parts.entries()) {
        const unfloored = none.parts[k].data;
        const after = Math.max(before, ...unfloored);
        for (let i = 0; i < part.data.length; i++) {
          const value = part.data[i];
          const lowest = Math.max(unfloored[i], Math.fround(before - 80));
          const highest = Math.max(unfloored[i], Math.fround(after - 80));
          if (!(value >= lowest && value <= highest))
            wrong.push(`push ${k} [${i}]: ${value} not in [${lowest}, ${highest}]`);
          if (value > unfloored[i]) raised++;
        }
        before = after;
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(raised).toBeGreaterThan(0);
    }
    stream.dispose();
  }
  mel.dispose();
});

test('empty pushes, flush twice, reset, bad chunks, disposal', async () => {
  const mel = await MelSpectrogram.create({ powerToDb: false });
  const stream = mel.createStream();
  expect(stream.push(new Float32Array(0)).shape).toEqual([128, 0]);
  expect(stream.flush().shape).toEqual([128, 0]); // nothing pushed: no frames
  expect(() => stream.flush()).toThrow(/^the stream was flushed: call reset\(\) to start a new signal$/);
  expect(() => stream.push(new Float32Array(10))).toThrow(TypeError);
  expect(() => stream.push(new Float32Array(10))).toThrow(
    /^the stream was flushed: call reset\(\) to start a new signal$/,
  );
  stream.reset();
  const bad = signalOf(100, 3);
  bad[42] = Number.NaN;
  expect(() => stream.push(bad)).toThrow(/^chunk\[42\] is NaN: samples must be finite$/);
  expect(stream.samplesReceived).toBe(0);
  expect(() => stream.push([1, 2] as never)).toThrow(
    /^chunk must be a Float32Array or a Float64Array, got an array of length 2$/,
  );
  expect(() => mel.createStream({ dbMode: 'max' as never })).toThrow(RangeError);
  expect(() => mel.createStream({ dbMode: 'max' as never })).toThrow(
    /^dbMode must be 'none', 'running-max' or 'fixed-ref', got "max"$/,
  );
  expect(() => mel.createStream({ dbmode: 'none' } as never)).toThrow(
    /^unknown stream option 'dbmode'; known: dbMode$/,
  );
  stream.push(signalOf(5000, 4));
  expect(stream.samplesReceived).toBe(5000);
  expect(stream.framesEmitted).toBe(1 + Math.floor((5000 + 1024 - 2048) / 512));
  stream.dispose();
  stream.dispose();
  expect(() => stream.push(new Float32Array(1))).toThrow(/^this MelSpectrogramStream has been disposed$/);
  mel.dispose();
});
