// Audio files for the CLI tests, made at test time from a real recording:
// Debian's alsa-utils speech file (48 kHz, 16-bit mono), converted by ffmpeg to
// the other WAV encodings, MP3, FLAC, Ogg Opus and Ogg Vorbis, plus broken files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'npyjs';
import { WaveFile } from 'wavefile';
import { ffmpeg, junk } from './damaged-inputs';

export const speechWav = '/usr/share/sounds/alsa/Front_Center.wav';
export const repo = join(__dirname, '..', '..');
export const cliPath = join(repo, 'packages', 'cli', 'dist', 'cli.js');

/** The 16-bit samples of a PCM WAV as floats (x / 32768), read without any WAV library. */
export function readPcm16(path: string): { samples: Float32Array; sampleRate: number } {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      if (view.getUint16(at + 8 + 14, true) !== 16 || view.getUint16(at + 8 + 2, true) !== 1)
        throw new Error(`${path}: not 16-bit mono`);
      sampleRate = view.getUint32(at + 8 + 4, true);
    }
    if (id === 'data') {
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(at + 8 + 2 * i, true) / 32768;
      return { samples, sampleRate };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Makes every input file in `dir` (once per test run) and returns their paths by name. */
export function makeInputs(dir: string): Record<string, string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const files: Record<string, string> = {};
  const add = (key: string, name: string, make: (out: string) => void) => {
    make(path(name));
    files[key] = path(name);
  };
  add('s16', 'speech_s16.wav', (out) => writeFileSync(out, readFileSync(speechWav)));
  for (const [key, codec] of [
    ['u8', 'pcm_u8'],
    ['s24', 'pcm_s24le'],
    ['s32', 'pcm_s32le'],
    ['f32', 'pcm_f32le'],
    ['f64', 'pcm_f64le'],
  ]) {
    add(key, `speech_${key}.wav`, (out) => ffmpeg(speechWav, out, '-c:a', codec));
  }
  // 24-bit FLAC; WAVE_FORMAT_EXTENSIBLE float32 (two channels) and 24-bit (three channels), all
  // channels the speech: their mean is the speech again.
  add('flac24', 'speech24.flac', (out) => ffmpeg(files.s24, out, '-c:a', 'flac'));
  add('f32x2', 'speech_f32x2.wav', (out) =>
    ffmpeg(speechWav, out, '-af', 'pan=stereo|c0=c0|c1=c0', '-c:a', 'pcm_f32le'),
  );
  add('s24x3', 'speech_s24x3.wav', (out) =>
    ffmpeg(
      speechWav,
      out,
      '-filter_complex',
      '[0:a]asplit=3[a][b][c];[a][b][c]join=inputs=3:channel_layout=3.0',
      '-c:a',
      'pcm_s24le',
    ),
  );
  add('mulaw', 'speech_mulaw.wav', (out) => ffmpeg(speechWav, out, '-c:a', 'pcm_mulaw'));
  add('flac', 'speech.flac', (out) => ffmpeg(speechWav, out));
  add('mp3', 'speech.mp3', (out) => ffmpeg(speechWav, out, '-c:a', 'libmp3lame', '-b:a', '128k'));
  add('opus', 'speech.opus', (out) => ffmpeg(speechWav, out, '-c:a', 'libopus', '-b:a', '96k'));
  add('vorbis', 'speech.ogg', (out) => ffmpeg(speechWav, out, '-c:a', 'libvorbis', '-q:a', '6'));
  // Left: the speech; right: silence. The mean is the speech at half amplitude.
  add('stereo', 'speech_stereo.wav', (out) =>
    ffmpeg(speechWav, out, '-af', 'pan=stereo|c0=c0|c1=0*c0', '-c:a', 'pcm_s16le'),
  );
  // Microsoft ADPCM: a real WAV encoding the CLI does not decode.
  add('msadpcm', 'speech_msadpcm.wav', (out) => ffmpeg(speechWav, out, '-c:a', 'adpcm_ms'));
  // An MP3 whose frames are junk after a valid ID3 tag.
  add('corrupt', 'corrupt.mp3', (out) =>
    writeFileSync(out, Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'), junk(6000, 7)])),
  );
  add('text', 'notes.txt', (out) => writeFileSync(out, 'not audio\n'));
  add('empty', 'empty.wav', (out) => writeFileSync(out, Buffer.alloc(0)));
  files.missing = path('missing.wav');
  return files;
}

/** A mono float32 WAV of `samples` (wavefile writes it; the CLI reads it). */
export function writeFloatWav(path: string, samples: Float32Array, sampleRate: number): void {
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '32f', samples);
  writeFileSync(path, wav.toBuffer());
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `melspec` (packages/cli/dist/cli.js) with its output piped, as in a script. */
export function runCli(args: string[]): CliRun {
  const run = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: repo, timeout: 120000 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function readNpy(path: string): { data: Float32Array | Float64Array; shape: number[]; dtype: string } {
  const bytes = readFileSync(path);
  const array = parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  if (array.fortranOrder) throw new Error(`${path}: Fortran order`);
  return { data: array.data as Float32Array | Float64Array, shape: array.shape, dtype: array.dtype };
}

export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Whether numpy can be imported by Debian's python3 (scripts/setup.sh installs python3-numpy). */
export const debianPython = '/usr/bin/python3';
export const haveNumpy = () => existsSync(debianPython) && spawnSync(debianPython, ['-c', 'import numpy']).status === 0;
