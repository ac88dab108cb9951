#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "melspec/real_fft.hpp"

namespace melspec {
namespace {

// The oracle: a naive DFT in long double.
std::vector<double> naiveDft(const std::vector<double>& input) {
    const int n = static_cast<int>(input.size());
    std::vector<double> spectrum(2 * (n / 2 + 1));
    const long double pi = 3.141592653589793238462643383279L;
    for (int k = 0; k <= n / 2; ++k) {
        long double re = 0, im = 0;
        for (int j = 0; j < n; ++j) {
            const long double phase = -2 * pi * static_cast<long double>((static_cast<long long>(k) * j) % n) / n;
            re += input[j] * std::cos(phase);
            im += input[j] * std::sin(phase);
        }
        spectrum[2 * k] = static_cast<double>(re);
        spectrum[2 * k + 1] = static_cast<double>(im);
    }
    return spectrum;
}

std::vector<double> testSignal(int n) {
    std::vector<double> signal(n);
    for (int j = 0; j < n; ++j) signal[j] = std::sin(0.37 * j) + 0.5 * std::cos(1.91 * j * j / (n + 1.0)) - 0.1;
    return signal;
}

template <typename Real>
double maxErrorAgainstDft(int n) {
    const auto signal = testSignal(n);
    const auto expected = naiveDft(signal);
    RealFft<Real> fft(n);
    EXPECT_TRUE(fft.valid());
    EXPECT_EQ(fft.binCount(), n / 2 + 1);
    std::vector<Real> input(signal.begin(), signal.end());
    std::vector<Real> spectrum(2 * fft.binCount());
    std::vector<Real> scratch(fft.scratchCount());
    fft.forward(input.data(), spectrum.data(), scratch.data());
    double error = 0;
    for (std::size_t i = 0; i < spectrum.size(); ++i) error = std::fmax(error, std::fabs(spectrum[i] - expected[i]));
    return error;
}

class RealFftLengths : public ::testing::TestWithParam<int> {};

TEST_P(RealFftLengths, DoubleMatchesTheNaiveDft) {
    const int n = GetParam();
    EXPECT_LT(maxErrorAgainstDft<double>(n), 1e-10 * n);
}

TEST_P(RealFftLengths, FloatMatchesTheNaiveDft) {
    const int n = GetParam();
    EXPECT_LT(maxErrorAgainstDft<float>(n), 2e-6 * n);
}

// forward() is const and takes its work buffers from the caller: one plan serves two
// threads at once, each with its own scratch, and both get the single-threaded
// result bit for bit. (Before, odd lengths copied the input into buffers inside the
// plan and kiss_fftr kept its work buffer there: concurrent calls raced on them.)
TEST_P(RealFftLengths, OnePlanServesTwoThreadsWithTheirOwnScratch) {
    const int n = GetParam();
    const RealFft<float> fft(n);
    ASSERT_TRUE(fft.valid());
    EXPECT_EQ(fft.scratchCount(), n == 1 ? 0u : n % 2 == 0 ? static_cast<std::size_t>(n) : 4u * n);
    auto transformAll = [&](int seed, std::vector<float>& spectra) {
        std::vector<float> input(n), scratch(fft.scratchCount()), spectrum(2 * fft.binCount());
        for (int r = 0; r < (n > 600 ? 8 : 100); ++r) {  // primes are O(n^2) in KissFFT
            for (int j = 0; j < n; ++j) input[j] = static_cast<float>(std::sin(0.1 * (seed + r) * j + seed));
            fft.forward(input.data(), spectrum.data(), scratch.data());
            spectra.insert(spectra.end(), spectrum.begin(), spectrum.end());
        }
    };
    std::vector<float> expectedA, expectedB, fromThreadA, fromThreadB;
    transformAll(1, expectedA);
    transformAll(2, expectedB);
    std::thread a([&] { transformAll(1, fromThreadA); });
    std::thread b([&] { transformAll(2, fromThreadB); });
    a.join();
    b.join();
    EXPECT_EQ(fromThreadA, expectedA);
    EXPECT_EQ(fromThreadB, expectedB);
}

#if MELSPEC_SIMD
// The workspace runs the four-lane FFT in place (spectrum over its input): that gives
// the out-of-place spectrum bit for bit, and each lane is the scalar float transform.
TEST_P(RealFftLengths, LanesInPlaceMatchOutOfPlaceAndTheScalarTransform) {
    const int n = GetParam();
    const RealFftLanes lanes(n);
    const RealFft<float> single(n);
    ASSERT_TRUE(lanes.valid());
    const std::size_t room = std::max<std::size_t>(n, 2 * lanes.binCount());
    std::vector<simd::f32x4> input(n), inPlace(room), outOfPlace(2 * lanes.binCount());
    std::vector<simd::f32x4> scratch(lanes.scratchCount());
    std::vector<float> lane[4];
    for (int j = 0; j < 4; ++j) {
        lane[j] = std::vector<float>(n);
        for (int k = 0; k < n; ++k) lane[j][k] = static_cast<float>(std::sin(0.3 * (j + 1) * k) + 0.25 * j);
        for (int k = 0; k < n; ++k) input[k][j] = lane[j][k];
    }
    std::copy(input.begin(), input.end(), inPlace.begin());
    lanes.forward(input.data(), outOfPlace.data(), scratch.data());
    lanes.forward(inPlace.data(), inPlace.data(), scratch.data());
    std::vector<float> singleSpectrum(2 * single.binCount()), singleScratch(single.scratchCount());
    for (int j = 0; j < 4; ++j) {
        single.forward(lane[j].data(), singleSpectrum.data(), singleScratch.data());
        for (int i = 0; i < 2 * lanes.binCount(); ++i) {
            ASSERT_EQ(inPlace[i][j], outOfPlace[i][j]) << "lane " << j << " value " << i;
            // KissFFT's SIMD mode runs the float transform's arithmetic lane by lane.
            ASSERT_NEAR(outOfPlace[i][j], singleSpectrum[i], 1e-5 * n) << "lane " << j << " value " << i;
        }
    }
}

// The engine's path: forwardPower() runs its own driver over KissFFT's butterflies
// (leaves of radix 2, 4 and 5 reading the input directly) and the real transform's
// last pass straight into the power. It must give re^2 + im^2 of forward()'s spectrum
// (KissFFT's kiss_fftr as released) bit for bit, out of place and in place.
TEST_P(RealFftLengths, LanesPowerIsTheSpectrumSquaredBitForBit) {
    const int n = GetParam();
    const RealFftLanes lanes(n);
    ASSERT_TRUE(lanes.valid());
    const int bins = lanes.binCount();
    std::vector<simd::f32x4> input(n), spectrum(2 * bins), power(bins), inPlace(std::max(n, bins));
    std::vector<simd::f32x4> scratch(lanes.scratchCount());
    for (int k = 0; k < n; ++k)
        for (int j = 0; j < 4; ++j)
            input[k][j] = static_cast<float>(std::sin(0.37 * (j + 1) * k) + 0.1 * j - 0.05 * (k % 7));
    std::copy(input.begin(), input.end(), inPlace.begin());
    lanes.forward(input.data(), spectrum.data(), scratch.data());
    lanes.forwardPower(input.data(), power.data(), scratch.data());
    lanes.forwardPower(inPlace.data(), inPlace.data(), scratch.data());
    for (int k = 0; k < bins; ++k)
        for (int j = 0; j < 4; ++j) {
            const float re = spectrum[2 * k][j], im = spectrum[2 * k + 1][j];
            const float squared = re * re + im * im;
            ASSERT_EQ(power[k][j], squared) << "lane " << j << " bin " << k;
            ASSERT_EQ(inPlace[k][j], squared) << "in place, lane " << j << " bin " << k;
        }
}
#endif

// Powers of two, Whisper's 400, odd and prime lengths (which kiss_fftr cannot do), and
// half-lengths whose last KissFFT factor is 2 (16, 256), 4 (8, 2048) or 5 (40, 400, 1000).
INSTANTIATE_TEST_SUITE_P(Lengths, RealFftLengths,
                         ::testing::Values(1, 2, 3, 8, 16, 40, 255, 256, 400, 511, 1000, 1021, 2048));

}  // namespace
}  // namespace melspec
