// Value checks shared by every preset's options, whose errors name the option and
// what was expected (option-names.ts re-spells the option as the caller wrote it).
import { describeValue } from '../errors/describe-value.js';
import { optionChoiceError, optionRangeError, optionTypeError } from '../errors/make-errors.js';
import { engineOptionRules } from '../generated/engine-options.js';
import { ownValue } from './option-names.js';

export function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw optionTypeError(name, `${name} must be a number, got ${describeValue(value)}`);
  return value;
}

export function integerOption(name: string, value: unknown, min: number, max: number): number {
  const number = requireNumber(name, value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw optionRangeError(name, `${name} must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return number;
}

export function finiteOption(name: string, value: unknown, check: (n: number) => boolean, expected: string): number {
  const number = requireNumber(name, value);
  if (!Number.isFinite(number) || !check(number)) {
    throw optionRangeError(name, `${name} must be ${expected}, got ${describeValue(value)}`);
  }
  return number;
}

export function booleanOption(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw optionTypeError(name, `${name} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** One of `choices` (strings, or null): TypeError for another type, RangeError for another string. */
export function choiceOption<T extends string | null>(name: string, value: unknown, choices: readonly T[]): T {
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  const listed = choices.map((choice) => (choice === null ? 'null' : `'${choice}'`));
  const last = listed.pop();
  const expected = listed.length > 0 ? `${listed.join(', ')} or ${last}` : last;
  throw optionChoiceError(name, value, `${name} must be ${expected}, got ${describeValue(value)}`);
}

/** The largest float32: minPower/amin and refPower/ref must fit the float32 engine (else inf - inf = NaN in dB). */
export const float32Max = engineOptionRules.refPower.max;

/**
 * The smallest normal float32 (FLT_MIN): the lower bound of minPower/amin, so that the
 * log floor is exact in both precisions.
 */
export const float32MinNormal = engineOptionRules.minPower.min;

/** The largest magExp/power: keeps every log value finite. */
export const maxMagExp = engineOptionRules.magExp.max;

/** The engine's bounds of an integer option, for a preset's option of another name. */
export function integerOptionAs(
  name: string,
  value: unknown,
  engineOption: 'fftLength' | 'sequenceStride' | 'numMelBins',
): number {
  const rule = engineOptionRules[engineOption];
  return integerOption(name, value, rule.min, rule.max);
}

/** The check of minPower/amin (the log's floor): float32's normal range. */
export const isMinPower = (n: number): boolean => n >= float32MinNormal && n <= float32Max;
export const minPowerExpected = "a number from 1.2e-38 to 3.4e38 (float32's normal range; 0 gives -Infinity dB)";

/** Counts of samples the engine pads with (zeros, a fixed length): at most 2^31. */
export const maxPaddingSamples = engineOptionRules.fixedLength.max;

/** The output (and compute) precision. */
export type DType = 'float32' | 'float64';

/** How Keras 3 serialises a dtype policy in get_config(). */
export interface KerasDTypePolicy {
  class_name?: string;
  // DType in the union keeps a literal name's type ('float64', not string), so that OutputFor sees it.
  config?: { name?: DType | (string & {}) };
  name?: DType | (string & {});
  [key: string]: unknown;
}

export function dtypeOption(value: unknown): DType {
  let name: unknown = value;
  if (typeof value === 'object' && value !== null) {
    const config = ownValue(value, 'config');
    name =
      (typeof config === 'object' && config !== null ? ownValue(config, 'name') : undefined) ?? ownValue(value, 'name');
  }
  if (name === 'float32' || name === 'float64') return name;
  if (typeof name === 'string') {
    throw optionRangeError('dtype', `dtype must be 'float32' or 'float64', got ${describeValue(name)}`);
  }
  throw optionTypeError(
    'dtype',
    `dtype must be 'float32', 'float64' or a Keras dtype policy, got ${describeValue(value)}`,
  );
}

/**
 * Window values given as numbers: `length` finite values not summing to 0, as
 * doubles. `forms` says what else the option accepts (for the TypeError), `zeroSum`
 * what a zero sum would do (for the RangeError).
 */
export function windowValues(
  name: string,
  value: unknown,
  length: number,
  lengthName: string,
  forms: string,
  zeroSum: string,
): Float64Array {
  // A loop, not every(): every() skips the holes of a sparse array.
  let isNumberArray = Array.isArray(value);
  for (let i = 0; isNumberArray && i < (value as unknown[]).length; i++) {
    if (!(i in (value as unknown[]))) {
      throw optionTypeError(name, `${name}[${i}] is a hole (a sparse array): every value must be a number`);
    }
    isNumberArray = typeof (value as unknown[])[i] === 'number';
  }
  if (!(value instanceof Float32Array || value instanceof Float64Array || isNumberArray)) {
    throw optionTypeError(
      name,
      `${name} must be ${forms}, a Float32Array, a Float64Array or an array of numbers, got ${describeValue(value)}`,
    );
  }
  const values = Float64Array.from(value as ArrayLike<number>);
  if (values.length !== length) {
    throw optionRangeError(name, `${name} must have ${lengthName} (${length}) values, got ${values.length}`);
  }
  let sum = 0;
  for (const [i, value] of values.entries()) {
    // Within float32's range too: the float32 engine holds the window as float.
    if (!Number.isFinite(value) || Math.abs(value) > float32Max) {
      throw optionRangeError(name, `${name}[${i}] must be a number from -3.4e38 to 3.4e38, got ${value}`);
    }
    sum += value;
  }
  if (sum === 0) throw optionRangeError(name, `${name} must not sum to 0 (${zeroSum})`);
  return values;
}
