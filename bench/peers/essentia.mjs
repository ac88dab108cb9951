// Essentia.js (Essentia compiled to WASM), frame by frame through its standard-mode
// algorithms as its docs show: Windowing('hann', normalized false, zeroPhase false) ->
// Spectrum -> MelBands(type 'power', htkMel, 'warping' i.e. triangles in mel space,
// 'unit_max' i.e. peak 1, 20..8000 Hz). The harness does the Keras framing (reflect pad,
// hop) and Keras' dB/top_db (Essentia's log option is log10(1 + E)). What differs from
// Keras: Essentia's Hann is symmetric (N-1 denominator), and TriangularBands assigns
// FFT bins to bands by rounding bin frequencies, which shifts the narrow low bands.
// Every VectorFloat crossing the embind boundary is deleted, as essentia.js requires.
import essentiaPackage from 'essentia.js';
import { frameCount, powerToDb, reflectPad } from '../lib/keras.mjs';

const essentia = new essentiaPackage.Essentia(essentiaPackage.EssentiaWASM);
let config = null;

export default {
  name: 'essentia.js',
  packageName: 'essentia.js',
  matchesKeras: false,
  notes:
    'per frame: Windowing(hann, symmetric, unnormalised) -> Spectrum -> MelBands(power, htkMel, warping, unit_max, 20-8000 Hz); harness framing + dB',
  unsupported: () => null,
  setup(presetConfig) {
    config = presetConfig;
  },
  compute(signal) {
    const { fftLength, sequenceStride, numMelBins, samplingRate, minFreq, maxFreq } = config;
    const padded = reflectPad(signal, Math.floor(fftLength / 2));
    const frames = frameCount(signal.length, config);
    const data = new Float32Array(numMelBins * frames);
    for (let t = 0; t < frames; t++) {
      const frame = essentia.arrayToVector(padded.subarray(t * sequenceStride, t * sequenceStride + fftLength));
      const windowed = essentia.Windowing(frame, false, fftLength, 'hann', 0, false).frame;
      const spectrum = essentia.Spectrum(windowed, fftLength).spectrum;
      const bands = essentia.MelBands(
        spectrum,
        maxFreq,
        fftLength / 2 + 1,
        false,
        minFreq,
        'unit_max',
        numMelBins,
        samplingRate,
        'power',
        'htkMel',
        'warping',
      ).bands;
      const values = essentia.vectorToArray(bands);
      for (let m = 0; m < numMelBins; m++) data[m * frames + t] = values[m];
      for (const vector of [frame, windowed, spectrum, bands]) vector.delete();
    }
    return { data: powerToDb(data, config), frames };
  },
};
