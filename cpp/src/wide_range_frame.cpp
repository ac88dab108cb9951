#include "melspec/wide_range_frame.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "melspec/window.hpp"

namespace melspec {

namespace {

// e with |value| < 2^e for the largest magnitude in values (0 when all are 0).
template <typename Real>
int exponentAbove(const Real* values, std::size_t count) {
    Real largest = 0;
    for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, std::fabs(values[i]));
    return largest == 0 ? 0 : std::ilogb(largest) + 1;
}

}  // namespace

template <typename Real>
WideRangeFrame<Real>::WideRangeFrame(const MelSpectrogramConfig& config, const Framing& framing,
                                     const MelFilterbank<Real>& filterbank)
    : magExp_(config.magExp),
      framing_(framing),
      filterbank_(filterbank),
      scaledWindow_(buildWindow<Real>(config)),
      windowExponent_(exponentAbove(scaledWindow_.data(), scaledWindow_.size())),
      fft_(config.fftLength),
      frame_(config.fftLength),
      spectrum_(2 * static_cast<std::size_t>(fft_.binCount())),
      magnitude_(fft_.binCount()) {
    for (Real& value : scaledWindow_) value = std::ldexp(value, -windowExponent_);
}

template <typename Real>
void WideRangeFrame<Real>::melLog10(const SignalSlice<Real>& signal, std::size_t frame, double* log10Mel) {
    framing_.readFrame(signal, frame, frame_.data());
    const int frameExponent = exponentAbove(frame_.data(), frame_.size());
    // Both factors are below 1, so neither the product nor the FFT's sums (< fftLength) overflow.
    for (std::size_t k = 0; k < frame_.size(); ++k)
        frame_[k] = std::ldexp(frame_[k], -frameExponent) * scaledWindow_[k];
    fft_.forward(frame_.data(), spectrum_.data());
    for (std::size_t k = 0; k < magnitude_.size(); ++k)
        magnitude_[k] = std::hypot(static_cast<double>(spectrum_[2 * k]), static_cast<double>(spectrum_[2 * k + 1]));

    // |X_k| = magnitude_[k] * 2^shift, so log10 of a band's sum is
    // magExp * log10(largest * 2^shift) + log10(sum_k W[k] * (|X_k| / largest) ** magExp).
    const double shift = static_cast<double>(frameExponent + windowExponent_);
    for (int m = 0; m < filterbank_.melBinCount(); ++m) {
        const double* bin = magnitude_.data() + filterbank_.bandStart(m);
        const Real* weight = filterbank_.bandWeights(m);
        const int length = filterbank_.bandLength(m);
        const double largest = length == 0 ? 0.0 : *std::max_element(bin, bin + length);
        double sum = 0;
        if (largest == 0.0) {  // all |X_k| are 0: 0 ** magExp is 0, or 1 for magExp 0 (numpy's 0 ** 0)
            if (magExp_ == 0.0)
                for (int j = 0; j < length; ++j) sum += weight[j];
            log10Mel[m] = sum == 0 ? -std::numeric_limits<double>::infinity() : std::log10(sum);
            continue;
        }
        for (int j = 0; j < length; ++j) sum += weight[j] * std::pow(bin[j] / largest, magExp_);
        // sum >= the largest bin's weight > 0 (runs hold no zero weights).
        log10Mel[m] = magExp_ * (std::log10(largest) + shift * 0.30102999566398120) + std::log10(sum);
    }
}

template class WideRangeFrame<float>;
template class WideRangeFrame<double>;

}  // namespace melspec
