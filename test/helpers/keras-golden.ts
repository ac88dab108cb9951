// Reads the Keras golden cases (test/fixtures/keras, copied from the reference
// run described in its README) and compares outputs with the stated tolerances.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const kerasFixtures = join(__dirname, '..', 'fixtures', 'keras');

export interface KerasCase {
  name: string;
  params: Record<string, unknown>;
  input_dtype: 'float32' | 'float64';
  input_shape: number[];
  output_dtype: 'float32' | 'float64';
  output_shape: number[];
  backend_dependent: boolean;
  files: { input: string; output: string; ref64: string };
}

export const kerasCases: KerasCase[] = JSON.parse(readFileSync(join(kerasFixtures, 'cases.json'), 'utf8'));

export function readArray(file: string, dtype: 'float32' | 'float64'): Float32Array | Float64Array {
  const bytes = readFileSync(join(kerasFixtures, file));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return dtype === 'float64' ? new Float64Array(buffer) : new Float32Array(buffer);
}

/** The layer's kwargs as our options: `window: {array_file}` becomes the array itself. */
export function optionsOf(testCase: KerasCase): Record<string, unknown> {
  const options: Record<string, unknown> = { ...testCase.params };
  const window = options.window as { array_file?: string; dtype?: 'float32' | 'float64' } | undefined;
  if (window && typeof window === 'object' && window.array_file) {
    options.window = readArray(window.array_file, window.dtype ?? 'float32');
  }
  return options;
}

/** Largest violation of the README's tolerance (<= 0 means within it). */
export function worstExcess(actual: ArrayLike<number>, expected: ArrayLike<number>, db: boolean): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let peak = 0;
  for (let i = 0; i < expected.length; i++) peak = Math.max(peak, Math.abs(expected[i]));
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const tolerance = db ? 0.02 : 1e-3 * Math.abs(expected[i]) + 1e-6 * peak;
    const difference = Math.abs(actual[i] - expected[i]);
    if (!(difference <= tolerance)) return Number.isNaN(difference) ? Infinity : difference - tolerance + 1e-30;
    worst = Math.max(worst, difference - tolerance);
  }
  return worst;
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}
