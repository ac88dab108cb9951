// Everything the C++ engine is configured with (MelSpectrogramConfig: the options of
// schema/engine-options.json, generated into js/src/generated/engine-options.ts), which
// every preset resolves its own options to, plus the input rules of the library it
// reproduces. The engine binding (core/engine-binding.ts) writes it into the WASM heap.
import type { MelSpectrogramConfig, PresetName } from '../generated/engine-options.js';
import type { DType } from './value-checks.js';

export type { PresetName } from '../generated/engine-options.js';

export interface EngineSettings extends MelSpectrogramConfig {
  preset: PresetName;
  dtype: DType;
  /** Input ranks accepted: 2 for Keras and Whisper (signal or batch), Infinity for (..., samples). */
  maxInputRank: number;
}

/** What a preset resolves a caller's options to: its own options in effect, and the engine's settings. */
export interface PresetResolution<Options> {
  options: Options;
  settings: EngineSettings;
}

/** The signals in each top_db group, for an input of shape [...leadingShape, samples]. */
export function signalsPerTopDbGroup(settings: EngineSettings, leadingShape: readonly number[]): number {
  const signals = leadingShape.reduce((a, b) => a * b, 1);
  if (settings.topDbScope === 'each') return 1;
  const last = leadingShape.at(-1);
  if (settings.topDbScope === 'last-dimension' && leadingShape.length >= 2 && last !== undefined) return last;
  return signals;
}

/**
 * Why a signal must have more samples: the rule that sets Framing::minimumSignalLength()
 * (cpp/src/framing.cpp), in the preset's terms. The zero padding counts towards the length.
 */
export function minimumLengthReason(settings: EngineSettings): string {
  const fft = settings.fftLength;
  const pad = settings.center ? Math.floor(fft / 2) : 0;
  const rules: [number, string][] = [
    [settings.center ? 0 : fft, `without centring (center=false) a frame needs n_fft = ${fft} samples`],
    [
      settings.center && settings.padMode === 'reflect' && settings.reflectOnce ? pad + 1 : 0,
      `torch's reflect padding needs more than n_fft // 2 = ${pad} samples (torch raises otherwise)`,
    ],
    [
      settings.dropLastFrame ? settings.sequenceStride + fft - 2 * pad : 0,
      'one frame must remain after the last one is dropped',
    ],
  ];
  const [, reason] = rules.reduce((binding, rule) => (rule[0] > binding[0] ? rule : binding));
  const zeros = settings.leadingZeros + settings.trailingZeros;
  return zeros > 0 ? `${reason}, the ${zeros} samples of zero padding included` : reason;
}
