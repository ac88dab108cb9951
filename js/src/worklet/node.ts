// MelSpectrogramNode: the main-thread side of the AudioWorklet. It loads the
// processor module, hands it the compiled WebAssembly.Module and the options, and
// calls `onframes` with the frames the processor posts.
import { describeValue } from '../errors/describe-value.js';
import { MelSpectrogramError, MelSpectrogramTypeError } from '../errors/melspec-error.js';
import { errorFromData } from '../errors/error-message.js';
import { optionRangeError, optionTypeError } from '../errors/make-errors.js';
import type { StreamDbMode } from '../stream/mel-stream.js';
import { resolveStreamOptions } from '../stream/mel-stream.js';
import type { EngineSettings, PresetName } from '../options/engine-settings.js';
import {
  type AnyMelSpectrogramOptions,
  type OptionsInEffect,
  resolveOptions,
  samplingRateOption,
} from '../options/resolve-options.js';
import { camelCase, ownValue } from '../options/option-names.js';
import { compiledModule } from '../core/wasm-loader.js';
import type { AudioWorkletNodeType, BaseAudioContextType, UrlObject } from '../core/platform-types.js';
import {
  type NodeMessage,
  type ProcessorMessage,
  type ProcessorOptions,
  processorName,
  ringCapacity,
  ringHeaderBytes,
} from './protocol.js';

/** The node's own options; the rest are MelSpectrogram.create()'s (any preset). */
export interface WorkletNodeOptions {
  /** See MelSpectrogramStream; default 'running-max', which suits a live display. */
  dbMode?: StreamDbMode;
  /** Frames per message from the worklet (default 4). */
  framesPerMessage?: number;
  /** Also deliver the mono audio the worklet received (default false). */
  echoAudio?: boolean;
  /** Where the processor module is (default: dist/worklet.js next to this file). */
  workletUrl?: string | UrlObject;
  /**
   * How frames reach this thread: 'message' (transferred buffers, works everywhere),
   * 'shared' (a SharedArrayBuffer ring read every animation frame; needs a cross-origin
   * isolated page), or 'auto' (default: 'shared' where possible). echoAudio needs 'message'.
   */
  transport?: 'auto' | 'message' | 'shared';
  /** Frames the shared ring holds (default: 4 s worth); a reader further behind loses the oldest. */
  ringFrames?: number;
}

/** MelSpectrogramNode.create()'s options: a preset's options (the sampling rate defaults to the context's) and the node's. */
export type MelSpectrogramNodeOptions = AnyMelSpectrogramOptions & WorkletNodeOptions;

/** What `onframes` receives: frame-major data, shape [frames, numMelBins]. */
export interface WorkletFrames {
  data: Float32Array;
  shape: [number, number];
  /** Index of the first of these frames since the start (or the last reset()). */
  firstFrame: number;
  audio: Float32Array | null;
  /** Milliseconds the worklet spent computing these frames (1 ms resolution, summed; 0 with the shared ring). */
  computeMs: number;
}

let defaultWorkletUrl: (() => URL) | undefined;

/** @internal Called by the browser entry point. */
export function setDefaultWorkletUrl(url: () => URL): void {
  defaultWorkletUrl = url;
}

const registered = new WeakMap<BaseAudioContext, Promise<void>>();

/** The options with the context's sampling rate under the preset's name, unless one is given. */
function withContextRate(options: Record<string, unknown>, sampleRate: number): Record<string, unknown> {
  const preset = ownValue(options, 'preset');
  const name = samplingRateOption(typeof preset === 'string' ? (preset as PresetName) : 'keras');
  if (name === null) return options;
  const snake = name === 'samplingRate' ? 'sampling_rate' : name;
  const spellings = [name, snake, camelCase(snake)];
  const config = ownValue(options, 'config');
  const serialised =
    ownValue(options, 'class_name') === 'MelSpectrogram' && typeof config === 'object' && config !== null;
  const given = serialised ? (config as Record<string, unknown>) : options;
  if (spellings.some((key) => ownValue(given, key) !== undefined)) return options;
  return serialised ? { ...options, config: { ...given, [name]: sampleRate } } : { ...options, [name]: sampleRate };
}

export class MelSpectrogramNode {
  /** @internal Its own name in every build, as MelSpectrogram.name. */
  static readonly name = 'MelSpectrogramNode';
  /** The AudioWorkletNode: connect a source to it (it has no outputs). */
  readonly node: AudioWorkletNodeType;
  /** The options in effect, as MelSpectrogram.options. */
  readonly options: Readonly<OptionsInEffect>;
  readonly #bins: number;
  /** How frames arrive: 'message' or 'shared' (see MelSpectrogramNodeOptions.transport). */
  readonly transport: 'message' | 'shared';
  onframes: ((frames: WorkletFrames) => void) | null = null;
  /**
   * The processor failed (and stopped): an Error with a `code` (ERR_MELSPEC_WORKLET, or
   * the code of the library error the processor threw, e.g. ERR_MELSPEC_MEMORY).
   */
  onerror: ((error: MelSpectrogramError) => void) | null = null;
  /** Frames the shared ring overwrote before they were read. */
  framesLost = 0;
  #ringRead = 0;
  #polling = 0;

  private constructor(
    node: AudioWorkletNode,
    options: OptionsInEffect,
    settings: EngineSettings,
    ring: SharedArrayBuffer | null,
  ) {
    this.node = node;
    this.options = options;
    this.#bins = settings.numMelBins;
    this.transport = ring ? 'shared' : 'message';
    if (ring) this.#pollRing(ring);
    node.port.onmessage = (event: MessageEvent<ProcessorMessage>) => {
      const message = event.data;
      if (message.type === 'frames') {
        this.onframes?.({
          data: message.data,
          shape: [message.frames, settings.numMelBins],
          firstFrame: message.firstFrame,
          audio: message.audio,
          computeMs: message.computeMs,
        });
      } else if (message.type === 'error') {
        this.onerror?.(errorFromData(message.error, 'melspec-wasm worklet: '));
      }
    };
    // A failure the processor could not report itself (the event carries no detail).
    node.onprocessorerror = () => {
      this.onerror?.(new MelSpectrogramError('ERR_MELSPEC_WORKLET', 'melspec-wasm worklet: the processor failed'));
    };
  }

  /**
   * Loads the worklet module into `context` (once), and makes a node computing the
   * mel spectrogram of whatever is connected to it. The preset's sampling rate
   * (samplingRate, sample_rate, sr) defaults to the context's own rate (a
   * microphone's context often runs at 44.1 or 48 kHz); Whisper needs a 16 kHz context.
   */
  static async create(
    context: BaseAudioContextType,
    options: MelSpectrogramNodeOptions | null = {},
  ): Promise<MelSpectrogramNode> {
    if (typeof AudioWorkletNode !== 'function' || !context?.audioWorklet) {
      throw new MelSpectrogramTypeError(
        'ERR_MELSPEC_WORKLET',
        'MelSpectrogramNode needs an AudioContext with AudioWorklet support',
      );
    }
    if (options === null) options = {};
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw optionTypeError(undefined, `options must be an object, got ${describeValue(options)}`);
    }
    // Own properties only (a polluted Object.prototype changes nothing); the rest are the preset's options.
    const nodeKeys = ['dbMode', 'framesPerMessage', 'echoAudio', 'workletUrl', 'transport', 'ringFrames'];
    const own = (key: string, fallback: unknown) => {
      const value = ownValue(options, key);
      return value === undefined ? fallback : value;
    };
    const dbMode = own('dbMode', 'running-max') as StreamDbMode;
    const framesPerMessage = own('framesPerMessage', 4) as number;
    const echoAudio = own('echoAudio', false) as boolean;
    const workletUrl = own('workletUrl', undefined) as string | URL | undefined;
    const transport = own('transport', 'auto') as 'auto' | 'message' | 'shared';
    const ringFrames = own('ringFrames', undefined) as number | undefined;
    const melOptions = Object.fromEntries(Object.entries(options).filter(([key]) => !nodeKeys.includes(key)));
    resolveStreamOptions({ dbMode });
    if (!Number.isInteger(framesPerMessage) || framesPerMessage < 1) {
      throw optionRangeError(
        'framesPerMessage',
        `framesPerMessage must be a positive integer, got ${describeValue(framesPerMessage)}`,
      );
    }
    const { options: resolved, settings } = resolveOptions(withContextRate(melOptions, context.sampleRate));
    if (samplingRateOption(settings.preset) === null && settings.samplingRate !== context.sampleRate) {
      throw optionRangeError(
        undefined,
        `${settings.preset} expects ${settings.samplingRate} Hz audio, but this AudioContext runs at ${context.sampleRate} Hz: ` +
          `create the context with new AudioContext({ sampleRate: ${settings.samplingRate} })`,
      );
    }
    if (settings.dtype !== 'float32')
      throw optionRangeError('dtype', "MelSpectrogramNode computes in float32 (dtype 'float32')");
    const url = workletUrl ?? defaultWorkletUrl?.();
    if (!url) throw optionTypeError('workletUrl', 'no default worklet URL here: pass workletUrl');

    let loading = registered.get(context);
    if (!loading) {
      loading = context.audioWorklet.addModule(String(url)).catch((error: unknown) => {
        // A DOMException (AbortError: missing, or not JavaScript) from the browser.
        throw new MelSpectrogramError(
          'ERR_MELSPEC_WORKLET',
          `melspec-wasm worklet: could not load the processor module ${String(url)}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      });
      registered.set(context, loading);
      loading.catch(() => registered.delete(context));
    }
    const [wasmModule] = await Promise.all([compiledModule(), loading]);
    const canShare = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;
    if (transport === 'shared' && !canShare) {
      throw optionTypeError(
        'transport',
        "transport 'shared' needs a cross-origin isolated page (COOP and COEP headers)",
      );
    }
    if (!['auto', 'message', 'shared'].includes(transport)) {
      throw optionRangeError(
        'transport',
        `transport must be 'auto', 'message' or 'shared', got ${describeValue(transport)}`,
      );
    }
    const useRing = !echoAudio && (transport === 'shared' || (transport === 'auto' && canShare));
    const slots = ringFrames ?? Math.ceil((4 * settings.samplingRate) / settings.sequenceStride);
    if (!Number.isInteger(slots) || slots < 1)
      throw optionRangeError('ringFrames', `ringFrames must be a positive integer, got ${describeValue(ringFrames)}`);
    const ring = useRing ? new SharedArrayBuffer(ringHeaderBytes + slots * settings.numMelBins * 4) : null;
    const processorOptions: ProcessorOptions = { wasmModule, settings, dbMode, framesPerMessage, echoAudio, ring };
    const node = new AudioWorkletNode(context, processorName, {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      processorOptions,
    });
    await new Promise<void>((resolve, reject) => {
      node.port.onmessage = (event: MessageEvent<ProcessorMessage>) => {
        if (event.data.type === 'ready') resolve();
        else if (event.data.type === 'error') reject(errorFromData(event.data.error, 'melspec-wasm worklet: '));
      };
      node.onprocessorerror = () =>
        reject(new MelSpectrogramError('ERR_MELSPEC_WORKLET', 'melspec-wasm worklet: the processor failed to start'));
    });
    return new MelSpectrogramNode(node, resolved, settings, ring);
  }

  /** Reads the frames the processor published since the last look, every animation frame. */
  #pollRing(ring: SharedArrayBuffer): void {
    const bins = this.#bins;
    const count = new Int32Array(ring, 0, 1);
    const slots = new Float32Array(ring, ringHeaderBytes);
    const capacity = ringCapacity(ring, bins);
    const schedule =
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (step: () => void) => setTimeout(step, 16);
    const poll = () => {
      if (this.#polling < 0) return;
      const written = Atomics.load(count, 0);
      if (written < this.#ringRead) this.#ringRead = 0; // reset() restarted the count
      if (written - this.#ringRead > capacity) {
        this.framesLost += written - this.#ringRead - capacity;
        this.#ringRead = written - capacity;
      }
      const frames = written - this.#ringRead;
      if (frames > 0 && this.onframes) {
        const data = new Float32Array(frames * bins);
        for (let f = 0; f < frames; f++) {
          const slot = ((this.#ringRead + f) % capacity) * bins;
          data.set(slots.subarray(slot, slot + bins), f * bins);
        }
        this.onframes({ data, shape: [frames, bins], firstFrame: this.#ringRead, audio: null, computeMs: 0 });
      }
      this.#ringRead = written;
      this.#polling = Number(schedule(poll));
    };
    poll();
  }

  #send(message: NodeMessage): void {
    this.node.port.postMessage(message);
  }

  /** Starts a new signal (frame numbers restart at 0). */
  reset(): void {
    this.#send({ type: 'reset' });
  }

  /** Disconnects the node and frees the worklet's WASM memory. */
  dispose(): void {
    this.#polling = -1;
    this.node.disconnect();
    this.#send({ type: 'dispose' });
    this.onframes = null;
  }
}
