#include "melspec/sample_checks.hpp"

#include <gtest/gtest.h>

#include <cfloat>
#include <limits>
#include <vector>

namespace melspec {
namespace {

// Finite values of every kind the block pass must see as finite: the largest,
// the smallest normal, subnormals, both zeros.
template <typename Real>
std::vector<Real> finiteValues(std::size_t count) {
    const Real kinds[] = {std::numeric_limits<Real>::max(),
                          -std::numeric_limits<Real>::max(),
                          std::numeric_limits<Real>::min(),
                          std::numeric_limits<Real>::denorm_min(),
                          Real(-0.0),
                          Real(0.5)};
    std::vector<Real> values(count);
    for (std::size_t i = 0; i < count; ++i) values[i] = kinds[i % 6];
    return values;
}

template <typename Real>
void expectEveryPositionFound() {
    const Real bad[] = {std::numeric_limits<Real>::quiet_NaN(), std::numeric_limits<Real>::infinity(),
                        -std::numeric_limits<Real>::infinity()};
    // 200 values: three whole 64-value blocks and a tail.
    for (std::size_t count : {0u, 1u, 63u, 64u, 65u, 200u}) {
        std::vector<Real> values = finiteValues<Real>(count);
        EXPECT_EQ(firstNonFinite(values.data(), count), count);
        for (std::size_t at = 0; at < count; ++at)
            for (Real value : bad) {
                values[at] = value;
                EXPECT_EQ(firstNonFinite(values.data(), count), at) << "count " << count << " at " << at;
                if (at + 70 < count) {  // a second one further on, in a later block: the first is reported
                    values[at + 70] = value;
                    EXPECT_EQ(firstNonFinite(values.data(), count), at);
                    values[at + 70] = finiteValues<Real>(count)[at + 70];
                }
                values[at] = finiteValues<Real>(count)[at];
            }
    }
}

TEST(FirstNonFinite, FindsTheFirstNanOrInfinityAnywhereInFloats) { expectEveryPositionFound<float>(); }

TEST(FirstNonFinite, FindsTheFirstNanOrInfinityAnywhereInDoubles) { expectEveryPositionFound<double>(); }

}  // namespace
}  // namespace melspec
