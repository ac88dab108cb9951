// PFFFT compiled to WASM SIMD (@echogarden/pffft-wasm, the simd build) inside the
// hand-assembled Keras pipeline: only the FFT runs in WASM, framing/window/mel/dB in JS.
// PFFFT's real transform needs N % 32 == 0, so the Whisper-like 400 uses its complex
// transform (N % 16 == 0, 400 = 16 * 25) on a zero imaginary part.
import PFFFT from '@echogarden/pffft-wasm/simd';
import { handPipeline } from '../lib/hand-pipeline.mjs';

const PFFFT_REAL = 0;
const PFFFT_COMPLEX = 1;
const PFFFT_FORWARD = 0;
const F32 = Float32Array.BYTES_PER_ELEMENT;

const wasm = await PFFFT();
let plan = null;
let compute = null;

function release() {
  if (!plan) return;
  wasm._pffft_destroy_setup(plan.setup);
  for (const pointer of [plan.input, plan.output, plan.work]) wasm._pffft_aligned_free(pointer);
  plan = null;
}

export default {
  name: 'pffft-wasm',
  packageName: '@echogarden/pffft-wasm',
  matchesKeras: true,
  notes:
    'hand-assembled Keras pipeline (lib/hand-pipeline.mjs, sparse mel) on pffft_transform_ordered (SIMD build), float32 FFT; complex transform when fftLength % 32 != 0',
  unsupported: ({ fftLength }) => (fftLength % 16 === 0 ? null : `PFFFT needs a multiple of 16, not ${fftLength}`),
  setup(config) {
    release();
    const n = config.fftLength;
    const complex = n % 32 !== 0;
    const floats = complex ? 2 * n : n;
    plan = {
      setup: wasm._pffft_new_setup(n, complex ? PFFFT_COMPLEX : PFFFT_REAL),
      input: wasm._pffft_aligned_malloc(floats * F32),
      output: wasm._pffft_aligned_malloc(floats * F32),
      work: wasm._pffft_aligned_malloc(floats * F32),
    };
    if (!plan.setup) throw new Error(`pffft_new_setup(${n}) failed`);
    const { setup, input, output, work } = plan;
    compute = handPipeline(config, (padded, offset, window, power) => {
      // Views are taken per frame: the heap may have grown since setup.
      const heap = wasm.HEAPF32;
      const inAt = input / F32;
      const outAt = output / F32;
      if (complex) {
        for (let i = 0; i < n; i++) {
          heap[inAt + 2 * i] = padded[offset + i] * window[i];
          heap[inAt + 2 * i + 1] = 0;
        }
      } else {
        for (let i = 0; i < n; i++) heap[inAt + i] = padded[offset + i] * window[i];
      }
      wasm._pffft_transform_ordered(setup, input, output, work, PFFFT_FORWARD);
      if (complex) {
        for (let k = 0; k <= n / 2; k++) power[k] = heap[outAt + 2 * k] ** 2 + heap[outAt + 2 * k + 1] ** 2;
      } else {
        // Ordered real layout: [DC, Nyquist, re1, im1, re2, im2, ...].
        power[0] = heap[outAt] ** 2;
        power[n / 2] = heap[outAt + 1] ** 2;
        for (let k = 1; k < n / 2; k++) power[k] = heap[outAt + 2 * k] ** 2 + heap[outAt + 2 * k + 1] ** 2;
      }
    });
  },
  compute: (signal) => compute(signal),
};
