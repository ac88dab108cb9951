// The Keras preset (the default): keras.layers.MelSpectrogram's parameters and
// defaults, in camelCase or in Keras' own snake_case (so a layer's get_config()
// works as is), with Keras' arithmetic (see docs/parity.md: where its docs and code differ).
import { describeValue } from '../errors/describe-value.js';
import { optionChoiceError, optionRangeError } from '../errors/make-errors.js';
import { presetDefaults } from '../generated/engine-options.js';
import type { EngineSettings, PresetResolution } from '../options/engine-settings.js';
import { type OptionNames, collectOptions, ownValue, withCallerSpelling } from '../options/option-names.js';
import {
  type DType,
  type KerasDTypePolicy,
  booleanOption,
  dtypeOption,
  finiteOption,
  float32Max,
  isMinPower,
  maxMagExp,
  minPowerExpected,
  integerOption,
  integerOptionAs,
  windowValues,
} from '../options/value-checks.js';

/** Keras' window argument: a name, `null` (ones over the whole fftLength), or `sequenceLength` values. */
export type WindowOption = 'hann' | 'hamming' | null | Float32Array | Float64Array | readonly number[];

/** Which values the top_db floor takes its maximum over. */
export type TopDbScope = 'batch' | 'item';

/** Options in camelCase. Every one is optional and defaults as in `keras.layers.MelSpectrogram`. */
export interface MelSpectrogramOptions {
  /** 'keras' (the default): the numbers of keras.layers.MelSpectrogram. */
  preset?: 'keras';
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
  preset?: 'keras';
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

/** The Keras options after defaults (`mel.options` of a Keras MelSpectrogram). */
export interface ResolvedOptions {
  preset: 'keras';
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

type KerasName = Exclude<keyof MelSpectrogramOptions, 'preset'>;

const snakeToCamel: Record<string, KerasName> = {
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
const names = Object.values(snakeToCamel);

const kerasNames: OptionNames<KerasName> = {
  what: 'option',
  names,
  aliases: { ...snakeToCamel, ...Object.fromEntries(names.map((name) => [name, name])) },
  // Keys of a Keras layer config that describe the layer, not the computation.
  ignored: new Set(['name', 'trainable', 'autocast', 'input_shape', 'batch_input_shape', 'batch_size', 'input_dtype']),
};

function windowOption(value: unknown, sequenceLength: number): ResolvedOptions['window'] {
  if (value === null) return null;
  if (value === 'hann' || value === 'hamming') return value;
  if (typeof value === 'string') {
    // Keras' names are case-sensitive: 'Hann' fails there too.
    throw optionRangeError(
      'window',
      `window must be 'hann', 'hamming', null or an array of numbers, got ${describeValue(value)}`,
    );
  }
  return windowValues(
    'window',
    value,
    sequenceLength,
    'sequenceLength',
    "'hann', 'hamming', null",
    'Keras divides by its sum and returns NaN',
  );
}

/** Applies Keras' defaults and checks every option, before anything is computed. */
export function resolveKeras(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedOptions> {
  // keras.saving.serialize_keras_object(layer): { class_name, config: {...}, ... }
  const config = ownValue(source, 'config');
  const options =
    ownValue(source, 'class_name') === 'MelSpectrogram' && typeof config === 'object' && config !== null
      ? (config as Record<string, unknown>)
      : source;
  return withCallerSpelling(options, kerasNames, () => checkKeras(options));
}

function checkKeras(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedOptions> {
  const given = collectOptions(source, kerasNames);
  // Keras' defaults are the engine's (schema/engine-options.json).
  const keras = presetDefaults.keras;
  const has = (name: KerasName) => given[name] !== undefined;

  const fftLength = has('fftLength') ? integerOptionAs('fftLength', given.fftLength, 'fftLength') : keras.fftLength;
  const sequenceStride = has('sequenceStride')
    ? integerOptionAs('sequenceStride', given.sequenceStride, 'sequenceStride')
    : keras.sequenceStride;
  // Keras: `sequence_length or fft_length`, so null and 0 both mean fftLength.
  let sequenceLength = fftLength;
  if (has('sequenceLength') && given.sequenceLength !== null && given.sequenceLength !== 0) {
    sequenceLength = integerOption('sequenceLength', given.sequenceLength, 1, fftLength);
  }
  const window = has('window') ? windowOption(given.window, sequenceLength) : keras.window;
  const samplingRate = has('samplingRate')
    ? finiteOption('samplingRate', given.samplingRate, (n) => n > 0, 'a positive finite number (Hz)')
    : keras.samplingRate;
  const numMelBins = has('numMelBins')
    ? integerOptionAs('numMelBins', given.numMelBins, 'numMelBins')
    : keras.numMelBins;
  const minFreq = has('minFreq')
    ? finiteOption('minFreq', given.minFreq, (n) => n >= 0, 'a finite number >= 0 (Hz)')
    : keras.minFreq;
  // Keras: `max_freq or int(sampling_rate / 2)`: truncated, and 0 means the default too.
  let maxFreq = Math.trunc(samplingRate / 2);
  if (has('maxFreq') && given.maxFreq !== null && given.maxFreq !== 0) {
    maxFreq = finiteOption('maxFreq', given.maxFreq, (n) => n > 0, 'a positive finite number (Hz)');
  }
  if (minFreq >= maxFreq) {
    throw optionRangeError(
      has('minFreq') ? 'minFreq' : has('maxFreq') ? 'maxFreq' : 'samplingRate',
      `minFreq (${minFreq}) must be below maxFreq (${maxFreq}${has('maxFreq') ? '' : ' = samplingRate / 2'}); ` +
        'Keras returns NaN or inverted filters otherwise',
    );
  }
  const powerToDb = has('powerToDb') ? booleanOption('powerToDb', given.powerToDb) : keras.powerToDb;
  let topDb: number | null = keras.topDb;
  if (has('topDb')) {
    topDb =
      given.topDb === null
        ? null
        : finiteOption('topDb', given.topDb, (n) => n >= 0, 'a finite number >= 0 (dB), or null for no floor');
  }
  const magExp = has('magExp')
    ? finiteOption('magExp', given.magExp, (n) => n >= 0 && n <= maxMagExp, 'a number from 0 to 1000')
    : keras.magExp;
  const minPower = has('minPower')
    ? finiteOption('minPower', given.minPower, isMinPower, minPowerExpected)
    : keras.minPower;
  const refPower = has('refPower')
    ? finiteOption('refPower', given.refPower, (n) => Math.abs(n) <= float32Max, 'a number from -3.4e38 to 3.4e38')
    : keras.refPower;
  const dtype = has('dtype') ? dtypeOption(given.dtype) : 'float32';
  let topDbScope: TopDbScope = 'batch';
  if (has('topDbScope')) {
    if (given.topDbScope !== 'batch' && given.topDbScope !== 'item') {
      throw optionChoiceError(
        'topDbScope',
        given.topDbScope,
        `topDbScope must be 'batch' or 'item', got ${describeValue(given.topDbScope)}`,
      );
    }
    topDbScope = given.topDbScope;
  }
  const options: ResolvedOptions = {
    preset: 'keras',
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
  // The engine's defaults are Keras' (schema/engine-options.json): numpy's reflect pad
  // (any length works), HTK mel triangles in the mel domain, 10 log10 even for magExp 1.
  const settings: EngineSettings = {
    ...presetDefaults.keras,
    ...options,
    maxInputRank: 2,
    topDbScope: topDbScope === 'batch' ? 'all' : 'each',
  };
  return { options, settings };
}
