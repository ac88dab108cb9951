// transformers.js in a browser: the same src/ functions as in Node (the package's exports
// hide src/, hence the path), with onnxruntime-web's WASM files served next to this bundle
// instead of fetched from jsDelivr (transformers' default), on one thread.
import { env as ortEnv } from 'onnxruntime-web/webgpu';
import { mel_filter_bank, spectrogram, window_function } from '../node_modules/@huggingface/transformers/src/utils/audio.js';
import { TensorOpRegistry } from '../node_modules/@huggingface/transformers/src/ops/registry.js';
import { transformersPeer } from '../lib/transformers-peer.mjs';

// transformers picks the asyncify build of ORT for browsers; build-browser.mjs copies it here.
ortEnv.wasm.wasmPaths = {
  mjs: new URL('./ort-wasm-simd-threaded.asyncify.mjs', import.meta.url).href,
  wasm: new URL('./ort-wasm-simd-threaded.asyncify.wasm', import.meta.url).href,
};
ortEnv.wasm.numThreads = 1;

export default transformersPeer({ spectrogram, mel_filter_bank, window_function, TensorOpRegistry });
