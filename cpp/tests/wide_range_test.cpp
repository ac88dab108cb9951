// Loud signals and large magExp: the engine's result is either the true value or,
// for linear output beyond the precision's range, +Infinity; never NaN, never the
// silent floor. Checked against the same signal scaled into the ordinary range,
// where the fast path computes it directly: scaling by c shifts the log by
// magExp * log10(c) (Keras' fixed reference) or changes nothing (ref = max).
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <type_traits>
#include <vector>

#include "melspec/mel_spectrogram.hpp"
#include "melspec/mel_stream.hpp"

namespace melspec {
namespace {

template <typename Real>
std::vector<Real> sine(std::size_t length, double amplitude, double hertz = 1000.0, double rate = 16000.0) {
    std::vector<Real> samples(length);
    for (std::size_t i = 0; i < length; ++i)
        samples[i] = static_cast<Real>(amplitude * std::sin(2 * M_PI * hertz * static_cast<double>(i) / rate));
    return samples;
}

template <typename Real>
std::vector<Real> compute(const MelSpectrogramConfig& config, const std::vector<Real>& signal) {
    auto engine = MelSpectrogram<Real>::create(config);
    EXPECT_NE(engine, nullptr);
    std::vector<Real> output(engine->outputSize(1, signal.size()));
    EXPECT_TRUE(engine->compute(signal.data(), 1, signal.size(), output.data()).ok());
    return output;
}

template <typename Real>
void expectAllFinite(const std::vector<Real>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) ASSERT_TRUE(std::isfinite(values[i])) << "at " << i;
}

// Keras defaults on a sine of amplitude 3e38: each dB value is the quiet sine's + 20 log10(scale).
template <typename Real>
void loudSineShiftsTheDecibels(double loudAmplitude) {
    const MelSpectrogramConfig keras;
    const double scale = std::ldexp(1.0, std::ilogb(loudAmplitude));  // exact power of two
    const auto quiet = compute(keras, sine<Real>(16000, 0.5));
    const auto loud = compute(keras, sine<Real>(16000, 0.5 * scale));
    expectAllFinite(loud);
    expectAllFinite(quiet);  // std::max below would skip a NaN reference
    const double shift = 20 * std::log10(scale);
    double worst = 0;
    for (std::size_t i = 0; i < quiet.size(); ++i)
        worst = std::max(worst, std::fabs(static_cast<double>(loud[i]) - (static_cast<double>(quiet[i]) + shift)));
    // float: one ulp of ~770 dB is 6e-5; the quiet path's own rounding is below that.
    const double tolerance = std::is_same_v<Real, float> ? 2e-3 : 1e-6;
    EXPECT_LT(worst, tolerance) << "shift " << shift;
}

TEST(WideRange, FloatLoudSineShiftsTheDecibels) { loudSineShiftsTheDecibels<float>(3e38); }
TEST(WideRange, DoubleLoudSineShiftsTheDecibels) { loudSineShiftsTheDecibels<double>(1e307); }

// Linear output: the true power where Real holds it (the quiet power * scale^2), +inf
// where it does not, NaN nowhere.
TEST(WideRange, FloatLoudSineLinearIsTruePowerOrInfinity) {
    MelSpectrogramConfig linear;
    linear.powerToDb = false;
    const double scale = std::ldexp(1.0, 60);  // 1.15e18: powers near the sine reach 1e44, the quietest stay finite
    const auto quiet = compute(linear, sine<float>(16000, 0.5));
    const auto loud = compute(linear, sine<float>(16000, 0.5 * scale));
    std::size_t infinite = 0, finite = 0;
    for (std::size_t i = 0; i < quiet.size(); ++i) {
        ASSERT_FALSE(std::isnan(loud[i])) << i;
        const double expected = static_cast<double>(quiet[i]) * scale * scale;
        if (expected > FLT_MAX * 1.0001) {
            EXPECT_TRUE(std::isinf(loud[i])) << i;
            ++infinite;
        } else if (expected < FLT_MAX * 0.9999) {
            EXPECT_NEAR(loud[i] / expected, 1.0, 1e-4) << i;
            ++finite;
        }
    }
    EXPECT_GT(infinite, 0u);
    EXPECT_GT(finite, 0u);
}

// librosa's power=1000 with ref=np.max, top_db=80 on a 0.9 sine: |X| ** 1000 overflows
// float64. Relative to the max, the result does not depend on the signal's scale, so it
// must equal the same sine scaled until its largest |X| is 1.5 (1.5 ** 1000 = 1e176: no
// overflow, and far above amin, so the clamp at amin floors the same bins in both).
TEST(WideRange, HugeMagExpWithRefMaxEqualsTheScaledSignal) {
    MelSpectrogramConfig librosa;
    librosa.magExp = 1000;
    librosa.refIsMax = true;
    librosa.melScale = MelScale::Slaney;
    librosa.filterShape = FilterShape::HertzDomain;
    librosa.filterNorm = FilterNorm::Slaney;
    librosa.binFrequencies = BinFrequencies::FftFrequencies;
    librosa.minFreq = 0;
    librosa.padMode = PadMode::Constant;
    const auto loud = compute(librosa, sine<double>(16000, 0.9));
    // The sine sits on bin 128 exactly: its |X| is amplitude * 2048 / 4 (periodic Hann).
    const auto scaled = compute(librosa, sine<double>(16000, 1.5 / 512));
    expectAllFinite(loud);
    expectAllFinite(scaled);  // std::max below would skip a NaN reference
    double worst = 0;
    for (std::size_t i = 0; i < loud.size(); ++i) worst = std::max(worst, std::fabs(loud[i] - scaled[i]));
    EXPECT_LT(worst, 1e-6);
    // Not a flat floor: the sine's bands reach 0 dB and the rest lie between.
    EXPECT_EQ(*std::max_element(loud.begin(), loud.end()), 0.0);
    EXPECT_EQ(*std::min_element(loud.begin(), loud.end()), -80.0);
}

// Partial overflow: only the loud half's frames take the log-domain path, the rest
// are bit for bit what the fast path gives, and a stream gives the same frames.
TEST(WideRange, OnlyOverflowedFramesChangeAndStreamsAgree) {
    MelSpectrogramConfig config;
    config.topDb = std::nullopt;
    auto signal = sine<float>(32000, 0.5);
    auto quietOnly = compute(config, signal);
    for (std::size_t i = 16000; i < signal.size(); ++i) signal[i] *= 1e37f;
    const auto mixed = compute(config, signal);
    expectAllFinite(mixed);
    auto engine = MelSpectrogram<float>::create(config);
    const std::size_t frames = engine->frameCount(signal.size());
    // Frame t reads samples [t*512 - 1024, t*512 + 1024): the first 29 read only the quiet half.
    for (std::size_t t = 0; t < 29; ++t)
        for (int m = 0; m < config.numMelBins; ++m) EXPECT_EQ(mixed[m * frames + t], quietOnly[m * frames + t]);
    auto stream = MelStream<float>::create(config, StreamDb::None);
    std::vector<float> streamed(mixed.size());
    std::size_t column = 0;
    for (std::size_t offset = 0; offset < signal.size(); offset += 1000) {
        std::vector<float> part(stream->framesAfterPush(1000) * config.numMelBins + 1);
        std::size_t produced = 0;
        ASSERT_TRUE(stream->push(signal.data() + offset, 1000, part.data(), &produced).ok());
        for (std::size_t f = 0; f < produced; ++f)
            for (int m = 0; m < config.numMelBins; ++m) streamed[m * frames + column + f] = part[m * produced + f];
        column += produced;
    }
    std::vector<float> tail(stream->flushFrames() * config.numMelBins + 1);
    std::size_t produced = 0;
    ASSERT_TRUE(stream->flush(tail.data(), &produced).ok());
    for (std::size_t f = 0; f < produced; ++f)
        for (int m = 0; m < config.numMelBins; ++m) streamed[m * frames + column + f] = tail[m * produced + f];
    EXPECT_EQ(column + produced, frames);
    EXPECT_EQ(streamed, mixed);
    // Frame ranges written into their columns of the whole output (rowStride = frames, as
    // the library computes a chunk), the loud ones redone there: the same bits.
    std::vector<float> inColumns(mixed.size(), -7.0f);
    for (const auto [first, last] : {std::pair<std::size_t, std::size_t>{0, 20}, {20, 41}, {41, frames}}) {
        float largest = 0;
        ASSERT_TRUE(engine
                        ->computeFrames(SignalSlice<float>::whole(signal.data(), signal.size()), first, last - first,
                                        inColumns.data() + first, frames, &largest)
                        .ok());
    }
    EXPECT_EQ(inColumns, mixed);
}

TEST(WideRange, LimitsAreNamed) {
    MelSpectrogramConfig config;
    config.magExp = 1000.5;
    EXPECT_EQ(validateConfig(config)->param, ConfigParam::MagExp);
    config.magExp = 2;
    config.minPower = 1e-39;
    EXPECT_EQ(validateConfig(config)->param, ConfigParam::MinPower);
    config.minPower = FLT_MIN;
    EXPECT_FALSE(validateConfig(config).has_value());
}

}  // namespace
}  // namespace melspec
