// The per-frame part of the pipeline, for all frames of one signal: gather the
// (reflect-padded) frame, window it, real FFT, |X| ** magExp, mel projection.
// Two implementations: one frame at a time in Real (scalar_frames.cpp), and
// four frames at a time in SIMD lanes for float (lane_frames.cpp).
#pragma once

#include <cstddef>
#include <memory>

#include "melspec/config.hpp"
#include "melspec/framing.hpp"
#include "melspec/mel_filterbank.hpp"

namespace melspec {

template <typename Real>
class FramePipeline {
public:
    virtual ~FramePipeline() = default;
    // Writes the mel power of frames [firstFrame, firstFrame + frames) to
    // output[m * frames + (t - firstFrame)]. The slice must hold the samples those
    // frames read (Framing::samplesRead()). No allocation.
    virtual void melPower(const SignalSlice<Real>& signal, std::size_t firstFrame, std::size_t frames, Real* output) = 0;
};

// Both return nullptr when the FFT cannot be planned. The framing and the
// filterbank must outlive the pipeline.
template <typename Real>
std::unique_ptr<FramePipeline<Real>> makeScalarFramePipeline(const MelSpectrogramConfig& config, const Framing& framing,
                                                             const MelFilterbank<Real>& filterbank);

// Also nullptr in builds without SIMD (MELSPEC_SIMD=0).
std::unique_ptr<FramePipeline<float>> makeLaneFramePipeline(const MelSpectrogramConfig& config, const Framing& framing,
                                                            const MelFilterbank<float>& filterbank);

}  // namespace melspec
