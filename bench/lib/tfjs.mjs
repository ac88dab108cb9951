// One TensorFlow.js instance for the tfjs peers, with the WASM backend loading its
// .wasm files from the package's own dist/ folder (nothing fetched).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
tf.enableProdMode(); // no per-op NaN checks

export { tf };

export async function useBackend(name) {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: the ${name} backend did not initialise`);
}
