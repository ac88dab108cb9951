// The benchmark input: the bundled speech sample (espeak-ng, 16 kHz) tiled to the
// wanted length, plus quiet seeded white noise (about -70 dBFS RMS) so that pauses are not
// digital silence: otherwise whole frames sit on the top_db floor in every system
// and agree trivially, which would flatter the |ΔdB| figures.
import { readFileSync } from 'node:fs';

export const SPEECH_WAV = new URL('../../demo/assets/speech-16k.wav', import.meta.url);

/** Mono 16-bit PCM WAV -> { samples: Float32Array in [-1, 1), sampleRate }. */
export function readPcm16Wav(path) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset) => bytes.toString('latin1', offset, offset + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${path}: not a RIFF/WAVE file`);
  let format = null;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (tag(offset) === 'fmt ') {
      format = {
        code: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (tag(offset) === 'data') {
      if (!format || format.code !== 1 || format.channels !== 1 || format.bits !== 16) {
        throw new Error(`${path}: expected mono 16-bit PCM, got ${JSON.stringify(format)}`);
      }
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + 2 * i, true) / 32768;
      return { samples, sampleRate: format.sampleRate };
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Deterministic: the same seconds give the same samples on every run and machine. */
export function makeSignal(seconds, sampleRate = 16000) {
  const speech = readPcm16Wav(SPEECH_WAV);
  if (speech.sampleRate !== sampleRate) throw new Error(`speech sample is ${speech.sampleRate} Hz, need ${sampleRate}`);
  const out = new Float32Array(Math.round(seconds * sampleRate));
  let state = 0x9e3779b9; // xorshift32: tiny, seeded, reproducible
  for (let i = 0; i < out.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state >>> 0) / 2 ** 32 - 0.5) * 1e-3;
    out[i] = speech.samples[i % speech.samples.length] + noise;
  }
  return out;
}
