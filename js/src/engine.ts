// One C++ engine in the WASM module, made from resolved options: shared by
// MelSpectrogram (main thread) and the pool's workers.
import type { Engine, EngineOptions, MelspecModule, StreamEngine } from './emscripten-module.js';
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
  streamFinished: 7,
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

/**
 * Builds a C++ object from resolved options: the engine options, with a custom
 * window passed through the heap (as doubles; the engine copies them), checked by
 * the C++ validation as a backstop (the options were checked in JS first).
 */
function construct<T extends { valid(): boolean; delete(): void }>(
  wasm: MelspecModule,
  options: ResolvedOptions,
  make: (engineOptions: EngineOptions) => T,
): T {
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
    const made = make(engineOptions);
    if (!made.valid()) {
      made.delete();
      throw new RangeError(`could not plan an FFT of fftLength ${options.fftLength} (out of memory?)`);
    }
    return made;
  } finally {
    if (windowValues !== 0) wasm.freeMemory(windowValues);
  }
}

/** The engine of a MelSpectrogram (or of a pool worker). Throws RangeError if it cannot be made. */
export function createEngine(wasm: MelspecModule, options: ResolvedOptions): Engine {
  const Engine = options.dtype === 'float64' ? wasm.EngineF64 : wasm.EngineF32;
  return construct(wasm, options, (engineOptions) => new Engine(engineOptions));
}

/** StreamDb in cpp/include/melspec/mel_stream.hpp. */
export const streamDbCodes = { none: 0, 'running-max': 1, 'fixed-ref': 2 } as const;

/** The engine of a MelSpectrogramStream. */
export function createStreamEngine(wasm: MelspecModule, options: ResolvedOptions, db: keyof typeof streamDbCodes): StreamEngine {
  const Stream = options.dtype === 'float64' ? wasm.StreamF64 : wasm.StreamF32;
  return construct(wasm, options, (engineOptions) => new Stream(engineOptions, streamDbCodes[db]));
}
