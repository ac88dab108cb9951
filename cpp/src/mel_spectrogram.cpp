#include "melspec/mel_spectrogram.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

#include "melspec/sample_checks.hpp"

namespace melspec {

template <typename Real>
std::unique_ptr<MelSpectrogram<Real>> MelSpectrogram<Real>::create(const MelSpectrogramConfig& config,
                                                                   ConfigError* error) {
    if (auto problem = validateConfig(config)) {
        if (error) *error = *problem;
        return nullptr;
    }
    std::unique_ptr<MelSpectrogram> engine(new MelSpectrogram(config));
    if (!engine->frames_ || !engine->wideRange_.valid()) {
        if (error) *error = ConfigError{ConfigParam::FftLength, "could not plan an FFT of fftLength samples"};
        return nullptr;
    }
    return engine;
}

template <typename Real>
MelSpectrogram<Real>::MelSpectrogram(const MelSpectrogramConfig& config)
    : config_(config),
      framing_(config),
      logScale_(config),
      finish_(LogFinish<Real>::fromConfig(config)),
      filterbank_(makeMelFilterbank<Real>(config)),
      wideRange_(config, framing_, filterbank_),
      log10Mel_(static_cast<std::size_t>(config.numMelBins)) {
    if constexpr (std::is_same_v<Real, float>) {
        frames_ = makeLaneFramePipeline(config_, framing_, filterbank_);
        usesSimdLanes_ = frames_ != nullptr;
    }
    if (!frames_) frames_ = makeScalarFramePipeline<Real>(config_, framing_, filterbank_);
}

template <typename Real>
std::size_t MelSpectrogram<Real>::outputSize(std::size_t batch, std::size_t signalLength) const {
    const std::size_t limit = std::numeric_limits<std::size_t>::max();
    const std::size_t frames = frameCount(signalLength);
    const std::size_t perItem = frames * static_cast<std::size_t>(config_.numMelBins);
    if (perItem / static_cast<std::size_t>(config_.numMelBins) != frames) return 0;
    if (batch != 0 && perItem > limit / batch) return 0;
    return perItem * batch;
}

template <typename Real>
void MelSpectrogram<Real>::melFrames(const SignalSlice<Real>& slice, std::size_t firstFrame, std::size_t frames,
                                     Real* output) {
    frames_->melPower(slice, firstFrame, frames, output);
    const std::size_t size = frames * static_cast<std::size_t>(config_.numMelBins);
    if (firstNonFinite(output, size) != size) {
        redoOverflowedFrames(slice, firstFrame, frames, output);
    } else if (config_.powerToDb) {
        powerToLog(output, size, logScale_);
    }
}

// Rare (a loud signal, a large magExp): frame by frame, the log of each finite
// power as powerToLog() takes it, the log domain for the frames that overflowed.
template <typename Real>
void MelSpectrogram<Real>::redoOverflowedFrames(const SignalSlice<Real>& slice, std::size_t firstFrame,
                                                std::size_t frames, Real* output) {
    const int bins = config_.numMelBins;
    for (std::size_t t = 0; t < frames; ++t) {
        Real* column = output + t;  // band m at column[m * frames]
        bool overflowed = false;
        for (int m = 0; m < bins && !overflowed; ++m) overflowed = !std::isfinite(column[m * frames]);
        if (!overflowed) {
            if (config_.powerToDb)
                for (int m = 0; m < bins; ++m) column[m * frames] = logScale_(column[m * frames]);
            continue;
        }
        wideRange_.melLog10(slice, firstFrame + t, log10Mel_.data());
        for (int m = 0; m < bins; ++m) {
            const double log10Power = log10Mel_[static_cast<std::size_t>(m)];
            // Linear output: +inf where the true power is beyond Real's range, as the reference gives.
            column[m * frames] = config_.powerToDb ? logScale_.fromLog10(log10Power)
                                                   : static_cast<Real>(std::pow(10.0, log10Power));
        }
    }
}

template <typename Real>
void MelSpectrogram<Real>::applyFloors(Real* output, std::size_t batch, std::size_t itemSize,
                                       std::size_t signalsPerFloor) const {
    // Keras takes the max over the whole tensor by default: a loud item lifts the floor of quiet ones.
    const std::size_t groupSize = signalsPerFloor * itemSize;
    for (std::size_t group = 0; group < batch / signalsPerFloor; ++group) {
        Real* values = output + group * groupSize;
        finish_.apply(values, groupSize, finish_.needsLargest() ? maxValue(values, groupSize) : Real(0));
    }
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::compute(const Real* signals, std::size_t batch, std::size_t signalLength,
                                            Real* output) {
    return compute(signals, batch, signalLength, output, config_.topDbScope == TopDbScope::Item ? 1 : batch);
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::compute(const Real* signals, std::size_t batch, std::size_t signalLength,
                                            Real* output, std::size_t signalsPerFloor) {
    using Code = ComputeStatus::Code;
    if (batch == 0) return {Code::EmptyBatch, 0};
    if (signalLength == 0) return {Code::EmptySignal, 0};
    if (signalLength < minimumSignalLength()) return {Code::SignalTooShort, minimumSignalLength()};
    if (signalsPerFloor == 0 || batch % signalsPerFloor != 0) return {Code::BadFloorGroup, 0};
    if (signalLength > std::numeric_limits<std::size_t>::max() / batch || outputSize(batch, signalLength) == 0)
        return {Code::TooLarge, 0};
    const std::size_t sampleCount = batch * signalLength;
    const std::size_t nonFinite = firstNonFinite(signals, sampleCount);
    if (nonFinite != sampleCount) return {Code::NonFiniteSample, nonFinite};

    const std::size_t frames = frameCount(signalLength);
    const std::size_t itemSize = frames * static_cast<std::size_t>(config_.numMelBins);
    for (std::size_t b = 0; b < batch; ++b)
        melFrames(SignalSlice<Real>::whole(signals + b * signalLength, signalLength), 0, frames, output + b * itemSize);
    if (config_.powerToDb) applyFloors(output, batch, itemSize, signalsPerFloor);
    return {};
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame,
                                                  std::size_t frames, Real* output, Real* largest) {
    using Code = ComputeStatus::Code;
    if (slice.signalLength == 0) return {Code::EmptySignal, 0};
    if (slice.signalLength < minimumSignalLength()) return {Code::SignalTooShort, minimumSignalLength()};
    const std::size_t total = frameCount(slice.signalLength);
    if (frames == 0 || firstFrame >= total || frames > total - firstFrame) return {Code::BadFrameRange, 0};
    const auto [first, last] = framing_.samplesRead(slice.signalLength, firstFrame, frames);
    if (slice.first > first || slice.first + slice.count < last || slice.first + slice.count > slice.signalLength)
        return {Code::SliceTooShort, 0};
    const std::size_t nonFinite = firstNonFinite(slice.samples, slice.count);
    if (nonFinite != slice.count) return {Code::NonFiniteSample, slice.first + nonFinite};

    melFrames(slice, firstFrame, frames, output);
    const std::size_t size = frames * static_cast<std::size_t>(config_.numMelBins);
    *largest = maxValue(output, size);
    return {};
}

template class MelSpectrogram<float>;
template class MelSpectrogram<double>;

}  // namespace melspec
