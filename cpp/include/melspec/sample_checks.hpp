// Input validation that reads every sample, kept fast because it runs on every call.
#pragma once

#include <cstddef>

namespace melspec {

// Index of the first NaN or infinite value in values[0..count), or count if there is none.
std::size_t firstNonFinite(const float* values, std::size_t count);
std::size_t firstNonFinite(const double* values, std::size_t count);

}  // namespace melspec
