/* The four-lane real-FFT plan of kiss_float4.c (KissFFT's SIMD mode under the
 * melspec_kissf4_ prefix; see kiss_instance.h), declared for C++: each RealFftLanes
 * implementation on KissFFT (real_fft_lanes_kissfft.cpp, and a test double) includes it. */
#pragma once

#include <cstddef>

#include "melspec/simd.hpp"

extern "C" {
struct melspec_kissf4_real_plan;
melspec_kissf4_real_plan* melspec_kissf4_real_plan_create(int length);
void melspec_kissf4_real_plan_destroy(melspec_kissf4_real_plan* plan);
// Counted in kiss_fft_scalar, which is __m128 there: the same 16 bytes as simd::f32x4.
std::size_t melspec_kissf4_real_plan_scratch_count(const melspec_kissf4_real_plan* plan);
void melspec_kissf4_real_plan_forward(const melspec_kissf4_real_plan* plan, const melspec::simd::f32x4* input,
                                      melspec::simd::f32x4* spectrum, melspec::simd::f32x4* scratch);
void melspec_kissf4_real_plan_forward_power(const melspec_kissf4_real_plan* plan, const melspec::simd::f32x4* input,
                                            melspec::simd::f32x4* power, melspec::simd::f32x4* scratch);
}
