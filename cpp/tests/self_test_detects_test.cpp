// Linked with tests/wrong_lane_fft.cpp instead of the real lane FFT: the load-time
// self-test must reject lanes that disagree with the scalar path, small as its signal is.
#include <gtest/gtest.h>

#include "melspec/self_test.hpp"

namespace melspec {
namespace {

TEST(SelfTest, RejectsALaneThatComputesWrongly) { EXPECT_FALSE(simdLanesAgreeWithScalar()); }

}  // namespace
}  // namespace melspec
