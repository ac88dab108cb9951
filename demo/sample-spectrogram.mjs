// `npm start`: the mel spectrogram of a WAV file (by default the bundled speech
// sample), with Keras' default options: prints its shape, a summary and a
// coarse picture in the terminal.
//
//   node demo/sample-spectrogram.mjs [file.wav]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import wavefile from 'wavefile';
import { MelSpectrogram } from 'melspec-wasm';

const path = process.argv[2] ?? fileURLToPath(new URL('./assets/speech-16k.wav', import.meta.url));

function readMonoWav(file) {
  const wav = new wavefile.WaveFile(readFileSync(file));
  wav.toBitDepth('32f'); // any PCM or float WAV to floats in [-1, 1]
  const samples = wav.getSamples(false, Float32Array);
  const channels = Array.isArray(samples) ? samples : [samples];
  const mono = new Float32Array(channels[0].length);
  for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i] += channel[i] / channels.length;
  return { signal: mono, samplingRate: wav.fmt.sampleRate, channels: channels.length };
}

const { signal, samplingRate, channels } = readMonoWav(path);
const started = performance.now();
const mel = await MelSpectrogram.create({ samplingRate }); // every other option: Keras' default
const created = performance.now();
const { data, shape } = mel.compute(signal);
const computed = performance.now();
const [bins, frames] = shape;

let min = Infinity;
let max = -Infinity;
let sum = 0;
for (const value of data) {
  min = Math.min(min, value);
  max = Math.max(max, value);
  sum += value;
}
const seconds = signal.length / samplingRate;
console.log(`input   ${path}`);
console.log(
  `        ${signal.length} samples, ${samplingRate} Hz, ${channels} channel(s) -> mono, ${seconds.toFixed(2)} s`,
);
console.log(`options ${JSON.stringify({ ...mel.options, window: mel.options.window })}`);
console.log(`output  shape [${shape.join(', ')}] (num_mel_bins, frames), ${data.constructor.name}`);
console.log(`        dB min ${min.toFixed(2)}, max ${max.toFixed(2)}, mean ${(sum / data.length).toFixed(2)}`);
console.log(
  `time    load + create ${(created - started).toFixed(1)} ms, compute ${(computed - created).toFixed(2)} ms`,
);

// A coarse picture: 16 mel rows (high at the top) by up to 72 columns, darker = louder.
const shades = ' .:-=+*#%@';
const rows = 16;
const columns = Math.min(72, frames);
console.log('\nmel band (high to low) over time:');
for (let r = rows - 1; r >= 0; r--) {
  let line = '';
  for (let c = 0; c < columns; c++) {
    let peak = -Infinity;
    for (let m = Math.floor((r * bins) / rows); m < Math.floor(((r + 1) * bins) / rows); m++) {
      for (
        let t = Math.floor((c * frames) / columns);
        t < Math.max(Math.floor(((c + 1) * frames) / columns), Math.floor((c * frames) / columns) + 1);
        t++
      ) {
        peak = Math.max(peak, data[m * frames + t]);
      }
    }
    const level = Math.max(0, Math.min(1, (peak - (max - 80)) / 80));
    line += shades[Math.min(shades.length - 1, Math.floor(level * shades.length))];
  }
  console.log(`  |${line}|`);
}
mel.dispose();
