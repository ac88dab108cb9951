// compute() and computeInto() of MelSpectrogram on the engine: each signal goes into the
// WASM heap a chunk at a time, and each chunk's frames are written straight into their
// columns of the result there (computeFrames with a row stride). A chunk is still in the
// CPU's cache when the engine reads it, and a call needs heap for one chunk and the
// result, not for all its samples (an hour at 16 kHz: 58 MB instead of 288 MB, and WASM
// memory never shrinks once grown). Every sample still crosses into the heap once, bar
// the overlap of two chunks' frames, and is checked for NaN in signal order, so the first
// bad one is the one named.
import type { MelspecModule, SpectrogramBinding } from './emscripten-module.js';
import { computeStatus, errorCodeOfStatus } from './engine-binding.js';
import { MelSpectrogramRangeError } from '../errors/melspec-error.js';
import { memoryError, signalRangeError } from '../errors/make-errors.js';
import { type EngineSettings, signalsPerTopDbGroup } from '../options/engine-settings.js';
import type { Signal, SignalBatch } from './signal-input.js';

/**
 * Samples per chunk: 256 KiB of float32, which stays in a core's L2 cache beside the
 * engine's own buffers. Larger chunks measured no faster, smaller ones slower.
 */
export const samplesPerChunk = 2 ** 16;

/** A WASM module addresses at most 4 GiB; leave room for the engine and the runtime. */
const maxCallBytes = 2 ** 32 - 2 ** 26;

/** Frames [firstFrame, firstFrame + frames) and the samples [sliceFirst, sliceEnd) they read. */
interface FrameChunk {
  firstFrame: number;
  frames: number;
  sliceFirst: number;
  sliceEnd: number;
}

/** A signal's chunks in order: ranges of frames that read about samplesPerChunk samples each. */
function frameChunks(binding: SpectrogramBinding, settings: EngineSettings, signalLength: number): FrameChunk[] {
  const total = binding.frameCount(signalLength);
  const perChunk = Math.max(1, Math.floor(samplesPerChunk / settings.sequenceStride));
  const chunks: FrameChunk[] = [];
  for (let firstFrame = 0; firstFrame < total; firstFrame += perChunk) {
    const frames = Math.min(perChunk, total - firstFrame);
    chunks.push({
      firstFrame,
      frames,
      sliceFirst: binding.samplesReadFirst(signalLength, firstFrame, frames),
      sliceEnd: binding.samplesReadEnd(signalLength, firstFrame, frames),
    });
  }
  return chunks;
}

/** A sample as the engine holds it: rounded to float32 for a float32 engine (as Keras casts). */
function inPrecision(value: number, bytesPerSample: number): number {
  return bytesPerSample === 4 ? Math.fround(value) : value;
}

/**
 * The index of the first sample in signal[from, to) that is not finite in the engine's
 * precision (a float64 sample beyond float32's range is infinite to a float32 engine), or -1.
 * For the samples no frame reads (a stride longer than the frame, the tail that Whisper's
 * pad_or_trim cuts off), which compute() rejects as it rejects any other.
 */
function firstNonFinite(signal: Signal, from: number, to: number, bytesPerSample: number): number {
  for (let i = from; i < to; i++) {
    if (!Number.isFinite(inPrecision(signal[i] as number, bytesPerSample))) return i;
  }
  return -1;
}

/**
 * Computes every signal of `input` into the binding's output buffer, laid out
 * [batch, numMelBins, frames], top_db floor and the rest of the log's finish applied;
 * returns its heap offset in values. `outputSize` is the result's number of values.
 * Errors: ERR_MELSPEC_MEMORY (too large, or out of memory), ERR_MELSPEC_SIGNAL (a sample
 * that is not finite, named as the input names it).
 */
export function computeInChunks(
  wasm: MelspecModule,
  binding: SpectrogramBinding,
  settings: EngineSettings,
  input: SignalBatch,
  outputSize: number,
): number {
  const bytesPerSample = settings.dtype === 'float64' ? 8 : 4;
  const { batch, length } = input;
  const chunks = frameChunks(binding, settings, length);
  const chunkCapacity = chunks.reduce((most, chunk) => Math.max(most, chunk.sliceEnd - chunk.sliceFirst), 0);
  const bytes = (chunkCapacity + outputSize) * bytesPerSample;
  if (bytes > maxCallBytes) {
    throw memoryError(
      `too large for one call: ${outputSize} output values need ${(bytes / 2 ** 30).toFixed(2)} GiB of WASM memory ` +
        '(at most 4 GiB exist): feed it through createStream() in pieces',
    );
  }
  if (!binding.reserve(chunkCapacity, outputSize)) {
    throw memoryError(
      `could not get ${(bytes / 2 ** 20).toFixed(1)} MiB of WASM memory for this call: feed it through createStream() in pieces`,
    );
  }
  // Taken after reserve(), which may grow the memory and so replace the views.
  const heap = bytesPerSample === 8 ? wasm.HEAPF64 : wasm.HEAPF32;
  const inputOffset = binding.inputOffset() / bytesPerSample;
  const outputOffset = binding.outputOffset() / bytesPerSample;
  const totalFrames = binding.frameCount(length);
  const itemSize = settings.numMelBins * totalFrames;
  const largest: number[] = [];
  const rejectSample = (item: number, index: number, value: number): never => {
    throw signalRangeError(
      `${input.nameSample(item * length + index)} is ${value}: samples must be finite (Keras would turn the whole output into NaN)`,
    );
  };
  const rejectUnread = (item: number, signal: Signal, index: number): never =>
    rejectSample(item, index, inPrecision(signal[index] as number, bytesPerSample));
  for (let item = 0; item < batch; item++) {
    const signal = input.signal(item);
    let checked = 0; // samples [0, checked) are known to be finite
    let itemLargest = Number.NEGATIVE_INFINITY;
    for (const { firstFrame, frames, sliceFirst, sliceEnd } of chunks) {
      const skipped = firstNonFinite(signal, checked, sliceFirst, bytesPerSample);
      if (skipped >= 0) rejectUnread(item, signal, skipped);
      heap.set(signal.subarray(sliceFirst, sliceEnd), inputOffset);
      const status = binding.computeFrames(
        sliceFirst,
        sliceEnd - sliceFirst,
        length,
        firstFrame,
        frames,
        item * itemSize + firstFrame,
        totalFrames,
      );
      if (status === computeStatus.nonFinite) {
        const index = binding.nonFiniteIndex();
        rejectSample(item, index, heap[inputOffset + index - sliceFirst] as number);
      }
      if (status !== computeStatus.ok) {
        throw new MelSpectrogramRangeError(
          errorCodeOfStatus(status),
          `the engine rejected the input (status ${status})`,
        );
      }
      itemLargest = Math.max(itemLargest, binding.largest());
      checked = Math.max(checked, sliceEnd);
    }
    const tail = firstNonFinite(signal, checked, length, bytesPerSample);
    if (tail >= 0) rejectUnread(item, signal, tail);
    largest.push(itemLargest);
  }
  finishLogGroups(binding, settings, input.leadingShape, largest, itemSize);
  return outputOffset;
}

/**
 * The top_db floor and the rest of the log's finish over a [batch, numMelBins, frames]
 * result at the start of the binding's output buffer, per top_db group (`largest`: each
 * signal's largest value), as the C++ compute() applies it.
 */
export function finishLogGroups(
  binding: SpectrogramBinding,
  settings: EngineSettings,
  leadingShape: readonly number[],
  largest: readonly number[],
  itemSize: number,
): void {
  const perGroup = signalsPerTopDbGroup(settings, leadingShape);
  for (let first = 0; first < largest.length; first += perGroup) {
    const groupMax = largest.slice(first, first + perGroup).reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    binding.finishLog(first * itemSize, perGroup * itemSize, groupMax);
  }
}
