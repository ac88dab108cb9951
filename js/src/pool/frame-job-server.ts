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
   * buffers were reserved) and the offset of the [numMelBins, frames] result, or the failure.
   */
  function computeRange(
    slice: Float32Array | Float64Array,
    sliceFirst: number,
    signalLength: number,
    firstFrame: number,
    frames: number,
  ): { heap: Float32Array | Float64Array; offset: number } | JobFailure {
    const { wasm, binding } = engine();
    if (!binding.reserve(slice.length, frames * numMelBins))
      return outsideFailure('ERR_MELSPEC_MEMORY', 'out of WASM memory in a pool worker');
    // Views are taken after reserve(): it may have grown (and so replaced) the heap.
    const heap = bytesPerSample === 8 ? wasm.HEAPF64 : wasm.HEAPF32;
    heap.set(slice, binding.inputOffset() / bytesPerSample);
    const status = binding.computeFrames(sliceFirst, slice.length, signalLength, firstFrame, frames, 0, frames);
    if (status !== computeStatus.ok) {
      const nonFiniteIndex = binding.nonFiniteIndex();
      const nonFiniteValue = status === computeStatus.nonFinite ? (slice[nonFiniteIndex - sliceFirst] ?? 0) : 0;
      return { status, code: errorCodeOfStatus(status), message: `status ${status}`, nonFiniteIndex, nonFiniteValue };
    }
    return { heap, offset: binding.outputOffset() / bytesPerSample };
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
    const result = computeRange(slice, job.sliceFirst, signalLength, job.firstFrame, job.frames);
    if (!('offset' in result)) return result;
    const { binding } = engine();
    const { heap } = result;
    // Each band's run of frames goes to its place in the joined [numMelBins, frameCount] output.
    const outputStart = job.item * numMelBins * frameCount + job.firstFrame;
    for (let m = 0; m < numMelBins; m++) {
      const from = result.offset + m * job.frames;
      call.output.set(heap.subarray(from, from + job.frames), outputStart + m * frameCount);
    }
    call.largest[index] = binding.largest();
    return undefined;
  }
}
