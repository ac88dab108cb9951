/* KissFFT in SIMD mode (four single-precision transforms at once, one per lane
 * of __m128: SSE natively, WASM SIMD under Emscripten's -msse), symbols
 * prefixed melspec_kissf4_. */
#define USE_SIMD 1
#define KISS_INSTANCE_NAME(x) melspec_kissf4_##x
#include "kiss_instance.h"
