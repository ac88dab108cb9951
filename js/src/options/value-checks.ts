// Checks shared by every preset's options: collecting the given keys under their
// canonical names (with "did you mean" hints for unknown ones), and typed value
// checks whose errors name the option and what was expected.
import { describeValue } from '../errors/describe-value.js';

/** Whether `key` is an own property of `object` (not one inherited, e.g. from a polluted Object.prototype). */
export function hasOwn(object: object, key: unknown): boolean {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(object, key);
}

/** `object[key]` if it is an own property, else undefined: options are never read from a prototype. */
export function ownValue(object: object, key: string): unknown {
  return hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function looseKey(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** snake_case to camelCase: 'n_fft' -> 'nFft', 'pad_or_trim' -> 'padOrTrim'. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * How one preset names its options: `names` (shown in hints) and every accepted
 * spelling mapped to its canonical name.
 */
export interface OptionNames<Name extends string> {
  /** e.g. 'option' (Keras) or 'torchaudio option'. */
  what: string;
  names: readonly Name[];
  aliases: Readonly<Record<string, Name>>;
  /** Keys that are accepted and ignored (a Keras layer's name, trainable, ...). */
  ignored?: ReadonlySet<string>;
}

/** Names accepted as they are and in camelCase: a Python config can be copied, or written as JS. */
export function snakeAndCamel<Name extends string>(what: string, names: readonly Name[]): OptionNames<Name> {
  const aliases: Record<string, Name> = {};
  for (const name of names) {
    aliases[name] = name;
    aliases[camelCase(name)] = name;
  }
  return { what, names, aliases };
}

function unknownOption(key: string, naming: OptionNames<string>): TypeError {
  const match = naming.names.find((name) => editDistance(looseKey(name), looseKey(key)) <= 2);
  const hint = match ? `; did you mean '${match}'?` : `; known options: ${naming.names.join(', ')}`;
  return new TypeError(`unknown ${naming.what} '${key}'${hint}`);
}

/** The given options under their canonical names; undefined values count as not given. */
export function collectOptions<Name extends string>(
  source: Readonly<Record<string, unknown>>,
  naming: OptionNames<Name>,
): Partial<Record<Name, unknown>> {
  // No prototype: an option not given reads as undefined, whatever Object.prototype holds.
  const collected: Partial<Record<Name, unknown>> = Object.create(null);
  const givenAs: Partial<Record<Name, string>> = Object.create(null);
  for (const [key, value] of Object.entries(source)) {
    const name = hasOwn(naming.aliases, key) ? naming.aliases[key] : undefined;
    if (name === undefined) {
      if (naming.ignored?.has(key)) continue;
      throw unknownOption(key, naming);
    }
    if (value === undefined) continue;
    const earlier = givenAs[name];
    if (earlier !== undefined && !Object.is(collected[name], value)) {
      throw new TypeError(`'${earlier}' and '${key}' are the same option and were given different values`);
    }
    collected[name] = value;
    givenAs[name] = key;
  }
  return collected;
}

export function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describeValue(value)}`);
  return value;
}

export function integerOption(name: string, value: unknown, min: number, max: number): number {
  const number = requireNumber(name, value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return number;
}

export function finiteOption(name: string, value: unknown, check: (n: number) => boolean, expected: string): number {
  const number = requireNumber(name, value);
  if (!Number.isFinite(number) || !check(number)) {
    throw new RangeError(`${name} must be ${expected}, got ${describeValue(value)}`);
  }
  return number;
}

export function booleanOption(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** One of `choices` (strings, or null): TypeError for another type, RangeError for another string. */
export function choiceOption<T extends string | null>(name: string, value: unknown, choices: readonly T[]): T {
  if ((choices as readonly unknown[]).includes(value)) return value as T;
  const listed = choices.map((choice) => (choice === null ? 'null' : `'${choice}'`));
  const expected = listed.length > 1 ? `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}` : listed[0];
  const error = typeof value === 'string' ? RangeError : TypeError;
  throw new error(`${name} must be ${expected}, got ${describeValue(value)}`);
}

/** The largest float32: minPower/amin and refPower/ref must fit the float32 engine (else inf - inf = NaN in dB). */
export const float32Max = 3.4028234663852886e38;

/**
 * The smallest normal float32 (FLT_MIN): the lower bound of minPower/amin, so that the
 * log floor is exact in both precisions (kMinMinPower in cpp/include/melspec/config.hpp).
 */
export const float32MinNormal = 1.1754943508222875e-38;

/** The largest magExp/power: keeps every log value finite (kMaxMagExp in config.hpp). */
export const maxMagExp = 1000;

/** The check of minPower/amin (the log's floor): float32's normal range. */
export const isMinPower = (n: number): boolean => n >= float32MinNormal && n <= float32Max;
export const minPowerExpected = "a number from 1.2e-38 to 3.4e38 (float32's normal range; 0 gives -Infinity dB)";

/** Counts of samples the engine pads with (zeros, a fixed length): at most 2^31. */
export const maxPaddingSamples = 2 ** 31;

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
    name = (typeof config === 'object' && config !== null ? ownValue(config, 'name') : undefined) ?? ownValue(value, 'name');
  }
  if (name === 'float32' || name === 'float64') return name;
  if (typeof name === 'string') {
    throw new RangeError(`dtype must be 'float32' or 'float64', got ${describeValue(name)}`);
  }
  throw new TypeError(`dtype must be 'float32', 'float64' or a Keras dtype policy, got ${describeValue(value)}`);
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
  for (let i = 0; isNumberArray && i < (value as unknown[]).length; i++) isNumberArray = typeof (value as unknown[])[i] === 'number';
  if (!(value instanceof Float32Array || value instanceof Float64Array || isNumberArray)) {
    throw new TypeError(`${name} must be ${forms}, a Float32Array, a Float64Array or an array of numbers, got ${describeValue(value)}`);
  }
  const values = Float64Array.from(value as ArrayLike<number>);
  if (values.length !== length) {
    throw new RangeError(`${name} must have ${lengthName} (${length}) values, got ${values.length}`);
  }
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    // Within float32's range too: the float32 engine holds the window as float.
    if (!Number.isFinite(values[i]) || Math.abs(values[i]) > float32Max) {
      throw new RangeError(`${name}[${i}] must be a number from -3.4e38 to 3.4e38, got ${values[i]}`);
    }
    sum += values[i];
  }
  if (sum === 0) throw new RangeError(`${name} must not sum to 0 (${zeroSum})`);
  return values;
}
