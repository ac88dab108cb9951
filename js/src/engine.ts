// One C++ engine in the WASM module, made from resolved options: shared by
// MelSpectrogram (main thread) and the pool's workers.
import type { Engine, EngineOptions, MelspecModule } from './emscripten-module.js';
import type { ResolvedOptions } from './options.js';

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
];

/** ComputeStatus::Code in cpp/include/melspec/mel_spectrogram.hpp. */
export const computeStatus = {
  ok: 0,
  emptyBatch: 1,
  emptySignal: 2,
  nonFinite: 3,
  tooLarge: 4,
  badFrameRange: 5,
  sliceTooShort: 6,
} as const;

function toEngineOptions(options: ResolvedOptions, windowValues: number): EngineOptions {
  const window = options.window;
  return {
    fftLength: options.fftLength,
    sequenceStride: options.sequenceStride,
    sequenceLength: options.sequenceLength,
    window: window === null ? windowCodes.none : typeof window === 'string' ? windowCodes[window] : windowCodes.custom,
    windowValues,
    samplingRate: options.samplingRate,
    numMelBins: options.numMelBins,
    minFreq: options.minFreq,
    maxFreq: options.maxFreq,
    powerToDb: options.powerToDb,
    topDb: options.topDb === null ? Number.NaN : options.topDb,
    magExp: options.magExp,
    minPower: options.minPower,
    refPower: options.refPower,
    topDbScope: options.topDbScope === 'batch' ? 0 : 1,
  };
}

/** Throws RangeError when the engine refuses the options (a backstop: they are checked in JS first). */
export function createEngine(wasm: MelspecModule, options: ResolvedOptions): Engine {
  // A custom window travels through the heap as doubles, and is copied by the engine.
  const custom = options.window instanceof Float64Array ? options.window : undefined;
  const windowValues = custom ? wasm.allocateDoubles(custom.length) : 0;
  if (custom && windowValues === 0) throw new RangeError('out of WASM memory for the window');
  try {
    if (custom) wasm.HEAPF64.set(custom, windowValues / 8);
    const engineOptions = toEngineOptions(options, windowValues);
    const rejected = wasm.validateOptions(engineOptions);
    if (rejected !== 0) {
      throw new RangeError(`${configParamNames[rejected] ?? 'an option'} was rejected by the engine`);
    }
    const Engine = options.dtype === 'float64' ? wasm.EngineF64 : wasm.EngineF32;
    const engine = new Engine(engineOptions);
    if (!engine.valid()) {
      engine.delete();
      throw new RangeError(`could not plan an FFT of fftLength ${options.fftLength} (out of memory?)`);
    }
    return engine;
  } finally {
    if (windowValues !== 0) wasm.freeMemory(windowValues);
  }
}
