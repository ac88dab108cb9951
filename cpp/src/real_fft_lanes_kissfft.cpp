#include "melspec/real_fft_lanes.hpp"

extern "C" {
struct melspec_kissf4_real_plan;
melspec_kissf4_real_plan* melspec_kissf4_real_plan_create(int length);
void melspec_kissf4_real_plan_destroy(melspec_kissf4_real_plan* plan);
// kiss_fft_scalar is __m128 there: the same 16 bytes as simd::f32x4.
void melspec_kissf4_real_plan_forward(const melspec_kissf4_real_plan* plan, const melspec::simd::f32x4* input,
                                      melspec::simd::f32x4* spectrum);
}

namespace melspec {

RealFftLanes::RealFftLanes(int length) : length_(length), plan_(melspec_kissf4_real_plan_create(length)) {}

RealFftLanes::~RealFftLanes() { melspec_kissf4_real_plan_destroy(static_cast<melspec_kissf4_real_plan*>(plan_)); }

void RealFftLanes::forward(const simd::f32x4* input, simd::f32x4* spectrum) const {
    melspec_kissf4_real_plan_forward(static_cast<const melspec_kissf4_real_plan*>(plan_), input, spectrum);
}

const char* realFftLanesBackend() { return "kissfft"; }

}  // namespace melspec
