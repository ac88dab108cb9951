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

// a * ln(x) for four positive, normal (>= FLT_MIN), finite floats. x = m * 2^k with m in
// [sqrt(.5), sqrt(2)), then ln(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172, as s
// times a degree-3 polynomial in s^2 (the series' next term is below 3e-8), and a k ln(2)
// in two parts whose first, k * ln2High, is exact. Within 3.9e-6 absolute of the exact
// ln (a = 1) over every normal float, as Cephes' logf (3.8e-6), in half its operations: one
// division instead of a degree-9 polynomial. The log was a fifth of Whisper's compute, with
// no fused multiply-add in WASM SIMD.
struct ScaledLogTerms {
    f32x4 series[4];  // a * 2 / (2i + 1): the atanh series' terms, highest first
    f32x4 ln2High;    // a * ln(2) to 15 bits, so that k * ln2High is exact for every exponent
    f32x4 ln2Low;     // the rest of a * ln(2)
};

// Made once per array from the caller's multiplier, which the compiler cannot fold: the terms
// then stay in registers, where V8 would materialise each constant in every iteration.
inline ScaledLogTerms scaledLogTerms(double a) {
    const double ln2 = 0.693147180559945309 * a;
    // 15 significant bits (the float's last 9 cleared): k has at most 8 for a normal float.
    const float high = __builtin_bit_cast(float, __builtin_bit_cast(unsigned, static_cast<float>(ln2)) & 0xfffffe00u);
    return {{splat(static_cast<float>(a * 2 / 7)), splat(static_cast<float>(a * 2 / 5)),
             splat(static_cast<float>(a * 2 / 3)), splat(static_cast<float>(a * 2))},
            splat(high),
            splat(static_cast<float>(ln2 - high))};
}

inline f32x4 scaledLog(f32x4 x, const ScaledLogTerms& terms) {
    const i32x4 sqrtHalfBits = i32x4{0x3f3504f3, 0x3f3504f3, 0x3f3504f3, 0x3f3504f3};
    const i32x4 offsetBits = __builtin_bit_cast(i32x4, x) - sqrtHalfBits;
    const i32x4 exponent = offsetBits >> 23;  // arithmetic shift: negative below sqrt(.5)
    const f32x4 m = __builtin_bit_cast(f32x4, (offsetBits & 0x007fffff) + sqrtHalfBits);
    const f32x4 s = (m - splat(1.0f)) / (m + splat(1.0f));
    const f32x4 z = s * s;
    const f32x4 series = ((terms.series[0] * z + terms.series[1]) * z + terms.series[2]) * z + terms.series[3];
    const f32x4 k = __builtin_convertvector(exponent, f32x4);
    return k * terms.ln2High + (k * terms.ln2Low + s * series);
}

}  // namespace melspec::simd
