// The torchaudio preset: torchaudio.transforms.MelSpectrogram's parameters,
// defaults and arithmetic (torchaudio 0.13), then AmplitudeToDB(stype, top_db)
// when power_to_db is true. Semantics: test/fixtures/torchaudio/README.md.
import { optionRangeError } from '../errors/make-errors.js';
import { presetDefaults } from '../generated/engine-options.js';
import type { EngineSettings, PresetResolution } from '../options/engine-settings.js';
import { collectOptions, snakeAndCamel, withCallerSpelling } from '../options/option-names.js';
import {
  type DType,
  booleanOption,
  choiceOption,
  dtypeOption,
  finiteOption,
  float32Max,
  isMinPower,
  maxMagExp,
  minPowerExpected,
  integerOption,
  integerOptionAs,
  maxPaddingSamples,
} from '../options/value-checks.js';
import type { WithCamelCase } from '../options/naming.js';

/** `torchaudio.transforms.MelSpectrogram(...)` arguments (then `AmplitudeToDB` with power_to_db). */
export interface TorchaudioParams {
  /** Hz. Default 16000. */
  sample_rate?: number;
  /** Default 400. */
  n_fft?: number;
  /** Default n_fft (null too). */
  win_length?: number | null;
  /** Default win_length // 2 (null too). */
  hop_length?: number | null;
  /** Hz. Default 0. */
  f_min?: number;
  /** Hz. Default float(sample_rate // 2) (null too). */
  f_max?: number | null;
  /** Zeros added on both sides of the signal first. Default 0. */
  pad?: number;
  /** Default 128. */
  n_mels?: number;
  /** Exponent of the magnitude. Default 2 (null, a complex output, is not supported). */
  power?: number;
  /** Default true. */
  center?: boolean;
  /** 'reflect' (default) or 'constant'. */
  pad_mode?: 'reflect' | 'constant';
  /** null (default) or 'slaney' (area normalisation). */
  norm?: 'slaney' | null;
  /** 'htk' (default) or 'slaney'. */
  mel_scale?: 'htk' | 'slaney';
  /** Accepted for configs copied from Python: only the defaults (false, true, null) are supported. */
  normalized?: false;
  onesided?: true;
  wkwargs?: null;
  /** Follow with torchaudio.transforms.AmplitudeToDB. Default false (torchaudio returns power). */
  power_to_db?: boolean;
  /** AmplitudeToDB's stype: 'power' (10 log10, default) or 'magnitude' (20 log10). */
  stype?: 'power' | 'magnitude';
  /** AmplitudeToDB's top_db: null (default, no floor) or a number >= 0. */
  top_db?: number | null;
  /** AmplitudeToDB's amin. Default 1e-10. */
  amin?: number;
  /** AmplitudeToDB's ref_value. Default 1. */
  ref?: number;
  dtype?: DType;
}

export type TorchaudioOptions = { preset: 'torchaudio' } & WithCamelCase<TorchaudioParams>;

/** `mel.options` of a torchaudio MelSpectrogram: every parameter, defaults applied. */
export type ResolvedTorchaudioOptions = { preset: 'torchaudio' } & Required<
  Omit<TorchaudioParams, 'win_length' | 'hop_length' | 'f_max'>
> & {
    win_length: number;
    hop_length: number;
    f_max: number;
  };

const torchaudioNames = snakeAndCamel('torchaudio option', [
  'sample_rate',
  'n_fft',
  'win_length',
  'hop_length',
  'f_min',
  'f_max',
  'pad',
  'n_mels',
  'power',
  'center',
  'pad_mode',
  'norm',
  'mel_scale',
  'normalized',
  'onesided',
  'wkwargs',
  'power_to_db',
  'stype',
  'top_db',
  'amin',
  'ref',
  'dtype',
] as const);

export function resolveTorchaudio(
  source: Readonly<Record<string, unknown>>,
): PresetResolution<ResolvedTorchaudioOptions> {
  return withCallerSpelling(source, torchaudioNames, () => checkTorchaudio(source));
}

function checkTorchaudio(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedTorchaudioOptions> {
  const given = collectOptions(source, torchaudioNames);
  const has = (name: keyof typeof given) => given[name] !== undefined && given[name] !== null;

  const sample_rate = has('sample_rate')
    ? finiteOption('sample_rate', given.sample_rate, (n) => n > 0, 'a positive finite number (Hz)')
    : 16000;
  const n_fft = has('n_fft') ? integerOptionAs('n_fft', given.n_fft, 'fftLength') : 400;
  const win_length = has('win_length') ? integerOption('win_length', given.win_length, 1, n_fft) : n_fft;
  const hop_length = has('hop_length')
    ? integerOptionAs('hop_length', given.hop_length, 'sequenceStride')
    : Math.max(1, Math.floor(win_length / 2));
  const f_min = has('f_min') ? finiteOption('f_min', given.f_min, (n) => n >= 0, 'a finite number >= 0 (Hz)') : 0;
  const f_max = has('f_max')
    ? finiteOption('f_max', given.f_max, (n) => n > 0, 'a positive finite number (Hz), or null for sample_rate // 2')
    : Math.floor(sample_rate / 2);
  if (f_min >= f_max) {
    throw optionRangeError(
      has('f_min') ? 'f_min' : has('f_max') ? 'f_max' : 'sample_rate',
      `f_min (${f_min}) must be below f_max (${f_max}); torchaudio returns empty or inverted filters otherwise`,
    );
  }
  const pad = has('pad') ? integerOption('pad', given.pad, 0, maxPaddingSamples) : 0;
  const n_mels = has('n_mels') ? integerOptionAs('n_mels', given.n_mels, 'numMelBins') : 128;
  if (given.power === null) {
    throw optionRangeError(
      'power',
      'power null (a complex spectrogram) is not supported: use a number > 0 (2 for power, 1 for magnitude)',
    );
  }
  const power = has('power')
    ? finiteOption('power', given.power, (n) => n > 0 && n <= maxMagExp, 'a number > 0 and at most 1000')
    : 2;
  const center = has('center') ? booleanOption('center', given.center) : true;
  const pad_mode = has('pad_mode')
    ? choiceOption('pad_mode', given.pad_mode, ['reflect', 'constant'] as const)
    : 'reflect';
  const norm = given.norm === undefined ? null : choiceOption('norm', given.norm, [null, 'slaney'] as const);
  const mel_scale = has('mel_scale') ? choiceOption('mel_scale', given.mel_scale, ['htk', 'slaney'] as const) : 'htk';
  if (given.normalized !== undefined && given.normalized !== false) {
    throw optionRangeError('normalized', 'normalized must be false: window normalisation is not supported');
  }
  if (given.onesided !== undefined && given.onesided !== true)
    throw optionRangeError('onesided', 'onesided must be true');
  if (given.wkwargs !== undefined && given.wkwargs !== null)
    throw optionRangeError('wkwargs', 'wkwargs must be null (the periodic Hann window)');
  const power_to_db = has('power_to_db') ? booleanOption('power_to_db', given.power_to_db) : false;
  const stype = has('stype') ? choiceOption('stype', given.stype, ['power', 'magnitude'] as const) : 'power';
  const top_db = has('top_db')
    ? finiteOption('top_db', given.top_db, (n) => n >= 0, 'a finite number >= 0 (dB), or null for no floor')
    : null;
  const amin = has('amin') ? finiteOption('amin', given.amin, isMinPower, minPowerExpected) : 1e-10;
  const ref = has('ref')
    ? finiteOption('ref', given.ref, (n) => n > 0 && n <= float32Max, 'a number > 0 and at most 3.4e38')
    : 1;
  const dtype = has('dtype') ? dtypeOption(given.dtype) : 'float32';

  const options: ResolvedTorchaudioOptions = {
    preset: 'torchaudio',
    sample_rate,
    n_fft,
    win_length,
    hop_length,
    f_min,
    f_max,
    pad,
    n_mels,
    power,
    center,
    pad_mode,
    norm,
    mel_scale,
    normalized: false,
    onesided: true,
    wkwargs: null,
    power_to_db,
    stype,
    top_db,
    amin,
    ref,
    dtype,
  };
  // presetDefaults.torchaudio (schema/engine-options.json): torch.stft's reflect pad (shorter
  // than the signal), Hz-domain triangles on linspace(0, sample_rate // 2) bins, and
  // AmplitudeToDB's one cutoff per (channel, mel, time) block; the arguments on top.
  const settings: EngineSettings = {
    ...presetDefaults.torchaudio,
    preset: 'torchaudio',
    dtype,
    fftLength: n_fft,
    sequenceStride: hop_length,
    sequenceLength: win_length,
    samplingRate: sample_rate,
    numMelBins: n_mels,
    minFreq: f_min,
    maxFreq: f_max,
    powerToDb: power_to_db,
    topDb: top_db,
    magExp: power,
    minPower: amin,
    refPower: ref,
    center,
    padMode: pad_mode,
    leadingZeros: pad,
    trailingZeros: pad,
    melScale: mel_scale,
    filterNorm: norm,
    logMultiplier: stype === 'power' ? 10 : 20,
    maxInputRank: Infinity, // (..., time)
  };
  return { options, settings };
}
