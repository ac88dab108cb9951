// "Did you mean" for --set names across the presets' naming conventions: the same
// concept is n_fft in torchaudio and librosa, fft_length in Keras; sr in librosa,
// sample_rate in torchaudio. A name from another preset (or a common spelling) maps
// to this preset's own name for it; otherwise the nearest of its names by edit distance.
import { MelSpectrogram, type PresetName } from 'melspec-wasm';
import { type CommonFlag, presetParameters } from './preset-flags.js';

type Concept = CommonFlag | 'sampleRate' | 'power' | 'amin' | 'ref' | 'melScale';

const conceptWords: Record<Concept, string> = {
  fftLength: 'the FFT size',
  hopLength: 'the hop between frames',
  winLength: 'the window length',
  melBins: 'the number of mel bands',
  minFreq: 'the lowest band edge',
  maxFreq: 'the highest band edge',
  topDb: 'the dB range kept',
  db: 'dB output',
  sampleRate: 'the sample rate',
  power: 'the magnitude exponent',
  amin: 'the smallest power taken to dB',
  ref: 'the dB reference',
  melScale: 'the mel scale',
};

/**
 * Spellings of each concept besides the presets' own (which come from presetParameters
 * and, for the rest, from each preset's option list in the library): other libraries'
 * and common abbreviations.
 */
const otherSpellings: Record<Concept, string[]> = {
  fftLength: ['nfft', 'fft_size', 'n_fft', 'fft_length'],
  hopLength: ['hop_size', 'hop', 'frame_step', 'stride', 'hop_length', 'sequence_stride'],
  winLength: ['win_size', 'window_length', 'window_size', 'frame_length', 'win_length', 'sequence_length'],
  melBins: ['num_mels', 'n_mel', 'mel_bins', 'nb_mels', 'mels', 'n_mels', 'num_mel_bins'],
  minFreq: ['f_min', 'fmin', 'min_freq', 'lower_edge_hertz', 'low_freq'],
  maxFreq: ['f_max', 'fmax', 'max_freq', 'upper_edge_hertz', 'high_freq'],
  topDb: ['top_db'],
  db: ['power_to_db', 'to_db', 'db'],
  sampleRate: ['sr', 'fs', 'sample_rate', 'sampling_rate', 'samplerate', 'rate'],
  power: ['power', 'mag_exp', 'exponent'],
  amin: ['amin', 'min_power', 'eps', 'epsilon'],
  ref: ['ref', 'ref_power', 'reference'],
  melScale: ['mel_scale', 'htk'],
};

/** Case and underscores do not count: n_mels, nMels and NMELS are one name. */
const loose = (name: string) => name.replace(/_/g, '').toLowerCase();
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The concept a name stands for in any preset or common spelling, or null. */
export function conceptOf(name: string): Concept | null {
  const key = loose(name);
  for (const concept of Object.keys(otherSpellings) as Concept[]) {
    const spellings = [
      ...otherSpellings[concept],
      ...Object.values(presetParameters).map((names) => names[concept as CommonFlag | 'sampleRate'] ?? ''),
    ];
    if (spellings.some((spelling) => spelling && loose(spelling) === key)) return concept;
  }
  return null;
}

const rates: Record<PresetName, Record<string, number>> = {
  keras: { sampling_rate: 16000 },
  torchaudio: { sample_rate: 16000 },
  librosa: { sr: 16000 },
  whisper: {},
};

/** The preset's parameter names (snake_case, as the presets' libraries spell them), from the library's options in effect. */
export async function presetOptionNames(preset: PresetName): Promise<string[]> {
  const mel = await MelSpectrogram.create({ preset, ...rates[preset] } as never);
  try {
    return Object.keys(mel.options)
      .filter((name) => name !== 'preset')
      .map(snakeCase);
  } finally {
    mel.dispose();
  }
}

/** The preset's own name for a concept: its common-flag parameter, or the spelling of the concept its option list has. */
export function nameInPreset(concept: Concept, preset: PresetName, names: readonly string[]): string | null {
  const flagName = presetParameters[preset][concept as CommonFlag | 'sampleRate'];
  if (flagName) return flagName;
  const spellings = otherSpellings[concept].map(loose);
  return names.find((name) => spellings.includes(loose(name))) ?? null;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** A typo away: 2 edits for names of 6 letters or more, 1 for 3 to 5, none for shorter ones (sr, fs). */
function isNear(known: string, name: string): boolean {
  const key = loose(known);
  return editDistance(key, loose(name)) <= Math.min(2, Math.floor(key.length / 3));
}

/**
 * The hint for an unknown --set name under `preset`: "did you mean 'fft_length'? (keras'
 * name for the FFT size)", or the preset's names when nothing is near.
 */
export function unknownNameHint(name: string, preset: PresetName, names: readonly string[]): string {
  const concept = conceptOf(name);
  if (concept) {
    const own = nameInPreset(concept, preset, names);
    if (own) return `did you mean '${own}'? (the ${preset} name for ${conceptWords[concept]})`;
    return `the ${preset} preset has no parameter for ${conceptWords[concept]} (it fixes it)`;
  }
  const near = names.filter((known) => isNear(known, name));
  if (near.length > 0) return `did you mean '${near[0]}'?`;
  // A misspelling of another preset's name (hop_lenght under keras): that concept's name here.
  for (const concept of Object.keys(otherSpellings) as Concept[]) {
    const own = nameInPreset(concept, preset, names);
    if (own && otherSpellings[concept].some((spelling) => isNear(spelling, name))) {
      return `did you mean '${own}'? (the ${preset} name for ${conceptWords[concept]})`;
    }
  }
  return `known options: ${names.join(', ')}`;
}
