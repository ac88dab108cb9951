// The engine binding: one C++ engine in the WASM module (as its embind object), made
// from engine settings; shared by MelSpectrogram, streams and the pool's workers.
// The options cross as one double each (schema/engine-options.json's order); the
// engine's numbering (config params, compute statuses) becomes the library's error
// codes here, from the tables generated from that schema.
import {
  computeStatusErrorCodes,
  engineOptionCount,
  engineOptionNames,
  streamDbCodes,
  writeEngineOptions,
} from '../generated/engine-options.js';
import type { MelspecModule, SpectrogramBinding, StreamBinding } from './emscripten-module.js';
import type { EngineSettings } from '../options/engine-settings.js';
import {
  MelSpectrogramError,
  type MelSpectrogramErrorCode,
  MelSpectrogramRangeError,
} from '../errors/melspec-error.js';
import { memoryError, optionRangeError } from '../errors/make-errors.js';
import type { StreamDbMode } from '../stream/mel-stream.js';

export { computeStatus, computeStatusErrorCodes, streamDbCodes } from '../generated/engine-options.js';

/** The code for a failed status (an unknown one is the worker's or engine's failure). */
export function errorCodeOfStatus(status: number): MelSpectrogramErrorCode {
  return (computeStatusErrorCodes as Readonly<Record<number, MelSpectrogramErrorCode>>)[status] ?? 'ERR_MELSPEC_WORKER';
}

/** The error for a config the engine refused (ConfigError's param): the JS checks should have caught it. */
export function configRejectedError(param: number): RangeError {
  // ConfigParam n is option n - 1 of the schema (0: none).
  const setting = param >= 1 ? engineOptionNames[param - 1] : undefined;
  return optionRangeError(setting, `${setting ?? 'an option'} was rejected by the engine`);
}

/**
 * Builds a binding from engine settings: the options as doubles on the heap, with a
 * custom window's values beside them (the engine copies both), checked by the C++
 * validation as a backstop (the options were checked in JS first).
 */
function construct<T extends { valid(): boolean; delete(): void }>(
  wasm: MelspecModule,
  settings: EngineSettings,
  make: (optionValues: number, windowValues: number) => T,
): T {
  if (wasm.engineOptionCount !== engineOptionCount) {
    // The glue and .wasm come from another build than this JS: the options would be misread.
    throw new MelSpectrogramError(
      'ERR_MELSPEC_WASM_LOAD',
      `the loaded melspec.wasm reads ${wasm.engineOptionCount} options, this library writes ${engineOptionCount}: use the .wasm of the same version`,
    );
  }
  const custom = settings.window instanceof Float64Array ? settings.window : undefined;
  const optionValues = wasm.allocateDoubles(engineOptionCount + (custom?.length ?? 0));
  if (optionValues === 0) throw memoryError('out of WASM memory for the options');
  try {
    writeEngineOptions(settings, wasm.HEAPF64, optionValues / 8);
    const windowValues = custom ? optionValues + engineOptionCount * 8 : 0;
    if (custom) wasm.HEAPF64.set(custom, windowValues / 8);
    const rejected = wasm.validateOptions(optionValues, windowValues);
    if (rejected !== 0) throw configRejectedError(rejected);
    const made = make(optionValues, windowValues);
    if (!made.valid()) {
      made.delete();
      throw memoryError(`could not plan an FFT of fftLength ${settings.fftLength} (out of memory?)`);
    }
    return made;
  } finally {
    wasm.freeMemory(optionValues);
  }
}

/** The binding of a MelSpectrogram (or of a pool worker). Throws a RangeError if it cannot be made. */
export function createSpectrogramBinding(wasm: MelspecModule, settings: EngineSettings): SpectrogramBinding {
  if (settings.dtype === 'float64') wasm.registerStreamAndFloat64Classes();
  const Binding = settings.dtype === 'float64' ? wasm.EngineF64 : wasm.EngineF32;
  return construct(wasm, settings, (options, window) => new Binding(options, window));
}

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
  // Also before planOf.createStream(), which returns a StreamF32/StreamF64.
  wasm.registerStreamAndFloat64Classes();
  if (planOf) {
    const stream = planOf.createStream(streamDbCodes[db]);
    if (!stream.valid()) {
      stream.delete();
      throw new MelSpectrogramRangeError('ERR_MELSPEC_STREAM', 'the engine could not make a stream on this plan');
    }
    return stream;
  }
  const Binding = settings.dtype === 'float64' ? wasm.StreamF64 : wasm.StreamF32;
  return construct(wasm, settings, (options, window) => new Binding(options, window, streamDbCodes[db]));
}
