// The analysis window, as Keras builds it: a periodic window of sequenceLength
// samples, zero-padded to fftLength with (fftLength - sequenceLength) / 2 zeros
// on the left, or ones over the whole fftLength for window=None.
#pragma once

#include <vector>

#include "melspec/config.hpp"

namespace melspec {

// Returns fftLength values. The config must be valid.
template <typename Real>
std::vector<Real> buildWindow(const MelSpectrogramConfig& config);

extern template std::vector<float> buildWindow<float>(const MelSpectrogramConfig&);
extern template std::vector<double> buildWindow<double>(const MelSpectrogramConfig&);

}  // namespace melspec
