// Loud signals and large exponents: every finite input gives the value the reference
// computes, or +Infinity in linear output where that value is beyond the dtype's range;
// never NaN, never -Infinity, never the silent floor. The reference values come from
// the same signal scaled into the ordinary range, where nothing overflows: scaling by c
// shifts dB by 10 * magExp * log10(c) with a fixed reference, and changes nothing with
// ref = max.
import { MelSpectrogram } from 'melspec-wasm';

function sine(length: number, amplitude: number): Float32Array;
function sine(length: number, amplitude: number, ArrayType: Float64ArrayConstructor): Float64Array;
function sine(
  length: number,
  amplitude: number,
  ArrayType: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array,
): Float32Array | Float64Array {
  // 1 kHz at 16 kHz: bin 128 of a 2048-point FFT exactly.
  const samples = new ArrayType(length);
  for (let i = 0; i < length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * 1000 * i) / 16000);
  return samples;
}

function countWhere(values: ArrayLike<number>, predicate: (value: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (predicate(values[i])) count++;
  return count;
}

test("Keras defaults on a sine of amplitude 3e38: the quiet sine's dB + 20 log10(scale), not -100 dB", async () => {
  const mel = await MelSpectrogram.create({});
  const scale = 2 ** 127; // 1.7e38, exact
  const quiet = mel.compute(sine(16000, 0.5)).data;
  const loud = mel.compute(sine(16000, 0.5 * scale)).data;
  expect(countWhere(loud, (v) => !Number.isFinite(v))).toBe(0);
  const shift = 20 * Math.log10(scale);
  let worst = 0;
  for (let i = 0; i < quiet.length; i++) worst = Math.max(worst, Math.abs(loud[i] - (quiet[i] + shift)));
  expect(worst).toBeLessThan(2e-3); // one float32 ulp at 760 dB is 6e-5
  expect(Math.min(...loud)).toBeGreaterThan(600);
  mel.dispose();
});

test('linear output of a loud sine: the true power where float32 holds it, +Infinity where not, never NaN', async () => {
  const mel = await MelSpectrogram.create({ powerToDb: false });
  const scale = 2 ** 60;
  const quiet = mel.compute(sine(16000, 0.5)).data;
  const loud = mel.compute(sine(16000, 0.5 * scale)).data;
  expect(countWhere(loud, Number.isNaN)).toBe(0);
  let infinite = 0;
  let finite = 0;
  for (let i = 0; i < quiet.length; i++) {
    const expected = quiet[i] * scale * scale;
    if (expected > 3.41e38) {
      expect(loud[i]).toBe(Infinity);
      infinite++;
    } else if (expected < 3.39e38) {
      expect(Math.abs(loud[i] / expected - 1)).toBeLessThan(1e-4);
      finite++;
    }
  }
  expect(infinite).toBeGreaterThan(0);
  expect(finite).toBeGreaterThan(0);
  // The same 3e38 sine that gave NaN everywhere.
  const loudest = mel.compute(sine(16000, 3e38)).data;
  expect(countWhere(loudest, Number.isNaN)).toBe(0);
  mel.dispose();
});

test("librosa power=1000, ref='max', float64 on a 0.9 sine: finite, equal to the sine scaled out of overflow", async () => {
  const options = {
    preset: 'librosa',
    sr: 16000,
    power_to_db: true,
    ref: 'max',
    power: 1000,
    dtype: 'float64',
  } as const;
  const mel = await MelSpectrogram.create(options);
  const loud = mel.compute(sine(16000, 0.9, Float64Array)).data;
  expect(countWhere(loud, Number.isNaN)).toBe(0); // was 331
  expect(countWhere(loud, (v) => v === -Infinity)).toBe(0); // was 5 301
  // |X| of the sine is amplitude * 2048 / 4: scaled to 1.5, 1.5 ** 1000 = 1e176 overflows nothing.
  const scaled = mel.compute(sine(16000, 1.5 / 512, Float64Array)).data;
  let worst = 0;
  for (let i = 0; i < loud.length; i++) worst = Math.max(worst, Math.abs(loud[i] - scaled[i]));
  expect(worst).toBeLessThan(1e-6);
  expect(Math.max(...loud)).toBe(0);
  expect(Math.min(...loud)).toBe(-80);
  mel.dispose();
});

test('a stream and compute() agree bit for bit on a signal that turns loud half-way', async () => {
  const mel = await MelSpectrogram.create({ topDb: null });
  const signal = sine(32000, 0.5);
  for (let i = 16000; i < signal.length; i++) signal[i] *= 1e37;
  const whole = mel.compute(signal).data;
  expect(countWhere(whole, (v) => !Number.isFinite(v))).toBe(0);
  const stream = mel.createStream({ dbMode: 'none' });
  const parts: Float32Array[] = [];
  for (let offset = 0; offset < signal.length; offset += 777)
    parts.push(stream.push(signal.subarray(offset, offset + 777)).data);
  parts.push(stream.flush().data);
  const frames = mel.frameCount(signal.length);
  const streamed = new Float32Array(whole.length);
  let column = 0;
  for (const part of parts) {
    const count = part.length / 128;
    for (let f = 0; f < count; f++)
      for (let m = 0; m < 128; m++) streamed[m * frames + column + f] = part[m * count + f];
    column += count;
  }
  expect(column).toBe(frames);
  expect(Buffer.from(streamed.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
  stream.dispose();
  mel.dispose();
});

describe('option values whose result float32 cannot hold are refused, naming the limit', () => {
  test.each([
    [{ magExp: 1000.5 }, /magExp must be a number from 0 to 1000/],
    [{ mag_exp: 5000 }, /magExp must be a number from 0 to 1000/],
    [{ minPower: 1e-39 }, /minPower must be a number from 1\.2e-38 to 3\.4e38/],
    [{ preset: 'librosa', power: 1001 }, /power must be a number > 0 and at most 1000/],
    [{ preset: 'librosa', amin: 1e-40 }, /amin must be a number from 1\.2e-38/],
    [{ preset: 'torchaudio', power: 2000 }, /power must be a number > 0 and at most 1000/],
    [
      { window: [1, 1e39, 1, 1], fftLength: 4, sequenceStride: 2 },
      /window\[1\] must be a number from -3\.4e38 to 3\.4e38/,
    ],
  ])('%j', async (options, message) => {
    await expect(MelSpectrogram.create(options as never)).rejects.toThrow(message);
    await expect(MelSpectrogram.create(options as never)).rejects.toBeInstanceOf(RangeError);
  });

  test('the limits themselves are accepted', async () => {
    const mel = await MelSpectrogram.create({ magExp: 1000, minPower: 1.1754943508222875e-38 });
    expect(countWhere(mel.compute(sine(4096, 0.9)).data, (v) => !Number.isFinite(v))).toBe(0);
    mel.dispose();
  });
});

test('the CLI on a loud float WAV: the true dB values, bit for bit the API, exit 0 (it wrote -100 dB before)', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { readNpy, runCli, writeFloatWav } = await import('./helpers/cli-inputs');
  const dir = mkdtempSync(join(tmpdir(), 'melspec-loud-'));
  try {
    const samples = sine(16000, 3e38);
    writeFloatWav(join(dir, 'loud.wav'), samples, 16000);
    const run = runCli([join(dir, 'loud.wav'), '-f', 'npy', '-o', dir, '-j', '1']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const written = readNpy(join(dir, 'loud.npy'));
    const mel = await MelSpectrogram.create({});
    const expected = mel.compute(samples).data;
    mel.dispose();
    expect(
      Buffer.from(written.data.buffer, written.data.byteOffset, written.data.byteLength).equals(
        Buffer.from(expected.buffer),
      ),
    ).toBe(true);
    expect(Math.min(...written.data)).toBeGreaterThan(600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
