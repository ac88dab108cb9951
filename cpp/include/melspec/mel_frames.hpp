// The per-frame pipeline, for a range of frames of one signal: ONE frame loop
// that drives the stages, four frames at a time in SIMD lanes for a float plan
// with lanes, else one at a time:
//   window (window.hpp: gather the padded frame and window it)
//   -> real FFT (real_fft.hpp) -> |X| ** magExp (spectral_power.hpp)
//   -> mel projection (mel_filterbank.hpp)
// then, for the range, the log (decibels.hpp), with the frames whose power
// overflowed redone in the log domain (wide_range_frame.hpp).
//
// Thread-safety: reads the plan only; writes the workspace and the output. Any
// number of threads may run these on one plan, each with its own workspace.
// Aliasing: the output must not overlap the signal or the workspace. No allocation.
#pragma once

#include <cstddef>

#include "melspec/framing.hpp"
#include "melspec/mel_plan.hpp"
#include "melspec/mel_workspace.hpp"

namespace melspec {

enum class FramePath {
    Planned,  // the plan's: lanes when it has them
    Scalar,   // one frame at a time even where the plan has lanes (the self-test's reference)
};

// The mel power of frames [firstFrame, firstFrame + frames) into
// output[m * rowStride + (t - firstFrame)] (rowStride >= frames). The slice must hold
// the samples those frames read (Framing::samplesRead()).
template <typename Real>
void melPowerFrames(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
                    std::size_t firstFrame, std::size_t frames, Real* output, std::size_t rowStride,
                    FramePath path = FramePath::Planned);

// The same, then with powerToDb the log (LogScale, without the finish); frames whose
// power overflowed are redone in the log domain: dB output is then finite for any
// finite input, and linear output +inf where the true power exceeds Real's range.
// Band m of frame firstFrame + t goes to output[m * rowStride + t] (rowStride >=
// frames): the range can be a block of columns of a longer (numMelBins, N) output
// (rowStride = frames: its own). Returns the largest value written.
template <typename Real>
Real melFrames(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
               std::size_t firstFrame, std::size_t frames, Real* output, std::size_t rowStride);

extern template void melPowerFrames<float>(const MelPlan<float>&, MelWorkspace<float>&, const SignalSlice<float>&,
                                           std::size_t, std::size_t, float*, std::size_t, FramePath);
extern template void melPowerFrames<double>(const MelPlan<double>&, MelWorkspace<double>&, const SignalSlice<double>&,
                                            std::size_t, std::size_t, double*, std::size_t, FramePath);
extern template float melFrames<float>(const MelPlan<float>&, MelWorkspace<float>&, const SignalSlice<float>&,
                                       std::size_t, std::size_t, float*, std::size_t);
extern template double melFrames<double>(const MelPlan<double>&, MelWorkspace<double>&, const SignalSlice<double>&,
                                         std::size_t, std::size_t, double*, std::size_t);

}  // namespace melspec
