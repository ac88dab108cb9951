#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "melspec/mel_filterbank.hpp"
#include "test_support.hpp"

namespace melspec {
namespace {

using melspec::testing::readFixture;

struct KerasMatrix {
    std::string file;
    int fftLength;
    int numMelBins;
    double samplingRate;
    double maxFreq;
};

class KerasMelWeights : public ::testing::TestWithParam<KerasMatrix> {};

// Keras builds its matrix in float32 (abs. error up to ~2e-5 against float64
// arithmetic, see the fixture's mel_weights.json); ours is float64 rounded once.
TEST_P(KerasMelWeights, MatchKerasFloat32Matrix) {
    const KerasMatrix& matrix = GetParam();
    const int bins = matrix.fftLength / 2 + 1;
    const auto keras = readFixture<float>("keras/mel_weights/" + matrix.file);
    ASSERT_EQ(keras.size(), static_cast<std::size_t>(bins) * matrix.numMelBins);

    MelFilterbank<double> filterbank(matrix.numMelBins, matrix.fftLength, matrix.samplingRate, 20.0, matrix.maxFreq);
    std::vector<double> ours(keras.size());
    filterbank.writeDense(ours.data());
    double largest = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) largest = std::fmax(largest, std::fabs(ours[i] - keras[i]));
    EXPECT_LT(largest, 3e-5);
    for (int m = 0; m < matrix.numMelBins; ++m) EXPECT_EQ(ours[m], 0.0) << "DC row must be zero";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, KerasMelWeights,
                         ::testing::Values(KerasMatrix{"default_fft2048_sr16000_128.f32.bin", 2048, 128, 16000, 8000},
                                           KerasMatrix{"whisper_fft400_sr16000_80.f32.bin", 400, 80, 16000, 8000},
                                           KerasMatrix{"odd_fft511_sr16000_64.f32.bin", 511, 64, 16000, 8000},
                                           KerasMatrix{"sr11025_fft1024_64.f32.bin", 1024, 64, 11025, 5512}));

TEST(MelFilterbank, SparseApplyEqualsDenseProduct) {
    const int bins = 129;
    MelFilterbank<double> filterbank(40, 256, 8000, 300, 3400);
    std::vector<double> dense(static_cast<std::size_t>(bins) * 40);
    filterbank.writeDense(dense.data());
    std::vector<double> power(bins);
    for (int k = 0; k < bins; ++k) power[k] = 1.0 + std::sin(0.3 * k) * 0.5;
    std::vector<double> sparse(40);
    filterbank.apply(power.data(), sparse.data(), 1);
    for (int m = 0; m < 40; ++m) {
        double expected = 0;
        for (int k = 0; k < bins; ++k) expected += power[k] * dense[static_cast<std::size_t>(k) * 40 + m];
        EXPECT_NEAR(sparse[m], expected, 1e-12) << m;
    }
}

TEST(MelFilterbank, TrianglesPeakAtOneWithoutAreaNormalisation) {
    MelFilterbank<double> filterbank(10, 8192, 16000, 20, 8000);
    std::vector<double> dense(4097 * 10);
    filterbank.writeDense(dense.data());
    for (int m = 0; m < 10; ++m) {
        double peak = 0;
        for (int k = 0; k < 4097; ++k) peak = std::fmax(peak, dense[static_cast<std::size_t>(k) * 10 + m]);
        EXPECT_GT(peak, 0.99) << m;
        EXPECT_LE(peak, 1.0) << m;
    }
}

TEST(MelFilterbank, BandsWithoutBinsAreEmpty) {
    // 128 mels on 129 bins: the lowest triangles fall between bins (Keras gives zero rows).
    MelFilterbank<float> filterbank(128, 256, 16000, 20, 8000);
    std::vector<float> power(129, 1.0f), mel(128);
    filterbank.apply(power.data(), mel.data(), 1);
    EXPECT_EQ(mel[0], 0.0f);
    EXPECT_GT(mel[127], 0.0f);
}

TEST(MelFilterbank, AnInfinitePowerGivesInfinityNotNaN) {
    // Runs hold no zero weights (they would turn an overflowed power into 0 * inf = NaN).
    MelFilterbank<float> filterbank(162, 240, 42729.8, 0, 44161.2);
    for (int m = 0; m < filterbank.melBinCount(); ++m)
        for (int j = 0; j < filterbank.bandLength(m); ++j) ASSERT_GT(filterbank.bandWeights(m)[j], 0.0f) << m;
    std::vector<float> power(121, std::numeric_limits<float>::infinity()), mel(162);
    filterbank.apply(power.data(), mel.data(), 1);
    for (float value : mel) EXPECT_FALSE(std::isnan(value));
}

TEST(HertzToMel, HtkIsKerasScaleUpToAFactorThatCancels) {
    // torchaudio/librosa write 2595 log10(1 + f/700), Keras 1127 ln(1 + f/700).
    EXPECT_NEAR(hertzToMel(700.0), 2595.0 * std::log10(2.0), 1e-12);
    EXPECT_EQ(hertzToMel(0.0), 0.0);
    for (double hertz : {20.0, 440.0, 3000.0, 8000.0})
        EXPECT_NEAR(hertzToMel(hertz) / (1127.0 * std::log1p(hertz / 700.0)), 2595.0 / std::log(10.0) / 1127.0, 1e-12);
    EXPECT_NEAR(melToHertz(hertzToMel(1234.5)), 1234.5, 1e-9);
}

TEST(HertzToMel, SlaneyIsLinearBelowOneKilohertzAndLogAbove) {
    EXPECT_NEAR(hertzToMel(500.0, MelScale::Slaney), 7.5, 1e-12);
    EXPECT_NEAR(hertzToMel(1000.0, MelScale::Slaney), 15.0, 1e-12);
    EXPECT_NEAR(hertzToMel(6400.0, MelScale::Slaney), 42.0, 1e-12);  // 15 + 27: ln(6.4) per 27 mels
    for (double hertz : {100.0, 999.0, 1000.0, 4321.0, 11025.0})
        EXPECT_NEAR(melToHertz(hertzToMel(hertz, MelScale::Slaney), MelScale::Slaney), hertz, 1e-9);
}

TEST(MelFilterbank, SlaneyNormGivesEachTriangleUnitArea) {
    // librosa.filters.mel(sr=16000, n_fft=8192, n_mels=20): area in Hz of each row ~ 1.
    const MelFilterDesign librosa{MelScale::Slaney, FilterShape::HertzDomain, FilterNorm::Slaney,
                                  BinFrequencies::FftFrequencies};
    MelFilterbank<double> filterbank(20, 8192, 16000, 0, 8000, librosa);
    std::vector<double> dense(4097 * 20);
    filterbank.writeDense(dense.data());
    for (int m = 0; m < 20; ++m) {
        double area = 0;
        for (int k = 0; k < 4097; ++k) area += dense[static_cast<std::size_t>(k) * 20 + m] * 16000.0 / 8192;
        EXPECT_NEAR(area, 1.0, 2e-3) << m;
    }
}

TEST(MelFilterbank, HertzDomainTrianglesAreLinearInHertz) {
    const MelFilterDesign torchaudio{MelScale::Htk, FilterShape::HertzDomain, FilterNorm::None,
                                     BinFrequencies::IntegerHalfRate};
    MelFilterbank<double> filterbank(4, 4096, 16000, 0, 8000, torchaudio);
    std::vector<double> dense(2049 * 4);
    filterbank.writeDense(dense.data());
    // Band 1 rises from f_pts[1] to f_pts[2] at a constant slope per bin (in Hz).
    const double left = melToHertz(hertzToMel(8000) * 1 / 5), centre = melToHertz(hertzToMel(8000) * 2 / 5);
    for (int k = 1; k < 2048; ++k) {
        const double hertz = k * 8000.0 / 2048;
        if (hertz <= left || hertz >= centre) continue;
        EXPECT_NEAR(dense[static_cast<std::size_t>(k) * 4 + 1], (hertz - left) / (centre - left), 1e-9) << k;
    }
}

}  // namespace
}  // namespace melspec
