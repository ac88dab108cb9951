// Property-based (fast-check): any options object and any input either compute a
// finite, correctly shaped result or throw a TypeError/RangeError that names the
// problem; never a WASM trap, and the instance still gives the right answer after.
import fc from 'fast-check';
import { MelSpectrogram } from 'melspec-wasm';

const optionNames = [
  'fftLength',
  'sequenceStride',
  'sequenceLength',
  'window',
  'samplingRate',
  'numMelBins',
  'minFreq',
  'maxFreq',
  'powerToDb',
  'topDb',
  'magExp',
  'minPower',
  'refPower',
  'dtype',
  'topDbScope',
];

// Mostly valid values, sometimes a wrong one, so that many option objects get through.
const weird = fc.oneof(
  fc.constant('blackman'),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.constant(Infinity),
  fc.constant(-1),
  fc.constant(0),
  fc.constant(1.5),
  fc.constant('2048'),
  fc.constant(true),
  fc.constant([1, 2, 3]),
  fc.constant({}),
  fc.double({ noNaN: false }),
);
const options = fc.record(
  {
    fftLength: fc.oneof(
      { arbitrary: fc.integer({ min: 400, max: 3000 }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    sequenceStride: fc.oneof(
      { arbitrary: fc.integer({ min: 1, max: 3000 }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    sequenceLength: fc.oneof(
      { arbitrary: fc.constantFrom(0, null, 200, 400), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    window: fc.oneof(
      { arbitrary: fc.constantFrom('hann', 'hamming', null), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    samplingRate: fc.oneof(
      { arbitrary: fc.double({ min: 4000, max: 96000, noNaN: true }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    numMelBins: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 300 }), weight: 12 }, { arbitrary: weird, weight: 1 }),
    minFreq: fc.oneof(
      { arbitrary: fc.double({ min: 0, max: 1000, noNaN: true }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    maxFreq: fc.oneof(
      { arbitrary: fc.oneof(fc.constant(null), fc.double({ min: 2000, max: 48000, noNaN: true })), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    powerToDb: fc.oneof({ arbitrary: fc.boolean(), weight: 12 }, { arbitrary: weird, weight: 1 }),
    topDb: fc.oneof(
      { arbitrary: fc.double({ min: 0, max: 200, noNaN: true }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    magExp: fc.oneof(
      { arbitrary: fc.double({ min: 0, max: 4, noNaN: true }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    minPower: fc.oneof(
      { arbitrary: fc.double({ min: 1e-30, max: 1, noNaN: true }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    refPower: fc.oneof(
      { arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 12 },
      { arbitrary: weird, weight: 1 },
    ),
    dtype: fc.oneof({ arbitrary: fc.constantFrom('float32', 'float64'), weight: 12 }, { arbitrary: weird, weight: 1 }),
    topDbScope: fc.oneof({ arbitrary: fc.constantFrom('batch', 'item'), weight: 12 }, { arbitrary: weird, weight: 1 }),
    extraKey: fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: fc.constant('x'), weight: 1 }),
  },
  { requiredKeys: [] },
);
const signal = fc.record({
  length: fc.integer({ min: 0, max: 4000 }),
  batch: fc.integer({ min: 0, max: 3 }),
  nanAt: fc.option(fc.nat(), { freq: 4 }),
  float64: fc.boolean(),
});

function makeSignal(length: number, seed: number, float64: boolean) {
  const values = Array.from({ length }, (_, i) => 0.3 * Math.sin(i * (0.01 + seed * 1e-3)) + 0.01 * Math.cos(i * 1.3));
  return float64 ? Float64Array.from(values) : Float32Array.from(values);
}

test('any options and input: a finite, well-shaped result or a named TypeError/RangeError', async () => {
  const outcomes = { refusedOptions: 0, refusedInput: 0, computed: 0 };
  await fc.assert(
    fc.asyncProperty(options, signal, async (given, input) => {
      const clean = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
      let mel: MelSpectrogram<Float32Array | Float64Array>;
      try {
        mel = await MelSpectrogram.create(clean as never);
      } catch (error) {
        expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
        const message = (error as Error).message;
        expect(optionNames.some((name) => message.includes(name)) || /unknown option|options must/.test(message)).toBe(
          true,
        );
        outcomes.refusedOptions++;
        return;
      }
      try {
        const items = Array.from({ length: input.batch }, (_, b) => makeSignal(input.length, b, input.float64));
        if (input.nanAt !== null && input.length > 0 && items.length > 0)
          items[0][input.nanAt % input.length] = Number.NaN;
        const argument = input.batch === 1 ? items[0] : items;
        let result: ReturnType<typeof mel.compute>;
        try {
          result = mel.compute(argument as never);
        } catch (error) {
          expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
          expect((error as Error).message).toMatch(/signal|batch|samples|memory/);
          // The instance still works, and right.
          const probe = makeSignal(3000, 7, false);
          const fresh = await MelSpectrogram.create(clean as never);
          expect(mel.compute(probe).data).toEqual(fresh.compute(probe).data);
          fresh.dispose();
          outcomes.refusedInput++;
          return;
        }
        const frames = mel.frameCount(input.length);
        expect(result.shape).toEqual(
          input.batch === 1 ? [mel.options.numMelBins, frames] : [input.batch, mel.options.numMelBins, frames],
        );
        // dB output is finite for any finite input; linear power is never NaN nor negative
        // (+Infinity only where the true power is beyond the output type's range).
        const finite = mel.options.powerToDb
          ? result.data.every((value) => Number.isFinite(value))
          : result.data.every((value) => value >= 0);
        expect(finite).toBe(true);
        outcomes.computed++;
      } finally {
        mel.dispose();
      }
    }),
    { numRuns: 300, seed: 424242 },
  );
  // The generators reach all three outcomes, each many times.
  expect(outcomes.refusedOptions).toBeGreaterThan(20);
  expect(outcomes.refusedInput).toBeGreaterThan(10);
  expect(outcomes.computed).toBeGreaterThan(10);
}, 120000);
