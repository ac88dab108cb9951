// Keras' linear_to_mel_weight_matrix (the HTK mel scale, triangles in the mel
// domain peaking at 1, no area normalisation, DC bin excluded), stored sparsely:
// each mel band covers one contiguous run of FFT bins.
#pragma once

#include <cstddef>
#include <vector>

namespace melspec {

// HTK mel scale as Keras writes it: 1127 ln(1 + f / 700).
double hertzToMel(double hertz);

template <typename Real>
class MelFilterbank {
public:
    // binCount = fftLength/2 + 1. Frequencies of bins: linspace(0, samplingRate/2, binCount).
    // Weights are computed in double precision and stored as Real.
    MelFilterbank(int numMelBins, int binCount, double samplingRate, double minFreq, double maxFreq);

    int melBinCount() const { return static_cast<int>(bandStart_.size()); }
    int binCount() const { return binCount_; }

    // Band m covers bins [bandStart(m), bandStart(m) + bandLength(m)) with weights bandWeights(m).
    int bandStart(int m) const { return bandStart_[m]; }
    int bandLength(int m) const { return bandLength_[m]; }
    const Real* bandWeights(int m) const { return weights_.data() + bandOffset_[m]; }

    // mel[m] = sum_k power[k] * W[k, m], over band m's run of bins only.
    void apply(const Real* power, Real* mel, std::ptrdiff_t melStride) const;

    // The dense [binCount, numMelBins] row-major matrix, as Keras returns it,
    // written to `matrix` (binCount * numMelBins values).
    void writeDense(Real* matrix) const;

private:
    int binCount_;
    std::vector<int> bandStart_;              // first bin of band m
    std::vector<int> bandLength_;             // number of bins of band m
    std::vector<std::size_t> bandOffset_;     // where band m's weights start in weights_
    std::vector<Real> weights_;
};

extern template class MelFilterbank<float>;
extern template class MelFilterbank<double>;

}  // namespace melspec
