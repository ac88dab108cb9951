// Four float lanes, written with the GCC/Clang vector extension so that the
// same code compiles to SSE natively and to WASM SIMD (-msimd128) under
// Emscripten, with no Emscripten or intrinsics header in the core.
//
// The float engine processes four frames at once, one per lane: lane j of every
// vector belongs to frame t + j. That matches KissFFT's SIMD mode (four
// separate FFTs) and the (mel, time) output layout, where frames t..t+3 of one
// mel band are adjacent in memory.
#pragma once

#include <cstring>

namespace melspec::simd {

typedef float f32x4 __attribute__((vector_size(16)));
typedef int i32x4 __attribute__((vector_size(16)));

inline f32x4 splat(float value) { return f32x4{value, value, value, value}; }

inline f32x4 loadUnaligned(const float* source) {
    f32x4 value;
    std::memcpy(&value, source, sizeof value);
    return value;
}

inline void storeUnaligned(float* destination, f32x4 value) { std::memcpy(destination, &value, sizeof value); }

inline f32x4 max(f32x4 a, f32x4 b) { return a > b ? a : b; }

// Transposes four rows of four floats: out[k] = {rows[0][k], rows[1][k], rows[2][k], rows[3][k]}.
inline void transpose4(f32x4 r0, f32x4 r1, f32x4 r2, f32x4 r3, f32x4* out) {
    const f32x4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);  // r0[0] r1[0] r0[1] r1[1]
    const f32x4 t1 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
    const f32x4 t2 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
    const f32x4 t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    out[0] = __builtin_shufflevector(t0, t1, 0, 1, 4, 5);
    out[1] = __builtin_shufflevector(t0, t1, 2, 3, 6, 7);
    out[2] = __builtin_shufflevector(t2, t3, 0, 1, 4, 5);
    out[3] = __builtin_shufflevector(t2, t3, 2, 3, 6, 7);
}

// Natural logarithm of four positive, normal (>= FLT_MIN), finite floats, to
// about 1 ulp: Cephes' logf (frexp, then a degree-9 polynomial on [sqrt(.5), sqrt(2))).
inline f32x4 log(f32x4 x) {
    const i32x4 bits = __builtin_bit_cast(i32x4, x);
    i32x4 exponent = ((bits >> 23) & 0xff) - 126;  // x = mantissa * 2^exponent, mantissa in [0.5, 1)
    const i32x4 mantissaBits = (bits & 0x007fffff) | 0x3f000000;
    f32x4 mantissa = __builtin_bit_cast(f32x4, mantissaBits);
    const i32x4 small = mantissa < splat(0.707106781186547524f);  // all-ones where true
    exponent += small;                                            // -1 where small
    const i32x4 keptBits = __builtin_bit_cast(i32x4, mantissa) & small;
    mantissa = mantissa - splat(1.0f) + __builtin_bit_cast(f32x4, keptBits);  // 2m - 1 or m - 1
    const f32x4 m = mantissa;
    const f32x4 z = m * m;
    f32x4 y = splat(7.0376836292e-2f);
    y = y * m + splat(-1.1514610310e-1f);
    y = y * m + splat(1.1676998740e-1f);
    y = y * m + splat(-1.2420140846e-1f);
    y = y * m + splat(1.4249322787e-1f);
    y = y * m + splat(-1.6668057665e-1f);
    y = y * m + splat(2.0000714765e-1f);
    y = y * m + splat(-2.4999993993e-1f);
    y = y * m + splat(3.3333331174e-1f);
    y = y * m * z;
    const f32x4 e = __builtin_convertvector(exponent, f32x4);
    y = y + e * splat(-2.12194440e-4f);
    y = y - splat(0.5f) * z;
    return m + y + e * splat(0.693359375f);
}

}  // namespace melspec::simd
