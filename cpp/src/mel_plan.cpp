#include "melspec/mel_plan.hpp"

#include <limits>
#include <new>
#include <type_traits>

#include "melspec/window.hpp"

namespace melspec {

template <typename Real>
std::shared_ptr<const MelPlan<Real>> MelPlan<Real>::create(const MelSpectrogramConfig& config, ConfigError* error) {
    if (auto problem = validateConfig(config)) {
        if (error) *error = *problem;
        return nullptr;
    }
    std::shared_ptr<const MelPlan> plan(new MelPlan(config));
    if (!plan->fft_.valid()) {
        if (error) *error = ConfigError{ConfigParam::FftLength, "could not plan an FFT of fftLength samples"};
        return nullptr;
    }
    return plan;
}

template <typename Real>
MelPlan<Real>::MelPlan(const MelSpectrogramConfig& config)
    : config_(config),
      framing_(config),
      window_(buildWindow<Real>(config)),
      fft_(config.fftLength),
      filterbank_(makeMelFilterbank<Real>(config)),
      logScale_(config),
      finish_(LogFinish<Real>::fromConfig(config)),
      wideRangeWindow_(window_) {
#if MELSPEC_SIMD
    if constexpr (std::is_same_v<Real, float>) {
        auto lanes = std::make_unique<LanePlan>(config.fftLength);
        // Without a lane FFT (out of memory) the plan runs one frame at a time.
        if (lanes->fft.valid()) lanes_ = std::move(lanes);
    }
#endif
}

template <typename Real>
MelPlan<Real>::~MelPlan() = default;

template <typename Real>
bool MelPlan<Real>::usesSimdLanes() const {
#if MELSPEC_SIMD
    return lanes_ != nullptr;
#else
    return false;
#endif
}

template <typename Real>
std::size_t MelPlan<Real>::outputSize(std::size_t batch, std::size_t signalLength) const {
    const std::size_t limit = std::numeric_limits<std::size_t>::max();
    const std::size_t frames = frameCount(signalLength);
    const std::size_t perItem = frames * static_cast<std::size_t>(config_.numMelBins);
    if (perItem / static_cast<std::size_t>(config_.numMelBins) != frames) return 0;
    if (batch != 0 && perItem > limit / batch) return 0;
    return perItem * batch;
}

template class MelPlan<float>;
template class MelPlan<double>;

}  // namespace melspec
