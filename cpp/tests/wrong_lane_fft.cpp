// A four-lane FFT that computes lane 2 wrongly (KissFFT's lanes, then that lane's
// spectrum scaled by 1.001), linked in place of the real one by melspec_self_test_tests:
// what an engine with broken SIMD would do, for the self-test to notice.
#include "melspec/real_fft.hpp"

#include "../src/kissfft/kiss_float4_plan.h"

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
    for (int k = 0; k < 2 * binCount(); ++k) {
        float lanes[4];
        simd::storeUnaligned(lanes, spectrum[k]);
        lanes[2] *= 1.001f;
        spectrum[k] = simd::loadUnaligned(lanes);
    }
}

void RealFftLanes::forwardPower(const simd::f32x4* input, simd::f32x4* power, simd::f32x4* scratch) const {
    melspec_kissf4_real_plan_forward_power(plan_->kiss, input, power, scratch);
    for (int k = 0; k < binCount(); ++k) {
        float lanes[4];
        simd::storeUnaligned(lanes, power[k]);
        lanes[2] *= 1.001f * 1.001f;
        power[k] = simd::loadUnaligned(lanes);
    }
}

const char* realFftLanesBackend() { return "kissfft, lane 2 wrong (test)"; }

}  // namespace melspec
