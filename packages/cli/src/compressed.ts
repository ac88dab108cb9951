// MP3, FLAC, Ogg Opus and Ogg Vorbis through eshaz's wasm-audio-decoders, each loaded
// only when a file needs it. The decoders skip what they cannot parse and return the
// rest without an error, so each file's structure is checked here as well (Ogg pages,
// FLAC frames, MP3 frames) and the decoded length against what the container says.
import { FileError } from './decode-error.js';
import { checkFlac } from './flac-check.js';
import { type AudioFormat, formatNames } from './formats.js';
import { checkMp3 } from './mp3-check.js';
import { checkOgg } from './ogg-check.js';

export type CompressedFormat = Exclude<AudioFormat, 'wav'>;

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
  errors: { message: string; frameNumber?: number; inputBytes?: number; outputSamples?: number }[];
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

async function decoderFor(format: CompressedFormat): Promise<WasmDecoder> {
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

/** The samples per channel the file's headers promise (exactly, or at least), after checking its structure. */
function checkStructure(
  format: CompressedFormat,
  bytes: Uint8Array,
): { exact: number | null; minimum: number; source: string } {
  if (format === 'flac') {
    const { samples, source } = checkFlac(bytes);
    return { exact: samples, minimum: 0, source };
  }
  if (format === 'mp3') {
    const { samples, minimum, source } = checkMp3(bytes);
    return { exact: samples, minimum, source };
  }
  const { samples, source } = checkOgg(bytes, format, formatNames[format]);
  return { exact: samples, minimum: 0, source };
}

export async function decodeCompressed(
  format: CompressedFormat,
  bytes: Uint8Array,
): Promise<{ sampleRate: number; channels: Float32Array[] }> {
  const name = formatNames[format];
  const decoder = await decoderFor(format);
  await decoder.ready;
  let result: DecoderResult;
  try {
    // decodeFile decodes a whole file (flushing the codec's tail); mpg123-decoder only has decode.
    result = await quietly(() => (decoder.decodeFile ? decoder.decodeFile(bytes) : decoder.decode(bytes)));
  } finally {
    decoder.free();
  }
  // Damaged frames fail the file rather than leave silent gaps or noise in the features.
  if (result.errors.length > 0) {
    const [first] = result.errors;
    const where = first.outputSamples !== undefined ? ` after ${first.outputSamples} samples` : '';
    const count = result.errors.length === 1 ? 'an error' : `${result.errors.length} errors`;
    const frame =
      first.frameNumber !== undefined
        ? ` (frame ${first.frameNumber}${first.inputBytes !== undefined ? `, input byte ${first.inputBytes}` : ''})`
        : '';
    throw new FileError(`could not decode ${name} (corrupt?): ${count}, the first${where}: ${first.message}${frame}`);
  }
  const expected = checkStructure(format, bytes);
  if (result.samplesDecoded === 0 || result.channelData.length === 0) {
    throw new FileError(`could not decode ${name}: no audio in the file (corrupt or empty?)`);
  }
  const decoded = result.samplesDecoded;
  if ((expected.exact !== null && decoded !== expected.exact) || decoded < expected.minimum) {
    const promised = expected.exact ?? `at least ${expected.minimum}`;
    throw new FileError(
      `damaged ${name} file: decoded ${decoded} samples, expected ${promised} (${expected.source}): frames skipped`,
    );
  }
  // A view when the decoder returned exactly the samples (it may return more room than it filled).
  const channels = result.channelData.map((channel) =>
    channel.length === decoded ? channel : channel.subarray(0, decoded),
  );
  const bits = result.bitDepth ?? 0;
  if (format === 'flac' && bits >= 8 && bits <= 24) {
    // The FLAC decoder divides by 2^(bits-1) - 1; WAV readers (and soundfile, torchaudio)
    // by 2^(bits-1). Recover the integer (exact up to 24 bits in float32) and rescale, in place.
    const full = 2 ** (bits - 1);
    for (const channel of channels)
      for (let i = 0; i < channel.length; i++) channel[i] = Math.round(channel[i] * (full - 1)) / full;
  }
  return { sampleRate: result.sampleRate, channels };
}
