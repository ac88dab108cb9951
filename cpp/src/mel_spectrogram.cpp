#include "melspec/mel_spectrogram.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

#include "melspec/decibels.hpp"
#include "melspec/framing.hpp"
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
    if (!engine->frames_) {
        if (error) *error = ConfigError{ConfigParam::FftLength, "could not plan an FFT of fftLength samples"};
        return nullptr;
    }
    return engine;
}

template <typename Real>
MelSpectrogram<Real>::MelSpectrogram(const MelSpectrogramConfig& config)
    : config_(config),
      filterbank_(config.numMelBins, config.fftLength / 2 + 1, config.samplingRate, config.minFreq,
                  resolvedMaxFreq(config)) {
    if constexpr (std::is_same_v<Real, float>) {
        frames_ = makeLaneFramePipeline(config_, filterbank_);
        usesSimdLanes_ = frames_ != nullptr;
    }
    if (!frames_) frames_ = makeScalarFramePipeline<Real>(config_, filterbank_);
}

template <typename Real>
std::size_t MelSpectrogram<Real>::frameCount(std::size_t signalLength) const {
    return melspec::frameCount(signalLength, config_.fftLength, config_.sequenceStride);
}

template <typename Real>
std::size_t MelSpectrogram<Real>::outputSize(std::size_t batch, std::size_t signalLength) const {
    const std::size_t limit = std::numeric_limits<std::size_t>::max();
    const std::size_t perItem = frameCount(signalLength) * static_cast<std::size_t>(config_.numMelBins);
    if (perItem / static_cast<std::size_t>(config_.numMelBins) != frameCount(signalLength)) return 0;
    if (batch != 0 && perItem > limit / batch) return 0;
    return perItem * batch;
}

template <typename Real>
void MelSpectrogram<Real>::convertToDecibels(Real* output, std::size_t batch, std::size_t itemSize) const {
    const std::size_t total = batch * itemSize;
    powerToDb(output, total, DecibelScale<Real>(config_.minPower, config_.refPower));
    if (!config_.topDb) return;
    const Real topDb = static_cast<Real>(*config_.topDb);
    if (config_.topDbScope == TopDbScope::Batch) {
        // Keras takes the max over the whole tensor: a loud item lifts the floor of quiet ones.
        clampBelow(output, total, maxValue(output, total) - topDb);
    } else {
        for (std::size_t b = 0; b < batch; ++b) {
            Real* item = output + b * itemSize;
            clampBelow(item, itemSize, maxValue(item, itemSize) - topDb);
        }
    }
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::compute(const Real* signals, std::size_t batch, std::size_t signalLength,
                                            Real* output) {
    using Code = ComputeStatus::Code;
    if (batch == 0) return {Code::EmptyBatch, 0};
    if (signalLength == 0) return {Code::EmptySignal, 0};
    if (signalLength > std::numeric_limits<std::size_t>::max() / batch || outputSize(batch, signalLength) == 0)
        return {Code::TooLarge, 0};
    const std::size_t sampleCount = batch * signalLength;
    const std::size_t nonFinite = firstNonFinite(signals, sampleCount);
    if (nonFinite != sampleCount) return {Code::NonFiniteSample, nonFinite};

    const std::size_t frames = frameCount(signalLength);
    const std::size_t itemSize = frames * static_cast<std::size_t>(config_.numMelBins);
    for (std::size_t b = 0; b < batch; ++b)
        frames_->melPower(SignalSlice<Real>::whole(signals + b * signalLength, signalLength), 0, frames,
                          output + b * itemSize);
    if (config_.powerToDb) convertToDecibels(output, batch, itemSize);
    return {};
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame,
                                                  std::size_t frames, Real* output, Real* largest) {
    using Code = ComputeStatus::Code;
    if (slice.signalLength == 0) return {Code::EmptySignal, 0};
    const std::size_t total = frameCount(slice.signalLength);
    if (frames == 0 || firstFrame >= total || frames > total - firstFrame) return {Code::BadFrameRange, 0};
    const auto [first, last] = samplesRead(slice.signalLength, config_.fftLength, config_.sequenceStride, firstFrame, frames);
    if (slice.first > first || slice.first + slice.count < last || slice.first + slice.count > slice.signalLength)
        return {Code::SliceTooShort, 0};
    const std::size_t nonFinite = firstNonFinite(slice.samples, slice.count);
    if (nonFinite != slice.count) return {Code::NonFiniteSample, slice.first + nonFinite};

    frames_->melPower(slice, firstFrame, frames, output);
    const std::size_t size = frames * static_cast<std::size_t>(config_.numMelBins);
    if (config_.powerToDb) powerToDb(output, size, DecibelScale<Real>(config_.minPower, config_.refPower));
    *largest = maxValue(output, size);
    return {};
}

template class MelSpectrogram<float>;
template class MelSpectrogram<double>;

}  // namespace melspec
