// fft.js (the fastest pure-JS radix-4 FFT) inside the hand-assembled Keras pipeline.
// Float64 throughout; power-of-two sizes only, so no Whisper-like (400) run.
import FFT from 'fft.js';
import { handPipeline } from '../lib/hand-pipeline.mjs';

let compute = null;

export default {
  name: 'fft.js',
  packageName: 'fft.js',
  matchesKeras: true,
  notes: 'hand-assembled Keras pipeline (lib/hand-pipeline.mjs, sparse mel) on FFT.realTransform, float64',
  unsupported: ({ fftLength }) =>
    (fftLength & (fftLength - 1)) === 0 ? null : `fft.js needs a power-of-two size, not ${fftLength}`,
  setup(config) {
    const n = config.fftLength;
    const fft = new FFT(n);
    const input = new Float64Array(n);
    const spectrum = fft.createComplexArray();
    compute = handPipeline(config, (padded, offset, window, power) => {
      for (let i = 0; i < n; i++) input[i] = padded[offset + i] * window[i];
      fft.realTransform(spectrum, input); // fills bins 0 .. n/2, all we need
      for (let k = 0; k <= n / 2; k++) power[k] = spectrum[2 * k] ** 2 + spectrum[2 * k + 1] ** 2;
    });
  },
  compute: (signal) => compute(signal),
};
