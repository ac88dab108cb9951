// Copies between shared memory (a SharedArrayBuffer) and ordinary memory at full speed.
//
// V8 copies to or from shared memory with relaxed atomic loads and stores: a word (8 bytes)
// at a time when source and target lie at the same address modulo 8, a byte at a time when
// they do not. Two float32 arrays an odd number of values apart are the second case: 10 min
// of audio (38 MB) took 11-16 ms to copy into shared memory that way against 1.8-2.8 ms
// aligned (Node 20, 22 and 24; Chromium 156: 9.9 against 4.4 ms). An odd offset therefore
// goes through an ordinary scratch array that lies as the shared side does: one ordinary copy
// (which takes any alignment) and one aligned shared copy, 3.3-3.8 ms for the same 38 MB.

/** Values per step through the scratch array (256 KiB of float32). */
const scratchValues = 2 ** 16;

/** An ordinary array for copies between shared and ordinary memory; one per thread, reused. */
export class SharedCopyScratch {
  #values: Float32Array | undefined;

  /** The scratch values, made on first need (one more than a step, to lie either way). */
  get values(): Float32Array {
    this.#values ??= new Float32Array(scratchValues + 1);
    return this.#values;
  }
}

function isShared(array: Float32Array | Float64Array): boolean {
  return typeof SharedArrayBuffer === 'function' && array.buffer instanceof SharedArrayBuffer;
}

/** The array's element `index` as an address modulo 8 bytes, in float32 values (0 or 1). */
export function parity(array: Float32Array, index: number): number {
  return (array.byteOffset / 4 + index) & 1;
}

/**
 * `target.set(source, at)`, with the same result; between shared and ordinary float32
 * memory an odd offset goes through `scratch` (see above). Float64 values are 8 bytes, so
 * always aligned; arrays of two element types are converted value by value either way.
 */
export function setSamples(
  target: Float32Array | Float64Array,
  at: number,
  source: Float32Array | Float64Array,
  scratch: SharedCopyScratch,
): void {
  if (
    !(target instanceof Float32Array && source instanceof Float32Array) ||
    isShared(target) === isShared(source) ||
    parity(target, at) === parity(source, 0)
  ) {
    target.set(source, at);
    return;
  }
  const values = scratch.values;
  // The scratch values' first index that lies as the shared side does.
  const first = isShared(target) ? parity(values, 0) ^ parity(target, at) : parity(values, 0) ^ parity(source, 0);
  for (let done = 0; done < source.length; done += scratchValues) {
    const count = Math.min(scratchValues, source.length - done);
    values.set(source.subarray(done, done + count), first);
    target.set(values.subarray(first, first + count), at + done);
  }
}
