#include "melspec/sample_checks.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace melspec {

std::size_t firstNonFinite(const double* values, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i)
        if (!std::isfinite(values[i])) return i;
    return count;
}

// float: a branch-free pass over blocks (all-ones exponent means NaN or infinity),
// which compilers vectorise; the exact index is looked up only in a bad block.
std::size_t firstNonFinite(const float* values, std::size_t count) {
    constexpr std::size_t kBlock = 64;
    std::size_t start = 0;
    for (; start + kBlock <= count; start += kBlock) {
        std::uint32_t bits[kBlock];
        std::memcpy(bits, values + start, sizeof bits);
        std::uint32_t bad = 0;
        for (std::size_t i = 0; i < kBlock; ++i)
            bad |= static_cast<std::uint32_t>((bits[i] & 0x7f800000u) == 0x7f800000u);
        if (bad) break;
    }
    for (std::size_t i = start; i < count; ++i)
        if (!std::isfinite(values[i])) return i;
    return count;
}

}  // namespace melspec
