// Four frames at a time, one per SIMD lane (simd.hpp), for the float engine.
//
// Frames t..t+3 are transposed into lane vectors while being windowed, go
// through KissFFT's SIMD mode together, and their mel values for band m land
// in out[m * frames + t .. t+3]: adjacent in the (mel, time) output, so one
// vector store each. A last group of fewer than four frames repeats its last
// frame in the spare lanes and stores only the real ones.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "melspec/frame_pipeline.hpp"
#include "melspec/framing.hpp"
#include "melspec/real_fft_lanes.hpp"
#include "melspec/simd.hpp"
#include "melspec/window.hpp"

namespace melspec {

namespace {

using simd::f32x4;
constexpr int kLanes = 4;

class LaneFrames final : public FramePipeline<float> {
public:
    LaneFrames(const MelSpectrogramConfig& config, const Framing& framing, const MelFilterbank<float>& filterbank)
        : fftLength_(config.fftLength),
          magExp_(config.magExp),
          framing_(framing),
          skipsZeroFrames_(config.magExp > 0.0),
          fft_(config.fftLength),
          filterbank_(filterbank),
          frames_(config.fftLength),
          edgeFrame_(config.fftLength),
          spectrum_(2 * static_cast<std::size_t>(fft_.binCount())),
          power_(fft_.binCount()) {
        const std::vector<float> window = buildWindow<float>(config);
        window_.reserve(window.size());
        for (float value : window) window_.push_back(simd::splat(value));
    }

    bool valid() const { return fft_.valid(); }

    void melPower(const SignalSlice<float>& signal, std::size_t firstFrame, std::size_t frames, float* output) override {
        for (std::size_t done = 0; done < frames; done += kLanes) {
            const int count = static_cast<int>(std::min<std::size_t>(kLanes, frames - done));
            if (onlyZeros(signal, firstFrame + done, count)) {
                // All zeros in: the FFT, |X| ** magExp (> 0) and the mel sums are exactly +0.
                for (int m = 0; m < filterbank_.melBinCount(); ++m)
                    std::fill_n(output + m * static_cast<std::ptrdiff_t>(frames) + done, count, 0.0f);
                continue;
            }
            gatherWindowed(signal, firstFrame + done, count);
            fft_.forward(frames_.data(), spectrum_.data());
            computePower();
            projectToMel(output + done, static_cast<std::ptrdiff_t>(frames), count);
        }
    }

private:
    // Whether frames [first, first + count) all read zeros only (a clip padded to 30 s).
    bool onlyZeros(const SignalSlice<float>& signal, std::size_t first, int count) const {
        if (!skipsZeroFrames_) return false;
        for (int j = 0; j < count; ++j)
            if (!framing_.readsOnlyZeros(signal.signalLength, first + static_cast<std::size_t>(j))) return false;
        return true;
    }

    // frames_[k] = window[k] * {x_t[k], x_t+1[k], x_t+2[k], x_t+3[k]}, x_t the padded frame t.
    void gatherWindowed(const SignalSlice<float>& signal, std::size_t first, int count) {
        const float* row[kLanes];
        bool direct = true;
        for (int j = 0; j < kLanes; ++j) {
            row[j] = framing_.directFrame(signal, first + static_cast<std::size_t>(std::min(j, count - 1)));
            direct = direct && row[j] != nullptr;
        }
        if (!direct) {  // touches the padding or zeros: read each lane's frame, then interleave
            for (int j = 0; j < kLanes; ++j) {
                framing_.readFrame(signal, first + static_cast<std::size_t>(std::min(j, count - 1)), edgeFrame_.data());
                for (int k = 0; k < fftLength_; ++k) frames_[k][j] = edgeFrame_[k];
            }
            for (int k = 0; k < fftLength_; ++k) frames_[k] *= window_[k];
            return;
        }
        int k = 0;
        for (; k + kLanes <= fftLength_; k += kLanes) {
            f32x4 columns[kLanes];
            simd::transpose4(simd::loadUnaligned(row[0] + k), simd::loadUnaligned(row[1] + k),
                             simd::loadUnaligned(row[2] + k), simd::loadUnaligned(row[3] + k), columns);
            for (int c = 0; c < kLanes; ++c) frames_[k + c] = columns[c] * window_[k + c];
        }
        for (; k < fftLength_; ++k) frames_[k] = f32x4{row[0][k], row[1][k], row[2][k], row[3][k]} * window_[k];
    }

    void computePower() {
        const int bins = fft_.binCount();
        for (int k = 0; k < bins; ++k) {
            const f32x4 re = spectrum_[2 * k];
            const f32x4 im = spectrum_[2 * k + 1];
            power_[k] = re * re + im * im;  // |X|^2: Keras' sqrt(.)**2 up to rounding
        }
        if (magExp_ == 2.0) return;
        for (int k = 0; k < bins; ++k)
            for (int j = 0; j < kLanes; ++j) {
                const float magnitude = std::sqrt(power_[k][j]);
                power_[k][j] = magExp_ == 1.0 ? magnitude : std::pow(magnitude, static_cast<float>(magExp_));
            }
    }

    void projectToMel(float* output, std::ptrdiff_t melStride, int count) {
        const int bands = filterbank_.melBinCount();
        for (int m = 0; m < bands; ++m) {
            const float* weight = filterbank_.bandWeights(m);
            const f32x4* bin = power_.data() + filterbank_.bandStart(m);
            const int length = filterbank_.bandLength(m);
            f32x4 sum = simd::splat(0.0f);
            for (int j = 0; j < length; ++j) sum += weight[j] * bin[j];
            float* destination = output + m * melStride;
            if (count == kLanes) {
                simd::storeUnaligned(destination, sum);
            } else {
                for (int j = 0; j < count; ++j) destination[j] = sum[j];
            }
        }
    }

    int fftLength_;
    double magExp_;
    const Framing& framing_;
    bool skipsZeroFrames_;  // with magExp 0, 0 ** 0 = 1: zero frames are not zero
    std::vector<f32x4> window_;  // splatted to all lanes
    RealFftLanes fft_;
    const MelFilterbank<float>& filterbank_;
    std::vector<f32x4> frames_;
    std::vector<float> edgeFrame_;  // one padded frame at the signal's edges
    std::vector<f32x4> spectrum_;  // interleaved (re, im) lane vectors
    std::vector<f32x4> power_;
};

}  // namespace

std::unique_ptr<FramePipeline<float>> makeLaneFramePipeline(const MelSpectrogramConfig& config, const Framing& framing,
                                                            const MelFilterbank<float>& filterbank) {
    auto pipeline = std::make_unique<LaneFrames>(config, framing, filterbank);
    if (!pipeline->valid()) return nullptr;
    return pipeline;
}

}  // namespace melspec
