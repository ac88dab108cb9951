import { MelSpectrogram } from 'melspec-wasm';
import { makeSignal } from './bench/lib/signal.mjs';
const speech = makeSignal(60);
const chirp = Float32Array.from({ length: 16000 * 60 }, (_, i) => 0.3 * Math.sin(i * 0.01 + i * i * 1e-9) + 0.01 * Math.sin(i * 1.3));
const noise = makeSignal(60).map((x, i) => Math.sin(i * 12.9898) * 43758.5453 % 1 * 0.1);
for (const opts of [{}, { fftLength: 400, sequenceStride: 160, numMelBins: 80 }]) {
  const mel = await MelSpectrogram.create(opts);
  for (const [name, sig] of [['speech', speech], ['chirp', chirp], ['noise', noise]]) {
    const out = new Float32Array(mel.outputShape(sig).reduce((a, b) => a * b));
    for (let i = 0; i < 3; i++) mel.computeInto(sig, out);
    const t = []; for (let i = 0; i < 9; i++) { const a = performance.now(); mel.computeInto(sig, out); t.push(performance.now() - a); }
    t.sort((a, b) => a - b); console.log(JSON.stringify(opts), name, t[4].toFixed(2));
  }
  mel.dispose();
}
