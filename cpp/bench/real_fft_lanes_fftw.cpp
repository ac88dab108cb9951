// The four-lane real FFT on FFTW3 instead of KissFFT, for the native benchmark's
// limit. Never in the package.
//
// Each lane is transposed out to a contiguous buffer (in the caller's scratch,
// aligned to 64 bytes as the planning buffers are), transformed by FFTW's single
// r2c plan (FFTW_MEASURE: its fastest case), and transposed back into the lane
// layout. The plan is only read by forward(), as the KissFFT lanes' is. The whole
// input is transposed out before the spectrum is written, so it may run in place. (A guru plan straight on the lane
// layout, input stride 4 and split re/im output, crashed inside FFTW 3.3.10 for n = 2048, so it is not used.)
#include <fftw3.h>

#include <cstdint>

#include "melspec/real_fft.hpp"

namespace melspec {

struct RealFftLanesPlan {
    int length = 0;
    int bins = 0;
    // Lane buffers start 64 bytes apart at least, so every lane has the alignment
    // of the planning buffer (FFTW's SIMD codelets rely on it).
    int inputStride = 0;        // floats, a multiple of 16
    int outputStride = 0;       // complex values, a multiple of 8
    fftwf_plan plan = nullptr;  // one lane: length floats -> bins complex

    ~RealFftLanesPlan() {
        if (plan) fftwf_destroy_plan(plan);
    }
    // Floats of the four input lanes, then of the four output lanes.
    std::size_t inputFloats() const { return 4 * static_cast<std::size_t>(inputStride); }
    std::size_t outputFloats() const { return 8 * static_cast<std::size_t>(outputStride); }
};

RealFftLanes::RealFftLanes(int length) : length_(length), plan_(nullptr) {
    auto* lanes = new RealFftLanesPlan;
    lanes->length = length;
    lanes->bins = binCount();
    lanes->inputStride = (length + 15) / 16 * 16;
    lanes->outputStride = (lanes->bins + 7) / 8 * 8;
    // Planned on temporary buffers of the layout forward() uses in its scratch.
    float* input = fftwf_alloc_real(lanes->inputFloats());
    fftwf_complex* output = fftwf_alloc_complex(lanes->outputFloats() / 2);
    if (input && output) lanes->plan = fftwf_plan_dft_r2c_1d(length, input, output, FFTW_MEASURE);
    fftwf_free(input);
    fftwf_free(output);
    if (!lanes->plan) {
        delete lanes;
        return;
    }
    plan_ = lanes;
    // 16 vectors (64 floats) of slack to align the scratch to 64 bytes.
    scratchCount_ = (lanes->inputFloats() + lanes->outputFloats()) / 4 + 16;
}

RealFftLanes::~RealFftLanes() { delete plan_; }

namespace {

// Each lane transposed out into the scratch and transformed there: returns the four
// output lanes (lane j's bins from j * outputStride).
const fftwf_complex* transformLanes(const RealFftLanesPlan& lanes, const simd::f32x4* input, simd::f32x4* scratch) {
    const int in = lanes.inputStride;
    auto* aligned = reinterpret_cast<float*>((reinterpret_cast<std::uintptr_t>(scratch) + 63) / 64 * 64);
    float* laneInput = aligned;
    auto* laneOutput = reinterpret_cast<fftwf_complex*>(aligned + lanes.inputFloats());
    for (int k = 0; k < lanes.length; ++k)
        for (int j = 0; j < 4; ++j) laneInput[j * in + k] = input[k][j];
    for (int j = 0; j < 4; ++j)
        fftwf_execute_dft_r2c(lanes.plan, laneInput + j * in, laneOutput + j * lanes.outputStride);
    return laneOutput;
}

}  // namespace

void RealFftLanes::forward(const simd::f32x4* input, simd::f32x4* spectrum, simd::f32x4* scratch) const {
    const fftwf_complex* laneOutput = transformLanes(*plan_, input, scratch);
    const int out = plan_->outputStride;
    for (int k = 0; k < plan_->bins; ++k)
        for (int j = 0; j < 4; ++j) {
            spectrum[2 * k][j] = laneOutput[j * out + k][0];
            spectrum[2 * k + 1][j] = laneOutput[j * out + k][1];
        }
}

// The same fusion as the KissFFT lanes': the power straight from FFTW's output lanes.
void RealFftLanes::forwardPower(const simd::f32x4* input, simd::f32x4* power, simd::f32x4* scratch) const {
    const fftwf_complex* laneOutput = transformLanes(*plan_, input, scratch);
    const int out = plan_->outputStride;
    for (int k = 0; k < plan_->bins; ++k)
        for (int j = 0; j < 4; ++j) {
            const float re = laneOutput[j * out + k][0], im = laneOutput[j * out + k][1];
            power[k][j] = re * re + im * im;
        }
}

const char* realFftLanesBackend() { return "fftw"; }

}  // namespace melspec
