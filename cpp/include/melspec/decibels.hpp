// The log step: logMultiplier * log10(max(x, minPower)) - logMultiplier * log10(max(|refPower|, minPower))
// (Keras' power_to_db with 10, whatever magExp is; Whisper's log10 with 1), then
// what follows it over a group of values (LogFinish): the top_db floor
// max(x, max - topDb), and the output's offset and scale.
#pragma once

#include <cstddef>
#include <optional>

#include "melspec/config.hpp"

namespace melspec {

template <typename Real>
struct LogScale {
    Real minPower;
    Real multiplier;
    Real refLog;  // multiplier * log10(max(|refPower|, minPower))

    LogScale(double minPower, double refPower, double multiplier);
    double log10MinPower;

    explicit LogScale(const MelSpectrogramConfig& config)
        : LogScale(config.minPower, config.refPower, config.logMultiplier) {}
    // The same value for a power whatever its position in an array: powerToLog()
    // gives bit for bit this (so frames grouped differently, as streams and pools
    // group them, log alike). minPower must be normal (validateConfig()).
    Real operator()(Real power) const;
    // The same scale from log10(power) (wide_range_frame.hpp), for powers that Real
    // cannot hold: multiplier * max(log10Power, log10(minPower)) - refLog.
    Real fromLog10(double log10Power) const;
};

// values[i] = scale(values[i]) for all i (vectorised for float where SIMD is on).
// The values must be finite.
void powerToLog(float* values, std::size_t count, const LogScale<float>& scale);
void powerToLog(double* values, std::size_t count, const LogScale<double>& scale);

// What follows the log over one group of values that share a maximum (a batch,
// one signal, one torchaudio channel group): subtract the group's largest value
// (librosa's ref=np.max), floor at largest - topDb, then (x + offset) * scale.
template <typename Real>
struct LogFinish {
    bool relativeToLargest = false;
    std::optional<Real> topDb;
    Real offset = 0;
    Real scale = 1;

    // The config's finish; a stream passes withFloor = false when it floors by itself.
    static LogFinish fromConfig(const MelSpectrogramConfig& config, bool withFloor = true);

    bool needsLargest() const { return relativeToLargest || topDb.has_value(); }
    // values[0..count) of one group whose largest value is `largest`.
    void apply(Real* values, std::size_t count, Real largest) const;
};

// Largest of values[0..count). count >= 1; none of them NaN (outputs never hold one).
template <typename Real>
Real maxValue(const Real* values, std::size_t count);

template <>
float LogScale<float>::operator()(float power) const;
template <>
double LogScale<double>::operator()(double power) const;
extern template struct LogScale<float>;
extern template struct LogScale<double>;
extern template struct LogFinish<float>;
extern template struct LogFinish<double>;
extern template float maxValue<float>(const float*, std::size_t);
extern template double maxValue<double>(const double*, std::size_t);

}  // namespace melspec
