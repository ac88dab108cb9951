#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/generated/engine_option_checks.hpp"
#include "melspec/generated/preset_configs.hpp"

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

TEST(Config, EveryPresetIsValid) {
    for (const MelSpectrogramConfig& config :
         {presets::keras(), presets::torchaudio(), presets::librosa(), presets::whisper()})
        EXPECT_EQ(problemWith(config), ConfigParam::None);
    EXPECT_EQ(presets::whisper().fftLength, 400);
    EXPECT_TRUE(presets::whisper().dropLastFrame);
    EXPECT_EQ(presets::librosa().filterNorm, FilterNorm::Slaney);
}

// Each option crosses the WASM boundary as one double (schema order): the round trip keeps it.
TEST(Config, OptionValuesRoundTrip) {
    MelSpectrogramConfig config = presets::whisper();
    config.topDb = std::nullopt;
    config.topDbScope = TopDbScope::LastDimension;
    config.fixedLength = 480000;
    std::vector<double> values(kEngineOptionCount), again(kEngineOptionCount);
    generated::writeOptionValues(config, values.data());
    MelSpectrogramConfig decoded;
    generated::readOptionValues(values.data(), decoded);
    generated::writeOptionValues(decoded, again.data());
    for (std::size_t i = 0; i < kEngineOptionCount; ++i) {
        if (std::isnan(values[i]))
            EXPECT_TRUE(std::isnan(again[i])) << i;
        else
            EXPECT_EQ(values[i], again[i]) << i;
    }
    EXPECT_FALSE(decoded.topDb.has_value());
    EXPECT_EQ(decoded.fixedLength, 480000u);
    EXPECT_EQ(decoded.binFrequencies, BinFrequencies::FftFrequencies);
}

// A wire value the option's type cannot hold (NaN where a number is needed; a fraction, a
// negative or a huge value for an integer, a count or an enum) is refused and names that
// option, for every option.
TEST(Config, BadOptionValuesNameTheirOption) {
    struct Option {
        ConfigParam param;
        bool isReal;          // any finite double is a value of its type
        bool takesAnyNumber;  // a bool (non-zero is true) or an optional (NaN is "none")
    };
    const std::vector<Option> options = {
#define MELSPEC_OPTION_ENTRY(type, name, defaultValue, param)                                         \
    {ConfigParam::param, std::is_same_v<type, double> || std::is_same_v<type, std::optional<double>>, \
     std::is_same_v<type, bool> || std::is_same_v<type, std::optional<double>>},
        MELSPEC_ENGINE_OPTIONS(MELSPEC_OPTION_ENTRY)
#undef MELSPEC_OPTION_ENTRY
    };
    ASSERT_EQ(options.size(), kEngineOptionCount);
    std::vector<double> defaults(kEngineOptionCount);
    generated::writeOptionValues(MelSpectrogramConfig{}, defaults.data());
    int refused = 0;
    for (std::size_t i = 0; i < kEngineOptionCount; ++i) {
        const Option& option = options[i];
        EXPECT_EQ(static_cast<int>(option.param), static_cast<int>(i) + 1);
        for (double bad : {std::numeric_limits<double>::quiet_NaN(), -1.5, 1e300}) {
            if (option.takesAnyNumber || (option.isReal && !std::isnan(bad))) continue;
            std::vector<double> values = defaults;
            values[i] = bad;
            MelSpectrogramConfig config;
            generated::readOptionValues(values.data(), config);
            EXPECT_EQ(problemWith(config), option.param) << "option " << i << " = " << bad;
            ++refused;
        }
    }
    EXPECT_GT(refused, 40);
}

}  // namespace
}  // namespace melspec
