// Reads the torchaudio, librosa and Whisper golden cases (test/fixtures/<library>,
// made by the real libraries, see each folder's README) and turns each case's
// `params` (the library's own arguments) into our preset options.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Library = 'torchaudio' | 'librosa' | 'whisper';

export interface PresetCase {
  name: string;
  preset: Library;
  params: Record<string, unknown>;
  input_shape: number[];
  output_shape: number[];
  sampling_rate: number;
  notes: string;
}

export function fixturePath(library: Library, file: string): string {
  return join(__dirname, '..', 'fixtures', library, file);
}

export function presetCases(library: Library): PresetCase[] {
  return JSON.parse(readFileSync(fixturePath(library, 'cases.json'), 'utf8'));
}

export function readFloat32(library: Library, file: string): Float32Array {
  const bytes = readFileSync(fixturePath(library, file));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Each README's recommended tolerance (log outputs absolute; power outputs relative to max|ref|). */
export const tolerances: Record<Library, { log: number; power: number; logUnit: string }> = {
  torchaudio: { log: 0.01, power: 5e-5, logUnit: 'dB' },
  librosa: { log: 2e-3, power: 5e-6, logUnit: 'dB' },
  whisper: { log: 2e-4, power: NaN, logUnit: 'log-mel units' },
};

/** Whether the case's output is logarithmic (dB, Whisper's log-mel). */
export function isLog(testCase: PresetCase): boolean {
  if (testCase.preset === 'whisper') return true;
  const params = testCase.params;
  return Boolean(params.amplitude_to_db ?? params.power_to_db);
}

/**
 * The case's arguments as preset options, copied as a user would copy them from
 * Python: torchaudio's AmplitudeToDB and librosa's power_to_db arguments join the
 * preset's; what Python cannot express as data (window_fn) or Whisper fixes is left out.
 */
export function presetOptionsOf(testCase: PresetCase): Record<string, unknown> {
  const params = { ...testCase.params };
  if (testCase.preset === 'torchaudio') {
    const toDb = params.amplitude_to_db as Record<string, unknown> | null;
    delete params.amplitude_to_db;
    delete params.window_fn; // always torch.hann_window here
    if (toDb)
      Object.assign(params, {
        power_to_db: true,
        stype: toDb.stype,
        top_db: toDb.top_db,
        amin: toDb.amin,
        ref: toDb.ref_value,
      });
    return { preset: 'torchaudio', ...params };
  }
  if (testCase.preset === 'librosa') {
    const toDb = params.power_to_db as Record<string, unknown> | null;
    delete params.dtype; // "float32 (librosa.filters.mel default)": the filters' dtype, always float32
    params.power_to_db = Boolean(toDb);
    if (toDb) Object.assign(params, toDb);
    return { preset: 'librosa', ...params };
  }
  const padOrTrim = params.pad_or_trim as { length: number } | null;
  return {
    preset: 'whisper',
    n_mels: params.n_mels,
    padding: params.padding,
    pad_or_trim: padOrTrim ? padOrTrim.length : false,
  };
}

/** Largest |actual - expected|, and the largest |expected|. */
export function compare(actual: ArrayLike<number>, expected: ArrayLike<number>): { maxError: number; peak: number } {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != ${expected.length}`);
  let maxError = 0;
  let peak = 0;
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    maxError = Number.isNaN(difference) ? Infinity : Math.max(maxError, difference);
    peak = Math.max(peak, Math.abs(expected[i]));
  }
  return { maxError, peak };
}
