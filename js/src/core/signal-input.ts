// What compute() accepts as a signal, checked and described without copying:
// one signal, an array of equal-length signals, or { data, shape: [...leading, samples] }.
import { describeValue } from '../errors/describe-value.js';
import { signalRangeError, signalTypeError } from '../errors/make-errors.js';

/** A mono signal. Float64 samples are rounded to float32 for a float32 MelSpectrogram, as Keras casts. */
export type Signal = Float32Array | Float64Array;

/**
 * Signals as one flat buffer in C order: `data.length` is the product of `shape`.
 * [samples] or [batch, samples] for every preset; torchaudio and librosa also take
 * more leading dimensions ([batch, channels, samples], ...), as their libraries do.
 */
export interface SignalTensor {
  data: Signal;
  shape: readonly number[];
}

/** Everything compute() accepts. */
export type SignalInput = Signal | readonly Signal[] | SignalTensor;

/** A checked input: `batch` signals of `length` samples, in pieces to copy in order. */
export interface SignalBatch {
  /** The input's shape without its last (samples) dimension: [] for a lone signal, [batch] for a batch. */
  leadingShape: number[];
  batch: number;
  length: number;
  /** Consecutive pieces that together hold batch * length samples. */
  pieces: readonly Signal[];
  /** The samples of signal `item` (0 <= item < batch), without copying. */
  signal(item: number): Signal;
  /** Names sample `index` (flat) the way the user wrote the input, for error messages. */
  nameSample(index: number): string;
}

function isSignal(value: unknown): value is Signal {
  return value instanceof Float32Array || value instanceof Float64Array;
}

function expectedInput(maxRank: number): string {
  const shapes = maxRank > 2 ? '[...dims, samples]' : '[batch, samples]';
  return `a Float32Array, a Float64Array, an array of them (a batch), or { data, shape: ${shapes} }`;
}

function checkLength(length: number, what: string): void {
  if (length === 0) throw signalRangeError(`${what} is empty: a signal needs at least 1 sample`);
}

/**
 * Checks the shape and types of `input` (not the sample values: the engine finds
 * non-finite ones), and says how it is laid out. `maxRank` is the largest tensor
 * rank the preset accepts. Errors: ERR_MELSPEC_SIGNAL.
 */
export function checkSignalInput(input: unknown, maxRank = 2): SignalBatch {
  if (isSignal(input)) {
    checkLength(input.length, 'signal');
    return {
      leadingShape: [],
      batch: 1,
      length: input.length,
      pieces: [input],
      signal: () => input,
      nameSample: (i) => `signal[${i}]`,
    };
  }
  if (Array.isArray(input)) {
    if (input.length === 0) throw signalRangeError('the batch is empty: it needs at least 1 signal');
    // Indexed loops, not forEach: forEach skips the holes of a sparse array ([a, , b], new Array(3)).
    for (let i = 0; i < input.length; i++) {
      const item: unknown = input[i];
      if (!isSignal(item)) {
        const hint =
          typeof item === 'number'
            ? ' (a plain array of numbers is not a signal: use Float32Array.from(array))'
            : !(i in input)
              ? ' (a hole in a sparse array)'
              : '';
        throw signalTypeError(
          `signal[${i}] must be a Float32Array or a Float64Array, got ${describeValue(item)}${hint}`,
        );
      }
    }
    const signals = input as Signal[];
    const length = signals[0]?.length ?? 0;
    signals.forEach((signal, i) => {
      if (signal.length !== length) {
        throw signalRangeError(
          `all signals of a batch must have the same length: signal[0] has ${length} samples, signal[${i}] has ${signal.length}`,
        );
      }
    });
    checkLength(length, 'signal[0]');
    return {
      leadingShape: [signals.length],
      batch: signals.length,
      length,
      pieces: signals,
      signal: (item) => signals[item] as Signal,
      nameSample: (i) => `signal[${Math.floor(i / length)}][${i % length}]`,
    };
  }
  if (typeof input === 'object' && input !== null && 'data' in input && 'shape' in input) {
    const { data, shape } = input as SignalTensor;
    if (!isSignal(data))
      throw signalTypeError(`signal.data must be a Float32Array or a Float64Array, got ${describeValue(data)}`);
    if (!Array.isArray(shape) || shape.length < 1 || shape.length > maxRank) {
      const expected =
        maxRank > 2 ? '[samples], [batch, samples] or [...dims, samples]' : '[samples] or [batch, samples]';
      throw signalTypeError(`signal.shape must be ${expected}, got ${describeValue(shape)}`);
    }
    for (const [i, size] of (shape as unknown[]).entries()) {
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
        throw signalTypeError(`signal.shape[${i}] must be a non-negative integer, got ${String(size)}`);
      }
    }
    const leadingShape = shape.slice(0, -1) as number[];
    const batch = leadingShape.reduce((a, b) => a * b, 1);
    const length = (shape as number[]).at(-1) ?? 0;
    if (batch * length !== data.length) {
      throw signalRangeError(
        `signal.shape [${shape.join(', ')}] needs ${batch * length} values, data has ${data.length}`,
      );
    }
    if (batch === 0) throw signalRangeError('the batch is empty: it needs at least 1 signal');
    checkLength(length, 'signal');
    const nameItem = (item: number) => {
      if (leadingShape.length === 1) return `item ${item}`;
      const indices: number[] = [];
      let rest = item;
      for (const size of [...leadingShape].reverse()) {
        indices.unshift(rest % size);
        rest = Math.floor(rest / size);
      }
      return `item [${indices.join(', ')}]`;
    };
    return {
      leadingShape,
      batch,
      length,
      pieces: [data],
      signal: (item) => data.subarray(item * length, (item + 1) * length),
      nameSample:
        leadingShape.length > 0
          ? (i) => `signal.data[${i}] (${nameItem(Math.floor(i / length))}, sample ${i % length})`
          : (i) => `signal.data[${i}]`,
    };
  }
  throw signalTypeError(`signal must be ${expectedInput(maxRank)}; got ${describeValue(input)}`);
}
