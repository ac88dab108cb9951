// TensorFlow.js on its WASM backend (XNNPACK, SIMD; one thread in Node).
// tfjs-backend-wasm registers no Complex/FFT kernels (tfjs#5991), so tf.signal.stft
// cannot run there; the STFT is written the way tfjs-wasm users (and ONNX/TFLite
// exports) do it: frames of the reflect-padded signal (one tf.gather with a cached
// index matrix: tf.signal.frame, built from one slice per frame, took ~9 s for 60 s
// of audio on wasm), then a real DFT, windowed, as two matMuls with cos/sin matrices.
// Then |X|^2 -> matMul with the dense Keras mel matrix (lib/keras.mjs) -> dB -> top_db,
// all on 'wasm'. The DFT matMul is O(N^2) per frame: this is the cost of having no FFT.
// (tf.signal.stft on the 'cpu' backend is the other route: see peers/tfjs-cpu-stft.mjs.)
import { frameCount, melWeights, periodicHann } from '../lib/keras.mjs';
import { tf, useBackend } from '../lib/tfjs.mjs';

const LOG10_SCALE = 10 / Math.LN10;
let constants = [];
let frameIndex = null; // int32 [frames, fftLength], rebuilt when the signal length changes
let run = null;

/** Real DFT matrices [n, n/2+1]: X[k] = sum x[t] (cos - i sin)(2 pi t k / n), window folded in. */
function windowedDftMatrices(n) {
  const bins = n / 2 + 1;
  const window = periodicHann(n);
  const cos = new Float32Array(n * bins);
  const sin = new Float32Array(n * bins);
  for (let t = 0; t < n; t++) {
    for (let k = 0; k < bins; k++) {
      const angle = (2 * Math.PI * ((t * k) % n)) / n; // reduced mod n: exact twiddles
      cos[t * bins + k] = window[t] * Math.cos(angle);
      sin[t * bins + k] = -window[t] * Math.sin(angle);
    }
  }
  return [tf.tensor2d(cos, [n, bins]), tf.tensor2d(sin, [n, bins])];
}

export default {
  name: 'tfjs-wasm',
  packageName: '@tensorflow/tfjs-backend-wasm',
  matchesKeras: true,
  notes:
    'wasm backend: mirrorPad reflect + tf.gather framing, windowed real DFT as two matMuls (no FFT kernel on wasm), |X|^2, dense Keras mel matMul, dB, top_db',
  unsupported: () => null,
  async setup(config) {
    const { fftLength, sequenceStride, numMelBins, minPower, topDb } = config;
    await useBackend('wasm');
    tf.dispose([...constants, frameIndex]);
    frameIndex = null;
    const [cos, sin] = windowedDftMatrices(fftLength);
    const mel = tf.tensor2d(Float32Array.from(melWeights(config)), [fftLength / 2 + 1, numMelBins]);
    constants = [cos, sin, mel];
    const pad = Math.floor(fftLength / 2);
    run = async (signal) => {
      const count = frameCount(signal.length, config);
      if (frameIndex?.shape[0] !== count) {
        frameIndex?.dispose();
        const index = Int32Array.from(
          { length: count * fftLength },
          (_, i) => Math.floor(i / fftLength) * sequenceStride + (i % fftLength),
        );
        frameIndex = tf.tensor2d(index, [count, fftLength], 'int32');
      }
      const db = tf.tidy(() => {
        const padded = tf.mirrorPad(tf.tensor1d(signal), [[pad, pad]], 'reflect');
        const frames = tf.gather(padded, frameIndex); // [frames, fftLength]
        const power = tf.add(tf.square(tf.matMul(frames, cos)), tf.square(tf.matMul(frames, sin)));
        const decibels = tf.mul(tf.log(tf.maximum(tf.matMul(power, mel), minPower)), LOG10_SCALE);
        return tf.transpose(tf.maximum(decibels, tf.sub(tf.max(decibels), topDb))); // [numMelBins, frames]
      });
      const data = await db.data();
      const frames = db.shape[1];
      db.dispose();
      return { data, frames };
    };
  },
  compute: (signal) => run(signal),
};
