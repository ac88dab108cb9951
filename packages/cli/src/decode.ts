// Audio files to one float signal: WAV (PCM 8/16/24/32/64-bit int, float32/64, µ-law,
// A-law, IMA ADPCM, WAVE_FORMAT_EXTENSIBLE) in wav.ts, MP3, FLAC, Ogg Opus and Ogg Vorbis
// in compressed.ts; several channels are averaged, or --channel picks one (mono.ts).
// A damaged file fails with a FileError, never a partial result.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { fileSource, readBytes } from './byte-source.js';
import { decodeCompressed } from './compressed.js';
import { FileError } from './decode-error.js';
import { type AudioFormat, detectFormat, formatHeadBytes } from './formats.js';
import { mixChannels } from './mono.js';
import { type DecodeProgress, type MonoAudio, decodeWav } from './wav.js';

export interface DecodedAudio extends MonoAudio {
  format: AudioFormat;
}

export { FileError };
export type { DecodeProgress };

function openInput(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileError(code === 'ENOENT' ? 'file not found' : `cannot read it (${code})`);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new FileError('is a directory, not an audio file');
  }
  return { fd, size: stat.size };
}

/**
 * Decodes a whole file, whatever its name says, to one signal in [-1, 1): the mean of
 * its channels, or channel `channel` (0 = the first). A WAV file is read a block at a
 * time (never whole) and reports its progress as it goes; the others are read whole.
 */
export async function decodeFile(
  path: string,
  channel: number | null,
  progress?: DecodeProgress,
): Promise<DecodedAudio> {
  const { fd, size } = openInput(path);
  try {
    const source = fileSource(fd, size);
    const format = detectFormat(readBytes(source, 0, formatHeadBytes));
    if (format === null) throw new FileError('unsupported format (not WAV, MP3, FLAC, Ogg Opus or Ogg Vorbis)');
    let audio: MonoAudio;
    if (format === 'wav') {
      audio = await decodeWav(source, channel, progress);
    } else {
      const { sampleRate, channels } = await decodeCompressed(format, readBytes(source, 0, size));
      audio = { sampleRate, channelCount: channels.length, samples: mixChannels(channels, channel) };
      progress?.(1, audio.samples.length / sampleRate);
    }
    if (!(audio.sampleRate > 0)) throw new FileError(`the file gives no valid sample rate (${audio.sampleRate})`);
    return { format, ...audio };
  } finally {
    closeSync(fd);
  }
}
