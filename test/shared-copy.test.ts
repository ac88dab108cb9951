// setSamples (js/src/pool/shared-copy.ts) copies between shared and ordinary memory the
// way TypedArray.prototype.set does, taking a scratch array's detour when the two sides lie
// an odd number of float32 values apart (V8 would copy those a byte at a time). Every
// pairing of shared and ordinary memory, both parities on each side and lengths around the
// scratch's step must give exactly what set() gives, and touch nothing else. The module is
// bundled from js/src with esbuild (it is not part of the package's API).
import { join } from 'node:path';
import { loadBundled } from './helpers/bundled-source';

type Samples = Float32Array | Float64Array;
interface SharedCopy {
  SharedCopyScratch: new () => object;
  setSamples(target: Samples, at: number, source: Samples, scratch: object): void;
}

const { SharedCopyScratch, setSamples } = loadBundled<SharedCopy>({
  entryPoints: [join(__dirname, '../js/src/pool/shared-copy.ts')],
});
const step = 2 ** 16; // the scratch's step

/** `length` values of `type`, in shared or ordinary memory, starting `skip` values into their buffer. */
function values(
  type: typeof Float32Array | typeof Float64Array,
  shared: boolean,
  skip: number,
  length: number,
  first: number,
): Samples {
  const bytes = (skip + length) * type.BYTES_PER_ELEMENT;
  const buffer: ArrayBufferLike = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const array: Samples =
    type === Float32Array ? new Float32Array(buffer, skip * 4, length) : new Float64Array(buffer, skip * 8, length);
  for (let i = 0; i < length; i++) array[i] = first + i * 0.25;
  return array;
}

const lengths = [0, 1, 5, step - 1, step, step + 3, 3 * step + 1];

/** Whether two arrays hold the same bytes (a fast exact comparison of long arrays). */
function sameBytes(a: Samples, b: Samples): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
const cases = [false, true].flatMap((targetShared) =>
  [false, true].flatMap((sourceShared) =>
    [0, 1].flatMap((targetSkip) =>
      [0, 1].flatMap((sourceSkip) => [0, 1].map((at) => ({ targetShared, sourceShared, targetSkip, sourceSkip, at }))),
    ),
  ),
);

test.each(cases)(
  'float32, target shared $targetShared at +$targetSkip, source shared $sourceShared at +$sourceSkip, offset $at: what set() gives',
  ({ targetShared, sourceShared, targetSkip, sourceSkip, at }) => {
    const scratch = new SharedCopyScratch();
    for (const length of lengths) {
      const source = values(Float32Array, sourceShared, sourceSkip, length, 1);
      const target = values(Float32Array, targetShared, targetSkip, length + at + 2, -1e6);
      const expected = Float32Array.from(target);
      expected.set(source, at);
      setSamples(target, at, source, scratch);
      expect(sameBytes(target, expected)).toBe(true);
    }
  },
);

test('float64 and a float64 source into float32 (converted) give what set() gives', () => {
  const scratch = new SharedCopyScratch();
  for (const [targetType, sourceType] of [
    [Float64Array, Float64Array],
    [Float32Array, Float64Array],
  ] as const) {
    for (const shared of [false, true]) {
      const source = values(sourceType, !shared, 1, step + 7, 3);
      const target = values(targetType, shared, 1, step + 10, -5);
      const expected = targetType.from(target);
      expected.set(source, 1);
      setSamples(target, 1, source, scratch);
      expect(sameBytes(target, expected)).toBe(true);
    }
  }
});
