#include <gtest/gtest.h>

#include <limits>

#include "melspec/config.hpp"

namespace melspec {
namespace {

ConfigParam problemWith(const MelSpectrogramConfig& config) {
    const auto error = validateConfig(config);
    return error ? error->param : ConfigParam::None;
}

TEST(Config, KerasDefaultsAreValid) {
    const MelSpectrogramConfig config;
    EXPECT_EQ(problemWith(config), ConfigParam::None);
    EXPECT_EQ(config.fftLength, 2048);
    EXPECT_EQ(config.sequenceStride, 512);
    EXPECT_EQ(resolvedSequenceLength(config), 2048);
    EXPECT_EQ(config.numMelBins, 128);
    EXPECT_EQ(resolvedMaxFreq(config), 8000.0);
    EXPECT_EQ(*config.topDb, 80.0);
}

TEST(Config, MaxFreqDefaultTruncatesLikeKerasInt) {
    MelSpectrogramConfig config;
    config.samplingRate = 11025;
    EXPECT_EQ(resolvedMaxFreq(config), 5512.0);
    config.maxFreq = 3000;
    EXPECT_EQ(resolvedMaxFreq(config), 3000.0);
}

TEST(Config, RejectsEachBadParameter) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto with = [](auto change) {
        MelSpectrogramConfig config;
        change(config);
        return problemWith(config);
    };
    EXPECT_EQ(with([](auto& c) { c.fftLength = 0; }), ConfigParam::FftLength);
    EXPECT_EQ(with([](auto& c) { c.fftLength = 65537; }), ConfigParam::FftLength);
    EXPECT_EQ(with([](auto& c) { c.sequenceStride = 0; }), ConfigParam::SequenceStride);
    EXPECT_EQ(with([](auto& c) { c.sequenceLength = 4096; }), ConfigParam::SequenceLength);
    EXPECT_EQ(with([](auto& c) { c.sequenceLength = -1; }), ConfigParam::SequenceLength);
    EXPECT_EQ(with([](auto& c) {
                  c.window = WindowKind::Custom;
                  c.customWindow = std::vector<double>(100, 1.0);
              }),
              ConfigParam::Window);
    EXPECT_EQ(with([](auto& c) {
                  c.fftLength = 4;
                  c.window = WindowKind::Custom;
                  c.customWindow = {0, 0, 0, 0};
              }),
              ConfigParam::Window);
    EXPECT_EQ(with([&](auto& c) { c.samplingRate = nan; }), ConfigParam::SamplingRate);
    EXPECT_EQ(with([](auto& c) { c.samplingRate = 0; }), ConfigParam::SamplingRate);
    EXPECT_EQ(with([](auto& c) { c.numMelBins = 0; }), ConfigParam::NumMelBins);
    EXPECT_EQ(with([](auto& c) { c.minFreq = -700; }), ConfigParam::MinFreq);
    EXPECT_EQ(with([](auto& c) {
                  c.minFreq = 1000;
                  c.maxFreq = 1000;
              }),
              ConfigParam::MinFreq);
    EXPECT_EQ(with([](auto& c) { c.maxFreq = -5; }), ConfigParam::MaxFreq);
    EXPECT_EQ(with([](auto& c) { c.topDb = -10.0; }), ConfigParam::TopDb);
    EXPECT_EQ(with([](auto& c) { c.magExp = -1; }), ConfigParam::MagExp);
    EXPECT_EQ(with([](auto& c) { c.minPower = 0; }), ConfigParam::MinPower);
    EXPECT_EQ(with([&](auto& c) { c.refPower = nan; }), ConfigParam::RefPower);
    EXPECT_EQ(with([](auto& c) { c.refPower = -1e300; }), ConfigParam::RefPower);
    EXPECT_EQ(with([](auto& c) { c.minPower = 1.79e308; }), ConfigParam::MinPower);
    EXPECT_EQ(with([](auto& c) { c.topDb = std::nullopt; }), ConfigParam::None);
    EXPECT_EQ(with([](auto& c) { c.refPower = -10; }), ConfigParam::None);  // Keras uses |ref_power|
}

}  // namespace
}  // namespace melspec
