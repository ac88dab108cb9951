#include "melspec/decibels.hpp"

#include <cmath>

namespace melspec {

template <typename Real>
DecibelScale<Real>::DecibelScale(double minPowerValue, double refPower)
    : minPower(static_cast<Real>(minPowerValue)),
      refDb(Real(10) * std::log10(std::fmax(static_cast<Real>(std::fabs(refPower)), static_cast<Real>(minPowerValue)))) {}

template <typename Real>
Real DecibelScale<Real>::operator()(Real power) const {
    return Real(10) * std::log10(power > minPower ? power : minPower) - refDb;
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
