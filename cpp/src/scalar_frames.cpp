// One frame at a time, in the engine's precision; the double engine's path, and
// the float one's in builds without SIMD. Follows Keras' order of operations
// exactly (sqrt(re^2 + im^2), then ** magExp).
#include <cmath>
#include <vector>

#include "melspec/frame_pipeline.hpp"
#include "melspec/framing.hpp"
#include "melspec/real_fft.hpp"
#include "melspec/window.hpp"

namespace melspec {

namespace {

template <typename Real>
class ScalarFrames final : public FramePipeline<Real> {
public:
    ScalarFrames(const MelSpectrogramConfig& config, const Framing& framing, const MelFilterbank<Real>& filterbank)
        : fftLength_(config.fftLength),
          magExp_(config.magExp),
          framing_(framing),
          skipsZeroFrames_(config.magExp > 0.0),
          window_(buildWindow<Real>(config)),
          fft_(config.fftLength),
          filterbank_(filterbank),
          frame_(config.fftLength),
          spectrum_(2 * static_cast<std::size_t>(fft_.binCount())),
          power_(fft_.binCount()) {}

    bool valid() const { return fft_.valid(); }

    void melPower(const SignalSlice<Real>& signal, std::size_t firstFrame, std::size_t frames, Real* output) override {
        const int bins = fft_.binCount();
        for (std::size_t t = 0; t < frames; ++t) {
            if (skipsZeroFrames_ && framing_.readsOnlyZeros(signal.signalLength, firstFrame + t)) {
                // All zeros in: the FFT, |X| ** magExp (> 0) and the mel sums are exactly +0.
                for (int m = 0; m < filterbank_.melBinCount(); ++m) output[m * frames + t] = Real(0);
                continue;
            }
            framing_.readFrame(signal, firstFrame + t, frame_.data());
            for (int k = 0; k < fftLength_; ++k) frame_[k] *= window_[k];
            fft_.forward(frame_.data(), spectrum_.data());
            for (int k = 0; k < bins; ++k) {
                const Real re = spectrum_[2 * k];
                const Real im = spectrum_[2 * k + 1];
                power_[k] = magnitudeToPower(std::sqrt(re * re + im * im));
            }
            // Output is (mel, time): consecutive mel bins of one frame are `frames` apart.
            filterbank_.apply(power_.data(), output + t, static_cast<std::ptrdiff_t>(frames));
        }
    }

private:
    Real magnitudeToPower(Real magnitude) const {
        // The common exponents take the exact shortcut numpy takes for them.
        if (magExp_ == 2.0) return magnitude * magnitude;
        if (magExp_ == 1.0) return magnitude;
        return std::pow(magnitude, static_cast<Real>(magExp_));
    }

    int fftLength_;
    double magExp_;
    const Framing& framing_;
    bool skipsZeroFrames_;  // with magExp 0, 0 ** 0 = 1: zero frames are not zero
    std::vector<Real> window_;
    RealFft<Real> fft_;
    const MelFilterbank<Real>& filterbank_;
    std::vector<Real> frame_;
    std::vector<Real> spectrum_;  // interleaved (re, im)
    std::vector<Real> power_;
};

}  // namespace

template <typename Real>
std::unique_ptr<FramePipeline<Real>> makeScalarFramePipeline(const MelSpectrogramConfig& config, const Framing& framing,
                                                             const MelFilterbank<Real>& filterbank) {
    auto pipeline = std::make_unique<ScalarFrames<Real>>(config, framing, filterbank);
    if (!pipeline->valid()) return nullptr;
    return pipeline;
}

template std::unique_ptr<FramePipeline<float>> makeScalarFramePipeline(const MelSpectrogramConfig&, const Framing&,
                                                                       const MelFilterbank<float>&);
template std::unique_ptr<FramePipeline<double>> makeScalarFramePipeline(const MelSpectrogramConfig&, const Framing&,
                                                                        const MelFilterbank<double>&);

}  // namespace melspec
