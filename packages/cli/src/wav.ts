// WAV files to float samples. The RIFF chunks and the fmt header are read and checked
// here (a data chunk past the end of the file, 0 channels, a 0 Hz rate or a block align
// that does not fit the sample size fail the file with one line); PCM and float samples
// are decoded here in one pass over the bytes; µ-law, A-law and IMA ADPCM are expanded
// to 16-bit PCM by wavefile first.
import { FileError } from './decode-error.js';

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

const fourCC = (bytes: Uint8Array, at: number) => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);

function readHeader(bytes: Uint8Array): WavHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<WavHeader, 'dataOffset' | 'dataLength'> | null = null;
  let data: { offset: number; length: number } | null = null;
  // Chunks: a 4-byte id and a 32-bit size, padded to an even length.
  for (let at = 12; at + 8 <= bytes.length && !(fmt && data); ) {
    const id = fourCC(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'data') {
      if (body + size > bytes.length) {
        throw new FileError(`the WAV data chunk (${size} bytes at byte ${body}) runs past the end of the file (${bytes.length - body} bytes left): truncated or a streaming header`);
      }
      data ??= { offset: body, length: size };
    }
    if (id === 'fmt ' && !fmt) {
      if (size < 16 || body + size > bytes.length) throw new FileError(`the WAV fmt chunk is ${size} bytes${size < 16 ? ', fewer than 16' : ', past the end of the file'}`);
      const tag = view.getUint16(body, true);
      if (tag === 0xfffe && size < 40) throw new FileError(`the WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes, not 40`);
      fmt = {
        encoding: tag === 0xfffe ? view.getUint16(body + 24, true) : tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    }
    at = body + size + (size % 2);
  }
  if (!fmt) throw new FileError('the WAV file has no fmt chunk');
  if (!data) throw new FileError('the WAV file has no data chunk');
  return { ...fmt, dataOffset: data.offset, dataLength: data.length };
}

/** Interleaved little-endian samples to one array per channel, each sample read by `read` and scaled into [-1, 1). */
function deinterleave(
  view: DataView,
  channels: number,
  frames: number,
  width: number,
  read: (view: DataView, at: number) => number,
): Float32Array[] {
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let c = 0; c < channels; c++) {
    const samples = out[c];
    for (let i = 0, at = c * width, step = channels * width; i < frames; i++, at += step) samples[i] = read(view, at);
  }
  return out;
}

// Integers scale by 2^(bits-1), as soundfile, torchaudio and scipy read them; 8-bit PCM is unsigned.
const readers: Record<string, (view: DataView, at: number) => number> = {
  pcm8: (view, at) => (view.getUint8(at) - 128) / 128,
  pcm16: (view, at) => view.getInt16(at, true) / 32768,
  pcm24: (view, at) => ((view.getInt8(at + 2) << 16) | (view.getUint8(at + 1) << 8) | view.getUint8(at)) / 8388608,
  pcm32: (view, at) => view.getInt32(at, true) / 2147483648,
  // The high word times 2^32 is exact, and the sum rounds once: the int64 rounded to float64.
  pcm64: (view, at) => (view.getInt32(at + 4, true) * 4294967296 + view.getUint32(at, true)) / 9223372036854775808,
  float32: (view, at) => view.getFloat32(at, true),
  float64: (view, at) => view.getFloat64(at, true),
};

const supportedNote = 'PCM 8/16/24/32/64-bit, float 32/64, µ-law, A-law and IMA ADPCM are supported';

export async function decodeWav(bytes: Uint8Array): Promise<{ sampleRate: number; channels: Float32Array[] }> {
  const header = readHeader(bytes);
  const { encoding, channels, sampleRate, blockAlign, bitsPerSample: bits } = header;
  if (channels === 0) throw new FileError('the WAV header gives 0 channels');
  if (sampleRate === 0) throw new FileError('the WAV header gives a sample rate of 0 Hz');
  const reader = encoding === 1 ? `pcm${bits}` : encoding === 3 ? `float${bits}` : '';
  const companded = (encoding === 7 || encoding === 6) && bits === 8 ? 'G.711' : encoding === 17 && bits === 4 ? 'IMA ADPCM' : null;
  if (!readers[reader] && !companded) throw new FileError(`unsupported WAV encoding (format tag ${encoding}, ${bits} bits); ${supportedNote}`);
  if (readers[reader]) {
    if (blockAlign !== (channels * bits) / 8) {
      throw new FileError(`the WAV header's block align is ${blockAlign} bytes; ${channels} channel(s) of ${bits} bits take ${(channels * bits) / 8}`);
    }
    // The pad byte of an odd-sized data chunk, or a partial last frame, is not a sample.
    const frames = Math.floor(header.dataLength / blockAlign);
    if (frames === 0) throw new FileError('the WAV file has no samples');
    const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, frames * blockAlign);
    return { sampleRate, channels: deinterleave(view, channels, frames, bits / 8, readers[reader]) };
  }
  if (blockAlign === 0) throw new FileError('the WAV header gives a block align of 0 bytes');
  return { sampleRate, channels: await expandCompanded(bytes, channels, companded!) };
}

/** µ-law, A-law and IMA ADPCM through wavefile, which turns them into 16-bit PCM. */
async function expandCompanded(bytes: Uint8Array, channels: number, kind: string): Promise<Float32Array[]> {
  // wavefile's Node entry is CommonJS: its exports arrive as the default export.
  const module = (await import('wavefile')) as unknown as { WaveFile?: typeof import('wavefile').WaveFile; default: typeof import('wavefile') };
  const WaveFile = module.WaveFile ?? module.default.WaveFile;
  let pcm: Uint8Array;
  try {
    const wav = new WaveFile(bytes);
    const expand: Record<string, () => void> = { '8m': () => wav.fromMuLaw(), '8a': () => wav.fromALaw(), '4': () => wav.fromIMAADPCM() };
    expand[wav.bitDepth]?.();
    if (wav.bitDepth !== '16') throw new Error(`wavefile read it as ${wav.bitDepth} bits`);
    pcm = (wav.data as { samples: Uint8Array }).samples;
  } catch (error) {
    throw new FileError(`could not decode WAV (${kind}): ${(error as Error).message}`);
  }
  const frames = Math.floor(pcm.length / (2 * channels));
  if (frames === 0) throw new FileError('the WAV file has no samples');
  return deinterleave(new DataView(pcm.buffer, pcm.byteOffset, frames * 2 * channels), channels, frames, 2, readers.pcm16);
}
