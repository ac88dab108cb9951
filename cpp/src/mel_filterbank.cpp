#include "melspec/mel_filterbank.hpp"

#include <algorithm>
#include <cmath>

namespace melspec {

namespace {

// Slaney's scale (librosa, torchaudio mel_scale="slaney"): linear below 1 kHz, log above.
constexpr double kSlaneyHertzPerMel = 200.0 / 3.0;
constexpr double kSlaneyLogHertz = 1000.0;
constexpr double kSlaneyLogMel = kSlaneyLogHertz / kSlaneyHertzPerMel;  // 15
const double kSlaneyLogStep = std::log(6.4) / 27.0;

// numpy.linspace(start, stop, count)[index]
double linspace(double start, double stop, int count, int index) {
    if (count == 1) return start;
    const double step = (stop - start) / (count - 1);
    return index == count - 1 ? stop : start + index * step;
}

double binFrequency(BinFrequencies spacing, int bin, int binCount, int fftLength, double samplingRate) {
    switch (spacing) {
        case BinFrequencies::IntegerHalfRate:
            return linspace(0.0, std::floor(samplingRate / 2.0), binCount, bin);
        case BinFrequencies::FftFrequencies:
            return bin * samplingRate / fftLength;
        default:
            return linspace(0.0, samplingRate / 2.0, binCount, bin);
    }
}

}  // namespace

double hertzToMel(double hertz, MelScale scale) {
    if (scale == MelScale::Slaney) {
        return hertz < kSlaneyLogHertz ? hertz / kSlaneyHertzPerMel
                                       : kSlaneyLogMel + std::log(hertz / kSlaneyLogHertz) / kSlaneyLogStep;
    }
    return 2595.0 * std::log10(1.0 + hertz / 700.0);
}

double melToHertz(double mel, MelScale scale) {
    if (scale == MelScale::Slaney) {
        return mel < kSlaneyLogMel ? mel * kSlaneyHertzPerMel
                                   : kSlaneyLogHertz * std::exp(kSlaneyLogStep * (mel - kSlaneyLogMel));
    }
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

template <typename Real>
MelFilterbank<Real>::MelFilterbank(int numMelBins, int fftLength, double samplingRate, double minFreq, double maxFreq,
                                   const MelFilterDesign& design)
    : binCount_(fftLength / 2 + 1), bandStart_(numMelBins, 0), bandLength_(numMelBins, 0), bandOffset_(numMelBins, 0) {
    const bool inMel = design.shape == FilterShape::MelDomain;
    const double lowerMel = hertzToMel(minFreq, design.scale);
    const double upperMel = hertzToMel(maxFreq, design.scale);
    // Each bin's position on the axis the triangles are linear on: mel (Keras) or Hz.
    std::vector<double> binPosition(binCount_, 0.0);
    for (int k = 0; k < binCount_; ++k) {
        const double hertz = binFrequency(design.binFrequencies, k, binCount_, fftLength, samplingRate);
        binPosition[k] = inMel ? hertzToMel(hertz, design.scale) : hertz;
    }
    auto edge = [&](int index) {
        const double mel = linspace(lowerMel, upperMel, numMelBins + 2, index);
        return inMel ? mel : melToHertz(mel, design.scale);
    };

    // Band m can only be non-zero on bins strictly between its left and right
    // edges; the edges increase with m, so the first candidate bin only moves
    // forward (O(bins + total band width), not bins * bands).
    int firstCandidate = inMel ? 1 : 0;  // Keras excludes the DC bin ("HTK excludes the DC bin")
    for (int m = 0; m < numMelBins; ++m) {
        const double left = edge(m), centre = edge(m + 1), right = edge(m + 2);
        // Slaney's area normalisation, always over the band's width in Hz.
        const double norm = design.norm == FilterNorm::Slaney
                                ? 2.0 / ((inMel ? melToHertz(right, design.scale) : right) -
                                         (inMel ? melToHertz(left, design.scale) : left))
                                : 1.0;
        while (firstCandidate < binCount_ && binPosition[firstCandidate] <= left) ++firstCandidate;
        bandOffset_[m] = weights_.size();
        bandStart_[m] = firstCandidate;
        for (int k = firstCandidate; k < binCount_ && binPosition[k] < right; ++k) {
            const double rising = (binPosition[k] - left) / (centre - left);
            const double falling = (right - binPosition[k]) / (right - centre);
            // max(0, min(rising, falling)) as Keras, torchaudio and librosa write it: positive inside (left, right).
            const Real weight = static_cast<Real>(std::max(0.0, std::min(rising, falling)) * norm);
            if (weight == Real(0) && weights_.size() == bandOffset_[m]) {
                ++bandStart_[m];  // rounding made an edge bin exactly 0: not part of the run
                continue;
            }
            weights_.push_back(weight);
        }
        // Likewise at the far edge, so that a zero weight never meets an infinite power (0 * inf = NaN).
        while (weights_.size() > bandOffset_[m] && weights_.back() == Real(0)) weights_.pop_back();
        bandLength_[m] = static_cast<int>(weights_.size() - bandOffset_[m]);
    }
}

template <typename Real>
void MelFilterbank<Real>::apply(const Real* power, Real* mel, std::ptrdiff_t melStride) const {
    const int bands = melBinCount();
    for (int m = 0; m < bands; ++m) {
        const Real* weight = weights_.data() + bandOffset_[m];
        const Real* bin = power + bandStart_[m];
        const int length = bandLength_[m];
        Real sum = 0;
        for (int j = 0; j < length; ++j) sum += weight[j] * bin[j];
        mel[m * melStride] = sum;
    }
}

#if MELSPEC_SIMD
void applyMelLanes(const MelFilterbank<float>& filterbank, const simd::f32x4* power, float* mel,
                   std::ptrdiff_t melStride, int count) {
    const int bands = filterbank.melBinCount();
    for (int m = 0; m < bands; ++m) {
        const float* weight = filterbank.bandWeights(m);
        const simd::f32x4* bin = power + filterbank.bandStart(m);
        const int length = filterbank.bandLength(m);
        simd::f32x4 sum = simd::splat(0.0f);
        int j = 0;
        // Four weights per load, each broadcast by a shuffle (one instruction) rather
        // than a scalar load and splat per weight; the sum keeps its order (same bits).
        for (; j + 4 <= length; j += 4) {
            const simd::f32x4 four = simd::loadUnaligned(weight + j);
            sum += __builtin_shufflevector(four, four, 0, 0, 0, 0) * bin[j];
            sum += __builtin_shufflevector(four, four, 1, 1, 1, 1) * bin[j + 1];
            sum += __builtin_shufflevector(four, four, 2, 2, 2, 2) * bin[j + 2];
            sum += __builtin_shufflevector(four, four, 3, 3, 3, 3) * bin[j + 3];
        }
        for (; j < length; ++j) sum += weight[j] * bin[j];
        float* destination = mel + m * melStride;
        if (count == 4) {
            simd::storeUnaligned(destination, sum);
        } else {
            for (int j = 0; j < count; ++j) destination[j] = sum[j];
        }
    }
}
#endif

template <typename Real>
void MelFilterbank<Real>::writeDense(Real* matrix) const {
    const int bands = melBinCount();
    std::fill(matrix, matrix + static_cast<std::size_t>(binCount_) * bands, Real(0));
    for (int m = 0; m < bands; ++m)
        for (int j = 0; j < bandLength_[m]; ++j)
            matrix[static_cast<std::size_t>(bandStart_[m] + j) * bands + m] = weights_[bandOffset_[m] + j];
}

template <typename Real>
MelFilterbank<Real> makeMelFilterbank(const MelSpectrogramConfig& config) {
    return MelFilterbank<Real>(config.numMelBins, config.fftLength, config.samplingRate, config.minFreq,
                               resolvedMaxFreq(config), melFilterDesign(config));
}

template class MelFilterbank<float>;
template class MelFilterbank<double>;
template MelFilterbank<float> makeMelFilterbank<float>(const MelSpectrogramConfig&);
template MelFilterbank<double> makeMelFilterbank<double>(const MelSpectrogramConfig&);

}  // namespace melspec
