// Forward real FFT of any length, planned once: a thin RAII wrapper over the
// KissFFT instances in kissfft/ (one per precision).
#pragma once

#include <cstddef>

namespace melspec {

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

    // spectrum receives binCount() interleaved (re, im) pairs. No allocation.
    void forward(const Real* input, Real* spectrum) const;

private:
    int length_;
    void* plan_;
};

// Defined per precision in real_fft.cpp (each calls its own KissFFT instance).
template <> RealFft<float>::RealFft(int length);
template <> RealFft<float>::~RealFft();
template <> void RealFft<float>::forward(const float* input, float* spectrum) const;
template <> RealFft<double>::RealFft(int length);
template <> RealFft<double>::~RealFft();
template <> void RealFft<double>::forward(const double* input, double* spectrum) const;

}  // namespace melspec
