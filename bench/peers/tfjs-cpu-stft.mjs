// The plain tfjs route, opt-in only (`--systems tfjs-cpu-stft,...`): it takes minutes
// per run. tf.signal.stft (periodic Hann) on the 'cpu' backend, the only backend with
// FFT kernels in Node without tfjs-node; that FFT is JS radix-2 built from tensor ops
// (an O(N^2) DFT for sizes that are not powers of two, as 400). |X|^2, the dense
// Keras mel matMul, dB and top_db run on 'wasm'; tfjs moves the data between backends.
import { melWeights } from '../lib/keras.mjs';
import { tf, useBackend } from '../lib/tfjs.mjs';

const LOG10_SCALE = 10 / Math.LN10;
let mel = null;
let run = null;

export default {
  name: 'tfjs-cpu-stft',
  packageName: '@tensorflow/tfjs',
  matchesKeras: true,
  notes:
    'mirrorPad reflect + tf.signal.stft on the cpu backend; |X|^2, dense Keras mel matMul, dB, top_db on the wasm backend',
  unsupported: () => null,
  async setup(config) {
    const { fftLength, sequenceStride, numMelBins, minPower, topDb } = config;
    await useBackend('wasm');
    mel?.dispose();
    mel = tf.tensor2d(Float32Array.from(melWeights(config)), [fftLength / 2 + 1, numMelBins]);
    const pad = Math.floor(fftLength / 2);
    run = async (signal) => {
      await useBackend('cpu');
      const magnitude = tf.tidy(() => {
        const padded = tf.mirrorPad(tf.tensor1d(signal), [[pad, pad]], 'reflect');
        return tf.abs(tf.signal.stft(padded, fftLength, sequenceStride, fftLength)); // [frames, bins]
      });
      await useBackend('wasm');
      const db = tf.tidy(() => {
        const power = tf.matMul(tf.square(magnitude), mel);
        const decibels = tf.mul(tf.log(tf.maximum(power, minPower)), LOG10_SCALE);
        return tf.transpose(tf.maximum(decibels, tf.sub(tf.max(decibels), topDb))); // [numMelBins, frames]
      });
      magnitude.dispose();
      const data = await db.data();
      const frames = db.shape[1];
      db.dispose();
      return { data, frames };
    };
  },
  compute: (signal) => run(signal),
};
