// The four-lane real FFT on FFTW3 instead of KissFFT, for the native benchmark's
// limit. Never in the package.
//
// Each lane is transposed out to a contiguous buffer, transformed by FFTW's
// single r2c plan (FFTW_MEASURE: its fastest case), and transposed back into
// the lane layout. (A guru plan straight on the lane layout, input stride 4 and
// split re/im output, crashed inside FFTW 3.3.10 for n = 2048, so it is not used.)
#include <fftw3.h>

#include "melspec/real_fft_lanes.hpp"

namespace melspec {

namespace {

struct FftwLanes {
    int length = 0;
    int bins = 0;
    // Lane buffers start 64 bytes apart at least, so every lane has the alignment
    // of the planning buffer (FFTW's SIMD codelets rely on it).
    int inputStride = 0;               // floats, a multiple of 16
    int outputStride = 0;              // complex values, a multiple of 8
    float* input = nullptr;            // 4 lanes, contiguous per lane
    fftwf_complex* output = nullptr;   // 4 lanes
    fftwf_plan plan = nullptr;         // one lane: length floats -> bins complex

    ~FftwLanes() {
        if (plan) fftwf_destroy_plan(plan);
        fftwf_free(input);
        fftwf_free(output);
    }
};

}  // namespace

RealFftLanes::RealFftLanes(int length) : length_(length), plan_(nullptr) {
    auto* lanes = new FftwLanes;
    lanes->length = length;
    lanes->bins = binCount();
    lanes->inputStride = (length + 15) / 16 * 16;
    lanes->outputStride = (lanes->bins + 7) / 8 * 8;
    lanes->input = fftwf_alloc_real(4 * static_cast<std::size_t>(lanes->inputStride));
    lanes->output = fftwf_alloc_complex(4 * static_cast<std::size_t>(lanes->outputStride));
    if (lanes->input && lanes->output)
        lanes->plan = fftwf_plan_dft_r2c_1d(length, lanes->input, lanes->output, FFTW_MEASURE);
    if (!lanes->plan) {
        delete lanes;
        return;
    }
    plan_ = lanes;
}

RealFftLanes::~RealFftLanes() { delete static_cast<FftwLanes*>(plan_); }

void RealFftLanes::forward(const simd::f32x4* input, simd::f32x4* spectrum) const {
    const FftwLanes& lanes = *static_cast<const FftwLanes*>(plan_);
    const int in = lanes.inputStride, out = lanes.outputStride;
    for (int k = 0; k < lanes.length; ++k)
        for (int j = 0; j < 4; ++j) lanes.input[j * in + k] = input[k][j];
    for (int j = 0; j < 4; ++j) fftwf_execute_dft_r2c(lanes.plan, lanes.input + j * in, lanes.output + j * out);
    for (int k = 0; k < lanes.bins; ++k)
        for (int j = 0; j < 4; ++j) {
            spectrum[2 * k][j] = lanes.output[j * out + k][0];
            spectrum[2 * k + 1][j] = lanes.output[j * out + k][1];
        }
}

const char* realFftLanesBackend() { return "fftw"; }

}  // namespace melspec
