// Messages between MelSpectrogramNode (main thread) and its AudioWorkletProcessor.
import type { EngineSettings } from '../options/engine-settings.js';
import type { StreamDbMode } from '../stream/mel-stream.js';
import type { ErrorData } from '../errors/error-message.js';

export const processorName = 'melspec-wasm-processor';

/** processorOptions: the compiled module (the worklet scope cannot fetch) and the engine settings. */
export interface ProcessorOptions {
  wasmModule: WebAssembly.Module;
  settings: EngineSettings;
  dbMode: StreamDbMode;
  /** Frames collected before one message (fewer messages, a little more latency). */
  framesPerMessage: number;
  /** Also send the audio the processor received (for tests and recording). */
  echoAudio: boolean;
  /** Cross-origin isolated pages: frames go through this ring instead of messages (see FrameRing). */
  ring: SharedArrayBuffer | null;
}

/**
 * A single-writer ring of frames in a SharedArrayBuffer: an Int32 count of frames
 * written so far (monotonic; the processor stores it after writing a frame), then
 * `capacity` slots of numMelBins floats. The reader keeps its own count; if it falls
 * more than `capacity` frames behind, the oldest frames are lost (and counted).
 */
export const ringHeaderBytes = 8;

export function ringCapacity(ring: SharedArrayBuffer, bins: number): number {
  return (ring.byteLength - ringHeaderBytes) / 4 / bins;
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
  /** The processor failed (loading, or while processing: it then stops). */
  | { type: 'error'; error: ErrorData };

export type NodeMessage = { type: 'dispose' } | { type: 'reset' };
