// RealFftLanes on KissFFT's SIMD mode (kissfft/kiss_float4.c): the package's.
#include "melspec/real_fft.hpp"

extern "C" {
struct melspec_kissf4_real_plan;
melspec_kissf4_real_plan* melspec_kissf4_real_plan_create(int length);
void melspec_kissf4_real_plan_destroy(melspec_kissf4_real_plan* plan);
// Counted in kiss_fft_scalar, which is __m128 there: the same 16 bytes as simd::f32x4.
std::size_t melspec_kissf4_real_plan_scratch_count(const melspec_kissf4_real_plan* plan);
void melspec_kissf4_real_plan_forward(const melspec_kissf4_real_plan* plan, const melspec::simd::f32x4* input,
                                      melspec::simd::f32x4* spectrum, melspec::simd::f32x4* scratch);
}

namespace melspec {

struct RealFftLanesPlan {
    melspec_kissf4_real_plan* kiss;
};

RealFftLanes::RealFftLanes(int length) : length_(length), plan_(nullptr) {
    melspec_kissf4_real_plan* kiss = melspec_kissf4_real_plan_create(length);
    if (!kiss) return;
    plan_ = new RealFftLanesPlan{kiss};
    scratchCount_ = melspec_kissf4_real_plan_scratch_count(kiss);
}

RealFftLanes::~RealFftLanes() {
    if (!plan_) return;
    melspec_kissf4_real_plan_destroy(plan_->kiss);
    delete plan_;
}

void RealFftLanes::forward(const simd::f32x4* input, simd::f32x4* spectrum, simd::f32x4* scratch) const {
    melspec_kissf4_real_plan_forward(plan_->kiss, input, spectrum, scratch);
}

const char* realFftLanesBackend() { return "kissfft"; }

}  // namespace melspec
