// The options of MelSpectrogram.create(): a preset (Keras by default; torchaudio,
// librosa, Whisper) and its library's own parameters, checked up front with
// errors that name the parameter and what was expected. Each preset resolves to
// `options` (what `mel.options` shows, in the library's names) and the engine
// settings (engine-settings.ts) that reproduce that library's numbers.
import { describeValue } from '../errors/describe-value.js';
import { optionRangeError, optionTypeError } from '../errors/make-errors.js';
import { hasOwn, ownValue } from './option-names.js';
import type { PresetName, PresetResolution } from './engine-settings.js';
import {
  type KerasMelSpectrogramConfig,
  type KerasSerializedLayer,
  type MelSpectrogramOptions,
  type ResolvedOptions,
  resolveKeras,
} from '../presets/keras.js';
import { type LibrosaOptions, type ResolvedLibrosaOptions, resolveLibrosa } from '../presets/librosa.js';
import { type ResolvedTorchaudioOptions, type TorchaudioOptions, resolveTorchaudio } from '../presets/torchaudio.js';
import { type ResolvedWhisperOptions, type WhisperOptions, resolveWhisper } from '../presets/whisper.js';

export type { DType, KerasDTypePolicy } from './value-checks.js';
export type { PresetName } from './engine-settings.js';
export type {
  KerasMelSpectrogramConfig,
  KerasSerializedLayer,
  MelSpectrogramOptions,
  ResolvedOptions,
  TopDbScope,
  WindowOption,
} from '../presets/keras.js';
export type { LibrosaOptions, LibrosaParams, LibrosaWindowName, ResolvedLibrosaOptions } from '../presets/librosa.js';
export type { ResolvedTorchaudioOptions, TorchaudioOptions, TorchaudioParams } from '../presets/torchaudio.js';
export type { ResolvedWhisperOptions, WhisperOptions, WhisperParams } from '../presets/whisper.js';

/** Everything MelSpectrogram.create() accepts. */
export type AnyMelSpectrogramOptions =
  | MelSpectrogramOptions
  | KerasMelSpectrogramConfig
  | KerasSerializedLayer
  | TorchaudioOptions
  | LibrosaOptions
  | WhisperOptions;

/** `mel.options`: the options in effect, in the preset's own names. */
export type OptionsInEffect =
  | ResolvedOptions
  | ResolvedTorchaudioOptions
  | ResolvedLibrosaOptions
  | ResolvedWhisperOptions;

/**
 * `mel.options`' type for options of type O: the preset's resolved options, or the
 * union of those a preset union (e.g. `preset: p` with `p: PresetName`) may give.
 */
export type OptionsFor<O> = O extends unknown // one answer per member of a union of option types
  ? ('preset' extends keyof O ? O['preset'] : undefined) extends infer Preset // and per member of a union of presets
    ? Preset extends 'torchaudio'
      ? ResolvedTorchaudioOptions
      : Preset extends 'librosa'
        ? ResolvedLibrosaOptions
        : Preset extends 'whisper'
          ? ResolvedWhisperOptions
          : Preset extends 'keras' | undefined
            ? ResolvedOptions
            : OptionsInEffect
    : never
  : never;

const presets: Record<PresetName, (source: Readonly<Record<string, unknown>>) => PresetResolution<OptionsInEffect>> = {
  keras: resolveKeras,
  torchaudio: resolveTorchaudio,
  librosa: resolveLibrosa,
  whisper: resolveWhisper,
};

/** Reads the preset and checks every option of it, before anything is computed. */
export function resolveOptions(options?: unknown): PresetResolution<OptionsInEffect> {
  if (options === undefined || options === null) return resolveKeras({});
  if (typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw optionTypeError(undefined, `options must be an object, got ${describeValue(options)}`);
  }
  // Own properties only: a polluted Object.prototype must not choose the preset or add options.
  const given = ownValue(options, 'preset');
  const preset = given === undefined ? 'keras' : given;
  const rest = Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'preset'));
  if (typeof preset !== 'string')
    throw optionTypeError('preset', `preset must be a string, got ${describeValue(preset)}`);
  if (!hasOwn(presets, preset)) {
    throw optionRangeError(
      'preset',
      `preset must be 'keras', 'torchaudio', 'librosa' or 'whisper', got ${describeValue(preset)}`,
    );
  }
  return presets[preset as PresetName](rest);
}

/** The name of the option giving the sampling rate in a preset (null: fixed, as Whisper's 16 kHz). */
export function samplingRateOption(preset: PresetName): string | null {
  switch (preset) {
    case 'keras':
      return 'samplingRate';
    case 'torchaudio':
      return 'sample_rate';
    case 'librosa':
      return 'sr';
    default:
      return null;
  }
}
