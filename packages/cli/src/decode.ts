// Audio files to float samples: WAV (PCM 8/16/24/32/64-bit int, float32/64, µ-law,
// A-law, IMA ADPCM, WAVE_FORMAT_EXTENSIBLE) in wav.ts, MP3, FLAC, Ogg Opus and Ogg Vorbis
// in compressed.ts. A damaged file fails with a FileError, never a partial result.
import { decodeCompressed } from './compressed.js';
import { FileError } from './decode-error.js';
import { type AudioFormat, detectFormat } from './formats.js';
import { decodeWav } from './wav.js';

export interface DecodedAudio {
  format: AudioFormat;
  sampleRate: number;
  /** One array per channel, samples in [-1, 1). */
  channels: Float32Array[];
}

export { FileError };

/** Decodes a whole file, whatever its name says. */
export async function decodeAudio(bytes: Uint8Array): Promise<DecodedAudio> {
  const format = detectFormat(bytes);
  if (format === null) throw new FileError('unsupported format (not WAV, MP3, FLAC, Ogg Opus or Ogg Vorbis)');
  const { sampleRate, channels } = format === 'wav' ? await decodeWav(bytes) : await decodeCompressed(format, bytes);
  if (!(sampleRate > 0)) throw new FileError(`the file gives no valid sample rate (${sampleRate})`);
  return { format, sampleRate, channels };
}

/** The mean of all channels, or channel `channel` (0 = the first). */
export function monoOf(audio: DecodedAudio, channel: number | null): Float32Array {
  if (channel !== null) {
    if (channel >= audio.channels.length) {
      const which = audio.channels.length === 1 ? 'channel 0 only' : `channels 0 to ${audio.channels.length - 1}`;
      throw new FileError(`--channel ${channel}: the file has ${which}`);
    }
    return audio.channels[channel];
  }
  if (audio.channels.length === 1) return audio.channels[0];
  const mono = new Float32Array(audio.channels[0].length);
  for (let i = 0; i < mono.length; i++) {
    let sum = 0;
    for (const samples of audio.channels) sum += samples[i];
    mono[i] = sum / audio.channels.length;
  }
  return mono;
}
