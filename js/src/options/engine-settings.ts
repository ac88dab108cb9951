// Everything the C++ engine is configured with (cpp/include/melspec/config.hpp),
// in one flat object that every preset resolves its own options to, plus the
// input rules of the library it reproduces (ranks accepted, top_db scope). The
// engine binding (core/engine-binding.ts) turns it into the C++ config.
import type { DType } from './value-checks.js';

export type PresetName = 'keras' | 'torchaudio' | 'librosa' | 'whisper';

export interface EngineSettings {
  preset: PresetName;
  dtype: DType;
  // Keras' parameters (MelSpectrogramConfig's first group).
  fftLength: number;
  sequenceStride: number;
  sequenceLength: number;
  /** Named windows are periodic; null is ones over the whole fftLength (Keras' window=None). */
  window: 'hann' | 'hamming' | null | Float64Array;
  samplingRate: number;
  numMelBins: number;
  minFreq: number;
  maxFreq: number;
  powerToDb: boolean;
  topDb: number | null;
  magExp: number;
  minPower: number;
  refPower: number;
  // Framing.
  center: boolean;
  padMode: 'reflect' | 'constant';
  /** torch's reflect pad: the signal must be longer than fftLength / 2. */
  reflectOnce: boolean;
  /** Fit the signal to this many samples first (0: off). */
  fixedLength: number;
  leadingZeros: number;
  trailingZeros: number;
  dropLastFrame: boolean;
  // Mel filters.
  melScale: 'htk' | 'slaney';
  /** Where triangles are linear: 'mel' (Keras) or 'hertz' (torchaudio, librosa). */
  filterShape: 'mel' | 'hertz';
  filterNorm: 'slaney' | null;
  /** Bin k's frequency: linspace(0, sr/2) (Keras), linspace(0, sr//2) (torchaudio), k*sr/n (librosa). */
  binFrequencies: 'half-rate' | 'integer-half-rate' | 'fft';
  // Log scale and what follows it.
  logMultiplier: number;
  refIsMax: boolean;
  outputOffset: number;
  outputScale: number;
  // How inputs map to the computation.
  /** Input ranks accepted: 2 for Keras and Whisper (signal or batch), Infinity for (..., samples). */
  maxInputRank: number;
  /**
   * Which signals of a call form one top_db group (share one top_db max): 'all' of the
   * call (Keras, librosa, Whisper), 'each' signal (Keras topDbScope 'item'), or the
   * signals of each index of the leading dimensions but the last (torchaudio: one
   * cutoff per (channel, mel, time) block).
   */
  topDbScope: 'all' | 'each' | 'last-dimension';
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
