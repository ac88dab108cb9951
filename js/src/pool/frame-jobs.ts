// How a MelSpectrogramPool divides work: each signal of a batch is cut into
// ranges of frames, and each range travels to a worker with the slice of
// samples it reads. Messages between the pool and its workers are typed here.
import type { EngineSettings } from '../options/engine-settings.js';
import type { MelSpectrogramErrorCode } from '../errors/melspec-error.js';

/** Frames [firstFrame, firstFrame + frames) of batch item `item`, computed from samples [sliceFirst, sliceEnd). */
export interface FrameJob {
  item: number;
  firstFrame: number;
  frames: number;
  sliceFirst: number;
  sliceEnd: number;
}

/**
 * One call's memory shared by the pool and its workers (SharedArrayBuffers): the pool copies
 * the samples in while the workers start, and each worker claims jobs from `control` until
 * none is left, writing its frames straight into `output`.
 */
export interface SharedCall {
  /** The batch's samples (batch × signalLength) in the engine's precision; the first `control[1]` jobs' slices are filled. */
  input: Float32Array | Float64Array;
  /** [batch, numMelBins, frameCount] values before the log's finish (the top_db floor). */
  output: Float32Array | Float64Array;
  /** [0]: the next job to claim; [1]: how many jobs (in order) have their samples in `input`. */
  control: Int32Array;
  /** The largest output value of each job. */
  largest: Float64Array;
  jobs: FrameJob[];
  signalLength: number;
  frameCount: number;
}

/** Indices into SharedCall.control. */
export const nextJobSlot = 0;
export const jobsReadySlot = 1;

/** A job the engine refused: why, and (for a non-finite sample) where and which value. */
export interface JobFailure {
  /** ComputeStatus, or -1 for a failure outside the engine. */
  status: number;
  /** The code of the error the pool's call rejects with. */
  code: MelSpectrogramErrorCode;
  /** Index of the first non-finite sample in its signal, and its value (in the engine's precision). */
  nonFiniteIndex: number;
  nonFiniteValue: number;
  message: string;
}

export type PoolRequest =
  | { kind: 'init'; wasmModule: WebAssembly.Module; settings: EngineSettings }
  | {
      kind: 'job';
      id: number;
      /** Samples [sliceFirst, sliceFirst + sliceCount) in its first sliceCount values. */
      slice: Float32Array | Float64Array;
      sliceCount: number;
      sliceFirst: number;
      signalLength: number;
      firstFrame: number;
      frames: number;
      /** Where to put the result if it is large enough (buffers travel back and forth for reuse). */
      output: Float32Array | Float64Array | null;
    }
  | { kind: 'share'; id: number; call: SharedCall };

export type PoolReply =
  | { kind: 'ready' }
  | {
      kind: 'done';
      id: number;
      /** numMelBins * frames values in its first entries. */
      data: Float32Array | Float64Array;
      largest: number;
      slice: Float32Array | Float64Array;
    }
  | ({
      kind: 'failed';
      id: number;
      slice: Float32Array | Float64Array;
      output: Float32Array | Float64Array | null;
    } & JobFailure)
  | {
      kind: 'shared';
      id: number;
      /** The jobs of the SharedCall this worker claimed and could not compute, by index. */
      failures: { index: number; failure: JobFailure }[];
    };

/** Splits `frameCount` frames into at most `parts` contiguous ranges of at least `minimumFrames`. */
export function splitFrames(frameCount: number, parts: number, minimumFrames: number): [number, number][] {
  const count = Math.max(1, Math.min(parts, Math.floor(frameCount / minimumFrames)));
  const ranges: [number, number][] = [];
  for (let part = 0; part < count; part++) {
    const first = Math.floor((frameCount * part) / count);
    const last = Math.floor((frameCount * (part + 1)) / count);
    if (last > first) ranges.push([first, last - first]);
  }
  return ranges;
}

/**
 * The jobs for `batch` signals of `length` samples with `frameCount` frames each.
 * `samplesRead` gives the samples a frame range reads; slices are widened so that
 * together they cover every sample (each worker checks its slice for NaN and
 * infinity, as compute() checks the whole input), and so that they meet.
 */
export function planJobs(
  batch: number,
  length: number,
  frameCount: number,
  parts: number,
  minimumFrames: number,
  samplesRead: (firstFrame: number, frames: number) => [number, number],
): FrameJob[] {
  const perItem = Math.max(1, Math.ceil(parts / batch));
  const jobs: FrameJob[] = [];
  for (let item = 0; item < batch; item++) {
    const parts = splitFrames(frameCount, perItem, minimumFrames).map(([firstFrame, frames]) => {
      const [readFirst, readEnd] = samplesRead(firstFrame, frames);
      return { firstFrame, frames, readFirst, readEnd };
    });
    parts.forEach(({ firstFrame, frames, readFirst, readEnd }, r) => {
      const previous = parts[r - 1];
      const next = parts[r + 1];
      const sliceFirst = previous ? Math.min(readFirst, previous.readEnd) : 0;
      const sliceEnd = next ? Math.max(readEnd, next.readFirst) : length;
      jobs.push({ item, firstFrame, frames, sliceFirst, sliceEnd });
    });
  }
  return jobs;
}
