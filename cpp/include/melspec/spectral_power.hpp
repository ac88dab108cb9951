// The power stage: |X_k| ** magExp of each FFT bin, in two forms side by side:
// one spectrum in the engine's precision, following Keras' order of operations
// exactly (sqrt(re^2 + im^2), then ** magExp, with numpy's exact shortcuts for
// magExp 2 and 1); and four spectra at once in SIMD lanes (with MELSPEC_SIMD),
// from the re^2 + im^2 that the lane FFT's forwardPower() gives (magExp 2: that
// itself, Keras' sqrt(.)**2 up to rounding).
//
// Thread-safety: pure functions of their arguments. Aliasing: spectrum and power
// must not overlap; the lanes work in place. No scratch, no allocation.
#pragma once

#include "melspec/simd.hpp"

namespace melspec {

// power[k] = |spectrum_k| ** magExp for k < bins; spectrum holds bins interleaved (re, im) pairs.
template <typename Real>
void powerSpectrum(const Real* spectrum, int bins, double magExp, Real* power);

#if MELSPEC_SIMD
// The same for four spectra, one per lane, from what RealFftLanes::forwardPower()
// gives (|X_k|^2 of each bin): values[k] becomes |X_k| ** magExp in place (for
// magExp 2 they are that already).
void squaredMagnitudeToPowerLanes(simd::f32x4* values, int bins, double magExp);
#endif

extern template void powerSpectrum<float>(const float*, int, double, float*);
extern template void powerSpectrum<double>(const double*, int, double, double*);

}  // namespace melspec
