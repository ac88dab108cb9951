// Four forward real FFTs of the same length at once, one per SIMD lane.
// The input is `length` vectors (lane j of vector k = sample k of transform j);
// the spectrum is binCount() (re, im) pairs of vectors, interleaved.
//
// The implementation is chosen at link time: KissFFT's SIMD mode in the package
// (real_fft_lanes_kissfft.cpp); the native benchmark also links an FFTW3 one.
#pragma once

#include "melspec/simd.hpp"

namespace melspec {

class RealFftLanes {
public:
    explicit RealFftLanes(int length);
    ~RealFftLanes();
    RealFftLanes(const RealFftLanes&) = delete;
    RealFftLanes& operator=(const RealFftLanes&) = delete;

    bool valid() const { return plan_ != nullptr; }
    int length() const { return length_; }
    int binCount() const { return length_ / 2 + 1; }

    // No allocation; input and spectrum must not overlap, both 16-byte aligned.
    void forward(const simd::f32x4* input, simd::f32x4* spectrum) const;

private:
    int length_;
    void* plan_;
};

// Which FFT the lanes use ("kissfft" or "fftw"), for benchmark reports.
const char* realFftLanesBackend();

}  // namespace melspec
