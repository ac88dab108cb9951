// WAV files to float samples. The RIFF chunks and the fmt header are read and checked
// here (a data chunk past the end of the file, 0 channels, a 0 Hz rate or a block align
// that does not fit the sample size fail the file with one line); PCM and float samples
// are decoded here in one pass over the bytes, straight to one signal (the mean of the
// channels, or one of them); µ-law, A-law and IMA ADPCM are expanded to 16-bit PCM by
// wavefile first.
import { FileError } from './decode-error.js';
import { type ByteSource, memorySource, readBytes } from './byte-source.js';
import { checkChannel, mixInterleaved } from './mono.js';

interface WavHeader {
  /** The format tag, or for WAVE_FORMAT_EXTENSIBLE the one in its sub-format GUID. */
  encoding: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
  dataOffset: number;
  dataLength: number;
}

const fourCC = (bytes: Uint8Array, at: number) =>
  String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function readHeader(source: ByteSource): WavHeader {
  const fileSize = source.size;
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataLength'> | null = null;
  let data: { offset: number; length: number } | null = null;
  // Chunks: a 4-byte id and a 32-bit size, padded to an even length.
  for (let at = 12; at + 8 <= fileSize && !(fmt && data); ) {
    const chunk = readBytes(source, at, 8);
    const id = fourCC(chunk, 0);
    const size = view(chunk).getUint32(4, true);
    const body = at + 8;
    if (id === 'data') {
      if (body + size > fileSize) {
        throw new FileError(
          `the WAV data chunk (${size} bytes at byte ${body}) runs past the end of the file (${fileSize - body} bytes left): truncated or a streaming header`,
        );
      }
      data ??= { offset: body, length: size };
    }
    if (id === 'fmt ' && !fmt) {
      if (size < 16 || body + size > fileSize)
        throw new FileError(
          `the WAV fmt chunk is ${size} bytes${size < 16 ? ', fewer than 16' : ', past the end of the file'}`,
        );
      const fields = view(readBytes(source, body, Math.min(size, 40)));
      const tag = fields.getUint16(0, true);
      if (tag === 0xfffe && size < 40)
        throw new FileError(`the WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes, not 40`);
      fmt = {
        encoding: tag === 0xfffe ? fields.getUint16(24, true) : tag,
        channels: fields.getUint16(2, true),
        sampleRate: fields.getUint32(4, true),
        blockAlign: fields.getUint16(12, true),
        bitsPerSample: fields.getUint16(14, true),
      };
    }
    at = body + size + (size % 2);
  }
  if (!fmt) throw new FileError('the WAV file has no fmt chunk');
  if (!data) throw new FileError('the WAV file has no data chunk');
  return { ...fmt, dataOffset: data.offset, dataLength: data.length };
}

/** Reads `count` interleaved little-endian samples from `block` (its own buffer, so aligned) into `out`, scaled into [-1, 1). */
type BlockReader = (block: ArrayBuffer, count: number, out: Float32Array) => void;

// One loop per encoding over typed arrays, so that each stays monomorphic (a shared loop
// calling a DataView reader per sample took 13 s for a 20-minute stereo file). Integers
// scale by 2^(bits-1), as soundfile, torchaudio and scipy read them; 8-bit PCM is unsigned.
// (Multiplying by 2^-(bits-1) is exact, so it gives the division's bits, faster.)
// On a big-endian machine each block is byte-swapped first (wideSwap).
const blockReaders: Record<string, BlockReader> = {
  pcm8: (block, count, out) => {
    const bytes = new Uint8Array(block, 0, count);
    for (let i = 0; i < count; i++) out[i] = (bytes[i] - 128) * 2 ** -7;
  },
  pcm16: (block, count, out) => {
    const values = new Int16Array(block, 0, count);
    for (let i = 0; i < count; i++) out[i] = values[i] * 2 ** -15;
  },
  pcm24: (block, count, out) => {
    const bytes = new Uint8Array(block, 0, count * 3);
    for (let i = 0, at = 0; i < count; i++, at += 3)
      out[i] = (((bytes[at + 2] << 24) | (bytes[at + 1] << 16) | (bytes[at] << 8)) >> 8) * 2 ** -23;
  },
  pcm32: (block, count, out) => {
    const values = new Int32Array(block, 0, count);
    for (let i = 0; i < count; i++) out[i] = values[i] * 2 ** -31;
  },
  // The high word times 2^32 is exact, and the sum rounds once: the int64 rounded to float64.
  pcm64: (block, count, out) => {
    const high = new Int32Array(block, 0, count * 2);
    const low = new Uint32Array(block, 0, count * 2);
    const [h, l] = littleEndian ? [1, 0] : [0, 1];
    for (let i = 0; i < count; i++) out[i] = (high[2 * i + h] * 4294967296 + low[2 * i + l]) * 2 ** -63;
  },
  float32: (block, count, out) => {
    out.set(new Float32Array(block, 0, count));
  },
  float64: (block, count, out) => {
    const values = new Float64Array(block, 0, count);
    for (let i = 0; i < count; i++) out[i] = values[i];
  },
};

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Native byte order for a block of little-endian samples of `width` bytes (a no-op on little-endian machines). */
function wideSwap(block: Buffer, length: number, width: number): void {
  if (littleEndian || width === 1 || width === 3) return;
  const part = block.subarray(0, length);
  if (width === 2) part.swap16();
  else if (width === 4) part.swap32();
  else part.swap64();
}

/** Called with the fraction of the samples decoded so far (0 to 1) and the file's length in seconds. */
export type DecodeProgress = (fraction: number, seconds: number) => void;

export interface MonoAudio {
  sampleRate: number;
  /** The file's channels (before mixing). */
  channelCount: number;
  /** The mean of the channels, or the channel asked for. */
  samples: Float32Array;
}

/**
 * The data chunk's frames to one signal, a block at a time: each block's bytes are read
 * into a small buffer and its samples into a small float32 one, then mixed (or one
 * channel taken) into the result, so that the only large allocation is the result.
 */
function decodeFrames(
  source: ByteSource,
  dataOffset: number,
  layout: { channels: number; frames: number; width: number },
  read: BlockReader,
  channel: number | null,
  progress?: (fraction: number) => void,
): Float32Array {
  const { channels, frames, width } = layout;
  const out = new Float32Array(frames);
  // About 1 Mi samples per block (4 MiB of float32), whatever the channel count.
  const blockFrames = Math.max(1, Math.floor(2 ** 20 / channels));
  const bytes = Buffer.allocUnsafeSlow(Math.min(frames, blockFrames) * channels * width);
  const samples = new Float32Array(Math.min(frames, blockFrames) * channels);
  for (let first = 0; first < frames; first += blockFrames) {
    const count = Math.min(blockFrames, frames - first);
    const length = count * channels * width;
    source.readInto(dataOffset + first * channels * width, bytes.subarray(0, length));
    wideSwap(bytes, length, width);
    read(bytes.buffer as ArrayBuffer, count * channels, samples);
    mixInterleaved(samples, channels, channel, count, out, first);
    progress?.((first + count) / frames);
  }
  return out;
}

const supportedNote = 'PCM 8/16/24/32/64-bit, float 32/64, µ-law, A-law and IMA ADPCM are supported';

/** Decodes a WAV file to one signal: the mean of its channels, or channel `channel` (0 = the first). */
export async function decodeWav(
  source: ByteSource,
  channel: number | null,
  progress?: DecodeProgress,
): Promise<MonoAudio> {
  const header = readHeader(source);
  const { encoding, channels, sampleRate, blockAlign, bitsPerSample: bits } = header;
  if (channels === 0) throw new FileError('the WAV header gives 0 channels');
  if (sampleRate === 0) throw new FileError('the WAV header gives a sample rate of 0 Hz');
  const framesDone = (frames: number) => progress && ((fraction: number) => progress(fraction, frames / sampleRate));
  const reader = encoding === 1 ? `pcm${bits}` : encoding === 3 ? `float${bits}` : '';
  const companded =
    (encoding === 7 || encoding === 6) && bits === 8 ? 'G.711' : encoding === 17 && bits === 4 ? 'IMA ADPCM' : null;
  if (!blockReaders[reader] && !companded)
    throw new FileError(`unsupported WAV encoding (format tag ${encoding}, ${bits} bits); ${supportedNote}`);
  if (blockReaders[reader]) {
    if (blockAlign !== (channels * bits) / 8) {
      throw new FileError(
        `the WAV header's block align is ${blockAlign} bytes; ${channels} channel(s) of ${bits} bits take ${(channels * bits) / 8}`,
      );
    }
    // The pad byte of an odd-sized data chunk, or a partial last frame, is not a sample.
    const frames = Math.floor(header.dataLength / blockAlign);
    if (frames === 0) throw new FileError('the WAV file has no samples');
    checkChannel(channel, channels);
    const samples = decodeFrames(
      source,
      header.dataOffset,
      { channels, frames, width: bits / 8 },
      blockReaders[reader],
      channel,
      framesDone(frames),
    );
    return { sampleRate, channelCount: channels, samples };
  }
  if (blockAlign === 0) throw new FileError('the WAV header gives a block align of 0 bytes');
  checkChannel(channel, channels);
  // wavefile needs the whole file.
  if (!companded) throw new FileError(`the WAV encoding is not supported; ${supportedNote}`);
  const pcm = await expandCompanded(readBytes(source, 0, source.size), companded);
  const frames = Math.floor(pcm.length / (2 * channels));
  if (frames === 0) throw new FileError('the WAV file has no samples');
  const samples = decodeFrames(
    memorySource(pcm),
    0,
    { channels, frames, width: 2 },
    blockReaders.pcm16,
    channel,
    framesDone(frames),
  );
  return { sampleRate, channelCount: channels, samples };
}

/** µ-law, A-law and IMA ADPCM through wavefile, which turns them into 16-bit PCM (interleaved bytes). */
async function expandCompanded(bytes: Uint8Array, kind: string): Promise<Uint8Array> {
  // wavefile's Node entry is CommonJS: its exports arrive as the default export.
  const module = (await import('wavefile')) as unknown as {
    WaveFile?: typeof import('wavefile').WaveFile;
    default: typeof import('wavefile');
  };
  const WaveFile = module.WaveFile ?? module.default.WaveFile;
  try {
    const wav = new WaveFile(bytes);
    const expand: Record<string, () => void> = {
      '8m': () => wav.fromMuLaw(),
      '8a': () => wav.fromALaw(),
      '4': () => wav.fromIMAADPCM(),
    };
    expand[wav.bitDepth]?.();
    if (wav.bitDepth !== '16') throw new Error(`wavefile read it as ${wav.bitDepth} bits`);
    return (wav.data as { samples: Uint8Array }).samples;
  } catch (error) {
    throw new FileError(`could not decode WAV (${kind}): ${(error as Error).message}`);
  }
}
