#include "melspec/decibels.hpp"

#include <cfloat>
#include <cmath>

#if MELSPEC_SIMD
#include "melspec/simd.hpp"
#endif

namespace melspec {

template <typename Real>
DecibelScale<Real>::DecibelScale(double minPowerValue, double refPower)
    : minPower(static_cast<Real>(minPowerValue)),
      refDb(Real(10) * std::log10(std::fmax(static_cast<Real>(std::fabs(refPower)), static_cast<Real>(minPowerValue)))) {}

template <typename Real>
Real DecibelScale<Real>::operator()(Real power) const {
    return Real(10) * std::log10(power > minPower ? power : minPower) - refDb;
}

void powerToDb(double* values, std::size_t count, const DecibelScale<double>& scale) {
    for (std::size_t i = 0; i < count; ++i) values[i] = scale(values[i]);
}

// With SIMD, four values at a time with a vector natural log (simd::log, ~1 ulp):
// the scalar log10f was the largest cost left once the FFT ran in lanes.
void powerToDb(float* values, std::size_t count, const DecibelScale<float>& scale) {
    std::size_t i = 0;
#if MELSPEC_SIMD
    if (scale.minPower >= FLT_MIN) {  // simd::log needs normal numbers
        const simd::f32x4 floor = simd::splat(scale.minPower);
        const simd::f32x4 tenOverLn10 = simd::splat(4.342944819032518f);  // 10 / ln(10)
        const simd::f32x4 refDb = simd::splat(scale.refDb);
        for (; i + 4 <= count; i += 4) {
            const simd::f32x4 power = simd::max(simd::loadUnaligned(values + i), floor);
            simd::storeUnaligned(values + i, simd::log(power) * tenOverLn10 - refDb);
        }
    }
#endif
    for (; i < count; ++i) values[i] = scale(values[i]);
}

template <typename Real>
Real maxValue(const Real* values, std::size_t count) {
    Real largest = values[0];
    for (std::size_t i = 1; i < count; ++i) largest = values[i] > largest ? values[i] : largest;
    return largest;
}

template <typename Real>
void clampBelow(Real* values, std::size_t count, Real floor) {
    for (std::size_t i = 0; i < count; ++i) values[i] = values[i] < floor ? floor : values[i];
}

template struct DecibelScale<float>;
template struct DecibelScale<double>;
template float maxValue<float>(const float*, std::size_t);
template double maxValue<double>(const double*, std::size_t);
template void clampBelow<float>(float*, std::size_t, float);
template void clampBelow<double>(double*, std::size_t, double);

}  // namespace melspec
