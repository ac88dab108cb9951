#include <gtest/gtest.h>

#include <cmath>
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
    fft.forward(input.data(), spectrum.data());
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

// Powers of two, Whisper's 400, odd and prime lengths (which kiss_fftr cannot do).
INSTANTIATE_TEST_SUITE_P(Lengths, RealFftLengths, ::testing::Values(1, 2, 3, 8, 255, 256, 400, 511, 1021, 2048));

}  // namespace
}  // namespace melspec
