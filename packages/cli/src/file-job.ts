// One input file, start to finish (runs on a worker thread): read, decode, mix to
// mono (or pick a channel), resample when the preset fixes the rate or
// --sample-rate asks, compute the mel spectrogram, write npy / json / png.
import { basename } from 'node:path';
import { MelSpectrogram } from 'melspec-wasm';
import { FileError, decodeFile } from './decode.js';
import { computeWithProgress } from './compute-with-progress.js';
import { encodeNpy } from './npy.js';
import { type OutputFormat, writeTemporaries } from './outputs.js';
import { renderPicture } from './picture.js';
import { fixedSampleRate, melAxis, presetOptionsAt, timeAndUnit } from './preset-flags.js';
import type { PresetName } from 'melspec-wasm';
import { resample } from './resample.js';

export interface FileJob {
  input: string;
  /** Output path per format, in `formats` order. */
  outputs: string[];
  formats: OutputFormat[];
  preset: PresetName;
  /** The preset's options from the flags, without the sampling rate. */
  options: Record<string, unknown>;
  sampleRate: number | null;
  channel: number | null;
  /** Replace existing outputs (the main thread's commit; never an input: main() checks). */
  force: boolean;
}

/** Where a file has got to, for the progress bar. */
export interface FileProgress {
  stage: 'decoding' | 'resampling' | 'computing' | 'writing';
  /** The samples decoded and the frames computed, 0 to 1 (half each). */
  fraction: number;
  /** The file's length in seconds, once its header is read. */
  seconds: number | null;
}

export interface FileResult {
  input: string;
  outputs: string[];
  shape: number[];
  sourceRate: number;
  sampleRate: number;
  seconds: number;
}

/** Plain data for JSON: typed arrays become arrays. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as Float64Array);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

export async function processFile(job: FileJob, report?: (progress: FileProgress) => void): Promise<FileResult> {
  let seconds: number | null = null;
  const audio = await decodeFile(
    job.input,
    job.channel,
    report &&
      ((fraction, length) => {
        seconds = length;
        report({ stage: 'decoding', fraction: fraction / 2, seconds });
      }),
  );
  const mono = audio.samples;
  seconds = mono.length / audio.sampleRate;
  const sampleRate = fixedSampleRate[job.preset] ?? job.sampleRate ?? audio.sampleRate;
  if (sampleRate !== audio.sampleRate) report?.({ stage: 'resampling', fraction: 0.5, seconds });
  const samples = await resample(mono, audio.sampleRate, sampleRate);
  const options = presetOptionsAt(job.preset, job.options, sampleRate);
  let mel: Parameters<typeof computeWithProgress>[0];
  try {
    mel = await MelSpectrogram.create(options as never);
  } catch (error) {
    // A bad option is the same for every file; main() checks them before starting, but a
    // rate-dependent one (f_max above this file's Nyquist frequency...) shows up here.
    throw new FileError(`options: ${(error as Error).message}`);
  }
  try {
    let result: ReturnType<typeof computeWithProgress>;
    try {
      result = computeWithProgress(
        mel,
        samples,
        report && ((done, total) => report({ stage: 'computing', fraction: 0.5 + done / total / 2, seconds })),
      );
    } catch (error) {
      throw new FileError((error as Error).message);
    }
    const { data, shape } = result;
    report?.({ stage: 'writing', fraction: 1, seconds });
    const files: { path: string; bytes: Uint8Array | string }[] = [];
    for (const [i, format] of job.formats.entries()) {
      const path = job.outputs[i];
      if (format === 'npy') files.push({ path, bytes: encodeNpy(data, shape) });
      if (format === 'json') {
        const document = {
          source: job.input,
          preset: job.preset,
          options: plain(mel.options),
          source_sample_rate: audio.sampleRate,
          sample_rate: sampleRate,
          channels: audio.channelCount,
          channel: job.channel ?? 'mean',
          shape,
          dtype: (data as unknown) instanceof Float64Array ? 'float64' : 'float32',
          data: Array.from(data),
        };
        files.push({ path, bytes: `${JSON.stringify(document)}\n` });
      }
      if (format === 'png') {
        const { hop, unit } = timeAndUnit(mel.options);
        const bytes = await renderPicture({
          data,
          bands: shape[0],
          frames: shape[1],
          title: basename(job.input),
          subtitle: `${job.preset} mel spectrogram · ${shape[0]} bands × ${shape[1]} frames · ${sampleRate} Hz`,
          frameSeconds: hop / sampleRate,
          mel: melAxis(mel.options),
          unit,
        });
        files.push({ path, bytes });
      }
    }
    try {
      // Under temporary names: the main thread puts them in place (outputs.ts).
      writeTemporaries(files);
    } catch (error) {
      throw new FileError((error as Error).message);
    }
    return {
      input: job.input,
      outputs: job.outputs,
      shape,
      sourceRate: audio.sampleRate,
      sampleRate,
      seconds: mono.length / audio.sampleRate,
    };
  } finally {
    mel.dispose();
  }
}
