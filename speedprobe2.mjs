import vm from 'node:vm';
import v8 from 'node:v8';
import { MelSpectrogram } from 'melspec-wasm';
import { makeSignal } from './bench/lib/signal.mjs';
const useGc = process.argv[2] === 'gc';
if (useGc) v8.setFlagsFromString('--expose-gc');
const gc = useGc ? vm.runInNewContext('gc') : () => {};
const speech = makeSignal(60);
const mel = await MelSpectrogram.create({ fftLength: 400, sequenceStride: 160, numMelBins: 80 });
const out = new Float32Array(mel.outputShape(speech).reduce((a, b) => a * b));
for (let i = 0; i < 3; i++) mel.computeInto(speech, out);
const t = []; for (let i = 0; i < 9; i++) { gc(); const a = performance.now(); mel.computeInto(speech, out); t.push(performance.now() - a); }
t.sort((a, b) => a - b); console.log(useGc ? 'with gc' : 'no gc', t[4].toFixed(2), t.map(x=>x.toFixed(1)).join(' '));
