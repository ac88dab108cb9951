// TensorFlow.js with the WASM backend (XNNPACK, SIMD; single-threaded in Node).
// tfjs-backend-wasm registers no Complex/FFT kernels (tfjs#5991), so tf.signal.stft
// cannot run on it: the STFT (mirrorPad reflect + stft with its periodic Hann) runs
// on the 'cpu' backend, the only one with FFT kernels in Node without tfjs-node;
// |X|^2 -> mel matMul (dense Keras matrix from lib/keras.mjs) -> dB -> top_db -> transpose
// run on 'wasm'. tfjs moves the spectrogram between the backends itself.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { melWeights } from '../lib/keras.mjs';

setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend did not initialise');
tf.enableProdMode(); // no per-op NaN checks
const LOG10_SCALE = 10 / Math.LN10;

let mel = null;
let run = null;

export default {
  name: 'tfjs',
  packageName: '@tensorflow/tfjs',
  matchesKeras: true,
  notes: 'tf.signal.stft on the cpu backend (wasm has no FFT kernels), |X|^2 + mel matMul + dB + top_db on the wasm backend; dense Keras mel matrix',
  unsupported: () => null,
  async setup(config) {
    const { fftLength, sequenceStride, numMelBins, minPower, topDb } = config;
    await tf.setBackend('wasm');
    mel?.dispose();
    mel = tf.tensor2d(Float32Array.from(melWeights(config)), [fftLength / 2 + 1, numMelBins]);
    const pad = Math.floor(fftLength / 2);
    run = async (signal) => {
      await tf.setBackend('cpu');
      const magnitude = tf.tidy(() => {
        const padded = tf.mirrorPad(tf.tensor1d(signal), [[pad, pad]], 'reflect');
        return tf.abs(tf.signal.stft(padded, fftLength, sequenceStride, fftLength)); // [frames, bins]
      });
      await tf.setBackend('wasm');
      const db = tf.tidy(() => {
        const power = tf.matMul(tf.square(magnitude), mel); // [frames, numMelBins]
        const decibels = tf.mul(tf.log(tf.maximum(power, minPower)), LOG10_SCALE);
        return tf.transpose(tf.maximum(decibels, tf.sub(tf.max(decibels), topDb)));
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
