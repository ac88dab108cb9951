#include "melspec/framing.hpp"

namespace melspec {

std::size_t frameCount(std::size_t signalLength, int fftLength, int sequenceStride) {
    const std::size_t pad = static_cast<std::size_t>(fftLength / 2);
    const std::size_t padded = signalLength + 2 * pad;
    if (padded < static_cast<std::size_t>(fftLength)) return 0;  // only for N = 0, odd fft
    return 1 + (padded - static_cast<std::size_t>(fftLength)) / static_cast<std::size_t>(sequenceStride);
}

std::size_t reflectIndex(std::int64_t index, std::size_t length) {
    if (length == 1) return 0;
    // Reflection without edge repeat has period 2(N-1): ... 2 1 [0 1 2 ... N-1] N-2 N-3 ...
    const std::int64_t period = 2 * static_cast<std::int64_t>(length - 1);
    std::int64_t folded = index % period;
    if (folded < 0) folded += period;
    if (folded >= static_cast<std::int64_t>(length)) folded = period - folded;
    return static_cast<std::size_t>(folded);
}

template <typename Real>
void readFrame(const Real* signal, std::size_t signalLength, int fftLength, int sequenceStride,
               std::size_t frame, Real* out) {
    const std::int64_t start =
        static_cast<std::int64_t>(frame) * sequenceStride - static_cast<std::int64_t>(fftLength / 2);
    const std::int64_t end = start + fftLength;
    if (start >= 0 && end <= static_cast<std::int64_t>(signalLength)) {
        const Real* source = signal + start;  // the common case: no padding involved
        for (int k = 0; k < fftLength; ++k) out[k] = source[k];
        return;
    }
    for (int k = 0; k < fftLength; ++k) out[k] = signal[reflectIndex(start + k, signalLength)];
}

template void readFrame<float>(const float*, std::size_t, int, int, std::size_t, float*);
template void readFrame<double>(const double*, std::size_t, int, int, std::size_t, double*);

}  // namespace melspec
