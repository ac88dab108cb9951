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

namespace {

// Lane 2 of values[0..count) times factor.
void scaleLane2(simd::f32x4* values, int count, float factor) {
    for (int k = 0; k < count; ++k) {
        float lanes[4];
        simd::storeUnaligned(lanes, values[k]);
        lanes[2] *= factor;
        values[k] = simd::loadUnaligned(lanes);
    }
}

}  // namespace

void RealFftLanes::forward(const simd::f32x4* input, simd::f32x4* spectrum, simd::f32x4* scratch) const {
    melspec_kissf4_real_plan_forward(plan_->kiss, input, spectrum, scratch);
    scaleLane2(spectrum, 2 * binCount(), 1.001f);
}

// The power of that wrong spectrum: |X|^2 scaled by the square.
void RealFftLanes::forwardPower(const simd::f32x4* input, simd::f32x4* power, simd::f32x4* scratch) const {
    melspec_kissf4_real_plan_forward_power(plan_->kiss, input, power, scratch);
    scaleLane2(power, binCount(), 1.001f * 1.001f);
}

const char* realFftLanesBackend() { return "kissfft, lane 2 wrong (test)"; }

}  // namespace melspec
