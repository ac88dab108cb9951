#include "melspec/window.hpp"

#include <cmath>

namespace melspec {

namespace {

// Periodic (DFT-even) generalised cosine window: a - (1 - a) cos(2 pi n / L),
// as scipy.signal.get_window and tf.signal.hann_window(periodic=True) compute it.
double periodicCosine(double a, int n, int length) {
    constexpr double kPi = 3.14159265358979323846;
    return a - (1.0 - a) * std::cos(2.0 * kPi * n / length);
}

}  // namespace

template <typename Real>
std::vector<Real> buildWindow(const MelSpectrogramConfig& config) {
    const int fftLength = config.fftLength;
    if (config.window == WindowKind::Rectangular) return std::vector<Real>(fftLength, Real(1));

    const int length = resolvedSequenceLength(config);
    const int leftPad = (fftLength - length) / 2;
    std::vector<Real> window(fftLength, Real(0));
    for (int n = 0; n < length; ++n) {
        double value = 0.0;
        switch (config.window) {
            case WindowKind::Hann: value = periodicCosine(0.5, n, length); break;
            case WindowKind::Hamming: value = periodicCosine(0.54, n, length); break;
            default: value = config.customWindow[n]; break;
        }
        // Keras casts the window to the compute dtype, so a float32 engine rounds here.
        window[leftPad + n] = static_cast<Real>(value);
    }
    return window;
}

template std::vector<float> buildWindow<float>(const MelSpectrogramConfig&);
template std::vector<double> buildWindow<double>(const MelSpectrogramConfig&);

}  // namespace melspec
