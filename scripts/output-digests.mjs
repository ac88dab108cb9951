// Prints a digest of the output of a few configs (compute() and a running-max
// stream, float32 and float64, quiet and near-limit signals) from the built dist/
// of a checkout, so that two builds can be compared bit for bit:
//   node scripts/output-digests.mjs ROOT simd|scalar > a.txt   (ROOT: a checkout with dist/ built)
// Used to check that the C++ plan/workspace split left every output unchanged.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
const [root, build] = process.argv.slice(2);
const { MelSpectrogram, init, wasmBuild } = await import(`${resolve(root)}/dist/node.js`);
await init({ simd: build === 'simd' });
const which = await wasmBuild();
function signal(n, loud = 1, seed = 1) {
  const x = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = loud * (0.3 * ((s >>> 8) / 16777216 - 0.5) + 0.6 * Math.sin(0.002 * i + 1e-6 * i * i));
  }
  return x;
}
const cases = [
  ['keras', {}],
  ['whisper', { preset: 'whisper', n_mels: 80 }],
  ['whisper_pad', { preset: 'whisper', n_mels: 80, pad_or_trim: true }],
  ['torchaudio', { preset: 'torchaudio', n_fft: 400, hop_length: 160 }],
  ['librosa', { preset: 'librosa', sr: 22050, power_to_db: true }],
  ['odd511', { fftLength: 511, sequenceStride: 100, numMelBins: 40, magExp: 1, powerToDb: false }],
  ['magexp_half', { fftLength: 256, sequenceStride: 64, numMelBins: 32, magExp: 0.5 }],
];
const lines = [];
for (const [name, options] of cases)
  for (const dtype of ['float32', 'float64'])
    for (const loud of [1, dtype === 'float32' ? 3e37 : 1e306]) {
      const mel = await MelSpectrogram.create({ ...options, dtype });
      const T = dtype === 'float32' ? Float32Array : Float64Array;
      const x = T.from(signal(12345, loud));
      const hash = createHash('sha256');
      const out = mel.compute(x);
      hash.update(Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength));
      if (!options.pad_or_trim && !(options.preset === 'librosa')) {
        const stream = mel.createStream({ dbMode: 'running-max' });
        for (let o = 0; o < x.length; o += 1000) {
          const r = stream.push(x.subarray(o, o + 1000));
          hash.update(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength));
        }
        const r = stream.flush();
        hash.update(Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength));
        stream.dispose();
      }
      mel.dispose();
      lines.push(`${which} ${name} ${dtype} loud=${loud} ${hash.digest('hex').slice(0, 16)}`);
    }
console.log(lines.join('\n'));
