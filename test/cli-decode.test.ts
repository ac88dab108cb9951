// The CLI's decoding of damaged and unusual inputs: every damaged file fails that file
// (exit 1, one line naming the problem and where it is) while its undamaged original
// still passes; 64-bit integer WAV decodes exactly; impossible WAV headers and sample
// rates the resampler cannot take are one-line errors, never "internal error".
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyMelSpectrogramOptions, MelSpectrogram } from 'melspec-wasm';
import { maxDifference, readNpy, readPcm16, repo, runCli, speechWav } from './helpers/cli-inputs';
import { ffmpeg, int64Bytes, junk, wavBytes, writePrefix, writeWithJunk } from './helpers/damaged-inputs';

const work = join(repo, 'build', 'test-output', 'cli-decode');
const input = (name: string) => join(work, 'inputs', name);
let outCount = 0;
const outDir = (name: string) => join(work, 'out', `${++outCount}-${name}`);

const originals: Record<string, string> = {
  wav: 'speech.wav',
  flac: 'speech.flac',
  mp3: 'speech.mp3',
  opus: 'speech.opus',
  vorbis: 'speech.ogg',
};

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'inputs'), { recursive: true });
  writeFileSync(input(originals.wav), readFileSync(speechWav));
  ffmpeg(speechWav, input(originals.flac));
  ffmpeg(speechWav, input(originals.mp3), '-c:a', 'libmp3lame', '-b:a', '128k');
  ffmpeg(speechWav, input(originals.opus), '-c:a', 'libopus', '-b:a', '96k');
  ffmpeg(speechWav, input(originals.vorbis), '-c:a', 'libvorbis', '-q:a', '6');
});

/** Runs the CLI on one file: its exit status and its one error line (without "melspec: <file>: "). */
function runOne(path: string, ...flags: string[]): { status: number | null; error: string; stderr: string } {
  const run = runCli([path, '-o', outDir('run'), '-f', 'npy', ...flags]);
  const line = run.stderr.split('\n').find((l) => l.startsWith(`melspec: ${path}: `)) ?? '';
  return { status: run.status, error: line.slice(`melspec: ${path}: `.length), stderr: run.stderr };
}

/** A failed file: exit 1, its error and the summary on stderr, no internal error or stack trace. */
function expectFileError(path: string, ...flags: string[]): string {
  const { status, error, stderr } = runOne(path, ...flags);
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr.trim().split('\n')).toEqual([`melspec: ${path}: ${error}`, 'melspec: 1 of 1 files failed; 0 done']);
  expect(status).toBe(1);
  return error;
}

describe('the undamaged originals pass', () => {
  test.each(Object.keys(originals))('%s', (format) => {
    const run = runOne(input(originals[format]));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('damaged files fail, naming the problem and where it is', () => {
  const formats = Object.keys(originals);
  const named: Record<string, string> = {
    wav: 'WAV',
    flac: 'FLAC',
    mp3: 'MP3',
    opus: 'Ogg Opus',
    vorbis: 'Ogg Vorbis',
  };
  const extension = (format: string) => originals[format].split('.').pop();

  test.each(formats)('%s cut to half its length', (format) => {
    const source = input(originals[format]);
    const length = Math.floor(statSync(source).size / 2);
    const path = input(`half-${format}.${extension(format)}`);
    writePrefix(source, path, length);
    const error = expectFileError(path);
    console.log(`${format}, half: ${error}`);
    if (format === 'wav') {
      expect(error).toMatch(
        /^the WAV data chunk \(\d+ bytes at byte 44\) runs past the end of the file \(\d+ bytes left\)/,
      );
      return;
    }
    expect(error).toMatch(new RegExp(`^damaged ${named[format]} file: .*(truncated|cut short)`));
    // The place named is before the cut.
    const at = Number(/at byte (\d+)/.exec(error)![1]);
    expect(at).toBeLessThan(length);
  });

  test.each(formats)('%s cut to its first 200 bytes (the headers only)', (format) => {
    const path = input(`head-${format}.${extension(format)}`);
    writePrefix(input(originals[format]), path, 200);
    const error = expectFileError(path);
    console.log(`${format}, 200 bytes: ${error}`);
    const expected: Record<string, RegExp> = {
      wav: /^the WAV data chunk \(\d+ bytes at byte 44\) runs past the end of the file \(156 bytes left\)/,
      flac: /^damaged FLAC file: metadata block at byte \d+ \(type \d+, \d+ bytes\) runs past the end of the file \(truncated\)$/,
      mp3: /^damaged MP3 file: frame 0 at byte \d+ needs \d+ bytes, the file ends after \d+ \(truncated\)$/,
      opus: /^damaged Ogg Opus file: page \d at byte \d+ runs past the end of the file \(needs \d+ bytes, \d+ left: truncated\)$/,
      vorbis:
        /^damaged Ogg Vorbis file: page \d at byte \d+ runs past the end of the file \(needs \d+ bytes, \d+ left: truncated\)$/,
    };
    expect(error).toMatch(expected[format]);
  });

  // Junk from seed 11 over the middle: 64 bytes for the checksummed formats (an Ogg page's
  // CRC-32 or a FLAC frame's CRC-16 catches any change), 512 for MP3, whose frames have no
  // checksum of their audio: 512 bytes are more than a frame (384 here), so they cover a frame
  // header and break the chain of frames.
  test.each([
    [
      'flac',
      64,
      /^damaged FLAC file: frame (\d+) at byte (\d+) \(samples \d+ to \d+\) fails its CRC-16 check: corrupted or cut short$/,
    ],
    [
      'mp3',
      512,
      /^damaged MP3 file: no MPEG frame header at byte (\d+) where frame (\d+) should start \(after sample \d+\): corrupted or lost bytes$/,
    ],
    [
      'opus',
      64,
      /^damaged Ogg Opus file: page \d+ at byte (\d+) fails its CRC-32 check \(corrupted bytes in \d+ to (\d+)\)$/,
    ],
    [
      'vorbis',
      64,
      /^damaged Ogg Vorbis file: page \d+ at byte (\d+) fails its CRC-32 check \(corrupted bytes in \d+ to (\d+)\)$/,
    ],
  ] as const)('%s with %d bytes of junk in the middle', (format, length, message) => {
    const source = input(originals[format]);
    const at = Math.floor(statSync(source).size / 2);
    const path = input(`junk-${format}.${extension(format)}`);
    writeWithJunk(source, path, at, length, 11);
    const error = expectFileError(path);
    console.log(`${format}, ${length} bytes of junk at byte ${at}: ${error}`);
    const match = message.exec(error);
    expect(match).not.toBeNull();
    if (format === 'opus' || format === 'vorbis') {
      // The page named holds the junk.
      expect(Number(match![1])).toBeLessThanOrEqual(at);
      expect(Number(match![2])).toBeGreaterThanOrEqual(at);
    } else {
      // The frame named starts within the junk's reach (it or the frame before it is hit).
      expect(Number(match![format === 'flac' ? 2 : 1])).toBeLessThanOrEqual(at + length);
    }
  });

  /** Byte offsets of an Ogg file's pages, walked by their headers. */
  const oggPages = (bytes: Buffer) => {
    const starts: number[] = [];
    for (let at = 0; at < bytes.length; ) {
      expect(bytes.toString('latin1', at, at + 4)).toBe('OggS');
      starts.push(at);
      const segments = bytes[at + 26];
      at += 27 + segments + [...bytes.subarray(at + 27, at + 27 + segments)].reduce((a, b) => a + b, 0);
    }
    return starts;
  };

  test.each(['opus', 'vorbis'])('%s with a whole page taken out (every other page intact)', (format) => {
    const bytes = readFileSync(input(originals[format]));
    const pages = oggPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    const lost = pages.length - 2; // an audio page before the last
    const path = input(`lost-page-${format}.${extension(format)}`);
    writeFileSync(path, Buffer.concat([bytes.subarray(0, pages[lost]), bytes.subarray(pages[lost + 1])]));
    expect(expectFileError(path)).toBe(
      `damaged ${named[format]} file: page ${lost} at byte ${pages[lost]} has sequence number ${lost + 1} where ${lost} was due: 1 page(s) lost`,
    );
  });

  test('mp3 with a whole frame taken out: the Xing/Info frame count tells', () => {
    const bytes = readFileSync(input(originals.mp3));
    // After the ID3v2 tag: 384-byte frames (128 kbit/s at 48 kHz, never padded), the first the Info frame.
    const first = 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]);
    const frames = (bytes.length - first) / 384;
    expect(Number.isInteger(frames)).toBe(true);
    for (let i = 0; i < frames; i++) expect(bytes.readUInt16BE(first + 384 * i) & 0xffe0).toBe(0xffe0);
    const at = first + 384 * 20;
    const path = input('lost-frame.mp3');
    writeFileSync(path, Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 384)]));
    expect(expectFileError(path)).toBe(
      `damaged MP3 file: ${frames - 2} audio frames, the Xing/Info header says ${frames - 1}: frames lost or the file cut short`,
    );
  });

  test('flac whose STREAMINFO promises 4096 samples more than its frames hold', () => {
    const bytes = Buffer.from(readFileSync(input(originals.flac)));
    // STREAMINFO's body starts at byte 8; its 36-bit total ends at byte 25 (the low 32 bits at 22).
    expect(bytes.readUInt32BE(22)).toBe(68545);
    bytes.writeUInt32BE(68545 + 4096, 22);
    const path = input('streaminfo-longer.flac');
    writeFileSync(path, bytes);
    expect(expectFileError(path)).toMatch(
      /^damaged FLAC file: the \d+ frames hold 68545 samples, STREAMINFO says 72641: frames lost or the file cut short$/,
    );
  });

  test('WAV with junk over its fmt header', () => {
    // PCM samples have no checksum: junk in them is just other samples. Junk over the header is caught.
    const path = input('junk-fmt.wav');
    writeWithJunk(input(originals.wav), path, 20, 16, 11);
    const error = expectFileError(path);
    console.log(`wav, junk over the fmt chunk: ${error}`);
    expect(error).toMatch(/WAV/);
  });
});

/** The API's result on the same samples: what the CLI must write. */
async function apiResult(samples: Float32Array, options: Record<string, unknown>) {
  const mel = await MelSpectrogram.create(options as AnyMelSpectrogramOptions);
  try {
    const { data, shape } = mel.compute(samples) as { data: Float32Array; shape: number[] };
    return { data: data.slice(), shape };
  } finally {
    mel.dispose();
  }
}

describe('WAV headers', () => {
  test('64-bit integer PCM decodes to x / 2^63', async () => {
    // The speech in the top 16 bits, with deterministic low bits (xorshift, seed 5) that
    // float32 keeps for the quiet samples; and the extremes.
    const speech = readPcm16(speechWav).samples;
    const low = junk(4 * speech.length, 5);
    const values = Array.from(speech, (x, i) => {
      const top = BigInt(Math.round(x * 32768)) << 48n;
      // Every fourth sample quiet (|x| < 2^-24): there the low word decides the float32.
      return i % 4 === 3 ? BigInt(low.readInt32LE(4 * i)) * 4n + BigInt(low[i]) : top + BigInt(low.readUInt32LE(4 * i));
    });
    values[0] = -(2n ** 63n);
    values[1] = 2n ** 63n - 1n;
    const path = input('speech_s64.wav');
    writeFileSync(path, wavBytes({ channels: 1, sampleRate: 48000, bitsPerSample: 64, data: int64Bytes(values) }));
    const expected = Float32Array.from(values, (value) => Number(value) / 2 ** 63);
    expect(expected[0]).toBe(-1);
    expect(expected[3]).not.toBe(0);
    expect(Math.abs(expected[3])).toBeLessThan(2 ** -24);
    const out = outDir('s64');
    const run = runCli([path, '-o', out, '-f', 'npy']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const npy = readNpy(join(out, 'speech_s64.npy'));
    const reference = await apiResult(expected, { sampling_rate: 48000 });
    expect(npy.shape).toEqual(reference.shape);
    // The same float32 samples reach the same engine: bit-identical.
    expect(maxDifference(npy.data, reference.data)).toBe(0);
  });

  const pcm16 = (count: number) => junk(2 * count, 3);
  test.each([
    [
      '0 channels',
      { channels: 0, sampleRate: 48000, bitsPerSample: 16, blockAlign: 2, data: pcm16(1000) },
      'the WAV header gives 0 channels',
    ],
    [
      '0 Hz',
      { channels: 1, sampleRate: 0, bitsPerSample: 16, data: pcm16(1000) },
      'the WAV header gives a sample rate of 0 Hz',
    ],
    [
      'a block align of 3 for 16-bit mono',
      { channels: 1, sampleRate: 48000, bitsPerSample: 16, blockAlign: 3, data: pcm16(1000) },
      "the WAV header's block align is 3 bytes; 1 channel(s) of 16 bits take 2",
    ],
    [
      '65535-byte block align on float',
      { formatTag: 3, channels: 2, sampleRate: 48000, bitsPerSample: 32, blockAlign: 65535, data: pcm16(1000) },
      "the WAV header's block align is 65535 bytes; 2 channel(s) of 32 bits take 8",
    ],
    [
      '0 bits',
      { channels: 1, sampleRate: 48000, bitsPerSample: 0, blockAlign: 2, data: pcm16(1000) },
      'unsupported WAV encoding (format tag 1, 0 bits); PCM 8/16/24/32/64-bit, float 32/64, µ-law, A-law and IMA ADPCM are supported',
    ],
    [
      '65535 bits',
      { channels: 1, sampleRate: 48000, bitsPerSample: 65535, blockAlign: 2, data: pcm16(1000) },
      'unsupported WAV encoding (format tag 1, 65535 bits); PCM 8/16/24/32/64-bit, float 32/64, µ-law, A-law and IMA ADPCM are supported',
    ],
    [
      'a data chunk past the end (16-bit PCM)',
      { channels: 1, sampleRate: 48000, bitsPerSample: 16, data: pcm16(1000), dataSize: 4000 },
      'the WAV data chunk (4000 bytes at byte 44) runs past the end of the file (2000 bytes left): truncated or a streaming header',
    ],
    [
      'a data chunk past the end (extensible float32)',
      { extensible: 3, channels: 2, sampleRate: 48000, bitsPerSample: 32, data: pcm16(1000), dataSize: 0xffffffff },
      'the WAV data chunk (4294967295 bytes at byte 68) runs past the end of the file (2000 bytes left): truncated or a streaming header',
    ],
  ])('%s: one line, that file fails', (name, spec, message) => {
    const path = input(`header-${name.replace(/\W+/g, '-')}.wav`);
    writeFileSync(path, wavBytes(spec));
    expect(expectFileError(path)).toBe(message);
  });

  test('the same data within the file decodes (the headers above are the only fault)', () => {
    const path = input('header-good.wav');
    writeFileSync(
      path,
      wavBytes({ extensible: 3, channels: 2, sampleRate: 48000, bitsPerSample: 32, data: new Uint8Array(8000) }),
    );
    expect(runOne(path).status).toBe(0);
  });
});

describe('sample rates the resampler cannot take', () => {
  const speech16 = () => readFileSync(speechWav).subarray(44);

  test('a valid 384 kHz WAV under --preset whisper (resampled to 16 kHz): one line naming the rates', () => {
    const path = input('speech_384k.wav');
    writeFileSync(path, wavBytes({ channels: 1, sampleRate: 384000, bitsPerSample: 16, data: speech16() }));
    expect(expectFileError(path, '-p', 'whisper')).toBe(
      'cannot resample from 384000 Hz to 16000 Hz: the resampler takes 1 to 192000 Hz, within a factor of 256',
    );
    // At its own rate (no resampling) the file is fine.
    expect(runOne(path).status).toBe(0);
  });

  test('a 50 Hz WAV to 16 kHz is more than a factor of 256', () => {
    const path = input('speech_50hz.wav');
    writeFileSync(path, wavBytes({ channels: 1, sampleRate: 50, bitsPerSample: 16, data: speech16() }));
    expect(expectFileError(path, '-p', 'whisper')).toBe(
      'cannot resample from 50 Hz to 16000 Hz: the resampler takes 1 to 192000 Hz, within a factor of 256',
    );
  });
});
