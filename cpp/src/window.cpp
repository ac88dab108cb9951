#include "melspec/window.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace melspec {

namespace {

// Periodic (DFT-even) generalised cosine window: a - (1 - a) cos(2 pi n / L),
// as scipy.signal.get_window and tf.signal.hann_window(periodic=True) compute it.
double periodicCosine(double a, int n, int length) {
    constexpr double kPi = 3.14159265358979323846;
    return a - (1.0 - a) * std::cos(2.0 * kPi * n / length);
}

}  // namespace

template <typename Real>
std::vector<Real> buildWindow(const MelSpectrogramConfig& config) {
    const int fftLength = config.fftLength;
    if (config.window == WindowKind::Rectangular) return std::vector<Real>(fftLength, Real(1));

    const int length = resolvedSequenceLength(config);
    const int leftPad = (fftLength - length) / 2;
    std::vector<Real> window(fftLength, Real(0));
    for (int n = 0; n < length; ++n) {
        double value = 0.0;
        switch (config.window) {
            case WindowKind::Hann:
                value = periodicCosine(0.5, n, length);
                break;
            case WindowKind::Hamming:
                value = periodicCosine(0.54, n, length);
                break;
            default:
                value = config.customWindow[n];
                break;
        }
        // Keras casts the window to the compute dtype, so a float32 engine rounds here.
        window[leftPad + n] = static_cast<Real>(value);
    }
    return window;
}

template <typename Real>
void readWindowedFrame(const Framing& framing, const SignalSlice<Real>& signal, std::size_t frame, const Real* window,
                       Real* out) {
    framing.readFrame(signal, frame, out);
    const int fftLength = framing.fftLength();
    for (int k = 0; k < fftLength; ++k) out[k] *= window[k];
}

#if MELSPEC_SIMD
void readWindowedFrameLanes(const Framing& framing, const SignalSlice<float>& signal, std::size_t first, int count,
                            const float* window, float* edgeFrame, simd::f32x4* out) {
    constexpr int kLanes = 4;
    const int fftLength = framing.fftLength();
    const float* row[kLanes];
    bool direct = true;
    for (int j = 0; j < kLanes; ++j) {
        row[j] = framing.directFrame(signal, first + static_cast<std::size_t>(std::min(j, count - 1)));
        direct = direct && row[j] != nullptr;
    }
    if (!direct) {  // touches the padding or zeros: read each lane's frame, then window it into its lane
        // Lane j of out[k] as a float store: out[k][j] with a variable j went through the stack
        // in WASM, about 40 us per group of four 2048-sample edge frames (one at each end of a call).
        auto* lanes = reinterpret_cast<unsigned char*>(out);
        for (int j = 0; j < kLanes; ++j) {
            framing.readFrame(signal, first + static_cast<std::size_t>(std::min(j, count - 1)), edgeFrame);
            for (int k = 0; k < fftLength; ++k) {
                const float value = edgeFrame[k] * window[k];
                std::memcpy(lanes + (static_cast<std::size_t>(k) * kLanes + static_cast<std::size_t>(j)) * sizeof value,
                            &value, sizeof value);
            }
        }
        return;
    }
    int k = 0;
    // Each frame's four samples times the window's four, then the transpose: one
    // window load per four vectors (the same products as windowing the columns).
    for (; k + kLanes <= fftLength; k += kLanes) {
        const simd::f32x4 weights = simd::loadUnaligned(window + k);
        simd::transpose4(simd::loadUnaligned(row[0] + k) * weights, simd::loadUnaligned(row[1] + k) * weights,
                         simd::loadUnaligned(row[2] + k) * weights, simd::loadUnaligned(row[3] + k) * weights, out + k);
    }
    for (; k < fftLength; ++k) out[k] = simd::f32x4{row[0][k], row[1][k], row[2][k], row[3][k]} * window[k];
}
#endif

template std::vector<float> buildWindow<float>(const MelSpectrogramConfig&);
template std::vector<double> buildWindow<double>(const MelSpectrogramConfig&);
template void readWindowedFrame<float>(const Framing&, const SignalSlice<float>&, std::size_t, const float*, float*);
template void readWindowedFrame<double>(const Framing&, const SignalSlice<double>&, std::size_t, const double*,
                                        double*);

}  // namespace melspec
