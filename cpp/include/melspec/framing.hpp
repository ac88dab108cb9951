// Centred framing: the signal is reflect-padded by fftLength/2 on both sides
// (numpy's mode="reflect": mirror without repeating the edge sample, and
// reflect again as often as needed when the signal is shorter than the pad),
// then cut into frames of fftLength every sequenceStride samples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace melspec {

// Frames Keras produces for `signalLength` samples:
// 1 + (N + 2*(fftLength/2) - fftLength) / stride (integer division).
// signalLength must be >= 1.
std::size_t frameCount(std::size_t signalLength, int fftLength, int sequenceStride);

// Index into the signal of position `index` of the infinitely reflect-padded
// signal (index may be negative or >= length). length must be >= 1.
std::size_t reflectIndex(std::int64_t index, std::size_t length);

// Part of a signal: samples[i] is sample `first + i` of a signal of
// `signalLength` samples. A whole signal is the slice {samples, 0, N, N}; parts
// let several threads each take a range of frames of one long signal.
template <typename Real>
struct SignalSlice {
    const Real* samples;
    std::size_t first;
    std::size_t count;
    std::size_t signalLength;

    static SignalSlice whole(const Real* samples, std::size_t length) { return {samples, 0, length, length}; }
    const Real& at(std::size_t index) const { return samples[index - first]; }
};

// The samples [first, last) that frames [firstFrame, firstFrame + frames) read,
// reflection included. frames >= 1.
std::pair<std::size_t, std::size_t> samplesRead(std::size_t signalLength, int fftLength, int sequenceStride,
                                                std::size_t firstFrame, std::size_t frames);

// Where frame `frame` starts in the padded signal, as a signal position (negative
// within the left padding).
inline std::int64_t frameStart(std::size_t frame, int fftLength, int sequenceStride) {
    return static_cast<std::int64_t>(frame) * sequenceStride - fftLength / 2;
}

// Copies frame `frame` of the padded signal into `out` (fftLength values),
// reflecting past the edges. The slice must hold samplesRead() of the frame. No allocation.
template <typename Real>
void readFrame(const SignalSlice<Real>& signal, int fftLength, int sequenceStride, std::size_t frame, Real* out);

extern template void readFrame<float>(const SignalSlice<float>&, int, int, std::size_t, float*);
extern template void readFrame<double>(const SignalSlice<double>&, int, int, std::size_t, double*);

}  // namespace melspec
