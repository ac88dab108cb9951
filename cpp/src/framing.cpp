#include "melspec/framing.hpp"

#include <algorithm>
#include <cstdlib>

namespace melspec {

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

Framing::Framing(const MelSpectrogramConfig& config)
    : fftLength_(config.fftLength),
      stride_(config.sequenceStride),
      centrePad_(config.center ? static_cast<std::size_t>(config.fftLength / 2) : 0),
      reflect_(config.center && config.padMode == PadMode::Reflect),
      reflectOnce_(config.reflectOnce),
      fixedLength_(config.fixedLength),
      leadingZeros_(config.leadingZeros),
      trailingZeros_(config.trailingZeros),
      dropLastFrame_(config.dropLastFrame) {}

std::size_t Framing::usedSamples(std::size_t signalLength) const {
    return fixedLength_ != 0 ? std::min(signalLength, fixedLength_) : signalLength;
}

std::size_t Framing::extendedLength(std::size_t signalLength) const {
    return (fixedLength_ != 0 ? fixedLength_ : signalLength) + leadingZeros_ + trailingZeros_;
}

bool Framing::extendedLengthHasFrames(std::size_t extended) const {
    const std::size_t fft = static_cast<std::size_t>(fftLength_);
    if (extended == 0 || extended + 2 * centrePad_ < fft) return false;
    if (reflect_ && reflectOnce_ && extended <= centrePad_) return false;  // torch: "padding must be < input"
    const std::size_t frames = 1 + (extended + 2 * centrePad_ - fft) / static_cast<std::size_t>(stride_);
    return !dropLastFrame_ || frames >= 2;
}

std::size_t Framing::frameCount(std::size_t signalLength) const {
    if (signalLength == 0) return 0;
    const std::size_t extended = extendedLength(signalLength);
    if (!extendedLengthHasFrames(extended)) return 0;
    const std::size_t frames = 1 + (extended + 2 * centrePad_ - fftLength_) / static_cast<std::size_t>(stride_);
    return dropLastFrame_ ? frames - 1 : frames;
}

std::size_t Framing::framesComplete(std::size_t samplesSoFar) const {
    const std::size_t known = leadingZeros_ + samplesSoFar;  // of the extended signal (fixedLength aside)
    const std::size_t fft = static_cast<std::size_t>(fftLength_);
    // Frame t reads up to t * stride - pad + fftLength; frame 0's reflection reads position `pad`.
    if (known + centrePad_ < fft || (reflect_ && known <= centrePad_)) return 0;
    const std::size_t frames = (known + centrePad_ - fft) / static_cast<std::size_t>(stride_) + 1;
    return dropLastFrame_ ? frames - 1 : frames;
}

std::size_t Framing::minimumSignalLength() const {
    if (fixedLength_ != 0) return 1;  // the extended length does not depend on the signal's
    // The smallest extended length with frames, from each rule; frames grow with the length.
    const std::size_t fft = static_cast<std::size_t>(fftLength_);
    std::size_t extended = std::max<std::size_t>(1, fft > 2 * centrePad_ ? fft - 2 * centrePad_ : 0);
    if (reflect_ && reflectOnce_) extended = std::max(extended, centrePad_ + 1);
    if (dropLastFrame_)
        extended = std::max(extended, stride_ + fft > 2 * centrePad_ ? stride_ + fft - 2 * centrePad_ : 0);
    const std::size_t zeros = leadingZeros_ + trailingZeros_;
    return extended > zeros ? extended - zeros : 1;
}

std::pair<std::size_t, std::size_t> Framing::samplesRead(std::size_t signalLength, std::size_t firstFrame,
                                                         std::size_t frames) const {
    const std::int64_t extended = static_cast<std::int64_t>(extendedLength(signalLength));
    const std::int64_t lead = static_cast<std::int64_t>(leadingZeros_);
    const std::int64_t used = static_cast<std::int64_t>(usedSamples(signalLength));
    const std::int64_t begin = frameStart(firstFrame);
    const std::int64_t end = frameStart(firstFrame + frames - 1) + fftLength_;
    // Signal samples (as signal indices) read directly, without padding.
    std::int64_t lo = std::max(begin, lead) - lead, hi = std::min({end, extended, lead + used}) - lead;
    if (lo >= hi) lo = hi = std::clamp<std::int64_t>(begin - lead, 0, static_cast<std::int64_t>(signalLength));
    bool empty = lo == hi;
    // Positions in the centre padding (at most fftLength/2 on each side) read reflected samples.
    const auto reflected = [&](std::int64_t position) {
        return static_cast<std::int64_t>(reflectIndex(position, static_cast<std::size_t>(extended)));
    };
    // Extended positions [first, last] as signal indices, the zeros of the extension left out.
    auto include = [&](std::int64_t first, std::int64_t last) {
        first = std::max(first - lead, std::int64_t{0});
        last = std::min(last - lead, used - 1);
        if (first > last) return;
        lo = empty ? first : std::min(lo, first);
        hi = empty ? last + 1 : std::max(hi, last + 1);
        empty = false;
    };
    // Padding positions [from, to): each step moves the reflected position by one, so when the
    // ends lie (to - from - 1) apart they never turn (one reflection: a signal longer than the
    // padding) and are one run; else position by position. (Position by position always, this
    // was 5 us of a 1 s call in WASM, 64-bit remainders for the Keras default's 1024.)
    auto includePadding = [&](std::int64_t from, std::int64_t to) {
        if (from >= to) return;
        const std::int64_t a = reflected(from), b = reflected(to - 1);
        if (std::abs(a - b) == to - 1 - from) {
            include(std::min(a, b), std::max(a, b));
            return;
        }
        for (std::int64_t p = from; p < to; ++p) include(reflected(p), reflected(p));
    };
    if (reflect_) {
        includePadding(begin, std::min<std::int64_t>(end, 0));
        includePadding(std::max(begin, extended), end);
    }
    return {static_cast<std::size_t>(lo), static_cast<std::size_t>(hi)};
}

bool Framing::readsOnlyZeros(std::size_t signalLength, std::size_t frame) const {
    const std::int64_t start = frameStart(frame) - static_cast<std::int64_t>(leadingZeros_);
    const std::int64_t used = static_cast<std::int64_t>(usedSamples(signalLength));
    if (start < used && start + fftLength_ > 0) return false;  // overlaps the signal directly
    const std::int64_t extended = static_cast<std::int64_t>(extendedLength(signalLength));
    const bool inPadding = frameStart(frame) < 0 || frameStart(frame) + fftLength_ > extended;
    if (!reflect_ || !inPadding) return true;
    const auto [first, last] = samplesRead(signalLength, frame, 1);  // reflections may reach the signal
    return first == last;
}

template <typename Real>
Real Framing::valueAt(const SignalSlice<Real>& signal, std::int64_t position, std::size_t extended,
                      std::size_t used) const {
    if (position < 0 || position >= static_cast<std::int64_t>(extended)) {
        if (!reflect_) return Real(0);
        position = static_cast<std::int64_t>(reflectIndex(position, extended));
    }
    const std::int64_t index = position - static_cast<std::int64_t>(leadingZeros_);
    return index >= 0 && index < static_cast<std::int64_t>(used) ? signal.at(static_cast<std::size_t>(index)) : Real(0);
}

template <typename Real>
const Real* Framing::directFrame(const SignalSlice<Real>& signal, std::size_t frame) const {
    const std::int64_t start = frameStart(frame) - static_cast<std::int64_t>(leadingZeros_);
    if (start < 0 || start + fftLength_ > static_cast<std::int64_t>(usedSamples(signal.signalLength))) return nullptr;
    return &signal.at(static_cast<std::size_t>(start));
}

template <typename Real>
void Framing::readFrame(const SignalSlice<Real>& signal, std::size_t frame, Real* out) const {
    const std::int64_t extended = static_cast<std::int64_t>(extendedLength(signal.signalLength));
    const std::size_t used = usedSamples(signal.signalLength);
    const std::int64_t lead = static_cast<std::int64_t>(leadingZeros_);
    const std::int64_t first = frameStart(frame);
    // out[k] is extended position first + k. Split the frame where the rules change: the
    // centre padding (k below `inFrom` or from `inTo`), then zeros, signal, zeros within.
    auto index = [&](std::int64_t position) {
        return static_cast<int>(std::clamp<std::int64_t>(position - first, 0, fftLength_));
    };
    const int inFrom = index(0), inTo = std::max(inFrom, index(extended));
    const int signalFrom = std::clamp(index(lead), inFrom, inTo);
    const int signalTo = std::clamp(index(lead + static_cast<std::int64_t>(used)), signalFrom, inTo);
    for (int k = 0; k < inFrom; ++k) out[k] = valueAt(signal, first + k, static_cast<std::size_t>(extended), used);
    std::fill(out + inFrom, out + signalFrom, Real(0));
    if (signalTo > signalFrom) {
        const Real* source = &signal.at(static_cast<std::size_t>(first + signalFrom - lead));
        std::copy(source, source + (signalTo - signalFrom), out + signalFrom);
    }
    std::fill(out + signalTo, out + inTo, Real(0));
    for (int k = inTo; k < fftLength_; ++k)
        out[k] = valueAt(signal, first + k, static_cast<std::size_t>(extended), used);
}

template const float* Framing::directFrame<float>(const SignalSlice<float>&, std::size_t) const;
template const double* Framing::directFrame<double>(const SignalSlice<double>&, std::size_t) const;
template void Framing::readFrame<float>(const SignalSlice<float>&, std::size_t, float*) const;
template void Framing::readFrame<double>(const SignalSlice<double>&, std::size_t, double*) const;

}  // namespace melspec
