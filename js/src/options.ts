// The options of MelSpectrogram.create(): Keras' parameters and defaults, in
// camelCase or in Keras' own snake_case (so a layer's get_config() works as is),
// checked up front with errors that name the parameter and what was expected.
import { describeValue } from './describe.js';

/** Keras' window argument: a name, `null` (ones over the whole fftLength), or `sequenceLength` values. */
export type WindowOption = 'hann' | 'hamming' | null | Float32Array | Float64Array | readonly number[];

/** The output (and compute) precision, as Keras' layer `dtype`. */
export type DType = 'float32' | 'float64';

/** Which values the top_db floor takes its maximum over. */
export type TopDbScope = 'batch' | 'item';

/** Options in camelCase. Every one is optional and defaults as in `keras.layers.MelSpectrogram`. */
export interface MelSpectrogramOptions {
  /** FFT size, any integer 1..65536 (not only powers of two). Default 2048. */
  fftLength?: number;
  /** Hop between frames, in samples. Default 512. */
  sequenceStride?: number;
  /** Window length, <= fftLength; `null`/`0` mean fftLength. Default null. */
  sequenceLength?: number | null;
  /** Default 'hann' (periodic). */
  window?: WindowOption;
  /** Hz. Default 16000. */
  samplingRate?: number;
  /** Default 128. */
  numMelBins?: number;
  /** Hz, lower edge of the lowest mel band. Default 20. */
  minFreq?: number;
  /** Hz, upper edge of the highest band; `null`/`0` mean floor(samplingRate / 2). Default null. */
  maxFreq?: number | null;
  /** Convert to dB. Default true. */
  powerToDb?: boolean;
  /** Floor at (max - topDb) dB; `null` for no floor. Default 80. */
  topDb?: number | null;
  /** Exponent of the magnitude: 2 gives power, 1 magnitude. Default 2. */
  magExp?: number;
  /** Smallest power before log10. Default 1e-10. */
  minPower?: number;
  /** Reference power of 0 dB (its absolute value is used, as in Keras). Default 1. */
  refPower?: number;
  /** Output type, and the precision of the whole computation. Default 'float32'. */
  dtype?: DType | KerasDTypePolicy;
  /** 'batch' (Keras: one max over the whole batch) or 'item' (each signal alone). Default 'batch'. */
  topDbScope?: TopDbScope;
}

/** Keras' snake_case names, as `layer.get_config()` returns them. */
export interface KerasMelSpectrogramConfig {
  fft_length?: number;
  sequence_stride?: number;
  sequence_length?: number | null;
  window?: WindowOption;
  sampling_rate?: number;
  num_mel_bins?: number;
  min_freq?: number;
  max_freq?: number | null;
  power_to_db?: boolean;
  top_db?: number | null;
  mag_exp?: number;
  min_power?: number;
  ref_power?: number;
  dtype?: DType | KerasDTypePolicy;
  top_db_scope?: TopDbScope;
  /** Keras layer keys with no meaning here; accepted and ignored. */
  name?: string;
  trainable?: boolean;
  autocast?: boolean;
  input_shape?: unknown;
  batch_input_shape?: unknown;
  batch_size?: unknown;
  input_dtype?: unknown;
}

/** A whole serialised layer, as `keras.saving.serialize_keras_object(layer)` writes it. */
export interface KerasSerializedLayer {
  class_name: 'MelSpectrogram';
  config: KerasMelSpectrogramConfig;
  module?: string;
  registered_name?: string | null;
}

/** How Keras 3 serialises a dtype policy in get_config(). */
export interface KerasDTypePolicy {
  class_name?: string;
  config?: { name?: string };
  name?: string;
  [key: string]: unknown;
}

/** The options after defaults, as the engine uses them. */
export interface ResolvedOptions {
  fftLength: number;
  sequenceStride: number;
  sequenceLength: number;
  window: 'hann' | 'hamming' | null | Float64Array;
  samplingRate: number;
  numMelBins: number;
  minFreq: number;
  maxFreq: number;
  powerToDb: boolean;
  topDb: number | null;
  magExp: number;
  minPower: number;
  refPower: number;
  dtype: DType;
  topDbScope: TopDbScope;
}

const snakeToCamel: Record<string, keyof MelSpectrogramOptions> = {
  fft_length: 'fftLength',
  sequence_stride: 'sequenceStride',
  sequence_length: 'sequenceLength',
  window: 'window',
  sampling_rate: 'samplingRate',
  num_mel_bins: 'numMelBins',
  min_freq: 'minFreq',
  max_freq: 'maxFreq',
  power_to_db: 'powerToDb',
  top_db: 'topDb',
  mag_exp: 'magExp',
  min_power: 'minPower',
  ref_power: 'refPower',
  dtype: 'dtype',
  top_db_scope: 'topDbScope',
};
const optionNames = Object.values(snakeToCamel);

/** Keys of a Keras layer config that describe the layer, not the computation. */
const ignoredKerasKeys = new Set([
  'name',
  'trainable',
  'autocast',
  'input_shape',
  'batch_input_shape',
  'batch_size',
  'input_dtype',
]);


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

function unknownOption(key: string): TypeError {
  const match = optionNames.find((name) => editDistance(looseKey(name), looseKey(key)) <= 2);
  const hint = match ? `; did you mean '${match}'?` : `; known options: ${optionNames.join(', ')}`;
  return new TypeError(`unknown option '${key}'${hint}`);
}

/** Merges camelCase and snake_case keys (a Keras get_config() dict, or a whole serialised layer). */
function collect(options: unknown): Partial<Record<keyof MelSpectrogramOptions, unknown>> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new TypeError(`options must be an object, got ${describeValue(options)}`);
  }
  let source = options as Record<string, unknown>;
  // keras.saving.serialize_keras_object(layer): { class_name, config: {...}, ... }
  if (source.class_name === 'MelSpectrogram' && typeof source.config === 'object' && source.config !== null) {
    source = source.config as Record<string, unknown>;
  }
  const collected: Partial<Record<keyof MelSpectrogramOptions, unknown>> = {};
  const givenAs: Partial<Record<keyof MelSpectrogramOptions, string>> = {};
  for (const [key, value] of Object.entries(source)) {
    const name = (optionNames as string[]).includes(key)
      ? (key as keyof MelSpectrogramOptions)
      : snakeToCamel[key];
    if (name === undefined) {
      if (ignoredKerasKeys.has(key)) continue;
      throw unknownOption(key);
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

function requireNumber(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${describeValue(value)}`);
  return value;
}

function integerOption(name: string, value: unknown, min: number, max: number): number {
  const number = requireNumber(name, value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  return number;
}

function finiteOption(name: string, value: unknown, check: (n: number) => boolean, expected: string): number {
  const number = requireNumber(name, value);
  if (!Number.isFinite(number) || !check(number)) {
    throw new RangeError(`${name} must be ${expected}, got ${describeValue(value)}`);
  }
  return number;
}

function dtypeOption(value: unknown): DType {
  let name: unknown = value;
  if (typeof value === 'object' && value !== null) {
    const policy = value as KerasDTypePolicy;
    name = policy.config?.name ?? policy.name;
  }
  if (name === 'float32' || name === 'float64') return name;
  if (typeof name === 'string') {
    throw new RangeError(`dtype must be 'float32' or 'float64', got ${describeValue(name)}`);
  }
  throw new TypeError(`dtype must be 'float32', 'float64' or a Keras dtype policy, got ${describeValue(value)}`);
}

function windowOption(value: unknown, sequenceLength: number): ResolvedOptions['window'] {
  if (value === null) return null;
  if (value === 'hann' || value === 'hamming') return value;
  if (typeof value === 'string') {
    // Keras' names are case-sensitive: 'Hann' fails there too.
    throw new RangeError(`window must be 'hann', 'hamming', null or an array of numbers, got ${describeValue(value)}`);
  }
  const isNumberArray = Array.isArray(value) && value.every((entry) => typeof entry === 'number');
  if (!(value instanceof Float32Array || value instanceof Float64Array || isNumberArray)) {
    throw new TypeError(
      `window must be 'hann', 'hamming', null, a Float32Array, a Float64Array or an array of numbers, got ${describeValue(value)}`,
    );
  }
  const values = Float64Array.from(value as ArrayLike<number>);
  if (values.length !== sequenceLength) {
    throw new RangeError(
      `window must have sequenceLength (${sequenceLength}) values, got ${values.length}`,
    );
  }
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`window[${i}] must be finite, got ${values[i]}`);
    sum += values[i];
  }
  if (sum === 0) {
    throw new RangeError('window must not sum to 0 (Keras divides by its sum and returns NaN)');
  }
  return values;
}

function booleanOption(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** The largest float32: minPower and refPower must fit the float32 engine (else inf - inf = NaN in dB). */
const float32Max = 3.4028234663852886e38;

/** Applies Keras' defaults and checks every option, before anything is computed. */
export function resolveOptions(
  options?: MelSpectrogramOptions | KerasMelSpectrogramConfig | KerasSerializedLayer,
): ResolvedOptions {
  const given = collect(options);
  const has = (name: keyof MelSpectrogramOptions) => given[name] !== undefined;

  const fftLength = has('fftLength') ? integerOption('fftLength', given.fftLength, 1, 65536) : 2048;
  const sequenceStride = has('sequenceStride')
    ? integerOption('sequenceStride', given.sequenceStride, 1, 2 ** 31 - 1)
    : 512;
  // Keras: `sequence_length or fft_length`, so null and 0 both mean fftLength.
  let sequenceLength = fftLength;
  if (has('sequenceLength') && given.sequenceLength !== null && given.sequenceLength !== 0) {
    sequenceLength = integerOption('sequenceLength', given.sequenceLength, 1, fftLength);
  }
  const window = has('window') ? windowOption(given.window, sequenceLength) : 'hann';
  const samplingRate = has('samplingRate')
    ? finiteOption('samplingRate', given.samplingRate, (n) => n > 0, 'a positive finite number (Hz)')
    : 16000;
  const numMelBins = has('numMelBins') ? integerOption('numMelBins', given.numMelBins, 1, 65536) : 128;
  const minFreq = has('minFreq')
    ? finiteOption('minFreq', given.minFreq, (n) => n >= 0, 'a finite number >= 0 (Hz)')
    : 20;
  // Keras: `max_freq or int(sampling_rate / 2)`: truncated, and 0 means the default too.
  let maxFreq = Math.trunc(samplingRate / 2);
  if (has('maxFreq') && given.maxFreq !== null && given.maxFreq !== 0) {
    maxFreq = finiteOption('maxFreq', given.maxFreq, (n) => n > 0, 'a positive finite number (Hz)');
  }
  if (minFreq >= maxFreq) {
    throw new RangeError(
      `minFreq (${minFreq}) must be below maxFreq (${maxFreq}${has('maxFreq') ? '' : ' = samplingRate / 2'}); ` +
        'Keras returns NaN or inverted filters otherwise',
    );
  }
  const powerToDb = has('powerToDb') ? booleanOption('powerToDb', given.powerToDb) : true;
  let topDb: number | null = 80;
  if (has('topDb')) {
    topDb =
      given.topDb === null
        ? null
        : finiteOption('topDb', given.topDb, (n) => n >= 0, 'a finite number >= 0 (dB), or null for no floor');
  }
  const magExp = has('magExp') ? finiteOption('magExp', given.magExp, (n) => n >= 0, 'a finite number >= 0') : 2;
  const minPower = has('minPower')
    ? finiteOption('minPower', given.minPower, (n) => n > 0 && n <= float32Max, 'a number > 0 and at most 3.4e38 (0 gives -Infinity dB)')
    : 1e-10;
  const refPower = has('refPower')
    ? finiteOption('refPower', given.refPower, (n) => Math.abs(n) <= float32Max, 'a number from -3.4e38 to 3.4e38')
    : 1;
  const dtype = has('dtype') ? dtypeOption(given.dtype) : 'float32';
  let topDbScope: TopDbScope = 'batch';
  if (has('topDbScope')) {
    if (given.topDbScope !== 'batch' && given.topDbScope !== 'item') {
      const error = typeof given.topDbScope === 'string' ? RangeError : TypeError;
      throw new error(`topDbScope must be 'batch' or 'item', got ${describeValue(given.topDbScope)}`);
    }
    topDbScope = given.topDbScope;
  }
  return {
    fftLength,
    sequenceStride,
    sequenceLength,
    window,
    samplingRate,
    numMelBins,
    minFreq,
    maxFreq,
    powerToDb,
    topDb,
    magExp,
    minPower,
    refPower,
    dtype,
    topDbScope,
  };
}
