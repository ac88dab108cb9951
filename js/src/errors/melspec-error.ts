// The library's errors: the built-in class a caller already expects (TypeError for a
// wrong type, RangeError for a wrong value, Error for the rest), plus a stable `code`
// and, where an option is at fault, `option` as the caller spelled it. Messages are
// for people; code and option are for programs (the CLI maps `option` to its flag).
// Each keeps its built-in `name` (as Node's coded errors do): `RangeError: fftLength must be ...`.

/** Every code the library's errors carry (README "Errors" lists when each is thrown). */
export const melSpectrogramErrorCodes = [
  'ERR_MELSPEC_OPTION',
  'ERR_MELSPEC_SIGNAL',
  'ERR_MELSPEC_OUTPUT',
  'ERR_MELSPEC_DISPOSED',
  'ERR_MELSPEC_WASM_LOAD',
  'ERR_MELSPEC_ALREADY_LOADED',
  'ERR_MELSPEC_WORKER',
  'ERR_MELSPEC_WORKLET',
  'ERR_MELSPEC_MEMORY',
  'ERR_MELSPEC_STREAM',
] as const;

export type MelSpectrogramErrorCode = (typeof melSpectrogramErrorCodes)[number];

/** What every error of the library carries besides its message. */
export interface MelSpectrogramErrorFields {
  readonly code: MelSpectrogramErrorCode;
  /** The option at fault, as the caller wrote it (`fft_length`, `fftLength`, `n_fft`, `threads`); absent when none is. */
  readonly option?: string;
}

/** The second argument of the error constructors. */
export interface MelSpectrogramErrorDetails {
  option?: string;
  cause?: unknown;
}

/**
 * Marks the library's errors. A registered symbol, not instanceof alone: an app that
 * loads both the ESM and the CommonJS build has two copies of each class.
 */
const brand = Symbol.for('melspec-wasm.error');

function setFields(error: Error, code: MelSpectrogramErrorCode, details: MelSpectrogramErrorDetails | undefined): void {
  Object.defineProperty(error, brand, { value: true });
  Object.defineProperty(error, 'code', { value: code, enumerable: true, writable: false });
  if (details?.option !== undefined) setOption(error, details.option);
}

/** @internal Re-spells the option of an error (the canonical name, as thrown, to the caller's spelling). */
export function setOption(error: Error, option: string): void {
  Object.defineProperty(error, 'option', { value: option, enumerable: true, writable: false, configurable: true });
}

/** An Error of the library that is neither a wrong type nor a wrong value: loading, workers, the worklet. */
export class MelSpectrogramError extends Error implements MelSpectrogramErrorFields {
  /** @internal Its own name in every build, as MelSpectrogram.name. */
  static override readonly name = 'MelSpectrogramError';
  declare readonly code: MelSpectrogramErrorCode;
  declare readonly option?: string;
  constructor(code: MelSpectrogramErrorCode, message: string, details?: MelSpectrogramErrorDetails) {
    super(message, details?.cause === undefined ? undefined : { cause: details.cause });
    setFields(this, code, details);
  }
}

/** A TypeError of the library: a value of the wrong type, an unknown option, a disposed object. */
export class MelSpectrogramTypeError extends TypeError implements MelSpectrogramErrorFields {
  /** @internal Its own name in every build, as MelSpectrogram.name. */
  static override readonly name = 'MelSpectrogramTypeError';
  declare readonly code: MelSpectrogramErrorCode;
  declare readonly option?: string;
  constructor(code: MelSpectrogramErrorCode, message: string, details?: MelSpectrogramErrorDetails) {
    super(message, details?.cause === undefined ? undefined : { cause: details.cause });
    setFields(this, code, details);
  }
}

/** A RangeError of the library: a value out of its range, a signal too short, memory exhausted. */
export class MelSpectrogramRangeError extends RangeError implements MelSpectrogramErrorFields {
  /** @internal Its own name in every build, as MelSpectrogram.name. */
  static override readonly name = 'MelSpectrogramRangeError';
  declare readonly code: MelSpectrogramErrorCode;
  declare readonly option?: string;
  constructor(code: MelSpectrogramErrorCode, message: string, details?: MelSpectrogramErrorDetails) {
    super(message, details?.cause === undefined ? undefined : { cause: details.cause });
    setFields(this, code, details);
  }
}

/**
 * @internal A WebAssembly.CompileError from compiling the given bytes, kept as such
 * (name, class, message) with the code of a load failure added.
 */
export function compileError(error: unknown): unknown {
  if (error instanceof WebAssembly.CompileError) setFields(error, 'ERR_MELSPEC_WASM_LOAD', undefined);
  return error;
}

/**
 * Whether `error` is one of the library's errors (a MelSpectrogramError,
 * MelSpectrogramTypeError or MelSpectrogramRangeError, or the CompileError of a bad
 * .wasm), whichever copy of the library (ESM or CommonJS build) threw it.
 */
export function isMelSpectrogramError(error: unknown): error is Error & MelSpectrogramErrorFields {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[brand] === true;
}
