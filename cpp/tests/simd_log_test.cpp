// The vector log (simd::scaledLog) against the exact log over the whole range it is used
// on: every normal, finite float (the dB stage clamps the power to at least amin >= FLT_MIN).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#if MELSPEC_SIMD
#include "melspec/simd.hpp"

namespace melspec {
namespace {

// The largest absolute and relative error of a * ln(x) over every 61st normal float.
void checkScaledLog(double a, double absoluteBound, double relativeBound) {
    const simd::ScaledLogTerms terms = simd::scaledLogTerms(a);
    double largestError = 0, largestRelative = 0;
    float worst = 0;
    // Every 61st bit pattern (35 million floats), four per call, lanes in different binades.
    for (std::uint32_t bits = 0x00800000u; bits < 0x7f800000u - 4 * 61; bits += 4 * 61) {
        simd::f32x4 x;
        for (int lane = 0; lane < 4; ++lane) {
            const std::uint32_t laneBits = bits + static_cast<std::uint32_t>(lane) * 61u;
            std::memcpy(&x[lane], &laneBits, sizeof(float));
        }
        const simd::f32x4 result = simd::scaledLog(x, terms);
        for (int lane = 0; lane < 4; ++lane) {
            const double exact = a * std::log(static_cast<double>(x[lane]));
            const double error = std::fabs(static_cast<double>(result[lane]) - exact);
            if (error > largestError) largestError = error, worst = x[lane];
            if (std::fabs(exact) >= 1e-3) largestRelative = std::fmax(largestRelative, error / std::fabs(exact));
        }
    }
    EXPECT_LE(largestError, absoluteBound) << "a = " << a << ", at " << worst;
    EXPECT_LE(largestRelative, relativeBound) << "a = " << a;
}

// Cephes' logf, which this replaced, was off by up to 3.84e-6.
TEST(SimdLog, WithinFourMillionthsOfTheExactLogOverEveryNormalFloat) { checkScaledLog(1.0, 4e-6, 3e-7); }

// As the dB stage uses it: 10 log10(x) to 1.7e-5 dB (half a float's step near 100 dB is 3.8e-6).
TEST(SimdLog, DecibelsWithinTwoHundredThousandthsOfADecibel) { checkScaledLog(10 / std::log(10.0), 1.7e-5, 3e-7); }

// Whisper's log10 (a = 1 / ln 10) and librosa's amplitude_to_db (20 log10).
TEST(SimdLog, OtherMultipliersAsClose) {
    checkScaledLog(1 / std::log(10.0), 2e-6, 3e-7);
    checkScaledLog(20 / std::log(10.0), 3.4e-5, 3e-7);
}

TEST(SimdLog, ExactAtPowersOfTwoAndOne) {
    const simd::f32x4 result = simd::scaledLog(simd::f32x4{1.0f, 2.0f, 0.5f, 1024.0f}, simd::scaledLogTerms(1.0));
    EXPECT_EQ(result[0], 0.0f);
    EXPECT_NEAR(result[1], std::log(2.0), 1e-7);
    EXPECT_NEAR(result[2], -std::log(2.0), 1e-7);
    EXPECT_NEAR(result[3], 10 * std::log(2.0), 1e-6);
}

}  // namespace
}  // namespace melspec
#endif
