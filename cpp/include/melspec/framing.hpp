// Centred framing: the signal is reflect-padded by fftLength/2 on both sides
// (numpy's mode="reflect": mirror without repeating the edge sample, and
// reflect again as often as needed when the signal is shorter than the pad),
// then cut into frames of fftLength every sequenceStride samples.
#pragma once

#include <cstddef>
#include <cstdint>

namespace melspec {

// Frames Keras produces for `signalLength` samples:
// 1 + (N + 2*(fftLength/2) - fftLength) / stride (integer division).
// signalLength must be >= 1.
std::size_t frameCount(std::size_t signalLength, int fftLength, int sequenceStride);

// Index into the signal of position `index` of the infinitely reflect-padded
// signal (index may be negative or >= length). length must be >= 1.
std::size_t reflectIndex(std::int64_t index, std::size_t length);

// Copies frame `frame` of the padded signal into `out` (fftLength values),
// reading past the edges through reflectIndex. No allocation.
template <typename Real>
void readFrame(const Real* signal, std::size_t signalLength, int fftLength, int sequenceStride,
               std::size_t frame, Real* out);

extern template void readFrame<float>(const float*, std::size_t, int, int, std::size_t, float*);
extern template void readFrame<double>(const double*, std::size_t, int, int, std::size_t, double*);

}  // namespace melspec
