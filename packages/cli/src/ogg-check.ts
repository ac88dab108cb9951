// Walks an Ogg file page by page, as the decoders do not: each page's CRC-32, its
// sequence number (a gap is a lost page), the end-of-stream flag on the last page
// (missing when the file is cut short), and the last granule position, which gives the
// stream's length in samples. The decoders skip a bad page and carry on without a word.
import { crc32 } from './crc.js';
import { FileError } from './decode-error.js';

export interface OggLength {
  /** Samples the stream holds by its granule positions, or null when they cannot tell (several streams). */
  samples: number | null;
  /** Where that number comes from, for messages. */
  source: string;
}

const zeros = new Uint8Array(4);
const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** Checks every page of an Ogg Opus or Ogg Vorbis file; throws a FileError naming the first bad page. */
export function checkOgg(bytes: Uint8Array, codec: 'opus' | 'vorbis', name: string): OggLength {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (problem: string) => new FileError(`damaged ${name} file: ${problem}`);
  const nextSequence = new Map<number, number>();
  const ended = new Set<number>();
  let lastGranule = -1;
  let preSkip = 0;
  let page = 0;
  let at = 0;
  for (; at < bytes.length; page++) {
    if (at + 27 > bytes.length)
      throw fail(`page ${page} at byte ${at} is cut short: the file ends in its header (truncated)`);
    if (!ascii(bytes, at, 'OggS') || bytes[at + 4] !== 0)
      throw fail(`no Ogg page at byte ${at} (page ${page}): garbage or a lost page boundary`);
    const flags = bytes[at + 5];
    const serial = view.getUint32(at + 14, true);
    const sequence = view.getUint32(at + 18, true);
    const segments = bytes[at + 26];
    let end = at + 27 + segments;
    if (end <= bytes.length) for (let i = 0; i < segments; i++) end += bytes[at + 27 + i];
    if (end > bytes.length) {
      throw fail(
        `page ${page} at byte ${at} runs past the end of the file (needs ${end - at} bytes, ${bytes.length - at} left: truncated)`,
      );
    }
    let crc = crc32(bytes, at, at + 22);
    crc = crc32(zeros, 0, 4, crc);
    crc = crc32(bytes, at + 26, end, crc);
    if (crc !== view.getUint32(at + 22, true))
      throw fail(`page ${page} at byte ${at} fails its CRC-32 check (corrupted bytes in ${at} to ${end - 1})`);
    const expected = nextSequence.get(serial);
    if (expected === undefined && !(flags & 2))
      throw fail(`page ${page} at byte ${at} starts a stream without the beginning-of-stream flag`);
    if (expected !== undefined && sequence !== expected) {
      throw fail(
        `page ${page} at byte ${at} has sequence number ${sequence} where ${expected} was due: ${sequence - expected} page(s) lost`,
      );
    }
    if (ended.has(serial)) throw fail(`page ${page} at byte ${at} comes after its stream's end-of-stream page`);
    nextSequence.set(serial, sequence + 1);
    if (flags & 4) ended.add(serial);
    // The Opus identification header (first packet, first page) holds the pre-skip.
    if (codec === 'opus' && expected === undefined && ascii(bytes, at + 27 + segments, 'OpusHead')) {
      preSkip = view.getUint16(at + 27 + segments + 10, true);
    }
    // -1 marks a page on which no packet ends.
    const granule = view.getUint32(at + 6, true) + view.getInt32(at + 10, true) * 2 ** 32;
    if (granule !== -1) lastGranule = granule;
    at = end;
  }
  if (page === 0) throw fail('no Ogg pages');
  const open = [...nextSequence.keys()].filter((serial) => !ended.has(serial));
  if (open.length > 0)
    throw fail(`the file ends (byte ${bytes.length}, after page ${page - 1}) before the end-of-stream page: truncated`);
  const single = nextSequence.size === 1;
  return {
    samples: single && lastGranule >= 0 ? Math.max(0, lastGranule - preSkip) : null,
    source: codec === 'opus' ? 'the last granule position less the pre-skip' : 'the last granule position',
  };
}
