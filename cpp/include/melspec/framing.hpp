// From a signal to frames. A signal of N samples is first fitted to
// fixedLength (truncated or zero-padded, when set) and extended by leading and
// trailing zeros; with `center` the result is padded by fftLength/2 samples on
// both sides (reflected, or zeros); frames of fftLength samples start every
// sequenceStride samples. Keras' layer is the plain case: centred, reflect
// padding (numpy's: mirror without repeating the edge sample, and reflect again
// as often as needed when the signal is shorter than the pad), no zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "melspec/config.hpp"

namespace melspec {

// Index into a signal of `length` >= 1 samples of position `index` of the
// infinitely reflect-padded signal (index may be negative or >= length).
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

// The framing part of a config, planned once. Positions below are in the
// extended signal (after fitting and zeros, before centring), whose samples
// [leadingZeros, leadingZeros + used) are the signal's first `used` samples.
class Framing {
public:
    explicit Framing(const MelSpectrogramConfig& config);

    int fftLength() const { return fftLength_; }
    int stride() const { return stride_; }

    // The extended signal's length for a signal of `signalLength` samples.
    std::size_t extendedLength(std::size_t signalLength) const;

    // Frames of a signal of `signalLength` samples; 0 when it has none (empty,
    // or too short for torch's reflect padding, for center=false, or for a frame
    // left after dropLastFrame).
    std::size_t frameCount(std::size_t signalLength) const;

    // The smallest signal length with frames (1 unless a rule above needs more).
    // Only meaningful when the config is valid.
    std::size_t minimumSignalLength() const;

    // For a signal still arriving (a stream): the frames that are final once its
    // first `samplesSoFar` samples are known, whatever follows: those reading no
    // sample beyond them, less the newest with dropLastFrame (it may turn out to be the last).
    std::size_t framesComplete(std::size_t samplesSoFar) const;

    std::size_t centrePad() const { return centrePad_; }
    std::size_t leadingZeros() const { return leadingZeros_; }

    // Where frame `frame` starts in the extended signal (negative within the left padding).
    std::int64_t frameStart(std::size_t frame) const {
        return static_cast<std::int64_t>(frame) * stride_ - static_cast<std::int64_t>(centrePad_);
    }

    // The signal samples [first, last) that frames [firstFrame, firstFrame + frames)
    // read, reflection included (an empty range when they read only zeros). frames >= 1.
    std::pair<std::size_t, std::size_t> samplesRead(std::size_t signalLength, std::size_t firstFrame,
                                                    std::size_t frames) const;

    // True when frame `frame` reads no signal sample (only zeros: the padding of a
    // clip fitted to fixedLength, constant padding, the extension's zeros).
    bool readsOnlyZeros(std::size_t signalLength, std::size_t frame) const;

    // The frame's fftLength samples when they are consecutive samples of the
    // slice (no padding, no zeros), else nullptr.
    template <typename Real>
    const Real* directFrame(const SignalSlice<Real>& signal, std::size_t frame) const;

    // Copies frame `frame` into `out` (fftLength values), padding past the edges.
    // The slice must hold samplesRead() of the frame. No allocation.
    template <typename Real>
    void readFrame(const SignalSlice<Real>& signal, std::size_t frame, Real* out) const;

private:
    // Signal samples the extended signal holds.
    std::size_t usedSamples(std::size_t signalLength) const;
    bool extendedLengthHasFrames(std::size_t extended) const;
    template <typename Real>
    Real valueAt(const SignalSlice<Real>& signal, std::int64_t position, std::size_t extended, std::size_t used) const;

    int fftLength_;
    int stride_;
    std::size_t centrePad_;  // fftLength/2 with center, else 0
    bool reflect_;           // the centre padding reflects (else zeros)
    bool reflectOnce_;
    std::size_t fixedLength_;
    std::size_t leadingZeros_;
    std::size_t trailingZeros_;
    bool dropLastFrame_;
};

extern template const float* Framing::directFrame<float>(const SignalSlice<float>&, std::size_t) const;
extern template const double* Framing::directFrame<double>(const SignalSlice<double>&, std::size_t) const;
extern template void Framing::readFrame<float>(const SignalSlice<float>&, std::size_t, float*) const;
extern template void Framing::readFrame<double>(const SignalSlice<double>&, std::size_t, double*) const;

}  // namespace melspec
