// Which audio format a file holds, from its first bytes (not its name).

export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'opus' | 'vorbis';

export const formatNames: Record<AudioFormat, string> = {
  wav: 'WAV',
  mp3: 'MP3',
  flac: 'FLAC',
  opus: 'Ogg Opus',
  vorbis: 'Ogg Vorbis',
};

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

function includes(bytes: Uint8Array, text: string, limit: number): boolean {
  const end = Math.min(bytes.length, limit) - text.length;
  for (let i = 0; i <= end; i++) if (ascii(bytes, i, text)) return true;
  return false;
}

/** The bytes detectFormat looks at, at most: the start of a file. */
export const formatHeadBytes = 512;

/** The format of `bytes`, or null when it is none of those supported. */
export function detectFormat(bytes: Uint8Array): AudioFormat | null {
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WAVE')) return 'wav';
  if (ascii(bytes, 0, 'fLaC')) return 'flac';
  if (ascii(bytes, 0, 'OggS')) {
    // The first page carries the codec's identification header.
    if (includes(bytes, 'OpusHead', formatHeadBytes)) return 'opus';
    if (includes(bytes, '\x01vorbis', formatHeadBytes)) return 'vorbis';
    return null;
  }
  if (ascii(bytes, 0, 'ID3')) return 'mp3';
  // An MPEG audio frame header: 11 sync bits, layer III/II/I, not the reserved values.
  if (
    bytes.length >= 4 &&
    bytes[0] === 0xff &&
    (bytes[1] & 0xe0) === 0xe0 &&
    (bytes[1] & 0x06) !== 0 &&
    (bytes[2] & 0xf0) !== 0xf0
  ) {
    return 'mp3';
  }
  return null;
}
