// The engine against the real Keras layer's outputs (test/fixtures/keras),
// with the fixture README's tolerances: |d| <= 0.02 dB, linear |d| <= 1e-3 |ref| + 1e-6 max|ref|.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "melspec/framing.hpp"
#include "melspec/generated/preset_configs.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/self_test.hpp"
#include "test_support.hpp"

namespace melspec {
namespace {

using melspec::testing::readFixture;

struct GoldenCase {
    std::string name;
    std::function<void(MelSpectrogramConfig&)> configure;
    std::size_t batch;
    std::size_t mels;
    std::size_t frames;
};

void PrintTo(const GoldenCase& golden, std::ostream* os) { *os << golden.name; }

template <typename Real>
void expectMatchesKeras(const GoldenCase& golden) {
    MelSpectrogramConfig config;
    golden.configure(config);
    auto engine = MelSpectrogram<Real>::create(config);
    ASSERT_NE(engine, nullptr);

    const auto input = readFixture<Real>("keras/" + golden.name + ".in.bin");
    const auto expected = readFixture<Real>("keras/" + golden.name + ".out.bin");
    const std::size_t length = input.size() / golden.batch;
    ASSERT_EQ(engine->frameCount(length), golden.frames);
    ASSERT_EQ(engine->outputSize(golden.batch, length), expected.size());
    ASSERT_EQ(golden.batch * golden.mels * golden.frames, expected.size());

    std::vector<Real> output(expected.size(), Real(-1));
    ASSERT_TRUE(engine->compute(input.data(), golden.batch, length, output.data()).ok());

    double peak = 0;
    for (Real value : expected) peak = std::fmax(peak, std::fabs(value));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double tolerance = config.powerToDb ? 0.02 : 1e-3 * std::fabs(expected[i]) + 1e-6 * peak;
        ASSERT_NEAR(output[i], expected[i], tolerance) << "element " << i;
    }

    // Same instance, same input: the same numbers, bit for bit.
    std::vector<Real> again(expected.size());
    ASSERT_TRUE(engine->compute(input.data(), golden.batch, length, again.data()).ok());
    EXPECT_EQ(output, again);
}

class KerasGolden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(KerasGolden, Float32EngineMatches) { expectMatchesKeras<float>(GetParam()); }

const std::vector<GoldenCase> kCases = {
    {"default_noise", [](auto&) {}, 1, 128, 32},
    {"short_below_half_numpy_only", [](auto&) {}, 1, 128, 1},
    {"whisper_like_fft400",
     [](auto& c) {
         c.fftLength = 400;
         c.sequenceStride = 160;
         c.numMelBins = 80;
     },
     1, 80, 101},
    {"odd_fft511",
     [](auto& c) {
         c.fftLength = 511;
         c.sequenceStride = 128;
         c.numMelBins = 64;
     },
     1, 64, 50},
    {"seqlen400_in_fft512",
     [](auto& c) {
         c.fftLength = 512;
         c.sequenceLength = 400;
         c.sequenceStride = 160;
         c.numMelBins = 80;
     },
     1, 80, 76},
    {"window_none_seqlen400_fft512",
     [](auto& c) {
         c.window = WindowKind::Rectangular;
         c.fftLength = 512;
         c.sequenceLength = 400;
         c.sequenceStride = 160;
         c.numMelBins = 64;
     },
     1, 64, 38},
    {"window_array_blackman300_fft512",
     [](auto& c) {
         c.fftLength = 512;
         c.sequenceLength = 300;
         c.sequenceStride = 128;
         c.numMelBins = 64;
         c.window = WindowKind::Custom;
         const auto values = readFixture<float>("keras/window_array_blackman300_fft512.window.bin");
         c.customWindow.assign(values.begin(), values.end());
     },
     1, 64, 55},
    {"power_linear_fft1024",
     [](auto& c) {
         c.powerToDb = false;
         c.fftLength = 1024;
         c.sequenceStride = 256;
         c.numMelBins = 64;
     },
     1, 64, 32},
    {"batched_mixed_loudness",
     [](auto& c) {
         c.fftLength = 1024;
         c.sequenceStride = 256;
         c.numMelBins = 64;
     },
     3, 64, 32},
    {"min_power_1e-4_quiet",
     [](auto& c) {
         c.minPower = 1e-4;
         c.refPower = 0.01;
         c.topDb = 120.0;
     },
     1, 128, 20},
};

INSTANTIATE_TEST_SUITE_P(Fixtures, KerasGolden, ::testing::ValuesIn(kCases), [](const auto& info) {
    std::string name = info.param.name;  // gtest names allow [A-Za-z0-9_] only
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
});

TEST(KerasGoldenFloat64, DoubleEngineMatchesFloat64Policy) {
    expectMatchesKeras<double>({"float64_policy",
                                [](auto& c) {
                                    c.fftLength = 1024;
                                    c.sequenceStride = 256;
                                    c.numMelBins = 64;
                                },
                                1, 64, 36});
}

TEST(MelSpectrogram, ItemScopeTopDbIgnoresOtherItems) {
    MelSpectrogramConfig config;
    config.fftLength = 256;
    config.sequenceStride = 128;
    config.numMelBins = 16;
    auto batchScope = MelSpectrogram<float>::create(config);
    config.topDbScope = TopDbScope::Each;
    auto itemScope = MelSpectrogram<float>::create(config);

    std::vector<float> signals(2 * 1000);
    for (int i = 0; i < 1000; ++i) {
        signals[i] = 1e-4f * std::sin(0.3f * i);          // quiet
        signals[1000 + i] = 100.0f * std::sin(0.7f * i);  // loud
    }
    const std::size_t size = batchScope->outputSize(2, 1000);
    std::vector<float> batchOut(size), itemOut(size), quietAlone(size / 2);
    ASSERT_TRUE(batchScope->compute(signals.data(), 2, 1000, batchOut.data()).ok());
    ASSERT_TRUE(itemScope->compute(signals.data(), 2, 1000, itemOut.data()).ok());
    ASSERT_TRUE(batchScope->compute(signals.data(), 1, 1000, quietAlone.data()).ok());
    // Item scope: the quiet item comes out as if computed alone.
    for (std::size_t i = 0; i < size / 2; ++i) EXPECT_EQ(itemOut[i], quietAlone[i]) << i;
    // Batch scope: the loud item's max lifts the quiet item's floor.
    float quietMin = batchOut[0];
    float loudMax = batchOut[size / 2];
    for (std::size_t i = 0; i < size / 2; ++i) quietMin = std::fmin(quietMin, batchOut[i]);
    for (std::size_t i = size / 2; i < size; ++i) loudMax = std::fmax(loudMax, batchOut[i]);
    EXPECT_FLOAT_EQ(quietMin, loudMax - 80.0f);
}

TEST(MelSpectrogram, RejectsBadInputBeforeWriting) {
    auto engine = MelSpectrogram<float>::create(MelSpectrogramConfig{});
    std::vector<float> signal(4000, 0.1f);
    std::vector<float> output(engine->outputSize(1, 4000), 7.0f);
    EXPECT_EQ(engine->compute(signal.data(), 0, 4000, output.data()).code, ComputeStatus::Code::EmptyBatch);
    EXPECT_EQ(engine->compute(signal.data(), 1, 0, output.data()).code, ComputeStatus::Code::EmptySignal);
    signal[1234] = std::numeric_limits<float>::quiet_NaN();
    const ComputeStatus status = engine->compute(signal.data(), 1, 4000, output.data());
    EXPECT_EQ(status.code, ComputeStatus::Code::NonFiniteSample);
    EXPECT_EQ(status.index, 1234u);
    for (float value : output) ASSERT_EQ(value, 7.0f);
    signal[1234] = 0.1f;
    EXPECT_TRUE(engine->compute(signal.data(), 1, 4000, output.data()).ok());
}

// Splitting one signal into frame ranges computed from slices (as threads do),
// then flooring at the overall max, gives exactly what compute() gives: each range
// on its own and copied in, or written straight into its columns of the whole
// output (rowStride = frames, as MelSpectrogram in JS computes a long signal).
template <typename Real>
void expectSplitEqualsWhole(MelSpectrogramConfig config, std::size_t length, std::size_t parts) {
    auto engine = MelSpectrogram<Real>::create(config);
    ASSERT_NE(engine, nullptr);
    std::vector<Real> signal(length);
    for (std::size_t i = 0; i < length; ++i) signal[i] = static_cast<Real>(std::sin(0.01 * i + 1e-6 * i * i));
    const std::size_t frames = engine->frameCount(length);
    std::vector<Real> whole(engine->outputSize(1, length));
    ASSERT_TRUE(engine->compute(signal.data(), 1, length, whole.data()).ok());

    std::vector<Real> joined(whole.size()), inColumns(whole.size(), Real(-7));
    Real overallMax = -std::numeric_limits<Real>::infinity();
    for (std::size_t part = 0; part < parts; ++part) {
        const std::size_t first = frames * part / parts, last = frames * (part + 1) / parts;
        if (first == last) continue;
        const auto [from, to] = engine->framing().samplesRead(length, first, last - first);
        const std::vector<Real> copy(signal.begin() + from, signal.begin() + to);  // only what it reads
        std::vector<Real> output((last - first) * config.numMelBins);
        Real largest = 0;
        const SignalSlice<Real> slice{copy.data(), from, copy.size(), length};
        ASSERT_TRUE(engine->computeFrames(slice, first, last - first, output.data(), &largest).ok());
        overallMax = std::max(overallMax, largest);
        for (int m = 0; m < config.numMelBins; ++m)
            std::copy_n(output.begin() + m * (last - first), last - first, joined.begin() + m * frames + first);
        Real columnsLargest = 0;
        ASSERT_TRUE(
            engine->computeFrames(slice, first, last - first, inColumns.data() + first, frames, &columnsLargest).ok());
        EXPECT_EQ(columnsLargest, largest);
    }
    if (config.powerToDb) {
        engine->logFinish().apply(joined.data(), joined.size(), overallMax);
        engine->logFinish().apply(inColumns.data(), inColumns.size(), overallMax);
    }
    EXPECT_EQ(joined, whole);
    EXPECT_EQ(inColumns, whole);
}

TEST(MelSpectrogram, FrameRangesFromSlicesEqualTheWholeComputation) {
    MelSpectrogramConfig keras;
    expectSplitEqualsWhole<float>(keras, 48000, 3);
    expectSplitEqualsWhole<float>(keras, 1500, 2);
    expectSplitEqualsWhole<double>(keras, 20000, 4);
    MelSpectrogramConfig odd;
    odd.fftLength = 511;
    odd.sequenceStride = 100;
    odd.numMelBins = 40;
    odd.powerToDb = false;
    expectSplitEqualsWhole<float>(odd, 9000, 5);
    MelSpectrogramConfig whisper;
    whisper.fftLength = 400;
    whisper.sequenceStride = 160;
    whisper.numMelBins = 80;
    expectSplitEqualsWhole<float>(whisper, 16000, 7);
}

// The preset configurations' framing and log options, split the same way.
TEST(MelSpectrogram, FrameRangesEqualTheWholeComputationWithPresetOptions) {
    MelSpectrogramConfig whisper = presets::whisper();  // whisper.audio.log_mel_spectrogram
    expectSplitEqualsWhole<float>(whisper, 16000, 5);
    whisper.fixedLength = 480000;  // pad_or_trim: most frames read only zeros
    expectSplitEqualsWhole<float>(whisper, 20000, 6);
    expectSplitEqualsWhole<double>(whisper, 500000, 3);
    whisper.fixedLength = 0;
    whisper.trailingZeros = 3000;
    expectSplitEqualsWhole<float>(whisper, 9000, 4);

    MelSpectrogramConfig torchaudio;
    torchaudio.fftLength = 400;
    torchaudio.sequenceStride = 200;
    torchaudio.minFreq = 0;
    torchaudio.reflectOnce = true;
    torchaudio.leadingZeros = torchaudio.trailingZeros = 250;
    torchaudio.filterShape = FilterShape::HertzDomain;
    torchaudio.binFrequencies = BinFrequencies::IntegerHalfRate;
    expectSplitEqualsWhole<float>(torchaudio, 12000, 4);
    torchaudio.center = false;
    expectSplitEqualsWhole<float>(torchaudio, 12000, 3);

    MelSpectrogramConfig librosa = presets::librosa();
    librosa.powerToDb = true;  // power_to_db(ref=np.max)
    librosa.refIsMax = true;
    expectSplitEqualsWhole<float>(librosa, 30000, 4);
    expectSplitEqualsWhole<double>(librosa, 30000, 2);
}

// Frames reading only padding zeros are written as zeros without an FFT; that must
// equal computing them: the same clip padded by hand (its zeros are samples then).
template <typename Real>
void expectZeroFramesEqualComputedOnes(MelSpectrogramConfig config) {
    const std::size_t clip = 5000, fitted = 40000;
    std::vector<Real> padded(fitted, Real(0));
    for (std::size_t i = 0; i < clip; ++i) padded[i] = static_cast<Real>(std::sin(0.02 * i) * 0.5);
    config.fixedLength = fitted;
    auto skipping = MelSpectrogram<Real>::create(config);
    config.fixedLength = 0;
    auto computing = MelSpectrogram<Real>::create(config);
    ASSERT_NE(skipping, nullptr);
    std::vector<Real> a(skipping->outputSize(1, clip)), b(computing->outputSize(1, fitted));
    ASSERT_EQ(a.size(), b.size());
    ASSERT_TRUE(skipping->compute(padded.data(), 1, clip, a.data()).ok());
    ASSERT_TRUE(computing->compute(padded.data(), 1, fitted, b.data()).ok());
    EXPECT_EQ(a, b);
}

TEST(MelSpectrogram, FramesOfPaddingZerosEqualComputedFrames) {
    MelSpectrogramConfig whisper = presets::whisper();
    expectZeroFramesEqualComputedOnes<float>(whisper);
    expectZeroFramesEqualComputedOnes<double>(whisper);
    whisper.powerToDb = false;
    whisper.magExp = 0;  // 0 ** 0 = 1: zero frames are not zero, and must not be skipped
    expectZeroFramesEqualComputedOnes<float>(whisper);
    whisper.magExp = 1;
    expectZeroFramesEqualComputedOnes<float>(whisper);
}

TEST(MelSpectrogram, ComputeFramesRejectsSlicesMissingSamples) {
    auto engine = MelSpectrogram<float>::create(MelSpectrogramConfig{});
    std::vector<float> signal(16000, 0.25f), output(128 * 4);
    float largest = 0;
    // Frames 10..13 read samples [4096, 7680); a slice starting at 4097 lacks one.
    const SignalSlice<float> shortSlice{signal.data() + 4097, 4097, 4095, 16000};
    EXPECT_EQ(engine->computeFrames(shortSlice, 10, 4, output.data(), &largest).code,
              ComputeStatus::Code::SliceTooShort);
    const SignalSlice<float> slice{signal.data() + 4096, 4096, 4096, 16000};
    EXPECT_TRUE(engine->computeFrames(slice, 10, 4, output.data(), &largest).ok());
    EXPECT_EQ(engine->computeFrames(slice, 31, 2, output.data(), &largest).code, ComputeStatus::Code::BadFrameRange);
    // Rows shorter than the range: the frames would overwrite each other.
    EXPECT_EQ(engine->computeFrames(slice, 10, 4, output.data(), 3, &largest).code, ComputeStatus::Code::BadFrameRange);
    EXPECT_TRUE(engine->computeFrames(slice, 10, 4, output.data(), 4, &largest).ok());
}

TEST(SelfTest, SimdLanesAgreeWithTheScalarPath) { EXPECT_TRUE(simdLanesAgreeWithScalar()); }

TEST(MelSpectrogram, CreateReportsTheBadParameter) {
    MelSpectrogramConfig config;
    config.minFreq = 9000;
    ConfigError error;
    EXPECT_EQ(MelSpectrogram<float>::create(config, &error), nullptr);
    EXPECT_EQ(error.param, ConfigParam::MinFreq);
    EXPECT_FALSE(error.message.empty());
}

}  // namespace
}  // namespace melspec
