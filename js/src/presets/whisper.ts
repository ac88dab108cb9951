// The Whisper preset: openai/whisper's whisper.audio.log_mel_spectrogram (n_fft
// 400, hop 160, 16 kHz, librosa's Slaney filters, log10 clamped to max - 8,
// (x + 4) / 4, last frame dropped), optionally after pad_or_trim (30 s).
// Semantics: test/fixtures/whisper/README.md.
import { describeValue } from '../errors/describe-value.js';
import { optionRangeError, optionTypeError } from '../errors/make-errors.js';
import { presetDefaults } from '../generated/engine-options.js';
import type { EngineSettings, PresetResolution } from '../options/engine-settings.js';
import { collectOptions, snakeAndCamel, withCallerSpelling } from '../options/option-names.js';
import { type DType, dtypeOption, integerOption, maxPaddingSamples } from '../options/value-checks.js';
import type { WithCamelCase } from '../options/naming.js';

/** whisper.audio.N_SAMPLES: 30 s at 16 kHz, 3000 frames. */
export const whisperClipSamples = 480000;

/** `whisper.audio.log_mel_spectrogram(audio, n_mels, padding)` arguments, and pad_or_trim. */
export interface WhisperParams {
  /** 80 (default) or 128 (large-v3): whisper ships filters for these two. */
  n_mels?: 80 | 128;
  /** Zeros appended to the clip first (transcribe() uses 480000). Default 0. */
  padding?: number;
  /** Apply whisper.audio.pad_or_trim first: true for 30 s (480000 samples, 3000 frames), or a length. Default false. */
  pad_or_trim?: boolean | number;
  dtype?: DType;
  /** Fixed by Whisper; accepted with these values only (so that `mel.options` can be passed back). */
  sample_rate?: 16000;
  n_fft?: 400;
  hop_length?: 160;
}

export type WhisperOptions = { preset: 'whisper' } & WithCamelCase<WhisperParams>;

/** `mel.options` of a Whisper MelSpectrogram. pad_or_trim is the length in samples, or false. */
export interface ResolvedWhisperOptions {
  preset: 'whisper';
  n_mels: 80 | 128;
  padding: number;
  pad_or_trim: number | false;
  /** Fixed by Whisper: audio must be at 16 kHz. */
  sample_rate: 16000;
  n_fft: 400;
  hop_length: 160;
  dtype: DType;
}

const whisperNames = snakeAndCamel('whisper option', [
  'n_mels',
  'padding',
  'pad_or_trim',
  'dtype',
  'sample_rate',
  'n_fft',
  'hop_length',
] as const);

/** What whisper.audio fixes (SAMPLE_RATE, N_FFT, HOP_LENGTH). */
const fixed = { sample_rate: 16000, n_fft: 400, hop_length: 160 } as const;

export function resolveWhisper(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedWhisperOptions> {
  return withCallerSpelling(source, whisperNames, () => checkWhisper(source));
}

function checkWhisper(source: Readonly<Record<string, unknown>>): PresetResolution<ResolvedWhisperOptions> {
  const given = collectOptions(source, whisperNames);
  let n_mels: 80 | 128 = 80;
  if (given.n_mels !== undefined) {
    if (typeof given.n_mels !== 'number')
      throw optionTypeError('n_mels', `n_mels must be a number, got ${describeValue(given.n_mels)}`);
    if (given.n_mels !== 80 && given.n_mels !== 128) {
      throw optionRangeError(
        'n_mels',
        `n_mels must be 80 or 128 (whisper's mel_filters.npz has no other), got ${given.n_mels}`,
      );
    }
    n_mels = given.n_mels;
  }
  const padding = given.padding === undefined ? 0 : integerOption('padding', given.padding, 0, maxPaddingSamples);
  let pad_or_trim: number | false = false;
  if (given.pad_or_trim === true) pad_or_trim = whisperClipSamples;
  else if (given.pad_or_trim !== undefined && given.pad_or_trim !== false) {
    if (typeof given.pad_or_trim !== 'number') {
      throw optionTypeError(
        'pad_or_trim',
        `pad_or_trim must be true, false or a length in samples, got ${describeValue(given.pad_or_trim)}`,
      );
    }
    pad_or_trim = integerOption('pad_or_trim', given.pad_or_trim, 1, maxPaddingSamples);
  }
  const dtype = given.dtype === undefined ? 'float32' : dtypeOption(given.dtype);
  for (const name of ['sample_rate', 'n_fft', 'hop_length'] as const) {
    if (given[name] !== undefined && given[name] !== fixed[name]) {
      throw optionRangeError(
        name,
        `whisper fixes ${name} at ${fixed[name]}, got ${describeValue(given[name])} (resample the audio to 16 kHz first)`,
      );
    }
  }

  const options: ResolvedWhisperOptions = {
    preset: 'whisper',
    n_mels,
    padding,
    pad_or_trim,
    sample_rate: 16000,
    n_fft: 400,
    hop_length: 160,
    dtype,
  };
  // presetDefaults.whisper (schema/engine-options.json): torch.stft(400, 160) with its
  // periodic Hann and reflect pad, the last frame dropped, librosa's Slaney filters from 0 to
  // 8000 Hz, log10 clamped to max - 8 over the whole tensor, (x + 4) / 4; the arguments on top.
  const settings: EngineSettings = {
    ...presetDefaults.whisper,
    preset: 'whisper',
    dtype,
    numMelBins: n_mels,
    fixedLength: pad_or_trim === false ? 0 : pad_or_trim,
    trailingZeros: padding,
    maxInputRank: 2, // torch.stft takes (L,) or (B, L)
  };
  return { options, settings };
}
