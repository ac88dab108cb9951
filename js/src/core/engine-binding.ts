// The engine binding: one C++ engine in the WASM module (as its embind object), made
// from engine settings; shared by MelSpectrogram, streams and the pool's workers.
// The engine's own numbering (config params, compute statuses) becomes the library's
// error codes here, in one table each.
import type { BindingConfig, MelspecModule, SpectrogramBinding, StreamBinding } from './emscripten-module.js';
import type { EngineSettings } from '../options/engine-settings.js';
import { type MelSpectrogramErrorCode, MelSpectrogramRangeError } from '../errors/melspec-error.js';
import { memoryError, optionRangeError } from '../errors/make-errors.js';
import { withQuietObjectPrototype } from './embind-objects.js';
import type { StreamDbMode } from '../stream/mel-stream.js';

const windowCodes = { hann: 0, hamming: 1, none: 2, custom: 3 } as const;

/**
 * ConfigParam in cpp/include/melspec/config.hpp, by value: the engine setting its
 * ConfigError names, reported as the error's `option`.
 */
const configParamSettings = [
  undefined,
  'fftLength',
  'sequenceStride',
  'sequenceLength',
  'window',
  'samplingRate',
  'numMelBins',
  'minFreq',
  'maxFreq',
  'topDb',
  'magExp',
  'minPower',
  'refPower',
  'topDbScope',
  'padMode',
  'fixedLength',
  'leadingZeros',
  'trailingZeros',
  'melFilters',
  'logMultiplier',
  'outputScale',
] as const;

/** The enums of config.hpp, by value. */
const padModeCodes = { reflect: 0, constant: 1 } as const;
const melScaleCodes = { htk: 0, slaney: 1 } as const;
const filterShapeCodes = { mel: 0, hertz: 1 } as const;
const binFrequencyCodes = { 'half-rate': 0, 'integer-half-rate': 1, fft: 2 } as const;

/** ComputeStatus::Code in cpp/include/melspec/mel_spectrogram.hpp. */
export const computeStatus = {
  ok: 0,
  emptyBatch: 1,
  emptySignal: 2,
  nonFinite: 3,
  tooLarge: 4,
  badFrameRange: 5,
  sliceTooShort: 6,
  streamFinished: 7,
  signalTooShort: 8,
  badTopDbGroup: 9,
} as const;

/**
 * The error code of each failed ComputeStatus. The JS checks catch these first (with
 * their own messages); the table covers what reaches the engine anyway. badFrameRange,
 * sliceTooShort and badTopDbGroup come from the pool's own planning, so a worker's
 * share of the signal: reported as a worker failure.
 */
export const computeStatusErrorCodes: Readonly<Record<number, MelSpectrogramErrorCode>> = {
  [computeStatus.emptyBatch]: 'ERR_MELSPEC_SIGNAL',
  [computeStatus.emptySignal]: 'ERR_MELSPEC_SIGNAL',
  [computeStatus.nonFinite]: 'ERR_MELSPEC_SIGNAL',
  [computeStatus.tooLarge]: 'ERR_MELSPEC_MEMORY',
  [computeStatus.badFrameRange]: 'ERR_MELSPEC_WORKER',
  [computeStatus.sliceTooShort]: 'ERR_MELSPEC_WORKER',
  [computeStatus.streamFinished]: 'ERR_MELSPEC_STREAM',
  [computeStatus.signalTooShort]: 'ERR_MELSPEC_SIGNAL',
  [computeStatus.badTopDbGroup]: 'ERR_MELSPEC_WORKER',
};

/** The code for a failed status (an unknown one is the worker's or engine's failure). */
export function errorCodeOfStatus(status: number): MelSpectrogramErrorCode {
  return computeStatusErrorCodes[status] ?? 'ERR_MELSPEC_WORKER';
}

function toBindingConfig(settings: EngineSettings, windowValues: number): BindingConfig {
  const window = settings.window;
  // No prototype: embind reads exactly these fields, nothing inherited.
  return Object.assign(Object.create(null) as BindingConfig, {
    fftLength: settings.fftLength,
    sequenceStride: settings.sequenceStride,
    sequenceLength: settings.sequenceLength,
    window: window === null ? windowCodes.none : typeof window === 'string' ? windowCodes[window] : windowCodes.custom,
    windowValues,
    samplingRate: settings.samplingRate,
    numMelBins: settings.numMelBins,
    minFreq: settings.minFreq,
    maxFreq: settings.maxFreq,
    powerToDb: settings.powerToDb,
    topDb: settings.topDb === null ? Number.NaN : settings.topDb,
    magExp: settings.magExp,
    minPower: settings.minPower,
    refPower: settings.refPower,
    topDbScope: settings.topDbScope === 'each' ? 1 : 0, // compute() is always told its top_db groups
    center: settings.center,
    padMode: padModeCodes[settings.padMode],
    reflectOnce: settings.reflectOnce,
    fixedLength: settings.fixedLength,
    leadingZeros: settings.leadingZeros,
    trailingZeros: settings.trailingZeros,
    dropLastFrame: settings.dropLastFrame,
    melScale: melScaleCodes[settings.melScale],
    filterShape: filterShapeCodes[settings.filterShape],
    filterNorm: settings.filterNorm === 'slaney' ? 1 : 0,
    binFrequencies: binFrequencyCodes[settings.binFrequencies],
    logMultiplier: settings.logMultiplier,
    refIsMax: settings.refIsMax,
    outputOffset: settings.outputOffset,
    outputScale: settings.outputScale,
  });
}

/** The error for a config the engine refused (ConfigError's param): the JS checks should have caught it. */
export function configRejectedError(param: number): RangeError {
  const setting = configParamSettings[param];
  return optionRangeError(setting, `${setting ?? 'an option'} was rejected by the engine`);
}

/**
 * Builds a binding from engine settings: the binding config, with a custom window
 * passed through the heap (as doubles; the engine copies them), checked by the C++
 * validation as a backstop (the options were checked in JS first).
 */
function construct<T extends { valid(): boolean; delete(): void }>(
  wasm: MelspecModule,
  settings: EngineSettings,
  make: (config: BindingConfig) => T,
): T {
  const custom = settings.window instanceof Float64Array ? settings.window : undefined;
  const windowValues = custom ? wasm.allocateDoubles(custom.length) : 0;
  if (custom && windowValues === 0) throw memoryError('out of WASM memory for the window');
  try {
    if (custom) wasm.HEAPF64.set(custom, windowValues / 8);
    const config = toBindingConfig(settings, windowValues);
    const rejected = withQuietObjectPrototype(() => wasm.validateOptions(config));
    if (rejected !== 0) throw configRejectedError(rejected);
    const made = withQuietObjectPrototype(() => make(config));
    if (!made.valid()) {
      made.delete();
      throw memoryError(`could not plan an FFT of fftLength ${settings.fftLength} (out of memory?)`);
    }
    return made;
  } finally {
    if (windowValues !== 0) wasm.freeMemory(windowValues);
  }
}

/** The binding of a MelSpectrogram (or of a pool worker). Throws a RangeError if it cannot be made. */
export function createSpectrogramBinding(wasm: MelspecModule, settings: EngineSettings): SpectrogramBinding {
  const Binding = settings.dtype === 'float64' ? wasm.EngineF64 : wasm.EngineF32;
  return construct(wasm, settings, (config) => new Binding(config));
}

/** StreamDb in cpp/include/melspec/mel_stream.hpp. */
export const streamDbCodes = { none: 0, 'running-max': 1, 'fixed-ref': 2 } as const satisfies Record<
  StreamDbMode,
  number
>;

/**
 * The binding of a MelSpectrogramStream: on an existing spectrogram binding's plan when
 * given (MelSpectrogram.createStream(): nothing planned again), else planned from the settings.
 */
export function createStreamBinding(
  wasm: MelspecModule,
  settings: EngineSettings,
  db: StreamDbMode,
  planOf?: SpectrogramBinding,
): StreamBinding {
  if (planOf) {
    const stream = planOf.createStream(streamDbCodes[db]);
    if (!stream.valid()) {
      stream.delete();
      throw new MelSpectrogramRangeError('ERR_MELSPEC_STREAM', 'the engine could not make a stream on this plan');
    }
    return stream;
  }
  const Binding = settings.dtype === 'float64' ? wasm.StreamF64 : wasm.StreamF32;
  return construct(wasm, settings, (config) => new Binding(config, streamDbCodes[db]));
}
