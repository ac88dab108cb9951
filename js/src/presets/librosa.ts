// The librosa preset: librosa.feature.melspectrogram's parameters, defaults and
// arithmetic (librosa >= 0.10), then librosa.power_to_db when power_to_db is true.
// Semantics: test/fixtures/librosa/README.md.
import { describeValue } from '../errors/describe-value.js';
import { optionRangeError } from '../errors/make-errors.js';
import { presetDefaults } from '../generated/engine-options.js';
import type { EngineSettings, PresetResolution } from '../options/engine-settings.js';
import { collectOptions, hasOwn, snakeAndCamel, withCallerSpelling } from '../options/option-names.js';
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
  windowValues,
} from '../options/value-checks.js';
import type { WithCamelCase } from '../options/naming.js';

/** The window names accepted, as scipy.signal.get_window spells them (periodic, fftbins=True). */
export type LibrosaWindowName = 'hann' | 'hamming' | 'blackman' | 'boxcar';

/** `librosa.feature.melspectrogram(...)` arguments (then `librosa.power_to_db` with power_to_db). */
export interface LibrosaParams {
  /** Hz. Default 22050. */
  sr?: number;
  /** Default 2048. */
  n_fft?: number;
  /** Default 512 (null: win_length // 4). */
  hop_length?: number | null;
  /** Default n_fft (null too). */
  win_length?: number | null;
  /** A window name, or win_length values. Default 'hann'. */
  window?: LibrosaWindowName | Float32Array | Float64Array | readonly number[];
  /** Default true. */
  center?: boolean;
  /** 'constant' (default since 0.10) or 'reflect'. */
  pad_mode?: 'constant' | 'reflect';
  /** Exponent of the magnitude. Default 2. */
  power?: number;
  /** Default 128. */
  n_mels?: number;
  /** Hz. Default 0. */
  fmin?: number;
  /** Hz. Default sr / 2 (null too). */
  fmax?: number | null;
  /** HTK mel scale instead of Slaney's. Default false. */
  htk?: boolean;
  /** 'slaney' (default, area normalisation) or null. */
  norm?: 'slaney' | null;
  /** Follow with librosa.power_to_db. Default false (librosa returns power). */
  power_to_db?: boolean;
  /** power_to_db's ref: a number > 0 (default 1), or 'max' for ref=np.max. */
  ref?: number | 'max';
  /** power_to_db's amin. Default 1e-10. */
  amin?: number;
  /** power_to_db's top_db: default 80, null for no floor. */
  top_db?: number | null;
  dtype?: DType;
}

export type LibrosaOptions = { preset: 'librosa' } & WithCamelCase<LibrosaParams>;

/** `mel.options` of a librosa MelSpectrogram: every parameter, defaults applied. */
export type ResolvedLibrosaOptions = { preset: 'librosa' } & Required<
  Omit<LibrosaParams, 'hop_length' | 'win_length' | 'fmax' | 'window'>
> & { hop_length: number; win_length: number; fmax: number; window: LibrosaWindowName | Float64Array };

const librosaNames = snakeAndCamel('librosa option', [
  'sr',
  'n_fft',
  'hop_length',
  'win_length',
  'window',
  'center',
  'pad_mode',
  'power',
  'n_mels',
  'fmin',
  'fmax',
  'htk',
  'norm',
  'power_to_db',
  'ref',
  'amin',
  'top_db',
  'dtype',
] as const);

/** scipy.signal.get_window's names (and aliases) for the windows supported here. */
const windowAliases: Record<string, LibrosaWindowName> = {
  hann: 'hann',
  han: 'hann',
  hamming: 'hamming',
  hamm: 'hamming',
  ham: 'hamming',
  blackman: 'blackman',
  black: 'blackman',
  blk: 'blackman',
  boxcar: 'boxcar',
  box: 'boxcar',
  ones: 'boxcar',
  rect: 'boxcar',
  rectangular: 'boxcar',
};

/** The periodic window of `length` values (scipy get_window(name, length, fftbins=True)). */
function namedWindow(name: LibrosaWindowName, length: number): 'hann' | 'hamming' | Float64Array {
  if (name === 'hann' || name === 'hamming') return name;
  const values = new Float64Array(length);
  for (let n = 0; n < length; n++) {
    values[n] =
      name === 'boxcar'
        ? 1
        : 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / length) + 0.08 * Math.cos((4 * Math.PI * n) / length);
  }
  return values;
}

export function resolveLibrosa(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedLibrosaOptions> {
  return withCallerSpelling(source, librosaNames, () => checkLibrosa(source));
}

function checkLibrosa(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedLibrosaOptions> {
  const given = collectOptions(source, librosaNames);
  const has = (name: keyof typeof given) => given[name] !== undefined && given[name] !== null;

  const sr = has('sr') ? finiteOption('sr', given.sr, (n) => n > 0, 'a positive finite number (Hz)') : 22050;
  const n_fft = has('n_fft') ? integerOptionAs('n_fft', given.n_fft, 'fftLength') : 2048;
  const win_length = has('win_length') ? integerOption('win_length', given.win_length, 1, n_fft) : n_fft;
  let hop_length = 512;
  if (given.hop_length === null) hop_length = Math.max(1, Math.floor(win_length / 4));
  else if (has('hop_length')) hop_length = integerOptionAs('hop_length', given.hop_length, 'sequenceStride');
  let window: LibrosaWindowName | Float64Array = 'hann';
  if (typeof given.window === 'string') {
    const name = hasOwn(windowAliases, given.window) ? windowAliases[given.window] : undefined;
    if (!name) {
      throw optionRangeError(
        'window',
        `window must be one of 'hann', 'hamming', 'blackman', 'boxcar' (scipy names) or an array of win_length numbers, got ${describeValue(given.window)}`,
      );
    }
    window = name;
  } else if (has('window')) {
    window = windowValues(
      'window',
      given.window,
      win_length,
      'win_length',
      'a window name',
      'not supported: the engine refuses such windows, on which Keras returns NaN',
    );
  }
  const center = has('center') ? booleanOption('center', given.center) : true;
  const pad_mode = has('pad_mode')
    ? choiceOption('pad_mode', given.pad_mode, ['constant', 'reflect'] as const)
    : 'constant';
  const power = has('power')
    ? finiteOption('power', given.power, (n) => n > 0 && n <= maxMagExp, 'a number > 0 and at most 1000')
    : 2;
  const n_mels = has('n_mels') ? integerOptionAs('n_mels', given.n_mels, 'numMelBins') : 128;
  const fmin = has('fmin') ? finiteOption('fmin', given.fmin, (n) => n >= 0, 'a finite number >= 0 (Hz)') : 0;
  const fmax = has('fmax')
    ? finiteOption('fmax', given.fmax, (n) => n > 0, 'a positive finite number (Hz), or null for sr / 2')
    : sr / 2;
  if (fmin >= fmax)
    throw optionRangeError(
      has('fmin') ? 'fmin' : has('fmax') ? 'fmax' : 'sr',
      `fmin (${fmin}) must be below fmax (${fmax}); librosa returns empty filters otherwise`,
    );
  const htk = has('htk') ? booleanOption('htk', given.htk) : false;
  const norm = given.norm === undefined ? 'slaney' : choiceOption('norm', given.norm, ['slaney', null] as const);
  const power_to_db = has('power_to_db') ? booleanOption('power_to_db', given.power_to_db) : false;
  let ref: number | 'max' = 1;
  if (given.ref === 'max') ref = 'max';
  else if (has('ref')) {
    if (typeof given.ref === 'string')
      throw optionRangeError('ref', `ref must be a number > 0 or 'max' (np.max), got ${describeValue(given.ref)}`);
    ref = finiteOption(
      'ref',
      given.ref,
      (n) => n > 0 && n <= float32Max,
      "a number > 0 and at most 3.4e38, or 'max' (np.max)",
    );
  }
  const amin = has('amin') ? finiteOption('amin', given.amin, isMinPower, minPowerExpected) : 1e-10;
  let top_db: number | null = 80;
  if (given.top_db === null) top_db = null;
  else if (has('top_db')) {
    // librosa raises ParameterError for a negative top_db.
    top_db = finiteOption('top_db', given.top_db, (n) => n >= 0, 'a finite number >= 0 (dB), or null for no floor');
  }
  const dtype = has('dtype') ? dtypeOption(given.dtype) : 'float32';

  const options: ResolvedLibrosaOptions = {
    preset: 'librosa',
    sr,
    n_fft,
    hop_length,
    win_length,
    window,
    center,
    pad_mode,
    power,
    n_mels,
    fmin,
    fmax,
    htk,
    norm,
    power_to_db,
    ref,
    amin,
    top_db,
    dtype,
  };
  // presetDefaults.librosa (schema/engine-options.json): numpy's reflect pad (any length),
  // Hz-domain triangles on np.fft.rfftfreq bins, power_to_db's max over the whole array;
  // the arguments on top.
  const settings: EngineSettings = {
    ...presetDefaults.librosa,
    preset: 'librosa',
    dtype,
    fftLength: n_fft,
    sequenceStride: hop_length,
    sequenceLength: win_length,
    window: typeof window === 'string' ? namedWindow(window, win_length) : window,
    samplingRate: sr,
    numMelBins: n_mels,
    minFreq: fmin,
    maxFreq: fmax,
    powerToDb: power_to_db,
    topDb: top_db,
    magExp: power,
    minPower: amin,
    refPower: ref === 'max' ? 1 : ref,
    center,
    padMode: pad_mode,
    melScale: htk ? 'htk' : 'slaney',
    filterNorm: norm,
    refIsMax: ref === 'max',
    maxInputRank: Infinity, // multichannel (..., n)
  };
  return { options, settings };
}
