#include "melspec/framing.hpp"

#include <algorithm>

namespace melspec {

std::size_t frameCount(std::size_t signalLength, int fftLength, int sequenceStride) {
    const std::size_t pad = static_cast<std::size_t>(fftLength / 2);
    const std::size_t padded = signalLength + 2 * pad;
    if (padded < static_cast<std::size_t>(fftLength)) return 0;  // only for N = 0, odd fft
    return 1 + (padded - static_cast<std::size_t>(fftLength)) / static_cast<std::size_t>(sequenceStride);
}

std::size_t reflectIndex(std::int64_t index, std::size_t length) {
    if (index >= 0 && index < static_cast<std::int64_t>(length)) return static_cast<std::size_t>(index);
    if (length == 1) return 0;
    // Reflection without edge repeat has period 2(N-1): ... 2 1 [0 1 2 ... N-1] N-2 N-3 ...
    const std::int64_t period = 2 * static_cast<std::int64_t>(length - 1);
    std::int64_t folded = index % period;
    if (folded < 0) folded += period;
    if (folded >= static_cast<std::int64_t>(length)) folded = period - folded;
    return static_cast<std::size_t>(folded);
}

std::pair<std::size_t, std::size_t> samplesRead(std::size_t signalLength, int fftLength, int sequenceStride,
                                                std::size_t firstFrame, std::size_t frames) {
    const std::int64_t length = static_cast<std::int64_t>(signalLength);
    const std::int64_t begin = frameStart(firstFrame, fftLength, sequenceStride);
    const std::int64_t end = frameStart(firstFrame + frames - 1, fftLength, sequenceStride) + fftLength;
    std::int64_t lo = std::max<std::int64_t>(begin, 0), hi = std::min(end, length);
    if (lo >= hi) lo = hi = std::clamp<std::int64_t>(begin, 0, length - 1);  // only padding is read
    // Positions in the padding (at most fftLength/2 on each side) read reflected samples.
    auto include = [&](std::int64_t position) {
        const std::int64_t index = static_cast<std::int64_t>(reflectIndex(position, signalLength));
        lo = std::min(lo, index);
        hi = std::max(hi, index + 1);
    };
    for (std::int64_t p = begin; p < std::min<std::int64_t>(end, 0); ++p) include(p);
    for (std::int64_t p = std::max(begin, length); p < end; ++p) include(p);
    return {static_cast<std::size_t>(lo), static_cast<std::size_t>(hi)};
}

template <typename Real>
void readFrame(const SignalSlice<Real>& signal, int fftLength, int sequenceStride, std::size_t frame, Real* out) {
    const std::int64_t start = frameStart(frame, fftLength, sequenceStride);
    const std::int64_t length = static_cast<std::int64_t>(signal.signalLength);
    // Only the positions outside the signal need reflecting; the rest is a plain copy.
    const int insideFrom = static_cast<int>(std::clamp<std::int64_t>(-start, 0, fftLength));
    const int insideTo = static_cast<int>(std::clamp<std::int64_t>(length - start, insideFrom, fftLength));
    for (int k = 0; k < insideFrom; ++k) out[k] = signal.at(reflectIndex(start + k, signal.signalLength));
    if (insideTo > insideFrom) {
        const Real* source = &signal.at(static_cast<std::size_t>(start + insideFrom));
        std::copy(source, source + (insideTo - insideFrom), out + insideFrom);
    }
    for (int k = insideTo; k < fftLength; ++k) out[k] = signal.at(reflectIndex(start + k, signal.signalLength));
}

template void readFrame<float>(const SignalSlice<float>&, int, int, std::size_t, float*);
template void readFrame<double>(const SignalSlice<double>&, int, int, std::size_t, double*);

}  // namespace melspec
