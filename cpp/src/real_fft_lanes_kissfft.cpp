// RealFftLanes on KissFFT's SIMD mode (kissfft/kiss_float4.c): the package's.
#include "melspec/real_fft.hpp"

#include "kissfft/kiss_float4_plan.h"

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

void RealFftLanes::forwardPower(const simd::f32x4* input, simd::f32x4* power, simd::f32x4* scratch) const {
    melspec_kissf4_real_plan_forward_power(plan_->kiss, input, power, scratch);
}

const char* realFftLanesBackend() { return "kissfft"; }

}  // namespace melspec
