// Passing value objects to embind safely. Embind converts a value_object by walking
// its own table of field names with for...in, which also visits any enumerable
// property someone added to Object.prototype ("fields[fieldName].write is not a
// function"). The table lives inside the Emscripten glue, so such properties are made
// non-enumerable for the duration of the (synchronous) call, and restored after it.
import { MelSpectrogramTypeError } from '../errors/melspec-error.js';

/** Runs `call` with Object.prototype showing no enumerable properties to for...in. */
export function withQuietObjectPrototype<T>(call: () => T): T {
  const prototype = Object.prototype as Record<string, unknown>;
  const enumerable: string[] = [];
  for (const key in prototype) enumerable.push(key);
  if (enumerable.length === 0) return call();
  const descriptors = enumerable.map((key) => [key, Object.getOwnPropertyDescriptor(prototype, key)] as const);
  for (const [key, descriptor] of descriptors) {
    if (!descriptor?.configurable) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_OPTION',
        `Object.prototype has an enumerable, non-configurable property '${key}': the WASM bindings cannot read options past it`,
      );
    }
  }
  for (const [key, descriptor] of descriptors)
    Object.defineProperty(prototype, key, { ...descriptor, enumerable: false });
  try {
    return call();
  } finally {
    for (const [key, descriptor] of descriptors)
      Object.defineProperty(prototype, key, descriptor as PropertyDescriptor);
  }
}
