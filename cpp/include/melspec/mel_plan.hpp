// Everything about a mel spectrogram that does not depend on the signal, planned
// once from a validated config: the framing rules, the window, the FFT setup(s),
// the sparse mel filterbank, the log scale and finish, and the wide-range
// (log-domain) window. As pffft's PFFFT_Setup: immutable after create(), so one
// plan is shared (std::shared_ptr<const MelPlan>) by an engine, the streams made
// from it and any number of threads; each caller brings its own MelWorkspace
// (mel_workspace.hpp) for the per-frame buffers.
//
// Thread-safety: every member function is const and reads only; no mutable state.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/decibels.hpp"
#include "melspec/framing.hpp"
#include "melspec/mel_filterbank.hpp"
#include "melspec/real_fft.hpp"
#include "melspec/simd.hpp"
#include "melspec/wide_range_frame.hpp"

namespace melspec {

#if MELSPEC_SIMD
// The float plan's four-lane form: four frames at a time, one per SIMD lane. (The
// lanes window with the plan's window(): four of its values per load, not splatted.)
struct LanePlan {
    explicit LanePlan(int fftLength) : fft(fftLength) {}
    RealFftLanes fft;
};
#endif

template <typename Real>
class MelPlan {
public:
    // Returns nullptr (and fills *error when given) for an invalid config or a failed FFT plan.
    static std::shared_ptr<const MelPlan> create(const MelSpectrogramConfig& config, ConfigError* error = nullptr);
    ~MelPlan();
    MelPlan(const MelPlan&) = delete;
    MelPlan& operator=(const MelPlan&) = delete;

    const MelSpectrogramConfig& config() const { return config_; }
    const Framing& framing() const { return framing_; }
    const std::vector<Real>& window() const { return window_; }
    const RealFft<Real>& fft() const { return fft_; }
    const MelFilterbank<Real>& filterbank() const { return filterbank_; }
    const LogScale<Real>& logScale() const { return logScale_; }
    // What compute() applies after the log, per floor group.
    const LogFinish<Real>& logFinish() const { return finish_; }
    const WideRangeWindow<Real>& wideRangeWindow() const { return wideRangeWindow_; }

    int numMelBins() const { return config_.numMelBins; }
    int binCount() const { return filterbank_.binCount(); }

    // Frames for a signal of `signalLength` samples: 1 + N / stride for Keras and even
    // fftLength; 0 below minimumSignalLength().
    std::size_t frameCount(std::size_t signalLength) const { return framing_.frameCount(signalLength); }
    std::size_t minimumSignalLength() const { return framing_.minimumSignalLength(); }
    // Values compute() writes for `batch` signals of `signalLength` samples
    // (batch * numMelBins * frameCount), or 0 when that overflows size_t.
    std::size_t outputSize(std::size_t batch, std::size_t signalLength) const;

    // True when frames run four at a time in SIMD lanes (the float plan with MELSPEC_SIMD).
    bool usesSimdLanes() const;
#if MELSPEC_SIMD
    // The lanes' FFT and window; nullptr when the plan has no lanes.
    const LanePlan* lanes() const { return lanes_.get(); }
#endif

private:
    explicit MelPlan(const MelSpectrogramConfig& config);

    MelSpectrogramConfig config_;
    Framing framing_;
    std::vector<Real> window_;
    RealFft<Real> fft_;  // the scalar path's, and the wide-range frames'
    MelFilterbank<Real> filterbank_;
    LogScale<Real> logScale_;
    LogFinish<Real> finish_;
    WideRangeWindow<Real> wideRangeWindow_;
#if MELSPEC_SIMD
    std::unique_ptr<const LanePlan> lanes_;
#endif
};

extern template class MelPlan<float>;
extern template class MelPlan<double>;

}  // namespace melspec
