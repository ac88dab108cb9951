// The benchmark input: the bundled speech sample (espeak-ng, 16 kHz) tiled to the
// wanted length, plus quiet seeded white noise (about -70 dBFS RMS) so that pauses are not
// digital silence: otherwise whole frames sit on the top_db floor in every system
// and agree trivially, which would flatter the |ΔdB| figures.
import { readFileSync } from 'node:fs';
import wavefile from 'wavefile';

export const SPEECH_WAV = new URL('../../demo/assets/speech-16k.wav', import.meta.url);

/** A mono WAV file -> { samples: Float32Array in [-1, 1), sampleRate } (wavefile decodes it). */
export function readMonoWav(path) {
  const wav = new wavefile.WaveFile(readFileSync(path));
  if (wav.fmt.numChannels !== 1) throw new Error(`${path}: expected mono, got ${wav.fmt.numChannels} channels`);
  wav.toBitDepth('32f');
  return { samples: wav.getSamples(false, Float32Array), sampleRate: wav.fmt.sampleRate };
}

/** Deterministic: the same seconds give the same samples on every run and machine. */
export function makeSignal(seconds, sampleRate = 16000) {
  const speech = readMonoWav(SPEECH_WAV);
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
