#include "melspec/wide_range_frame.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "melspec/mel_plan.hpp"
#include "melspec/mel_workspace.hpp"

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
WideRangeWindow<Real>::WideRangeWindow(const std::vector<Real>& window)
    : scaled(window), exponent(exponentAbove(window.data(), window.size())) {
    for (Real& value : scaled) value = std::ldexp(value, -exponent);
}

template <typename Real>
void wideRangeMelLog10(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
                       std::size_t frame) {
    const double magExp = plan.config().magExp;
    const MelFilterbank<Real>& filterbank = plan.filterbank();
    const std::vector<Real>& scaledWindow = plan.wideRangeWindow().scaled;
    const WorkBuffer<Real>& samples = work.frame;
    const WorkBuffer<double>& magnitude = work.magnitude;
    double* log10Mel = work.log10Mel.data();

    plan.framing().readFrame(signal, frame, samples.data());
    const int frameExponent = exponentAbove(samples.data(), samples.size());
    // Both factors are below 1, so neither the product nor the FFT's sums (< fftLength) overflow.
    for (std::size_t k = 0; k < samples.size(); ++k)
        samples[k] = std::ldexp(samples[k], -frameExponent) * scaledWindow[k];
    plan.fft().forward(samples.data(), work.spectrum.data(), work.fftScratch.data());
    for (std::size_t k = 0; k < magnitude.size(); ++k)
        magnitude[k] =
            std::hypot(static_cast<double>(work.spectrum[2 * k]), static_cast<double>(work.spectrum[2 * k + 1]));

    // |X_k| = magnitude[k] * 2^shift, so log10 of a band's sum is
    // magExp * log10(largest * 2^shift) + log10(sum_k W[k] * (|X_k| / largest) ** magExp).
    const double shift = static_cast<double>(frameExponent + plan.wideRangeWindow().exponent);
    for (int m = 0; m < filterbank.melBinCount(); ++m) {
        const double* bin = magnitude.data() + filterbank.bandStart(m);
        const Real* weight = filterbank.bandWeights(m);
        const int length = filterbank.bandLength(m);
        const double largest = length == 0 ? 0.0 : *std::max_element(bin, bin + length);
        double sum = 0;
        if (largest == 0.0) {  // all |X_k| are 0: 0 ** magExp is 0, or 1 for magExp 0 (numpy's 0 ** 0)
            if (magExp == 0.0)
                for (int j = 0; j < length; ++j) sum += weight[j];
            log10Mel[m] = sum == 0 ? -std::numeric_limits<double>::infinity() : std::log10(sum);
            continue;
        }
        for (int j = 0; j < length; ++j) sum += weight[j] * std::pow(bin[j] / largest, magExp);
        // sum >= the largest bin's weight > 0 (runs hold no zero weights).
        log10Mel[m] = magExp * (std::log10(largest) + shift * 0.30102999566398120) + std::log10(sum);
    }
}

template struct WideRangeWindow<float>;
template struct WideRangeWindow<double>;
template void wideRangeMelLog10<float>(const MelPlan<float>&, MelWorkspace<float>&, const SignalSlice<float>&,
                                       std::size_t);
template void wideRangeMelLog10<double>(const MelPlan<double>&, MelWorkspace<double>&, const SignalSlice<double>&,
                                        std::size_t);

}  // namespace melspec
