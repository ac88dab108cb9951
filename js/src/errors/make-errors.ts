// Shorthands for the errors thrown most often, so that each throw says what is at fault.
import { MelSpectrogramRangeError, MelSpectrogramTypeError } from './melspec-error.js';

/** A wrong type for an option (or an unknown option): `option` is its name as thrown; presets re-spell it as given. */
export function optionTypeError(option: string | undefined, message: string): MelSpectrogramTypeError {
  return new MelSpectrogramTypeError('ERR_MELSPEC_OPTION', message, { option });
}

/** A wrong value for an option. */
export function optionRangeError(option: string | undefined, message: string): MelSpectrogramRangeError {
  return new MelSpectrogramRangeError('ERR_MELSPEC_OPTION', message, { option });
}

/** TypeError for a value that is not a string, RangeError for a string that is not one of the choices. */
export function optionChoiceError(
  option: string,
  value: unknown,
  message: string,
): MelSpectrogramTypeError | MelSpectrogramRangeError {
  return typeof value === 'string' ? optionRangeError(option, message) : optionTypeError(option, message);
}

export function signalTypeError(message: string): MelSpectrogramTypeError {
  return new MelSpectrogramTypeError('ERR_MELSPEC_SIGNAL', message);
}

export function signalRangeError(message: string): MelSpectrogramRangeError {
  return new MelSpectrogramRangeError('ERR_MELSPEC_SIGNAL', message);
}

/** WASM memory exhausted, or a call too large for it. */
export function memoryError(message: string): MelSpectrogramRangeError {
  return new MelSpectrogramRangeError('ERR_MELSPEC_MEMORY', message);
}

/** A call on a disposed MelSpectrogram, stream or pool. */
export function disposedError(what: string): MelSpectrogramTypeError {
  return new MelSpectrogramTypeError('ERR_MELSPEC_DISPOSED', `this ${what} has been disposed`);
}
