// The power_to_db step: 10 log10(max(x, minPower)) - 10 log10(max(|refPower|, minPower)),
// then the top_db floor max(x, max - topDb). Keras uses 10 log10 whatever magExp is.
#pragma once

#include <cstddef>

namespace melspec {

template <typename Real>
struct DecibelScale {
    Real minPower;
    Real refDb;  // 10 log10(max(|refPower|, minPower))

    DecibelScale(double minPower, double refPower);
    Real operator()(Real power) const;
};

// values[i] = scale(values[i]) for all i (vectorised for float where SIMD is on).
void powerToDb(float* values, std::size_t count, const DecibelScale<float>& scale);
void powerToDb(double* values, std::size_t count, const DecibelScale<double>& scale);

// Largest of values[0..count). count >= 1.
template <typename Real>
Real maxValue(const Real* values, std::size_t count);

// values[i] = max(values[i], floor).
template <typename Real>
void clampBelow(Real* values, std::size_t count, Real floor);

extern template struct DecibelScale<float>;
extern template struct DecibelScale<double>;
extern template float maxValue<float>(const float*, std::size_t);
extern template double maxValue<double>(const double*, std::size_t);
extern template void clampBelow<float>(float*, std::size_t, float);
extern template void clampBelow<double>(double*, std::size_t, double);

}  // namespace melspec
