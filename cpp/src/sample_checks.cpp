#include "melspec/sample_checks.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "melspec/simd.hpp"

namespace melspec {

std::size_t firstNonFinite(const double* values, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i)
        if (!std::isfinite(values[i])) return i;
    return count;
}

// float: a branch-free pass over blocks, which finds the block holding the first
// non-finite value; the exact index is looked up only from there.
std::size_t firstNonFinite(const float* values, std::size_t count) {
    constexpr std::size_t kBlock = 64;
    std::size_t start = 0;
#if MELSPEC_SIMD
    // x * 0 is 0 for every finite x and NaN for NaN and infinities, so a block's sum
    // of them is NaN exactly when the block holds one: a multiply and an add per four
    // values (the exponent test below takes an and, a compare and an or).
    for (; start + kBlock <= count; start += kBlock) {
        simd::f32x4 sums[4] = {};
        for (std::size_t i = 0; i < kBlock; i += 16)
            for (int j = 0; j < 4; ++j) sums[j] += simd::loadUnaligned(values + start + i + 4 * j) * simd::splat(0.0f);
        const simd::f32x4 sum = (sums[0] + sums[1]) + (sums[2] + sums[3]);
        if (!(sum[0] == 0.0f && sum[1] == 0.0f && sum[2] == 0.0f && sum[3] == 0.0f)) break;
    }
#endif
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
