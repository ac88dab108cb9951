// One C++ engine in the WASM module, made from engine settings: shared by
// MelSpectrogram (main thread) and the pool's workers.
import type { Engine, EngineOptions, MelspecModule, StreamEngine } from './emscripten-module.js';
import type { EngineSettings } from '../options/engine-settings.js';
import { withQuietObjectPrototype } from './embind-objects.js';
import type { StreamDbMode } from '../stream/mel-stream.js';

const windowCodes = { hann: 0, hamming: 1, none: 2, custom: 3 } as const;

/** ConfigParam in cpp/include/melspec/config.hpp, by value. */
const configParamNames = [
  '',
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
];

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
  badFloorGroup: 9,
} as const;

function toEngineOptions(settings: EngineSettings, windowValues: number): EngineOptions {
  const window = settings.window;
  // No prototype: embind reads exactly these fields, nothing inherited.
  return Object.assign(Object.create(null) as EngineOptions, {
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
    topDbScope: settings.floorScope === 'each' ? 1 : 0, // compute() is always told its floor groups
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

/**
 * Builds a C++ object from engine settings: the engine options, with a custom
 * window passed through the heap (as doubles; the engine copies them), checked by
 * the C++ validation as a backstop (the options were checked in JS first).
 */
function construct<T extends { valid(): boolean; delete(): void }>(
  wasm: MelspecModule,
  settings: EngineSettings,
  make: (engineOptions: EngineOptions) => T,
): T {
  const custom = settings.window instanceof Float64Array ? settings.window : undefined;
  const windowValues = custom ? wasm.allocateDoubles(custom.length) : 0;
  if (custom && windowValues === 0) throw new RangeError('out of WASM memory for the window');
  try {
    if (custom) wasm.HEAPF64.set(custom, windowValues / 8);
    const engineOptions = toEngineOptions(settings, windowValues);
    const rejected = withQuietObjectPrototype(() => wasm.validateOptions(engineOptions));
    if (rejected !== 0) {
      throw new RangeError(`${configParamNames[rejected] ?? 'an option'} was rejected by the engine`);
    }
    const made = withQuietObjectPrototype(() => make(engineOptions));
    if (!made.valid()) {
      made.delete();
      throw new RangeError(`could not plan an FFT of fftLength ${settings.fftLength} (out of memory?)`);
    }
    return made;
  } finally {
    if (windowValues !== 0) wasm.freeMemory(windowValues);
  }
}

/** The engine of a MelSpectrogram (or of a pool worker). Throws RangeError if it cannot be made. */
export function createEngine(wasm: MelspecModule, settings: EngineSettings): Engine {
  const Engine = settings.dtype === 'float64' ? wasm.EngineF64 : wasm.EngineF32;
  return construct(wasm, settings, (engineOptions) => new Engine(engineOptions));
}

/** StreamDb in cpp/include/melspec/mel_stream.hpp. */
export const streamDbCodes = { none: 0, 'running-max': 1, 'fixed-ref': 2 } as const satisfies Record<StreamDbMode, number>;

/** The engine of a MelSpectrogramStream. */
export function createStreamEngine(wasm: MelspecModule, settings: EngineSettings, db: keyof typeof streamDbCodes): StreamEngine {
  const Stream = settings.dtype === 'float64' ? wasm.StreamF64 : wasm.StreamF32;
  return construct(wasm, settings, (engineOptions) => new Stream(engineOptions, streamDbCodes[db]));
}
