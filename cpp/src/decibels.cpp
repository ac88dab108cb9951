#include "melspec/decibels.hpp"

#include <cfloat>
#include <cmath>
#include <limits>
#include <type_traits>

#if MELSPEC_SIMD
#include "melspec/simd.hpp"
#endif

namespace melspec {

template <typename Real>
LogScale<Real>::LogScale(double minPowerValue, double refPower, double multiplierValue)
    : minPower(static_cast<Real>(minPowerValue)),
      multiplier(static_cast<Real>(multiplierValue)),
      refLog(multiplier *
             std::log10(std::fmax(static_cast<Real>(std::fabs(refPower)), static_cast<Real>(minPowerValue)))),
      log10MinPower(std::log10(static_cast<double>(minPower))) {}

template <typename Real>
Real LogScale<Real>::fromLog10(double log10Power) const {
    return static_cast<Real>(static_cast<double>(multiplier) * std::fmax(log10Power, log10MinPower) -
                             static_cast<double>(refLog));
}

#if MELSPEC_SIMD
namespace {

// multiplier * log10(max(power, minPower)) - refLog four values at a time, with the
// vector log (simd::scaledLog): the scalar log10f was the largest cost left once the FFT
// ran in lanes.
struct LogLanes {
    simd::f32x4 minPower, refLog;
    simd::ScaledLogTerms terms;

    explicit LogLanes(const LogScale<float>& scale)
        : minPower(simd::splat(scale.minPower)),
          refLog(simd::splat(scale.refLog)),
          terms(simd::scaledLogTerms(static_cast<double>(scale.multiplier) / 2.302585092994045684)) {}  // / ln(10)

    simd::f32x4 operator()(simd::f32x4 power) const {
        return simd::scaledLog(simd::max(power, minPower), terms) - refLog;
    }
};

}  // namespace

template <>
float LogScale<float>::operator()(float power) const {
    return LogLanes(*this)(simd::splat(power))[0];
}

void powerToLog(float* values, std::size_t count, const LogScale<float>& scale) {
    const LogLanes logLanes(scale);  // in locals: stores to values may alias scale's fields
    std::size_t i = 0;
    // Two independent vectors per step: V8 does not unroll, and one log's chain of
    // dependent multiply-adds leaves the SIMD units idle (Whisper: 480k values per minute).
    for (; i + 8 <= count; i += 8) {
        const simd::f32x4 first = logLanes(simd::loadUnaligned(values + i));
        const simd::f32x4 second = logLanes(simd::loadUnaligned(values + i + 4));
        simd::storeUnaligned(values + i, first);
        simd::storeUnaligned(values + i + 4, second);
    }
    for (; i + 4 <= count; i += 4) simd::storeUnaligned(values + i, logLanes(simd::loadUnaligned(values + i)));
    for (; i < count; ++i) values[i] = logLanes(simd::splat(values[i]))[0];
}
#else
template <>
float LogScale<float>::operator()(float power) const {
    return multiplier * std::log10(power > minPower ? power : minPower) - refLog;
}

void powerToLog(float* values, std::size_t count, const LogScale<float>& scale) {
    for (std::size_t i = 0; i < count; ++i) values[i] = scale(values[i]);
}
#endif

template <>
double LogScale<double>::operator()(double power) const {
    return multiplier * std::log10(power > minPower ? power : minPower) - refLog;
}

void powerToLog(double* values, std::size_t count, const LogScale<double>& scale) {
    for (std::size_t i = 0; i < count; ++i) values[i] = scale(values[i]);
}

template <typename Real>
LogFinish<Real> LogFinish<Real>::fromConfig(const MelSpectrogramConfig& config, bool withFloor) {
    LogFinish finish;
    finish.relativeToLargest = config.refIsMax;
    if (withFloor && config.topDb) finish.topDb = static_cast<Real>(*config.topDb);
    finish.offset = static_cast<Real>(config.outputOffset);
    finish.scale = static_cast<Real>(config.outputScale);
    return finish;
}

template <typename Real>
void LogFinish<Real>::apply(Real* values, std::size_t count, Real largest) const {
    const Real shift = relativeToLargest ? largest : Real(0);
    // The floor as Keras computes it: max - topDb in the output precision.
    const Real floor = topDb ? (largest - shift) - *topDb : -std::numeric_limits<Real>::infinity();
    if (shift == Real(0) && offset == Real(0) && scale == Real(1)) {
        for (std::size_t i = 0; i < count; ++i) values[i] = values[i] < floor ? floor : values[i];
        return;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const Real value = values[i] - shift;
        values[i] = ((value < floor ? floor : value) + offset) * scale;
    }
}

#if MELSPEC_SIMD
namespace {

// Four running maxima in each of two vectors (clang does not vectorise the scalar
// loop without fast-math); over values that hold no NaN, the largest is the same
// whatever the order. count >= 8.
float maxValueLanes(const float* values, std::size_t count) {
    simd::f32x4 first = simd::loadUnaligned(values), second = simd::loadUnaligned(values + 4);
    std::size_t i = 8;
    for (; i + 8 <= count; i += 8) {
        first = simd::max(first, simd::loadUnaligned(values + i));
        second = simd::max(second, simd::loadUnaligned(values + i + 4));
    }
    const simd::f32x4 both = simd::max(first, second);
    float largest = both[0];
    for (int j = 1; j < 4; ++j) largest = both[j] > largest ? both[j] : largest;
    for (; i < count; ++i) largest = values[i] > largest ? values[i] : largest;
    return largest;
}

}  // namespace
#endif

template <typename Real>
Real maxValue(const Real* values, std::size_t count) {
#if MELSPEC_SIMD
    if constexpr (std::is_same_v<Real, float>)
        if (count >= 8) return maxValueLanes(values, count);
#endif
    Real largest = values[0];
    for (std::size_t i = 1; i < count; ++i) largest = values[i] > largest ? values[i] : largest;
    return largest;
}

template struct LogScale<float>;
template struct LogScale<double>;
template struct LogFinish<float>;
template struct LogFinish<double>;
template float maxValue<float>(const float*, std::size_t);
template double maxValue<double>(const double*, std::size_t);

}  // namespace melspec
