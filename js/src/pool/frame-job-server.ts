// The worker side of MelSpectrogramPool (run by worker-main.browser.ts / worker-main.node.ts):
// one engine binding per worker, made from the module and options the pool sends. A job
// is a transferred slice in and a frame range out; a share is a call in shared memory whose
// jobs this worker claims one by one, as the other workers do. Every failure goes back as a
// reply with its error code, so that the pool's call rejects with the right error.
import type { MelspecModule, SpectrogramBinding } from '../core/emscripten-module.js';
import { computeStatus, createSpectrogramBinding, errorCodeOfStatus } from '../core/engine-binding.js';
import { copyOut } from '../core/mel-spectrogram.js';
import { MelSpectrogramError, type MelSpectrogramErrorCode, isMelSpectrogramError } from '../errors/melspec-error.js';
import {
  type FrameJob,
  type JobFailure,
  type PoolReply,
  type PoolRequest,
  type SharedCall,
  jobsReadySlot,
  nextJobSlot,
} from './frame-jobs.js';
import { loadModule } from '../core/wasm-loader.js';
import { SharedCopyScratch, parity, setSamples } from './shared-copy.js';

/** The two calls a worker needs, whatever the runtime (worker_threads or Web Workers). */
export interface WorkerPort {
  onRequest(handler: (request: PoolRequest) => void): void;
  reply(message: PoolReply, transfer: Transferable[]): void;
}

type GiveBack = (failure: JobFailure) => void;

/** A failure outside the engine (no sample to name). */
function outsideFailure(code: MelSpectrogramErrorCode, message: string): JobFailure {
  return { status: -1, code, message, nonFiniteIndex: 0, nonFiniteValue: 0 };
}

function errorFailure(error: unknown): JobFailure {
  // Every job gets a reply (or its call would never end), with the error's code.
  const code = isMelSpectrogramError(error) ? error.code : 'ERR_MELSPEC_WORKER';
  return outsideFailure(code, error instanceof Error ? error.message : String(error));
}

export function serveFrameJobs(port: WorkerPort): void {
  let wasm: MelspecModule | undefined;
  let binding: SpectrogramBinding | undefined;
  let bytesPerSample = 4;
  let numMelBins = 0;
  // Jobs arrive in order and run one at a time; `ready` holds them until init is done.
  let ready: Promise<void> = Promise.resolve();
  const scratch = new SharedCopyScratch();

  port.onRequest((request) => {
    if (request.kind === 'init') {
      ready = loadModule({ wasmModule: request.wasmModule }).then((loaded) => {
        wasm = loaded;
        binding = createSpectrogramBinding(loaded, request.settings);
        bytesPerSample = request.settings.dtype === 'float64' ? 8 : 4;
        numMelBins = request.settings.numMelBins;
        port.reply({ kind: 'ready' }, []);
      });
      return;
    }
    ready = ready.then(() => {
      if (request.kind === 'share') {
        port.reply({ kind: 'shared', id: request.id, failures: runShare(request.call) }, []);
        return;
      }
      const { id, slice, output } = request;
      // The pool's buffers go back with every reply, so that it can reuse them.
      const giveBack: GiveBack = (failure) =>
        port.reply({ kind: 'failed', id, slice, output, ...failure }, [
          slice.buffer,
          ...(output ? [output.buffer] : []),
        ]);
      try {
        runJob(request, giveBack);
      } catch (error) {
        giveBack(errorFailure(error)); // and the next job still runs
      }
    });
  });

  function engine(): { wasm: MelspecModule; binding: SpectrogramBinding } {
    if (!wasm || !binding)
      throw new MelSpectrogramError('ERR_MELSPEC_WORKER', 'melspec-wasm pool worker: job before init');
    return { wasm, binding };
  }

  /**
   * Computes frames [firstFrame, firstFrame + frames) from `slice` (samples [sliceFirst,
   * sliceFirst + sliceCount)) in the WASM heap; returns the heap (as taken after the
   * buffers were reserved) and where the [numMelBins, frames] result is (its first value
   * and its row stride), or the failure. `rowsLike` (shared float32 output rows the result
   * is copied to) makes every row of the result lie as its destination row does, modulo 8
   * bytes, so that each row's copy into shared memory goes a word at a time (shared-copy.ts).
   */
  function computeRange(
    slice: Float32Array | Float64Array,
    sliceFirst: number,
    signalLength: number,
    firstFrame: number,
    frames: number,
    rowsLike?: { output: Float32Array | Float64Array; first: number; stride: number },
  ): { heap: Float32Array | Float64Array; offset: number; rowStride: number } | JobFailure {
    const { wasm, binding } = engine();
    const aligned = rowsLike !== undefined && bytesPerSample === 4;
    // An even difference between the two row strides keeps the rows' parities in step; one
    // spare value lets the first row start on either parity.
    const rowStride = aligned ? frames + ((rowsLike.stride - frames) & 1) : frames;
    if (!binding.reserve(slice.length, rowStride * numMelBins + (aligned ? 1 : 0)))
      return outsideFailure('ERR_MELSPEC_MEMORY', 'out of WASM memory in a pool worker');
    // Views are taken after reserve(): it may have grown (and so replaced) the heap.
    const heap = bytesPerSample === 8 ? wasm.HEAPF64 : wasm.HEAPF32;
    setSamples(heap, binding.inputOffset() / bytesPerSample, slice, scratch);
    const reserved = binding.outputOffset() / bytesPerSample;
    // `aligned`: both float32. The first row starts where its destination row's parity is.
    const first = aligned
      ? parity(rowsLike.output as Float32Array, rowsLike.first) ^ parity(heap as Float32Array, reserved)
      : 0;
    const status = binding.computeFrames(sliceFirst, slice.length, signalLength, firstFrame, frames, first, rowStride);
    if (status !== computeStatus.ok) {
      const nonFiniteIndex = binding.nonFiniteIndex();
      const nonFiniteValue = status === computeStatus.nonFinite ? (slice[nonFiniteIndex - sliceFirst] ?? 0) : 0;
      return { status, code: errorCodeOfStatus(status), message: `status ${status}`, nonFiniteIndex, nonFiniteValue };
    }
    return { heap, offset: reserved + first, rowStride };
  }

  function runJob(request: Extract<PoolRequest, { kind: 'job' }>, giveBack: GiveBack): void {
    const { id, slice, sliceCount, sliceFirst, signalLength, firstFrame, frames, output } = request;
    const result = computeRange(slice.subarray(0, sliceCount), sliceFirst, signalLength, firstFrame, frames);
    if (!('offset' in result)) {
      giveBack(result);
      return;
    }
    const { binding } = engine();
    const outputSize = frames * numMelBins;
    const { heap } = result;
    const values = heap.subarray(result.offset, result.offset + outputSize);
    const data = output && output.length >= outputSize ? output : copyOut(heap, result.offset, outputSize);
    if (data === output) data.set(values);
    port.reply({ kind: 'done', id, data, largest: binding.largest(), slice }, [data.buffer, slice.buffer]);
  }

  /** Claims the call's jobs until none is left; returns the failed ones. */
  function runShare(call: SharedCall): { index: number; failure: JobFailure }[] {
    const failures: { index: number; failure: JobFailure }[] = [];
    for (let index = Atomics.add(call.control, nextJobSlot, 1); index < call.jobs.length; ) {
      const job = call.jobs[index] as FrameJob;
      // The pool fills the input job by job while the workers start: wait for this job's samples.
      for (let ready = Atomics.load(call.control, jobsReadySlot); ready <= index; ) {
        Atomics.wait(call.control, jobsReadySlot, ready);
        ready = Atomics.load(call.control, jobsReadySlot);
      }
      try {
        const failure = runSharedJob(call, job, index);
        if (failure) failures.push({ index, failure });
      } catch (error) {
        failures.push({ index, failure: errorFailure(error) });
      }
      index = Atomics.add(call.control, nextJobSlot, 1);
    }
    return failures;
  }

  function runSharedJob(call: SharedCall, job: FrameJob, index: number): JobFailure | undefined {
    const { signalLength, frameCount } = call;
    const itemStart = job.item * signalLength;
    const slice = call.input.subarray(itemStart + job.sliceFirst, itemStart + job.sliceEnd);
    // Each band's run of frames goes to its place in the joined [numMelBins, frameCount] output.
    const outputStart = job.item * numMelBins * frameCount + job.firstFrame;
    const rowsLike = { output: call.output, first: outputStart, stride: frameCount };
    const result = computeRange(slice, job.sliceFirst, signalLength, job.firstFrame, job.frames, rowsLike);
    if (!('offset' in result)) return result;
    const { binding } = engine();
    const { heap, offset, rowStride } = result;
    for (let m = 0; m < numMelBins; m++) {
      const from = offset + m * rowStride;
      setSamples(call.output, outputStart + m * frameCount, heap.subarray(from, from + job.frames), scratch);
    }
    call.largest[index] = binding.largest();
    return undefined;
  }
}
