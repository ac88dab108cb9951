// Damaged audio files for the CLI's decoding tests, made at test time from ffmpeg's
// conversions of alsa-utils' speech file: cut short, cut to the first bytes, junk
// written over the middle (a fixed seed), and WAV files with headers written byte by byte.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Deterministic junk (xorshift32 from `seed`), so that a failing run can be repeated. */
export function junk(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

export const ffmpeg = (input: string, output: string, ...args: string[]) =>
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', input, ...args, output]);

/** Writes the first `length` bytes of `source` to `path`. */
export function writePrefix(source: string, path: string, length: number): void {
  writeFileSync(path, readFileSync(source).subarray(0, length));
}

/** Writes `source` with `length` bytes of junk (seed `seed`) over it from byte `at`. */
export function writeWithJunk(source: string, path: string, at: number, length: number, seed: number): void {
  const bytes = Buffer.from(readFileSync(source));
  junk(length, seed).copy(bytes, at);
  writeFileSync(path, bytes);
}

export interface WavSpec {
  formatTag?: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Default: channels × bytes per sample. */
  blockAlign?: number;
  /** WAVE_FORMAT_EXTENSIBLE with this format tag in the sub-format GUID. */
  extensible?: number;
  data: Uint8Array;
  /** The data chunk's size field; default: the data's length. */
  dataSize?: number;
}

/** A RIFF/WAVE file with exactly the header fields given (no checks: bad headers are the point). */
export function wavBytes(spec: WavSpec): Buffer {
  const { channels, sampleRate, bitsPerSample, data } = spec;
  const blockAlign = spec.blockAlign ?? (channels * bitsPerSample) / 8;
  const fmt = Buffer.alloc(spec.extensible === undefined ? 16 : 40);
  fmt.writeUInt16LE(spec.extensible === undefined ? (spec.formatTag ?? 1) : 0xfffe, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(sampleRate, 4);
  fmt.writeUInt32LE(sampleRate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bitsPerSample, 14);
  if (spec.extensible !== undefined) {
    fmt.writeUInt16LE(22, 16); // cbSize
    fmt.writeUInt16LE(bitsPerSample, 18); // valid bits
    fmt.writeUInt32LE(channels === 1 ? 4 : 3, 20); // channel mask
    // KSDATAFORMAT_SUBTYPE_*: the format tag, then 00000000-0010-8000-00AA00389B71.
    fmt.writeUInt16LE(spec.extensible, 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(fmt, 26);
  }
  const chunk = (id: string, body: Uint8Array, size = body.length) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(size, 4);
    return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
  };
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), chunk('data', data, spec.dataSize)]);
  return Buffer.concat([chunk('RIFF', body)]);
}

/** Little-endian 64-bit integers, from BigInts. */
export function int64Bytes(values: bigint[]): Buffer {
  const out = Buffer.alloc(8 * values.length);
  for (const [i, value] of values.entries()) out.writeBigInt64LE(value, 8 * i);
  return out;
}
