// Keras MelSpectrogram semantics, written out once in plain JS for the peers that
// have no such building blocks (fft.js, pffft-wasm, tfjs) and for the harness.
// Deliberately independent of melspec-wasm, so the hand-assembled pipelines
// double as a cross-check of our numbers.

/** The two benchmark presets; every other option is Keras' default. */
export const PRESETS = {
  keras: { preset: 'keras', fftLength: 2048, sequenceStride: 512, numMelBins: 128 },
  whisper: { preset: 'whisper', fftLength: 400, sequenceStride: 160, numMelBins: 80 },
};
for (const config of Object.values(PRESETS)) {
  Object.assign(config, { samplingRate: 16000, minFreq: 20, maxFreq: 8000, topDb: 80, minPower: 1e-10 });
}

/** Keras' runtime frame count for n samples (reflect padding of fftLength // 2 both sides). */
export function frameCount(n, { fftLength, sequenceStride }) {
  const pad = Math.floor(fftLength / 2);
  return 1 + Math.floor((n + 2 * pad - fftLength) / sequenceStride);
}

/** numpy mode="reflect" padding (edge sample not repeated), assuming pad < n. */
export function reflectPad(signal, pad) {
  const n = signal.length;
  if (pad >= n) throw new RangeError(`reflectPad: signal of ${n} samples is too short for a pad of ${pad}`);
  const out = new Float32Array(n + 2 * pad);
  out.set(signal, pad);
  for (let i = 1; i <= pad; i++) {
    out[pad - i] = signal[i];
    out[pad + n - 1 + i] = signal[n - 1 - i];
  }
  return out;
}

/** Periodic (DFT-even) Hann window of length n, as scipy.signal.get_window('hann', n). */
export function periodicHann(n) {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

const hzToMel = (hz) => 1127 * Math.log(1 + hz / 700);

/**
 * Keras' linear_to_mel_weight_matrix in float64, row-major [fftLength/2 + 1, numMelBins]:
 * HTK mel, triangles in the mel domain peaking at 1, no area normalisation, DC row zero.
 */
export function melWeights({ fftLength, numMelBins, samplingRate, minFreq, maxFreq }) {
  const bins = Math.floor(fftLength / 2) + 1;
  const lo = hzToMel(minFreq);
  const step = (hzToMel(maxFreq) - lo) / (numMelBins + 1);
  const edges = Array.from({ length: numMelBins + 2 }, (_, i) => lo + step * i);
  const weights = new Float64Array(bins * numMelBins);
  for (let k = 1; k < bins; k++) {
    const mel = hzToMel(((samplingRate / 2) * k) / (bins - 1));
    for (let m = 0; m < numMelBins; m++) {
      const rising = (mel - edges[m]) / (edges[m + 1] - edges[m]);
      const falling = (edges[m + 2] - mel) / (edges[m + 2] - edges[m + 1]);
      weights[k * numMelBins + m] = Math.max(0, Math.min(rising, falling));
    }
  }
  return weights;
}

/**
 * The same matrix in sparse form, one run of nonzero bins per band: the mel
 * projection then costs ~2 multiply-adds per bin instead of numMelBins.
 */
export function sparseMelWeights(config) {
  const dense = melWeights(config);
  const { numMelBins } = config;
  const bins = dense.length / numMelBins;
  const bands = [];
  for (let m = 0; m < numMelBins; m++) {
    let start = bins;
    let end = 0;
    for (let k = 0; k < bins; k++) {
      if (dense[k * numMelBins + m] > 0) {
        start = Math.min(start, k);
        end = k + 1;
      }
    }
    if (end <= start) end = start = 0;
    const w = new Float32Array(end - start);
    for (let k = start; k < end; k++) w[k - start] = dense[k * numMelBins + m];
    bands.push({ start, weights: w });
  }
  return bands;
}

/**
 * In place: power -> 10*log10(max(x, minPower)) (refPower 1), then the floor
 * max(x) - topDb over the whole tensor, as Keras does for a batch.
 */
export function powerToDb(data, { minPower, topDb }) {
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    data[i] = 10 * Math.log10(Math.max(data[i], minPower));
    if (data[i] > max) max = data[i];
  }
  const floor = max - topDb;
  for (let i = 0; i < data.length; i++) if (data[i] < floor) data[i] = floor;
  return data;
}
