// The Keras pipeline around a bare FFT, for the FFT-only peers (fft.js, pffft-wasm):
// reflect pad fftLength//2, periodic Hann, |X|^2, sparse mel projection (each band
// sums only its own run of bins), 10*log10(max(x, 1e-10)), top_db over the tensor.
import { frameCount, periodicHann, powerToDb, reflectPad, sparseMelWeights } from './keras.mjs';

/**
 * `powerSpectrum(padded, offset, window, power)` must write |FFT(window * padded[offset ..
 * offset + fftLength))|^2 for bins 0 .. fftLength/2 into `power`.
 * Returns compute(signal) -> { data: Float32Array [numMelBins, frames], frames }.
 */
export function handPipeline(config, powerSpectrum) {
  const { fftLength, sequenceStride, numMelBins } = config;
  const window = periodicHann(fftLength);
  const bands = sparseMelWeights(config);
  const power = new Float64Array(Math.floor(fftLength / 2) + 1);
  return (signal) => {
    const padded = reflectPad(signal, Math.floor(fftLength / 2));
    const frames = frameCount(signal.length, config);
    const data = new Float32Array(numMelBins * frames);
    for (let t = 0; t < frames; t++) {
      powerSpectrum(padded, t * sequenceStride, window, power);
      for (let m = 0; m < numMelBins; m++) {
        const { start, weights } = bands[m];
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k] * power[start + k];
        data[m * frames + t] = sum;
      }
    }
    return { data: powerToDb(data, config), frames };
  };
}
