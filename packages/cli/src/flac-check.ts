// Walks a native FLAC file frame by frame, as the decoder's parser does not report:
// the metadata blocks must fit in the file, every frame must pass its CRC-16 (a
// damaged or cut-off frame fails it), and the frames' block sizes must add up to the
// total samples in STREAMINFO. The decoder drops a bad frame (and, measured, all the
// frames after it) without an error.
import { crc16, crc8 } from './crc.js';
import { FileError } from './decode-error.js';

export interface FlacLength {
  /** Samples per channel by STREAMINFO, or null when it leaves them unknown (0). */
  samples: number | null;
  source: string;
}

const blockSizes = [0, 192, 576, 1152, 2304, 4608, 0, 0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

/** A frame header at `at`: its length and block size, or null when there is none (no sync, bad CRC-8). */
function frameHeader(bytes: Uint8Array, at: number, variable: number): { length: number; blockSize: number } | null {
  if (
    at + 5 > bytes.length ||
    bytes[at] !== 0xff ||
    (bytes[at + 1] & 0xfe) !== 0xf8 ||
    (bytes[at + 1] & 1) !== variable
  )
    return null;
  const sizeCode = bytes[at + 2] >> 4;
  const rateCode = bytes[at + 2] & 15;
  if (
    sizeCode === 0 ||
    rateCode === 15 ||
    bytes[at + 3] >> 4 > 10 ||
    ((bytes[at + 3] >> 1) & 7) === 3 ||
    bytes[at + 3] & 1
  )
    return null;
  // The frame or sample number, UTF-8 coded: a lead byte and up to six continuation bytes.
  let p = at + 4;
  const lead = bytes[p++];
  let extra = 0;
  while (extra < 7 && lead & (0x80 >> extra)) extra++;
  if (extra === 1 || extra > 7) return null;
  const continuation = extra === 0 ? 0 : extra - 1;
  for (let i = 0; i < continuation; i++) if (p >= bytes.length || (bytes[p++] & 0xc0) !== 0x80) return null;
  let blockSize = blockSizes[sizeCode];
  if (sizeCode === 6) blockSize = bytes[p++] + 1;
  else if (sizeCode === 7) blockSize = ((bytes[p++] << 8) | bytes[p++]) + 1;
  if (rateCode === 12) p += 1;
  else if (rateCode === 13 || rateCode === 14) p += 2;
  if (p >= bytes.length || crc8(bytes, at, p) !== bytes[p]) return null;
  return { length: p + 1 - at, blockSize };
}

/** Checks a native FLAC file's metadata and frames; throws a FileError naming the first bad one. */
export function checkFlac(bytes: Uint8Array): FlacLength {
  const fail = (problem: string) => new FileError(`damaged FLAC file: ${problem}`);
  // Metadata blocks: a 4-byte header each (last-block flag, type, 24-bit length); STREAMINFO first.
  let at = 4;
  let total: number | null = null;
  for (let last = false; !last; ) {
    if (at + 4 > bytes.length)
      throw fail(`the metadata ends at byte ${bytes.length} in the middle of a block header (truncated)`);
    last = (bytes[at] & 0x80) !== 0;
    const type = bytes[at] & 0x7f;
    const length = (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
    if (at + 4 + length > bytes.length)
      throw fail(
        `metadata block at byte ${at} (type ${type}, ${length} bytes) runs past the end of the file (truncated)`,
      );
    if (type === 0) {
      if (length < 34) throw fail(`STREAMINFO is ${length} bytes, not 34`);
      // 36 bits of total samples after 20 bits of rate, 3 of channels and 5 of depth.
      const s = at + 4 + 13;
      total =
        (bytes[s] & 15) * 2 ** 32 +
        ((bytes[s + 1] << 24) >>> 0) +
        (bytes[s + 2] << 16) +
        (bytes[s + 3] << 8) +
        bytes[s + 4];
    } else if (total === null) throw fail('the first metadata block is not STREAMINFO');
    at += 4 + length;
  }
  // An ID3v1 tag that some taggers append (128 bytes from "TAG") is not a frame.
  const n = bytes.length;
  const stop = n >= 128 && bytes[n - 128] === 0x54 && bytes[n - 127] === 0x41 && bytes[n - 126] === 0x47 ? n - 128 : n;
  if (at >= stop) throw fail(`no audio frames after the metadata (the file ends at byte ${bytes.length}: truncated)`);
  // Frames: each ends where the next valid header starts and its CRC-16 (of the whole
  // frame, its own CRC included) is 0; a sync pattern inside frame data is told apart by that.
  const variable = bytes[at + 1] & 1;
  let frame = 0;
  let samples = 0;
  while (at < stop) {
    const header = frameHeader(bytes, at, variable);
    if (!header) throw fail(`no frame header at byte ${at} (frame ${frame}, after sample ${samples})`);
    // Run the CRC from candidate to candidate (each 0xFF byte; Uint8Array.indexOf is native).
    let crc = 0;
    let from = at;
    let end = at + header.length;
    for (;;) {
      end = bytes.indexOf(0xff, end);
      if (end < 0 || end > stop) end = stop;
      crc = crc16(bytes, from, end, crc);
      from = end;
      if (end === stop || (crc === 0 && frameHeader(bytes, end, variable))) break;
      end++;
    }
    if (crc !== 0) {
      throw fail(
        `frame ${frame} at byte ${at} (samples ${samples} to ${samples + header.blockSize - 1}) fails its CRC-16 check: corrupted or cut short`,
      );
    }
    samples += header.blockSize;
    frame++;
    at = end;
  }
  if (total !== null && total > 0 && samples !== total) {
    throw fail(
      `the ${frame} frames hold ${samples} samples, STREAMINFO says ${total}: frames lost or the file cut short`,
    );
  }
  return { samples: total || null, source: "STREAMINFO's total samples" };
}
