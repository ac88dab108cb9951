// Errors across a thread boundary (the AudioWorklet's port): structured clone keeps an
// Error's message but not its class's own fields, so the fields travel as data and the
// error is made again on the other side.
import {
  type MelSpectrogramErrorCode,
  MelSpectrogramError,
  MelSpectrogramRangeError,
  MelSpectrogramTypeError,
  isMelSpectrogramError,
} from './melspec-error.js';

/** An error as plain data. */
export interface ErrorData {
  kind: 'TypeError' | 'RangeError' | 'Error';
  code: MelSpectrogramErrorCode;
  message: string;
  option?: string;
}

/** `error` as data; anything not the library's own gets `fallbackCode`. */
export function errorToData(error: unknown, fallbackCode: MelSpectrogramErrorCode): ErrorData {
  const kind = error instanceof TypeError ? 'TypeError' : error instanceof RangeError ? 'RangeError' : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (!isMelSpectrogramError(error)) return { kind, code: fallbackCode, message };
  return error.option === undefined
    ? { kind, code: error.code, message }
    : { kind, code: error.code, message, option: error.option };
}

/** The error again, its message after `prefix`. */
export function errorFromData(
  data: ErrorData,
  prefix: string,
): MelSpectrogramError | MelSpectrogramTypeError | MelSpectrogramRangeError {
  const Class =
    data.kind === 'TypeError'
      ? MelSpectrogramTypeError
      : data.kind === 'RangeError'
        ? MelSpectrogramRangeError
        : MelSpectrogramError;
  return new Class(data.code, `${prefix}${data.message}`, { option: data.option });
}
