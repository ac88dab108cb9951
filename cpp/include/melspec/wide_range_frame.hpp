// The mel spectrum of one frame as log10 values, computed so that nothing
// overflows whatever the samples' magnitude and magExp.
//
// The fast path (mel_frames.hpp) computes |X| ** magExp and the mel sums in the
// engine's precision; a loud signal (samples near the float limit) or a large
// magExp makes them overflow to inf, or to NaN (inf - inf inside the FFT). For
// such frames the engine asks this stage instead:
//   - the frame and the window are each scaled by a power of two (exact) so that
//     the FFT's input stays below 1 and its output below fftLength;
//   - each band's sum of W[k] * |X_k| ** magExp is taken relative to its largest
//     |X_k| (log-sum-exp), in double, so no power is ever formed.
// log10 of the true mel power is then representable for any finite input
// (at most magExp * 313 + 5), even where the power itself is not.
//
// It runs on the plan's framing, FFT and filterbank, with its scaled window
// (WideRangeWindow, planned once in MelPlan).
// Thread-safety: reads the plan only; writes the workspace's frame, spectrum,
// fftScratch, magnitude and log10Mel. Aliasing: the signal must not lie in the
// workspace. No allocation.
#pragma once

#include <cstddef>
#include <vector>

#include "melspec/framing.hpp"

namespace melspec {

template <typename Real>
class MelPlan;
template <typename Real>
class MelWorkspace;

// The window scaled below 1 in magnitude by an exact power of two.
template <typename Real>
struct WideRangeWindow {
    explicit WideRangeWindow(const std::vector<Real>& window);
    std::vector<Real> scaled;  // window * 2^-exponent
    int exponent;
};

// work.log10Mel[m] = log10(sum_k W[k, m] * |X_k| ** magExp) for frame `frame` of the
// slice, m < numMelBins; -inf where that sum is exactly 0. The slice must hold the
// samples the frame reads (Framing::samplesRead()).
template <typename Real>
void wideRangeMelLog10(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
                       std::size_t frame);

extern template struct WideRangeWindow<float>;
extern template struct WideRangeWindow<double>;
extern template void wideRangeMelLog10<float>(const MelPlan<float>&, MelWorkspace<float>&, const SignalSlice<float>&,
                                              std::size_t);
extern template void wideRangeMelLog10<double>(const MelPlan<double>&, MelWorkspace<double>&,
                                               const SignalSlice<double>&, std::size_t);

}  // namespace melspec
