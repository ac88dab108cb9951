// Walks an MP3 file frame by frame, as mpg123-decoder does not report: after the ID3v2
// tag, frame headers must follow one another with no gap up to the end of the file
// (or a trailing ID3v1 / APE tag) and the last frame must be whole. A Xing/Info frame's
// frame count, and its LAME tag's encoder delay and padding, give the length the decoder
// must produce. MP3 frames carry no checksum of their audio: a damaged byte that leaves
// the headers in place is found only when the decoder loses frames over it.
import { FileError } from './decode-error.js';

export interface Mp3Length {
  /** Samples per channel the decoder must produce, or null when no LAME tag tells them exactly. */
  samples: number | null;
  /** Without a LAME tag, at least this many: the frames' samples less one frame (mpg123 gives them all, measured). */
  minimum: number;
  source: string;
}

// Bitrates in kbit/s by [MPEG-1 ? 0 : 1][layer I, II, III][index].
const bitrates = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];
const sampleRates: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface FrameHeader {
  length: number;
  samples: number;
  /** Version, layer and sample rate: the same in every frame of a stream. */
  kind: number;
  mono: boolean;
  mpeg1: boolean;
}

function frameHeader(bytes: Uint8Array, at: number): FrameHeader | null {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (bytes[at + 1] >> 3) & 3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
  const layer = 4 - ((bytes[at + 1] >> 1) & 3); // 1, 2, 3
  const bitrateIndex = bytes[at + 2] >> 4;
  const rateIndex = (bytes[at + 2] >> 2) & 3;
  // Free-format streams (bitrate index 0) have no frame length in the header: not walked.
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const mpeg1 = version === 3;
  const bitrate = bitrates[mpeg1 ? 0 : 1][layer - 1][bitrateIndex] * 1000;
  const rate = sampleRates[version][rateIndex];
  const padding = (bytes[at + 2] >> 1) & 1;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate) / rate) + padding) * 4
      : Math.floor(((layer === 3 && !mpeg1 ? 72 : 144) * bitrate) / rate) + padding;
  const samples = layer === 1 ? 384 : layer === 3 && !mpeg1 ? 576 : 1152;
  return { length, samples, kind: (bytes[at + 1] & 0x1e) * 4 + rateIndex, mono: bytes[at + 3] >> 6 === 3, mpeg1 };
}

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  at + text.length <= bytes.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
const uint32 = (bytes: Uint8Array, at: number) =>
  ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3];

/** Bytes of ID3v2 tags at `at` (a tag may be repeated), 0 when there is none. */
function id3v2Length(bytes: Uint8Array, at: number): number {
  let length = 0;
  while (ascii(bytes, at + length, 'ID3') && at + length + 10 <= bytes.length) {
    const p = at + length;
    const size =
      ((bytes[p + 6] & 0x7f) << 21) |
      ((bytes[p + 7] & 0x7f) << 14) |
      ((bytes[p + 8] & 0x7f) << 7) |
      (bytes[p + 9] & 0x7f);
    length += 10 + size + (bytes[p + 5] & 0x10 ? 10 : 0);
  }
  return length;
}

/** Checks an MP3 file's frame sequence; throws a FileError naming the first break. */
export function checkMp3(bytes: Uint8Array): Mp3Length {
  const fail = (problem: string) => new FileError(`damaged MP3 file: ${problem}`);
  let at = id3v2Length(bytes, 0);
  if (at > bytes.length) throw fail(`the ID3v2 tag (${at} bytes) runs past the end of the file (truncated)`);
  // Some writers pad the tag with zeros beyond its stated size.
  while (at < bytes.length && bytes[at] === 0) at++;
  const first = frameHeader(bytes, at);
  if (!first)
    throw fail(
      at >= bytes.length
        ? `no MPEG audio frames (the file ends at byte ${bytes.length})`
        : `no MPEG audio frame header at byte ${at}`,
    );
  const cutShort = (frame: number, at: number, length: number) =>
    fail(`frame ${frame} at byte ${at} needs ${length} bytes, the file ends after ${bytes.length - at} (truncated)`);
  if (at + first.length > bytes.length) throw cutShort(0, at, first.length);
  // A Xing/Info frame (in the first frame, after the side information) counts the frames.
  const xingAt = at + 4 + (first.mpeg1 ? (first.mono ? 17 : 32) : first.mono ? 9 : 17);
  let counted: number | null = null;
  let gapless: { delay: number; padding: number } | null = null;
  if (ascii(bytes, xingAt, 'Xing') || ascii(bytes, xingAt, 'Info')) {
    const flags = uint32(bytes, xingAt + 4);
    let p = xingAt + 8;
    if (flags & 1) counted = uint32(bytes, p);
    p += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    // The LAME tag (LAME, Lavc/Lavf's, ...): a 9-byte encoder name, then at +21 the 12-bit delay and padding.
    if (counted !== null && /^[A-Za-z]{4}/.test(String.fromCharCode(...bytes.subarray(p, p + 4)))) {
      gapless = {
        delay: (bytes[p + 21] << 4) | (bytes[p + 22] >> 4),
        padding: ((bytes[p + 22] & 15) << 8) | bytes[p + 23],
      };
    }
  }
  // Frames are numbered from the file's first (the Xing/Info frame, when there is one).
  const tagFrames = counted === null ? 0 : 1;
  const audioStart = at + tagFrames * first.length;
  let frames = 0;
  let samples = 0;
  for (at = audioStart; at < bytes.length; ) {
    if (at + 4 > bytes.length)
      throw fail(
        `the file ends ${bytes.length - at} byte(s) into the header of frame ${frames + tagFrames} at byte ${at} (truncated)`,
      );
    const header = frameHeader(bytes, at);
    if (!header || header.kind !== first.kind) {
      // Tags may follow the last frame: ID3v1 ("TAG", 128 bytes), APEv2, Lyrics3, ID3v2.
      if (['TAG', 'APETAGEX', 'LYRICSBEGIN', 'ID3'].some((tag) => ascii(bytes, at, tag))) break;
      throw fail(
        `no MPEG frame header at byte ${at} where frame ${frames + tagFrames} should start (after sample ${samples}): corrupted or lost bytes`,
      );
    }
    if (at + header.length > bytes.length) throw cutShort(frames + tagFrames, at, header.length);
    frames++;
    samples += header.samples;
    at += header.length;
  }
  if (frames === 0) throw fail(`no audio frames after the Xing/Info frame (the file ends at byte ${bytes.length})`);
  // The count leaves out the Xing/Info frame itself (LAME's and ffmpeg's, and mpg123 reads it so).
  if (counted !== null && frames !== counted) {
    throw fail(`${frames} audio frames, the Xing/Info header says ${counted}: frames lost or the file cut short`);
  }
  const exact = gapless ? frames * first.samples - gapless.delay - gapless.padding : null;
  return {
    samples: exact !== null && exact > 0 ? exact : null,
    minimum: exact !== null && exact > 0 ? 0 : Math.max(0, samples - first.samples),
    source:
      exact !== null && exact > 0
        ? `${frames} frames less the LAME tag's encoder delay and padding`
        : `${frames} frames`,
  };
}
