// The window stage. At plan time: the analysis window, as Keras builds it: a
// periodic window of sequenceLength samples, zero-padded to fftLength with
// (fftLength - sequenceLength) / 2 zeros on the left, or ones over the whole
// fftLength for window=None. Per frame, in two forms side by side: one padded
// frame times the window (scalar), or four frames transposed into lane vectors
// while being windowed (lanes, with MELSPEC_SIMD).
//
// Thread-safety: the per-frame functions read the framing, the signal and the
// window only, and write only `out` and the given scratch: any number of threads
// may share one window and framing. Aliasing: out and scratch must not overlap
// each other or the inputs. No allocation per frame.
#pragma once

#include <cstddef>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/framing.hpp"
#include "melspec/simd.hpp"

namespace melspec {

// Returns fftLength values. The config must be valid.
template <typename Real>
std::vector<Real> buildWindow(const MelSpectrogramConfig& config);

// out[k] = window[k] * frame `frame` of the signal (padded past its edges), k < fftLength.
// The slice must hold the samples the frame reads (Framing::samplesRead()).
template <typename Real>
void readWindowedFrame(const Framing& framing, const SignalSlice<Real>& signal, std::size_t frame, const Real* window,
                       Real* out);

#if MELSPEC_SIMD
// out[k] = window[k] * {x_first[k], x_first+1[k], x_first+2[k], x_first+3[k]} for
// frames first .. first + count - 1 (1 <= count <= 4; the last frame repeats in the
// spare lanes), k < fftLength; window: fftLength floats (the same for every lane).
// edgeFrame: fftLength floats of scratch for frames that touch the padding.
void readWindowedFrameLanes(const Framing& framing, const SignalSlice<float>& signal, std::size_t first, int count,
                            const float* window, float* edgeFrame, simd::f32x4* out);
#endif

extern template std::vector<float> buildWindow<float>(const MelSpectrogramConfig&);
extern template std::vector<double> buildWindow<double>(const MelSpectrogramConfig&);
extern template void readWindowedFrame<float>(const Framing&, const SignalSlice<float>&, std::size_t, const float*,
                                              float*);
extern template void readWindowedFrame<double>(const Framing&, const SignalSlice<double>&, std::size_t, const double*,
                                               double*);

}  // namespace melspec
