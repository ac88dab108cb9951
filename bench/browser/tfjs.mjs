// lib/tfjs.mjs for browsers: the WASM backend's .wasm files are served next to this
// bundle (build-browser.mjs copies them). Without cross-origin isolation it runs the
// SIMD build on one thread, as in Node.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

setWasmPaths(new URL('./', import.meta.url).href);
tf.enableProdMode(); // no per-op NaN checks

export { tf };

export async function useBackend(name) {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: the ${name} backend did not initialise`);
}
