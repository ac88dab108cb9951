#include "melspec/mel_filterbank.hpp"

#include <algorithm>
#include <cmath>

namespace melspec {

double hertzToMel(double hertz) { return 1127.0 * std::log(1.0 + hertz / 700.0); }

namespace {

// numpy.linspace(start, stop, count)[index]
double linspace(double start, double stop, int count, int index) {
    if (count == 1) return start;
    const double step = (stop - start) / (count - 1);
    return index == count - 1 ? stop : start + index * step;
}

}  // namespace

template <typename Real>
MelFilterbank<Real>::MelFilterbank(int numMelBins, int binCount, double samplingRate, double minFreq,
                                   double maxFreq)
    : binCount_(binCount), bandStart_(numMelBins, 0), bandLength_(numMelBins, 0), bandOffset_(numMelBins, 0) {
    const double lowerMel = hertzToMel(minFreq);
    const double upperMel = hertzToMel(maxFreq);
    std::vector<double> binMel(binCount, 0.0);
    for (int k = 0; k < binCount; ++k) binMel[k] = hertzToMel(linspace(0.0, samplingRate / 2.0, binCount, k));

    // Band m can only be non-zero on bins whose mel lies strictly between its
    // left and right edges; the edges increase with m, so the first candidate
    // bin only moves forward (O(bins + total band width), not bins * bands).
    int firstCandidate = 1;  // bin 0 (DC) is always zero in Keras ("HTK excludes the DC bin")
    for (int m = 0; m < numMelBins; ++m) {
        const double left = linspace(lowerMel, upperMel, numMelBins + 2, m);
        const double centre = linspace(lowerMel, upperMel, numMelBins + 2, m + 1);
        const double right = linspace(lowerMel, upperMel, numMelBins + 2, m + 2);
        while (firstCandidate < binCount && binMel[firstCandidate] <= left) ++firstCandidate;
        bandOffset_[m] = weights_.size();
        bandStart_[m] = firstCandidate;
        for (int k = firstCandidate; k < binCount && binMel[k] < right; ++k) {
            const double rising = (binMel[k] - left) / (centre - left);
            const double falling = (right - binMel[k]) / (right - centre);
            // max(0, min(rising, falling)) as Keras writes it: positive inside (left, right).
            const Real weight = static_cast<Real>(std::max(0.0, std::min(rising, falling)));
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

template <typename Real>
void MelFilterbank<Real>::writeDense(Real* matrix) const {
    const int bands = melBinCount();
    std::fill(matrix, matrix + static_cast<std::size_t>(binCount_) * bands, Real(0));
    for (int m = 0; m < bands; ++m)
        for (int j = 0; j < bandLength_[m]; ++j)
            matrix[static_cast<std::size_t>(bandStart_[m] + j) * bands + m] = weights_[bandOffset_[m] + j];
}

template class MelFilterbank<float>;
template class MelFilterbank<double>;

}  // namespace melspec
