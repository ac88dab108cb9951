// Helpers shared by the unit tests: reading the golden fixtures.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace melspec::testing {

// Raw little-endian values of test/fixtures/<name> (e.g. "keras/default_noise.in.bin").
template <typename T>
std::vector<T> readFixture(const std::string& name);

// Largest |a[i] - b[i]|; the sizes must match.
double maxAbsDifference(const std::vector<double>& a, const std::vector<double>& b);

template <typename T>
std::vector<double> toDouble(const std::vector<T>& values) {
    return std::vector<double>(values.begin(), values.end());
}

}  // namespace melspec::testing
