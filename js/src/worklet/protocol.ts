// Messages between MelSpectrogramNode (main thread) and its AudioWorkletProcessor.
import type { ResolvedOptions } from '../options.js';
import type { StreamDbMode } from '../mel-stream.js';

export const processorName = 'melspec-wasm-processor';

/** processorOptions: the compiled module (the worklet scope cannot fetch) and the options. */
export interface ProcessorOptions {
  wasmModule: WebAssembly.Module;
  options: ResolvedOptions;
  dbMode: StreamDbMode;
  /** Frames collected before one message (fewer messages, a little more latency). */
  framesPerMessage: number;
  /** Also send the audio the processor received (for tests and recording). */
  echoAudio: boolean;
}

export type ProcessorMessage =
  | { type: 'ready' }
  | {
      type: 'frames';
      /** Frame-major: frame f's numMelBins values start at f * numMelBins. */
      data: Float32Array;
      frames: number;
      firstFrame: number;
      /** Mono audio received since the previous message, when echoAudio is on. */
      audio: Float32Array | null;
      /** Milliseconds spent computing these frames (Date.now() resolution, summed). */
      computeMs: number;
    }
  | { type: 'error'; message: string };

export type NodeMessage = { type: 'dispose' } | { type: 'reset' };
