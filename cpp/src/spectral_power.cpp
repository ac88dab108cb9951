#include "melspec/spectral_power.hpp"

#include <cmath>

namespace melspec {

namespace {

template <typename Real>
Real magnitudeToPower(Real magnitude, double magExp) {
    // The common exponents take the exact shortcut numpy takes for them.
    if (magExp == 2.0) return magnitude * magnitude;
    if (magExp == 1.0) return magnitude;
    return std::pow(magnitude, static_cast<Real>(magExp));
}

}  // namespace

template <typename Real>
void powerSpectrum(const Real* spectrum, int bins, double magExp, Real* power) {
    for (int k = 0; k < bins; ++k) {
        const Real re = spectrum[2 * k];
        const Real im = spectrum[2 * k + 1];
        power[k] = magnitudeToPower(std::sqrt(re * re + im * im), magExp);
    }
}

#if MELSPEC_SIMD
void squaredMagnitudeToPowerLanes(simd::f32x4* values, int bins, double magExp) {
    // |X|^2 is the power for magExp 2: Keras' sqrt(.)**2 up to rounding.
    if (magExp == 2.0) return;
    for (int k = 0; k < bins; ++k)
        for (int j = 0; j < 4; ++j) {
            const float magnitude = std::sqrt(values[k][j]);
            values[k][j] = magExp == 1.0 ? magnitude : std::pow(magnitude, static_cast<float>(magExp));
        }
}
#endif

template void powerSpectrum<float>(const float*, int, double, float*);
template void powerSpectrum<double>(const double*, int, double, double*);

}  // namespace melspec
