#include <gtest/gtest.h>

#include <cmath>

#include "melspec/window.hpp"

namespace melspec {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(Window, HannIsPeriodicOverFftLength) {
    MelSpectrogramConfig config;
    config.fftLength = 8;
    const auto window = buildWindow<double>(config);
    ASSERT_EQ(window.size(), 8u);
    // Periodic: 0.5 - 0.5 cos(2 pi n / 8), so it starts at 0 and peaks at n = 4, not symmetric at the end.
    for (int n = 0; n < 8; ++n) EXPECT_NEAR(window[n], 0.5 - 0.5 * std::cos(2 * kPi * n / 8), 1e-15);
    EXPECT_EQ(window[0], 0.0);
    EXPECT_NEAR(window[4], 1.0, 1e-15);
    EXPECT_NEAR(window[7], window[1], 1e-15);
}

TEST(Window, HammingIsPeriodic) {
    MelSpectrogramConfig config;
    config.fftLength = 1024;
    config.window = WindowKind::Hamming;
    const auto window = buildWindow<float>(config);
    EXPECT_NEAR(window[0], 0.08f, 1e-7);
    EXPECT_NEAR(window[512], 1.0f, 1e-7);
    EXPECT_NEAR(window[256], 0.54f, 1e-6);
}

TEST(Window, ShorterSequenceIsCentredWithFloorLeftPad) {
    MelSpectrogramConfig config;
    config.fftLength = 512;
    config.sequenceLength = 400;
    const auto window = buildWindow<double>(config);
    // l_pad = (512 - 400) / 2 = 56 zeros, then hann(400), then 56 zeros.
    for (int n = 0; n < 56; ++n) EXPECT_EQ(window[n], 0.0) << n;
    for (int n = 456; n < 512; ++n) EXPECT_EQ(window[n], 0.0) << n;
    EXPECT_NEAR(window[56 + 200], 1.0, 1e-15);
    EXPECT_NEAR(window[56 + 100], 0.5, 1e-15);

    config.fftLength = 511;  // odd padding: l_pad = 55, r_pad = 56
    const auto odd = buildWindow<double>(config);
    EXPECT_NEAR(odd[55 + 200], 1.0, 1e-15);
    EXPECT_EQ(odd[510], 0.0);
    EXPECT_EQ(odd[455], 0.0);
    EXPECT_GT(odd[454], 0.0);
}

TEST(Window, NoneMeansOnesOverTheWholeFftLength) {
    MelSpectrogramConfig config;
    config.fftLength = 512;
    config.sequenceLength = 400;  // ignored by Keras for window=None
    config.window = WindowKind::Rectangular;
    const auto window = buildWindow<float>(config);
    ASSERT_EQ(window.size(), 512u);
    for (float value : window) EXPECT_EQ(value, 1.0f);
}

TEST(Window, CustomValuesArePaddedLikeNamedWindows) {
    MelSpectrogramConfig config;
    config.fftLength = 8;
    config.sequenceLength = 3;
    config.window = WindowKind::Custom;
    config.customWindow = {0.25, 1.0, 0.5};
    const auto window = buildWindow<double>(config);
    const std::vector<double> expected = {0, 0, 0.25, 1.0, 0.5, 0, 0, 0};
    EXPECT_EQ(window, expected);
}

}  // namespace
}  // namespace melspec
