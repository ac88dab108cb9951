// The engine against the real torchaudio 0.13.1, librosa 0.11.0 and Whisper
// (openai/whisper 20250625) outputs in test/fixtures/{torchaudio,librosa,whisper},
// with each fixture README's tolerance. The configs below are what the JS
// presets (js/src/presets/) build from each library's parameters; the Jest
// suite runs every public case through those presets.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "melspec/generated/preset_configs.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "test_support.hpp"

namespace melspec {
namespace {

using melspec::testing::readFixture;

// The presets' configs come from schema/engine-options.json (melspec/generated/preset_configs.hpp),
// the data the TypeScript presets start from too.
MelSpectrogramConfig torchaudioDefaults() {
    MelSpectrogramConfig config = presets::torchaudio();
    config.sequenceLength = 0;  // win_length = n_fft, for the n_fft each case sets
    return config;
}

MelSpectrogramConfig librosaDefaults(double samplingRate) {
    MelSpectrogramConfig config = presets::librosa();
    config.sequenceLength = 0;  // win_length = n_fft, for the n_fft each case sets
    config.samplingRate = samplingRate;
    config.maxFreq = samplingRate / 2;
    return config;
}

MelSpectrogramConfig whisper(int numMelBins) {
    MelSpectrogramConfig config = presets::whisper();
    config.numMelBins = numMelBins;
    return config;
}

struct PresetCase {
    std::string folder;
    std::string name;
    MelSpectrogramConfig config;
    std::size_t batch;
    std::size_t signalsPerTopDbGroup;  // the library's top_db scope
    std::vector<std::size_t> outputShape;
    double tolerance;  // per element: absolute for log outputs, times max|ref| for power
};

void PrintTo(const PresetCase& golden, std::ostream* os) { *os << golden.folder << "/" << golden.name; }

template <typename Real>
void expectMatches(const PresetCase& golden) {
    auto engine = MelSpectrogram<Real>::create(golden.config);
    ASSERT_NE(engine, nullptr);
    const auto input = readFixture<float>(golden.folder + "/" + golden.name + ".in.bin");
    const auto expected = readFixture<float>(golden.folder + "/" + golden.name + ".out.bin");
    const std::size_t length = input.size() / golden.batch;
    std::size_t size = 1;
    for (std::size_t dimension : golden.outputShape) size *= dimension;
    ASSERT_EQ(expected.size(), size);
    ASSERT_EQ(engine->frameCount(length), golden.outputShape.back());
    ASSERT_EQ(engine->outputSize(golden.batch, length), size);

    const std::vector<Real> samples(input.begin(), input.end());
    std::vector<Real> output(size, Real(-1));
    ASSERT_TRUE(engine->compute(samples.data(), golden.batch, length, output.data(), golden.signalsPerTopDbGroup).ok());
    double peak = 0;
    for (float value : expected) peak = std::fmax(peak, std::fabs(value));
    const double tolerance = golden.config.powerToDb ? golden.tolerance : golden.tolerance * peak;
    double worst = 0;
    for (std::size_t i = 0; i < size; ++i) worst = std::fmax(worst, std::fabs(output[i] - expected[i]));
    EXPECT_LE(worst, tolerance);
}

class PresetGolden : public ::testing::TestWithParam<PresetCase> {};

TEST_P(PresetGolden, Float32EngineMatches) { expectMatches<float>(GetParam()); }
TEST_P(PresetGolden, Float64EngineMatches) { expectMatches<double>(GetParam()); }

// Tolerances (fixture READMEs): torchaudio 5e-5 x peak and 0.01 dB; librosa 5e-6 x peak
// and 2e-3 dB; Whisper 2e-4 log-mel units.
std::vector<PresetCase> presetCases() {
    std::vector<PresetCase> cases;
    auto torchaudio = [&](std::string name, std::function<void(MelSpectrogramConfig&)> change, std::size_t batch,
                          std::size_t perFloor, std::vector<std::size_t> shape) {
        MelSpectrogramConfig config = torchaudioDefaults();
        change(config);
        cases.push_back({"torchaudio", name, config, batch, perFloor, shape, config.powerToDb ? 0.01 : 5e-5});
    };
    auto db80 = [](MelSpectrogramConfig& c) {
        c.powerToDb = true;
        c.topDb = 80;
    };
    torchaudio("ta_default_noise_1s", [](auto&) {}, 1, 1, {128, 81});
    torchaudio("ta_default_short_201", [](auto&) {}, 1, 1, {128, 2});
    torchaudio("ta_slaney_chirp_2s", [](auto& c) { c.melScale = MelScale::Slaney, c.filterNorm = FilterNorm::Slaney; },
               1, 1, {128, 161});
    torchaudio("ta_power1_speech", [](auto& c) { c.magExp = 1; }, 1, 1, {128, 115});
    torchaudio("ta_center_false_noise_1234", [](auto& c) { c.center = false; }, 1, 1, {128, 5});
    torchaudio("ta_fmin_fmax_80mels_chirp", [](auto& c) { c.numMelBins = 80, c.minFreq = 20, c.maxFreq = 7600; }, 1, 1,
               {80, 121});
    torchaudio("ta_nfft2048_hop512_sines_3s", [](auto& c) { c.fftLength = 2048, c.sequenceStride = 512; }, 1, 1,
               {128, 94});
    torchaudio("ta_db80_speech", db80, 1, 1, {128, 115});
    torchaudio("ta_db80_silence", db80, 1, 1, {128, 41});
    torchaudio("ta_batch3_db80", db80, 3, 3, {3, 128, 61});          // (B, L): one cutoff for the batch
    torchaudio("ta_batch2x2_db80_4d", db80, 4, 2, {2, 2, 128, 41});  // (B, C, L): one per leading item

    auto librosa = [&](std::string name, double samplingRate, std::function<void(MelSpectrogramConfig&)> change,
                       std::size_t batch, std::vector<std::size_t> shape) {
        MelSpectrogramConfig config = librosaDefaults(samplingRate);
        change(config);
        cases.push_back({"librosa", name, config, batch, batch, shape, config.powerToDb ? 2e-3 : 5e-6});
    };
    auto powerToDb = [](MelSpectrogramConfig& c) { c.powerToDb = true; };
    librosa("lr_default_noise_22050_1s", 22050, [](auto&) {}, 1, {128, 44});
    librosa("lr_default_short_1025", 22050, [](auto&) {}, 1, {128, 3});
    librosa("lr_default_chirp_16000_3s", 16000, [](auto&) {}, 1, {128, 94});
    librosa("lr_reflect_sines_noise_22050", 22050, [](auto& c) { c.padMode = PadMode::Reflect; }, 1, {128, 59});
    librosa("lr_80mels_fmax8000_noise_22050", 22050, [](auto& c) { c.numMelBins = 80, c.maxFreq = 8000; }, 1, {80, 59});
    librosa("lr_db_speech_22050", 22050, powerToDb, 1, {128, 62});
    librosa("lr_db_silence_22050", 22050, powerToDb, 1, {128, 10});
    librosa("lr_batch3_db_22050", 22050, powerToDb, 3, {3, 128, 44});  // one cutoff across channels

    auto whisperCase = [&](std::string name, int mels, std::function<void(MelSpectrogramConfig&)> change,
                           std::size_t batch, std::vector<std::size_t> shape) {
        MelSpectrogramConfig config = whisper(mels);
        change(config);
        cases.push_back({"whisper", name, config, batch, batch, shape, 2e-4});
    };
    whisperCase("wh80_noise_1s", 80, [](auto&) {}, 1, {80, 100});
    whisperCase("wh80_short_201", 80, [](auto&) {}, 1, {80, 1});
    whisperCase("wh128_speech", 128, [](auto&) {}, 1, {128, 142});
    whisperCase("wh80_silence", 80, [](auto&) {}, 1, {80, 25});
    whisperCase("wh80_pad_or_trim_speech", 80, [](auto& c) { c.fixedLength = 480000; }, 1, {80, 3000});
    whisperCase("wh80_padding4000_noise", 80, [](auto& c) { c.trailingZeros = 4000; }, 1, {80, 75});
    whisperCase("wh80_batch3", 80, [](auto&) {}, 3, {3, 80, 75});  // one max over the batch
    return cases;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PresetGolden, ::testing::ValuesIn(presetCases()),
                         [](const ::testing::TestParamInfo<PresetCase>& info) { return info.param.name; });

}  // namespace
}  // namespace melspec
