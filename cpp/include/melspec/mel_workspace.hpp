// The per-caller buffers of the frame stages (mel_frames.hpp), sized once from a
// plan, as pffft's `work` buffer: one padded frame, its spectrum and power, the
// FFT's scratch, and the wide-range frame's magnitudes and log values; with SIMD
// lanes, the same for four frames. An engine (MelSpectrogram) or a stream owns
// one; threads sharing a plan each use their own. Nothing is allocated per call.
//
// Thread-safety: one workspace serves one call at a time. Its contents mean
// nothing between calls. It fits only plans with the same fftLength, numMelBins
// and precision as the one it was sized from.
#pragma once

#include <vector>

#include "melspec/mel_plan.hpp"
#include "melspec/simd.hpp"

namespace melspec {

template <typename Real>
struct MelWorkspace {
    explicit MelWorkspace(const MelPlan<Real>& plan);

    std::vector<Real> frame;        // fftLength: one padded frame (the lanes' edge frames too)
    std::vector<Real> spectrum;     // binCount interleaved (re, im) pairs
    std::vector<Real> power;        // binCount
    std::vector<Real> fftScratch;   // RealFft::scratchCount()
    std::vector<double> magnitude;  // binCount: the wide-range frame's |X_k|
    std::vector<double> log10Mel;   // numMelBins: the wide-range frame's output
#if MELSPEC_SIMD
    // Empty when the plan has no lanes.
    std::vector<simd::f32x4> laneFrames;      // fftLength: four windowed frames, one per lane
    std::vector<simd::f32x4> laneSpectrum;    // binCount (re, im) pairs
    std::vector<simd::f32x4> lanePower;       // binCount
    std::vector<simd::f32x4> laneFftScratch;  // RealFftLanes::scratchCount()
#endif
};

extern template struct MelWorkspace<float>;
extern template struct MelWorkspace<double>;

}  // namespace melspec
