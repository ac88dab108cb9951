// The app both bundler fixtures build: import the package by name, compute the mel
// spectrogram of a 1 kHz tone, and publish the result for the browser test.
import { MelSpectrogram, wasmBuild } from 'melspec-wasm';

const tone = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000));
const mel = await MelSpectrogram.create({ numMelBins: 64 });
const { data, shape } = mel.compute(tone);
const [bins, frames] = shape;
let loudest = 0;
for (let m = 0; m < bins; m++) if (data[m * frames + 10] > data[loudest * frames + 10]) loudest = m;
window.result = { shape, loudest, build: await wasmBuild(), finite: data.every(Number.isFinite) };
document.body.textContent = JSON.stringify(window.result);
