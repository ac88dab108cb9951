// The FFT stage: forward real FFTs of any length, planned once, in two forms side
// by side: one transform in the engine's precision (RealFft, on the KissFFT
// instances in kissfft/), and four float transforms at once, one per SIMD lane
// (RealFftLanes, with MELSPEC_SIMD: KissFFT's SIMD mode in the package; the
// native benchmark links an FFTW3 one instead, bench/real_fft_lanes_fftw.cpp).
//
// Thread-safety: a plan is immutable after construction; forward() is const and
// writes only its output and the caller's scratch, so any number of threads may
// share one plan, each with its own scratch (as pffft's setup and work buffer).
// Aliasing: input, spectrum and scratch must not overlap, except that RealFftLanes
// may write its spectrum over its input (in place: the transform reads the whole
// input before it writes the spectrum).
// Scratch: scratchCount() values, allocated by the caller once per thread
// (MelWorkspace); forward() allocates nothing.
#pragma once

#include <cstddef>

#include "melspec/simd.hpp"

extern "C" {
struct melspec_kissf_real_plan;  // kissfft/kiss_float.c
struct melspec_kissd_real_plan;  // kissfft/kiss_double.c
}

namespace melspec {

// The KissFFT plan type of each precision.
template <typename Real>
struct KissRealPlan;
template <>
struct KissRealPlan<float> {
    using type = melspec_kissf_real_plan;
};
template <>
struct KissRealPlan<double> {
    using type = melspec_kissd_real_plan;
};

template <typename Real>
class RealFft {
public:
    // Plans a transform of `length` >= 1 samples; valid() is false if planning failed.
    explicit RealFft(int length);
    ~RealFft();
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    bool valid() const { return plan_ != nullptr; }
    int length() const { return length_; }
    int binCount() const { return length_ / 2 + 1; }
    // Real values of scratch forward() needs (length for even lengths, 4 * length for odd ones).
    std::size_t scratchCount() const { return scratchCount_; }

    // spectrum receives binCount() interleaved (re, im) pairs. No allocation.
    void forward(const Real* input, Real* spectrum, Real* scratch) const;

private:
    using Plan = typename KissRealPlan<Real>::type;
    int length_;
    Plan* plan_;
    std::size_t scratchCount_ = 0;
};

// Defined per precision in real_fft.cpp (each calls its own KissFFT instance).
template <>
RealFft<float>::RealFft(int length);
template <>
RealFft<float>::~RealFft();
template <>
void RealFft<float>::forward(const float* input, float* spectrum, float* scratch) const;
template <>
RealFft<double>::RealFft(int length);
template <>
RealFft<double>::~RealFft();
template <>
void RealFft<double>::forward(const double* input, double* spectrum, double* scratch) const;

#if MELSPEC_SIMD
// The four-lane plan; its type is the linked implementation's.
struct RealFftLanesPlan;

// Four transforms of the same length at once. The input is `length` vectors (lane
// j of vector k = sample k of transform j); the spectrum is binCount() (re, im)
// pairs of vectors, interleaved. spectrum may be input (then that buffer holds
// max(length, 2 * binCount()) vectors): the workspace runs it in place, so one
// buffer instead of two is hot in cache.
class RealFftLanes {
public:
    explicit RealFftLanes(int length);
    ~RealFftLanes();
    RealFftLanes(const RealFftLanes&) = delete;
    RealFftLanes& operator=(const RealFftLanes&) = delete;

    bool valid() const { return plan_ != nullptr; }
    int length() const { return length_; }
    int binCount() const { return length_ / 2 + 1; }
    // Vectors of scratch forward() needs.
    std::size_t scratchCount() const { return scratchCount_; }

    // No allocation; all three 16-byte aligned (as std::vector<f32x4> is); scratch
    // overlaps neither of the others, spectrum may equal input.
    void forward(const simd::f32x4* input, simd::f32x4* spectrum, simd::f32x4* scratch) const;
    // power[k] = re^2 + im^2 of bin k of forward()'s spectrum, bit for bit, for the
    // binCount() bins, without the spectrum ever being stored (the engine's path: the
    // real transform's last pass feeds the power directly). Same scratch as forward();
    // power may be input itself, and otherwise overlaps neither of the others.
    void forwardPower(const simd::f32x4* input, simd::f32x4* power, simd::f32x4* scratch) const;

private:
    int length_;
    RealFftLanesPlan* plan_;
    std::size_t scratchCount_ = 0;
};

// Which FFT the lanes use ("kissfft" or "fftw"), for benchmark reports.
const char* realFftLanesBackend();
#endif

}  // namespace melspec
