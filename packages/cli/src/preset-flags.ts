// The CLI's common flags under each preset's own parameter names, and what the
// picture needs to know of a preset's options (its mel scale and band edges).
import type { OptionsInEffect, PresetName } from 'melspec-wasm';

/** The flags that map onto a parameter of every preset that has one. */
export type CommonFlag = 'fftLength' | 'hopLength' | 'winLength' | 'melBins' | 'minFreq' | 'maxFreq' | 'topDb' | 'db';

export const flagNames: Record<CommonFlag, string> = {
  fftLength: '--fft-length',
  hopLength: '--hop-length',
  winLength: '--win-length',
  melBins: '--mel-bins',
  minFreq: '--min-freq',
  maxFreq: '--max-freq',
  topDb: '--top-db',
  db: '--db / --no-db',
};

/** Each preset's parameter for each flag (absent: the preset fixes it). */
export const presetParameters: Record<PresetName, Partial<Record<CommonFlag | 'sampleRate', string>>> = {
  keras: {
    fftLength: 'fft_length',
    hopLength: 'sequence_stride',
    winLength: 'sequence_length',
    melBins: 'num_mel_bins',
    minFreq: 'min_freq',
    maxFreq: 'max_freq',
    topDb: 'top_db',
    db: 'power_to_db',
    sampleRate: 'sampling_rate',
  },
  torchaudio: {
    fftLength: 'n_fft',
    hopLength: 'hop_length',
    winLength: 'win_length',
    melBins: 'n_mels',
    minFreq: 'f_min',
    maxFreq: 'f_max',
    topDb: 'top_db',
    db: 'power_to_db',
    sampleRate: 'sample_rate',
  },
  librosa: {
    fftLength: 'n_fft',
    hopLength: 'hop_length',
    winLength: 'win_length',
    melBins: 'n_mels',
    minFreq: 'fmin',
    maxFreq: 'fmax',
    topDb: 'top_db',
    db: 'power_to_db',
    sampleRate: 'sr',
  },
  whisper: { melBins: 'n_mels' },
};

/** The rate a preset fixes (Whisper: 16 kHz), else null: the file's rate (or --sample-rate) is used. */
export const fixedSampleRate: Record<PresetName, number | null> = {
  keras: null,
  torchaudio: null,
  librosa: null,
  whisper: 16000,
};

/** MelSpectrogram.create() options: the preset, its options from the flags, and the rate under the preset's name. */
export function presetOptionsAt(
  preset: PresetName,
  options: Record<string, unknown>,
  sampleRate: number,
): Record<string, unknown> {
  const rateName = presetParameters[preset].sampleRate;
  return { preset, ...options, ...(rateName ? { [rateName]: sampleRate } : {}) };
}

export type MelScaleName = 'htk' | 'slaney';

/** The mel axis of a result: scale and band edges in Hz, from the options in effect. */
export function melAxis(options: OptionsInEffect): { scale: MelScaleName; minFreq: number; maxFreq: number } {
  switch (options.preset) {
    case 'keras':
      return { scale: 'htk', minFreq: options.minFreq, maxFreq: options.maxFreq };
    case 'torchaudio':
      return { scale: options.mel_scale, minFreq: options.f_min, maxFreq: options.f_max };
    case 'librosa':
      return { scale: options.htk ? 'htk' : 'slaney', minFreq: options.fmin, maxFreq: options.fmax };
    case 'whisper':
      return { scale: 'slaney', minFreq: 0, maxFreq: 8000 };
  }
}

/** Hop (samples) and whether the output is logarithmic, and in what unit. */
export function timeAndUnit(options: OptionsInEffect): { hop: number; unit: 'dB' | 'log-mel' | 'power' } {
  switch (options.preset) {
    case 'keras':
      return { hop: options.sequenceStride, unit: options.powerToDb ? 'dB' : 'power' };
    case 'torchaudio':
    case 'librosa':
      return { hop: options.hop_length, unit: options.power_to_db ? 'dB' : 'power' };
    case 'whisper':
      return { hop: 160, unit: 'log-mel' };
  }
}

export function hertzToMel(hertz: number, scale: MelScaleName): number {
  if (scale === 'htk') return 2595 * Math.log10(1 + hertz / 700);
  return hertz < 1000 ? hertz / (200 / 3) : 15 + Math.log(hertz / 1000) / (Math.log(6.4) / 27);
}
