// The per-caller buffers of the frame stages (mel_frames.hpp), sized once from a
// plan, as pffft's `work` buffer: one padded frame, its spectrum and power, the
// FFT's scratch, and the wide-range frame's magnitudes and log values; with SIMD
// lanes, the same for four frames. An engine (MelSpectrogram) or a stream owns
// one; threads sharing a plan each use their own. Nothing is allocated per call.
//
// All buffers are views into one uninitialised block (one allocation, no zeroing),
// so a workspace is cheap to create: what a stream made from an engine's plan costs.
//
// Thread-safety: one workspace serves one call at a time. Its contents mean
// nothing between calls. It fits only plans with the same fftLength, numMelBins
// and precision as the one it was sized from.
#pragma once

#include <cstddef>

#include "melspec/mel_plan.hpp"
#include "melspec/scratch_buffer.hpp"
#include "melspec/simd.hpp"

namespace melspec {

// `size` values at `data`, within a workspace's block.
template <typename T>
class WorkBuffer {
public:
    WorkBuffer() = default;
    WorkBuffer(T* data, std::size_t size) : data_(data), size_(size) {}
    T* data() const { return data_; }
    std::size_t size() const { return size_; }
    T& operator[](std::size_t index) const { return data_[index]; }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

template <typename Real>
class MelWorkspace {
public:
    explicit MelWorkspace(const MelPlan<Real>& plan);
    MelWorkspace(const MelWorkspace&) = delete;  // the views point into block_
    MelWorkspace& operator=(const MelWorkspace&) = delete;

    WorkBuffer<Real> frame;        // fftLength: one padded frame (the lanes' edge frames too)
    WorkBuffer<Real> spectrum;     // binCount interleaved (re, im) pairs
    WorkBuffer<Real> power;        // binCount
    WorkBuffer<Real> fftScratch;   // RealFft::scratchCount()
    WorkBuffer<double> magnitude;  // binCount: the wide-range frame's |X_k|
    WorkBuffer<double> log10Mel;   // numMelBins: the wide-range frame's output
#if MELSPEC_SIMD
    // Empty when the plan has no lanes.
    // The lanes' frames and power are one buffer of fftLength vectors: the FFT writes
    // the power over its input, which is dead once read (RealFftLanes::forwardPower,
    // the complex spectrum never stored), so one block instead of two stays hot in cache.
    WorkBuffer<simd::f32x4> laneFrames;      // fftLength: four windowed frames, one per lane
    WorkBuffer<simd::f32x4> lanePower;       // binCount (<= fftLength), over laneFrames
    WorkBuffer<simd::f32x4> laneFftScratch;  // RealFftLanes::scratchCount()
#endif

private:
    ScratchBuffer<simd::f32x4> block_;  // 16-byte aligned storage for every view above
};

extern template class MelWorkspace<float>;
extern template class MelWorkspace<double>;

}  // namespace melspec
