// The mel spectrum of one frame as log10 values, computed so that nothing
// overflows whatever the samples' magnitude and magExp.
//
// The engines' fast path (frame_pipeline.hpp) computes |X| ** magExp and the mel
// sums in the engine's precision; a loud signal (samples near the float limit) or a
// large magExp makes them overflow to inf, or to NaN (inf - inf inside the FFT).
// For such frames the engine asks this class instead:
//   - the frame and the window are each scaled by a power of two (exact) so that
//     the FFT's input stays below 1 and its output below fftLength;
//   - each band's sum of W[k] * |X_k| ** magExp is taken relative to its largest
//     |X_k| (log-sum-exp), in double, so no power is ever formed.
// log10 of the true mel power is then representable for any finite input
// (at most magExp * 313 + 5), even where the power itself is not.
//
// Thread-safety: one instance per thread (it owns its scratch). No allocation
// after construction.
#pragma once

#include <cstddef>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/framing.hpp"
#include "melspec/mel_filterbank.hpp"
#include "melspec/real_fft.hpp"

namespace melspec {

template <typename Real>
class WideRangeFrame {
public:
    // The framing and the filterbank must outlive this object.
    WideRangeFrame(const MelSpectrogramConfig& config, const Framing& framing, const MelFilterbank<Real>& filterbank);

    bool valid() const { return fft_.valid(); }

    // log10Mel[m] = log10(sum_k W[k, m] * |X_k| ** magExp) for frame `frame` of the
    // slice, m < numMelBins; -inf where that sum is exactly 0. The slice must hold
    // the samples the frame reads (Framing::samplesRead()).
    void melLog10(const SignalSlice<Real>& signal, std::size_t frame, double* log10Mel);

private:
    double magExp_;
    const Framing& framing_;
    const MelFilterbank<Real>& filterbank_;
    std::vector<Real> scaledWindow_;  // window * 2^-windowExponent_, all below 1 in magnitude
    int windowExponent_;
    RealFft<Real> fft_;
    std::vector<Real> frame_;
    std::vector<Real> spectrum_;     // interleaved (re, im)
    std::vector<double> magnitude_;  // |X_k| of the scaled frame
};

extern template class WideRangeFrame<float>;
extern template class WideRangeFrame<double>;

}  // namespace melspec
