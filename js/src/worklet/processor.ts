// The AudioWorkletProcessor (dist/worklet.js, the package's `melspec-wasm/worklet`):
// runs a MelSpectrogramStream on the render quanta of its input (mono mix), and posts
// the complete frames to the main thread, frame-major, with transferred buffers.
// The AudioWorkletGlobalScope has no fetch, TextDecoder or atob: the module arrives
// compiled in processorOptions, and nothing here needs strings.
import { type MelSpectrogramStream, openStream } from '../stream/mel-stream.js';
import { loadModule } from '../core/wasm-loader.js';
import { errorToData } from '../errors/error-message.js';
import {
  type NodeMessage,
  type ProcessorMessage,
  type ProcessorOptions,
  processorName,
  ringCapacity,
  ringHeaderBytes,
} from './protocol.js';

/**
 * The name this module registers its AudioWorkletProcessor under. The module is
 * loaded by URL (`audioWorklet.addModule`), which MelSpectrogramNode.create() does;
 * it exports no values.
 */
export type MelSpectrogramProcessorName = 'melspec-wasm-processor';

declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: { processorOptions?: unknown });
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: ProcessorOptions }) => AudioWorkletProcessor,
): void;

class MelSpectrogramProcessor extends AudioWorkletProcessor {
  #stream: MelSpectrogramStream | undefined;
  readonly #init: ProcessorOptions;
  readonly #bins: number;
  #mono = new Float32Array(128);
  #pushed = new Float32Array(0); // [bins, frames] from one push
  #batch: Float32Array;
  #batchFrames = 0;
  #firstFrame = 0;
  #audio: Float32Array | null = null;
  #audioLength = 0;
  #computeMs = 0;
  #alive = true;
  // Shared-memory transport (cross-origin isolated pages): written count, and the slots.
  #ringCount: Int32Array | null = null;
  #ringSlots: Float32Array | null = null;
  #ringCapacity = 0;
  #written = 0;

  constructor(init: { processorOptions: ProcessorOptions }) {
    super(init);
    this.#init = init.processorOptions;
    this.#bins = this.#init.settings.numMelBins;
    this.#batch = new Float32Array(this.#bins * this.#init.framesPerMessage);
    const ring = this.#init.ring;
    if (ring) {
      this.#ringCount = new Int32Array(ring, 0, 1);
      this.#ringSlots = new Float32Array(ring, ringHeaderBytes);
      this.#ringCapacity = ringCapacity(ring, this.#bins);
    }
    loadModule({ wasmModule: this.#init.wasmModule }).then(
      (wasm) => {
        this.#stream = openStream(wasm, this.#init.settings, this.#init.dbMode);
        this.#post({ type: 'ready' });
      },
      (error: unknown) => this.#fail(error),
    );
    this.port.onmessage = (event: MessageEvent<NodeMessage>) => {
      if (event.data.type === 'dispose') {
        this.#alive = false;
        this.#stream?.dispose();
        this.#stream = undefined;
      } else if (event.data.type === 'reset') {
        this.#stream?.reset();
        this.#batchFrames = 0;
        this.#firstFrame = 0;
        this.#written = 0;
        if (this.#ringCount) Atomics.store(this.#ringCount, 0, 0);
      }
    };
  }

  #post(message: ProcessorMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** Reports `error` to the node (as data: its code survives the port) and stops. */
  #fail(error: unknown): void {
    this.#post({ type: 'error', error: errorToData(error, 'ERR_MELSPEC_WORKLET') });
    this.#alive = false;
    this.#stream?.dispose();
    this.#stream = undefined;
  }

  process(inputs: Float32Array[][]): boolean {
    try {
      return this.#process(inputs);
    } catch (error) {
      // Reported with its message and code, not as the bare processorerror event.
      this.#fail(error);
      return false;
    }
  }

  #process(inputs: Float32Array[][]): boolean {
    const stream = this.#stream;
    const channels = inputs[0];
    if (!stream || !channels || channels.length === 0) return this.#alive;
    const mono = this.#mix(channels);
    const started = Date.now();
    const room = stream.framesAfter(mono.length) * this.#bins;
    if (this.#pushed.length < room) this.#pushed = new Float32Array(room); // once, for the largest quantum
    const frames = stream.pushInto(mono, this.#pushed);
    this.#computeMs += Date.now() - started;
    if (this.#init.echoAudio) this.#keepAudio(mono);
    if (this.#ringSlots && this.#ringCount) {
      for (let f = 0; f < frames; f++) {
        const slot = (this.#written % this.#ringCapacity) * this.#bins;
        frameOf(this.#pushed, frames, f, this.#bins, this.#ringSlots, slot);
        Atomics.store(this.#ringCount, 0, ++this.#written); // publish after the frame is written
      }
      return this.#alive;
    }
    for (let f = 0; f < frames; f++) {
      // [bins, frames] from the stream into frame-major rows of the batch.
      frameOf(this.#pushed, frames, f, this.#bins, this.#batch, this.#batchFrames * this.#bins);
      if (++this.#batchFrames === this.#init.framesPerMessage) this.#send();
    }
    return this.#alive;
  }

  /** The mean of the channels (the first one itself when it is alone). */
  #mix(channels: Float32Array[]): Float32Array {
    const [first] = channels;
    if (!first || channels.length === 1) return first ?? this.#mono.subarray(0, 0);
    if (this.#mono.length !== first.length) this.#mono = new Float32Array(first.length);
    const mono = this.#mono;
    mono.fill(0);
    for (const channel of channels) {
      for (let i = 0; i < channel.length; i++) mono[i] = (mono[i] ?? 0) + (channel[i] ?? 0) / channels.length;
    }
    return mono;
  }

  #keepAudio(mono: Float32Array): void {
    if (!this.#audio || this.#audioLength + mono.length > this.#audio.length) {
      const grown = new Float32Array(Math.max(4096, 2 * (this.#audioLength + mono.length)));
      if (this.#audio) grown.set(this.#audio.subarray(0, this.#audioLength));
      this.#audio = grown;
    }
    this.#audio.set(mono, this.#audioLength);
    this.#audioLength += mono.length;
  }

  #send(): void {
    const data = this.#batch;
    const audio = this.#audio ? this.#audio.slice(0, this.#audioLength) : null;
    this.#post(
      {
        type: 'frames',
        data,
        frames: this.#batchFrames,
        firstFrame: this.#firstFrame,
        audio,
        computeMs: this.#computeMs,
      },
      audio ? [data.buffer, audio.buffer] : [data.buffer],
    );
    this.#firstFrame += this.#batchFrames;
    this.#batch = new Float32Array(this.#bins * this.#init.framesPerMessage);
    this.#batchFrames = 0;
    this.#audioLength = 0;
    this.#computeMs = 0;
  }
}

/** Frame `frame` of `bins` x `frames` values (bin-major) into target[at, at + bins). */
function frameOf(
  source: Float32Array,
  frames: number,
  frame: number,
  bins: number,
  target: Float32Array,
  at: number,
): void {
  for (let m = 0; m < bins; m++) target[at + m] = source[m * frames + frame] ?? 0;
}

registerProcessor(processorName satisfies MelSpectrogramProcessorName, MelSpectrogramProcessor);
