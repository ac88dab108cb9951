// The worker side of MelSpectrogramPool (run by worker-main.browser.ts / worker-main.node.ts):
// one engine binding per worker, made from the module and options the pool sends; each
// job is a slice in and a frame range out. Every failure goes back as a reply with its
// error code, so that the pool's call rejects with the right error.
import type { MelspecModule, SpectrogramBinding } from '../core/emscripten-module.js';
import { computeStatus, createSpectrogramBinding, errorCodeOfStatus } from '../core/engine-binding.js';
import { copyOut } from '../core/mel-spectrogram.js';
import { MelSpectrogramError, type MelSpectrogramErrorCode, isMelSpectrogramError } from '../errors/melspec-error.js';
import type { PoolReply, PoolRequest } from './frame-jobs.js';
import { loadModule } from '../core/wasm-loader.js';

/** The two calls a worker needs, whatever the runtime (worker_threads or Web Workers). */
export interface WorkerPort {
  onRequest(handler: (request: PoolRequest) => void): void;
  reply(message: PoolReply, transfer: Transferable[]): void;
}

type GiveBack = (status: number, code: MelSpectrogramErrorCode, message: string, nonFiniteIndex?: number) => void;

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
      const { id, slice, output } = request;
      // The pool's buffers go back with every reply, so that it can reuse them.
      const giveBack: GiveBack = (status, code, message, nonFiniteIndex = 0) =>
        port.reply({ kind: 'failed', id, status, code, nonFiniteIndex, message, slice, output }, [
          slice.buffer,
          ...(output ? [output.buffer] : []),
        ]);
      try {
        runJob(request, giveBack);
      } catch (error) {
        // Every job gets a reply, or its call would never end; and the next job still runs.
        const code = isMelSpectrogramError(error) ? error.code : 'ERR_MELSPEC_WORKER';
        giveBack(-1, code, error instanceof Error ? error.message : String(error));
      }
    });
  });

  function runJob(request: Extract<PoolRequest, { kind: 'job' }>, giveBack: GiveBack): void {
    if (!wasm || !binding)
      throw new MelSpectrogramError('ERR_MELSPEC_WORKER', 'melspec-wasm pool worker: job before init');
    const { id, slice, sliceCount, sliceFirst, signalLength, firstFrame, frames, output } = request;
    const outputSize = frames * numMelBins;
    if (!binding.reserve(sliceCount, outputSize)) {
      giveBack(-1, 'ERR_MELSPEC_MEMORY', 'out of WASM memory in a pool worker');
      return;
    }
    // Views are taken after reserve(): it may have grown (and so replaced) the heap.
    const heap = bytesPerSample === 8 ? wasm.HEAPF64 : wasm.HEAPF32;
    heap.set(slice.subarray(0, sliceCount), binding.inputOffset() / bytesPerSample);
    const status = binding.computeFrames(sliceFirst, sliceCount, signalLength, firstFrame, frames);
    if (status !== computeStatus.ok) {
      giveBack(status, errorCodeOfStatus(status), `status ${status}`, binding.nonFiniteIndex());
      return;
    }
    const offset = binding.outputOffset() / bytesPerSample;
    const result = heap.subarray(offset, offset + outputSize);
    const data = output && output.length >= outputSize ? output : copyOut(heap, offset, outputSize);
    if (data === output) data.set(result);
    port.reply({ kind: 'done', id, data, largest: binding.largest(), slice }, [data.buffer, slice.buffer]);
  }
}
