// Audio files to float samples: WAV through wavefile (PCM 8/16/24/32-bit int,
// float32/64, µ-law, A-law, IMA ADPCM, WAVE_FORMAT_EXTENSIBLE), MP3, FLAC, Ogg Opus and Ogg Vorbis through
// eshaz's wasm-audio-decoders, each loaded only when a file needs it.
import { type AudioFormat, detectFormat, formatNames } from './formats.js';

export interface DecodedAudio {
  format: AudioFormat;
  sampleRate: number;
  /** One array per channel, samples in [-1, 1). */
  channels: Float32Array[];
}

/** A problem with one input file; the message goes to the user as is, after the file name. */
export class FileError extends Error {}

interface WasmDecoder {
  ready: Promise<void>;
  decodeFile?(data: Uint8Array): Promise<DecoderResult>;
  decode(data: Uint8Array): Promise<DecoderResult>;
  free(): void;
}
interface DecoderResult {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  bitDepth?: number;
  errors: { message: string; frameNumber?: number; outputSamples?: number }[];
}

/** Runs `decode` with console.error/warn muted: the decoders log each error there, and also return it. */
async function quietly<T>(decode: () => Promise<T>): Promise<T> {
  const { error, warn } = console;
  console.error = console.warn = () => {};
  try {
    return await decode();
  } finally {
    Object.assign(console, { error, warn });
  }
}

async function decoderFor(format: Exclude<AudioFormat, 'wav'>): Promise<WasmDecoder> {
  switch (format) {
    case 'mp3':
      return new (await import('mpg123-decoder')).MPEGDecoder() as unknown as WasmDecoder;
    case 'flac':
      return new (await import('@wasm-audio-decoders/flac')).FLACDecoder() as WasmDecoder;
    case 'opus':
      return new (await import('ogg-opus-decoder')).OggOpusDecoder() as unknown as WasmDecoder;
    case 'vorbis':
      return new (await import('@wasm-audio-decoders/ogg-vorbis')).OggVorbisDecoder() as WasmDecoder;
  }
}

async function decodeCompressed(format: Exclude<AudioFormat, 'wav'>, bytes: Uint8Array): Promise<DecodedAudio> {
  const decoder = await decoderFor(format);
  await decoder.ready;
  try {
    // decodeFile decodes a whole file (flushing the codec's tail); mpg123-decoder only has decode.
    const result = await quietly(() => (decoder.decodeFile ? decoder.decodeFile(bytes) : decoder.decode(bytes)));
    // Damaged frames fail the file rather than leave silent gaps or noise in the features.
    if (result.errors.length > 0) {
      const [first] = result.errors;
      const where = first.outputSamples !== undefined ? ` after ${first.outputSamples} samples` : '';
      const count = result.errors.length === 1 ? 'an error' : `${result.errors.length} errors`;
      throw new FileError(`could not decode ${formatNames[format]} (corrupt?): ${count}, the first${where}: ${first.message}`);
    }
    if (result.samplesDecoded === 0 || result.channelData.length === 0) {
      throw new FileError(`could not decode ${formatNames[format]}: no audio in the file (corrupt or empty?)`);
    }
    let channels = result.channelData.map((channel) => channel.slice(0, result.samplesDecoded));
    const bits = result.bitDepth ?? 0;
    if (format === 'flac' && bits >= 8 && bits <= 24) {
      // The FLAC decoder divides by 2^(bits-1) - 1; WAV readers (and soundfile, torchaudio)
      // by 2^(bits-1). Recover the integer (exact up to 24 bits in float32) and rescale.
      const full = 2 ** (bits - 1);
      channels = channels.map((channel) => channel.map((value) => Math.round(value * (full - 1)) / full));
    }
    return { format, sampleRate: result.sampleRate, channels };
  } finally {
    decoder.free();
  }
}

async function decodeWav(bytes: Uint8Array): Promise<DecodedAudio> {
  // wavefile's Node entry is CommonJS: its exports arrive as the default export.
  const module = (await import('wavefile')) as unknown as { WaveFile?: typeof import('wavefile').WaveFile; default: typeof import('wavefile') };
  const WaveFile = module.WaveFile ?? module.default.WaveFile;
  let wav: InstanceType<typeof WaveFile>;
  try {
    wav = new WaveFile(bytes);
  } catch (error) {
    throw new FileError(`could not read WAV: ${(error as Error).message}`);
  }
  // Companded and ADPCM telephony files decode to 16-bit PCM first.
  // (wavefile reports Microsoft ADPCM, tag 2, as 4-bit too: only tag 17 is IMA.)
  const expand: Record<string, () => void> = { '8m': () => wav.fromMuLaw(), '8a': () => wav.fromALaw(), '4': () => wav.fromIMAADPCM() };
  const tag = (wav.fmt as { audioFormat: number }).audioFormat;
  if (expand[wav.bitDepth] && (wav.bitDepth !== '4' || tag === 17)) {
    try {
      expand[wav.bitDepth]();
    } catch (error) {
      throw new FileError(`could not decode WAV (${wav.bitDepth === '4' ? 'IMA ADPCM' : 'G.711'}): ${(error as Error).message}`);
    }
  }
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; audioFormat: number; bitsPerSample: number; blockAlign: number; subformat?: number[] };
  const data = wav.data as { chunkSize: number; samples: Uint8Array };
  // WAVE_FORMAT_EXTENSIBLE keeps the real format tag in its sub-format GUID.
  const encoding = fmt.audioFormat === 0xfffe ? (fmt.subformat?.[0] ?? 0) : fmt.audioFormat;
  const depth = wav.bitDepth; // '8', '16', '24', '32', '32f', '64' (float)
  const extensibleFloat32 = fmt.audioFormat === 0xfffe && encoding === 3 && fmt.bitsPerSample === 32;
  if (!(['8', '16', '24', '32', '32f', '64'].includes(depth) && (encoding === 1 || encoding === 3))) {
    throw new FileError(
      `unsupported WAV encoding (format tag ${encoding}, ${depth} bits); PCM 8/16/24/32-bit, float 32/64, µ-law, A-law and IMA ADPCM are supported`,
    );
  }
  // The pad byte of an odd-sized data chunk is not a sample (wavefile would read it as one).
  const frames = Math.floor(data.chunkSize / fmt.blockAlign);
  if (frames === 0) throw new FileError('the WAV file has no samples');
  let channels: Float64Array[];
  if (extensibleFloat32) {
    // wavefile reads extensible float32 as 32-bit integers: take the bytes as floats.
    const view = new DataView(data.samples.buffer, data.samples.byteOffset, frames * fmt.blockAlign);
    const count = fmt.numChannels;
    channels = Array.from({ length: count }, (_, c) => Float64Array.from({ length: frames }, (_, i) => view.getFloat32(4 * (i * count + c), true)));
  } else {
    const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
    channels = (fmt.numChannels === 1 ? [raw as Float64Array] : (raw as Float64Array[])).map((channel) => channel.subarray(0, frames));
  }
  // Integers scale by 2^(bits-1), as soundfile, torchaudio and scipy read them; 8-bit PCM is unsigned.
  const float = extensibleFloat32 || depth === '32f' || depth === '64';
  const scale = float ? 1 : 2 ** (Number(depth) - 1);
  const offset = depth === '8' ? 128 : 0;
  return {
    format: 'wav',
    sampleRate: fmt.sampleRate,
    channels: channels.map((channel) => Float32Array.from(channel, (value) => (value - offset) / scale)),
  };
}

/** Decodes a whole file, whatever its name says. */
export async function decodeAudio(bytes: Uint8Array): Promise<DecodedAudio> {
  const format = detectFormat(bytes);
  if (format === null) throw new FileError('unsupported format (not WAV, MP3, FLAC, Ogg Opus or Ogg Vorbis)');
  const audio = format === 'wav' ? await decodeWav(bytes) : await decodeCompressed(format, bytes);
  if (!(audio.sampleRate > 0)) throw new FileError(`the file gives no valid sample rate (${audio.sampleRate})`);
  return audio;
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
