#include "melspec/self_test.hpp"

#include <cmath>
#include <vector>

#include "melspec/mel_frames.hpp"

namespace melspec {

bool simdLanesAgreeWithScalar() {
    // Small on purpose: every lane stage runs (radix-4 and radix-2 butterflies, a full
    // group of four frames and a partial one), yet too little work for V8 to tier the
    // scalar reference path up to TurboFan, which a SIMD build never runs again.
    MelSpectrogramConfig config;
    config.fftLength = 64;
    config.sequenceStride = 24;
    config.numMelBins = 8;
    const auto plan = MelPlan<float>::create(config);
    if (!plan) return false;
    if (!plan->usesSimdLanes()) return true;  // a build without lanes has nothing to check
    MelWorkspace<float> work(*plan);

    std::vector<float> signal(200);  // 9 frames (centred): two groups of four and one more
    for (std::size_t i = 0; i < signal.size(); ++i)
        signal[i] = static_cast<float>(std::sin(0.05 * i + 1e-4 * i * i) + 0.3 * std::cos(0.9 * i));
    const std::size_t frames = plan->frameCount(signal.size());
    std::vector<float> fromLanes(frames * config.numMelBins), fromScalar(fromLanes.size());
    const auto whole = SignalSlice<float>::whole(signal.data(), signal.size());
    melPowerFrames(*plan, work, whole, 0, frames, fromLanes.data(), frames, FramePath::Planned);
    melPowerFrames(*plan, work, whole, 0, frames, fromScalar.data(), frames, FramePath::Scalar);
    for (std::size_t i = 0; i < fromLanes.size(); ++i) {
        // Same arithmetic but |X|^2 directly vs sqrt()^2: a few ulps apart at most.
        const float tolerance = 1e-4f * std::fabs(fromScalar[i]) + 1e-6f;
        if (!(std::fabs(fromLanes[i] - fromScalar[i]) <= tolerance)) return false;
    }
    return true;
}

}  // namespace melspec
