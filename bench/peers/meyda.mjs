// Meyda's 'melBands' feature, frame by frame as its offline API works; the harness
// does the Keras framing (reflect pad fftLength//2, hop) and turns Meyda's ln(1 + E)
// back into power (expm1) for Keras' dB and top_db. What cannot be configured to Keras:
// symmetric Hann ('hanning', N-1 denominator); mel scale 1125*ln(1 + f/700) spanning
// 0 Hz to Nyquist (min/max frequency are fixed); triangles in Hz snapped to integer FFT
// bins; the Nyquist bin is dropped; power-of-two buffers only (no 400). Its numbers are
// a different mel spectrogram, so its |ΔdB| says how far off a drop-in would be.
import Meyda from 'meyda';
import { frameCount, powerToDb, reflectPad } from '../lib/keras.mjs';

let config = null;

export default {
  name: 'meyda',
  packageName: 'meyda',
  matchesKeras: false,
  notes:
    "Meyda.extract('melBands') per frame, windowingFunction 'hanning' (symmetric); its own 0-Nyquist 1125-mel bin-snapped filterbank; harness framing + expm1 + dB",
  unsupported: ({ fftLength }) =>
    (fftLength & (fftLength - 1)) === 0 ? null : `Meyda needs a power-of-two buffer, not ${fftLength}`,
  setup(presetConfig) {
    config = presetConfig;
    Meyda.bufferSize = config.fftLength;
    Meyda.sampleRate = config.samplingRate;
    Meyda.melBands = config.numMelBins;
    Meyda.windowingFunction = 'hanning';
  },
  compute(signal) {
    const { fftLength, sequenceStride, numMelBins } = config;
    const padded = reflectPad(signal, Math.floor(fftLength / 2));
    const frames = frameCount(signal.length, config);
    const data = new Float32Array(numMelBins * frames);
    for (let t = 0; t < frames; t++) {
      const bands = Meyda.extract('melBands', padded.subarray(t * sequenceStride, t * sequenceStride + fftLength));
      for (let m = 0; m < numMelBins; m++) data[m * frames + t] = Math.expm1(bands[m]);
    }
    return { data: powerToDb(data, config), frames };
  },
};
