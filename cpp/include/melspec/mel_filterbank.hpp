// The mel filterbank, stored sparsely: each mel band covers one contiguous run
// of FFT bins. By default Keras' linear_to_mel_weight_matrix (HTK scale,
// triangles in the mel domain peaking at 1, no area normalisation, DC bin
// excluded); MelFilterDesign selects torchaudio's and librosa's filters
// (triangles in Hz, HTK or Slaney scale, optional Slaney area norm).
//
// The mel projection stage, in two forms side by side: one frame's power in the
// engine's precision (MelFilterbank::apply), or four frames' at once in SIMD
// lanes (applyMelLanes, with MELSPEC_SIMD).
// Thread-safety: immutable after construction; apply() and applyMelLanes() only
// read it, so threads may share one filterbank. Aliasing: power and mel must not
// overlap. No scratch, no allocation.
#pragma once

#include <cstddef>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/simd.hpp"

namespace melspec {

// Hertz to mel and back on a scale; the HTK scale as 2595 log10(1 + f/700).
double hertzToMel(double hertz, MelScale scale = MelScale::Htk);
double melToHertz(double mel, MelScale scale = MelScale::Htk);

template <typename Real>
class MelFilterbank {
public:
    // binCount() = fftLength/2 + 1. Band edges at linspace(mel(minFreq), mel(maxFreq), numMelBins + 2).
    // Weights are computed in double precision and stored as Real.
    MelFilterbank(int numMelBins, int fftLength, double samplingRate, double minFreq, double maxFreq,
                  const MelFilterDesign& design = {});

    int melBinCount() const { return static_cast<int>(bandStart_.size()); }
    int binCount() const { return binCount_; }

    // Band m covers bins [bandStart(m), bandStart(m) + bandLength(m)) with weights bandWeights(m).
    int bandStart(int m) const { return bandStart_[m]; }
    int bandLength(int m) const { return bandLength_[m]; }
    const Real* bandWeights(int m) const { return weights_.data() + bandOffset_[m]; }

    // mel[m] = sum_k power[k] * W[k, m], over band m's run of bins only.
    void apply(const Real* power, Real* mel, std::ptrdiff_t melStride) const;

    // The dense [binCount, numMelBins] row-major matrix (Keras' layout; torchaudio's
    // fb too; librosa's is its transpose), written to `matrix` (binCount * numMelBins values).
    void writeDense(Real* matrix) const;

private:
    int binCount_;
    std::vector<int> bandStart_;           // first bin of band m
    std::vector<int> bandLength_;          // number of bins of band m
    std::vector<std::size_t> bandOffset_;  // where band m's weights start in weights_
    std::vector<Real> weights_;
};

#if MELSPEC_SIMD
// The same sums for four frames, one per lane of power[k]: frame j's band m goes to
// mel[m * melStride + j], for j < count (1..4; the other lanes are dropped).
void applyMelLanes(const MelFilterbank<float>& filterbank, const simd::f32x4* power, float* mel,
                   std::ptrdiff_t melStride, int count);
#endif

// The filterbank a config describes.
template <typename Real>
MelFilterbank<Real> makeMelFilterbank(const MelSpectrogramConfig& config);

extern template class MelFilterbank<float>;
extern template class MelFilterbank<double>;
extern template MelFilterbank<float> makeMelFilterbank<float>(const MelSpectrogramConfig&);
extern template MelFilterbank<double> makeMelFilterbank<double>(const MelSpectrogramConfig&);

}  // namespace melspec
