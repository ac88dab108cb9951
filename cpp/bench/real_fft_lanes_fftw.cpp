// The four-lane real FFT on FFTW3 instead of KissFFT, for the native benchmark's
// limit: one guru plan does the four transforms straight from and into the
// lane layout (input stride 4; split re/im output, stride 8). Never in the package.
#include <fftw3.h>

#include <vector>

#include "melspec/real_fft_lanes.hpp"

namespace melspec {

namespace {

struct FftwLanes {
    fftwf_plan plan;
};

}  // namespace

RealFftLanes::RealFftLanes(int length) : length_(length), plan_(nullptr) {
    std::vector<simd::f32x4> input(length), spectrum(2 * static_cast<std::size_t>(binCount()));
    fftwf_iodim transform{length, 4, 8};  // n, input stride, output stride (in floats)
    fftwf_iodim lanes{4, 1, 1};           // four transforms, one float apart
    float* re = reinterpret_cast<float*>(spectrum.data());
    const fftwf_plan plan = fftwf_plan_guru_split_dft_r2c(1, &transform, 1, &lanes, reinterpret_cast<float*>(input.data()),
                                                          re, re + 4, FFTW_MEASURE);
    if (plan) plan_ = new FftwLanes{plan};
}

RealFftLanes::~RealFftLanes() {
    if (!plan_) return;
    fftwf_destroy_plan(static_cast<FftwLanes*>(plan_)->plan);
    delete static_cast<FftwLanes*>(plan_);
}

void RealFftLanes::forward(const simd::f32x4* input, simd::f32x4* spectrum) const {
    float* re = reinterpret_cast<float*>(spectrum);
    fftwf_execute_split_dft_r2c(static_cast<FftwLanes*>(plan_)->plan,
                                const_cast<float*>(reinterpret_cast<const float*>(input)), re, re + 4);
}

const char* realFftLanesBackend() { return "fftw"; }

}  // namespace melspec
