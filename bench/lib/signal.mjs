// The benchmark input: the bundled speech sample (espeak-ng, 16 kHz) tiled to the
// wanted length, plus quiet seeded white noise (about -70 dBFS RMS) so that pauses are not
// digital silence: otherwise whole frames sit on the top_db floor in every system
// and agree trivially, which would flatter the |ΔdB| figures.
import { readFileSync } from 'node:fs';
import wavefile from 'wavefile';
import { tileWithNoise } from './tile.mjs';

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
  return tileWithNoise(speech.samples, seconds, sampleRate);
}
