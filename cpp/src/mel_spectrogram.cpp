#include "melspec/mel_spectrogram.hpp"

#include <cmath>
#include <limits>

#include "melspec/decibels.hpp"
#include "melspec/framing.hpp"
#include "melspec/window.hpp"

namespace melspec {

template <typename Real>
std::unique_ptr<MelSpectrogram<Real>> MelSpectrogram<Real>::create(const MelSpectrogramConfig& config,
                                                                   ConfigError* error) {
    if (auto problem = validateConfig(config)) {
        if (error) *error = *problem;
        return nullptr;
    }
    std::unique_ptr<MelSpectrogram> engine(new MelSpectrogram(config));
    if (!engine->fft_.valid()) {
        if (error) *error = ConfigError{ConfigParam::FftLength, "could not plan an FFT of fftLength samples"};
        return nullptr;
    }
    return engine;
}

template <typename Real>
MelSpectrogram<Real>::MelSpectrogram(const MelSpectrogramConfig& config)
    : config_(config),
      window_(buildWindow<Real>(config)),
      fft_(config.fftLength),
      filterbank_(config.numMelBins, config.fftLength / 2 + 1, config.samplingRate, config.minFreq,
                  resolvedMaxFreq(config)),
      frame_(config.fftLength),
      spectrum_(2 * static_cast<std::size_t>(config.fftLength / 2 + 1)),
      power_(config.fftLength / 2 + 1) {}

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
Real MelSpectrogram<Real>::magnitudeToPower(Real magnitude) const {
    // Keras computes sqrt(re^2 + im^2) ** mag_exp; the common exponents take the
    // exact shortcut numpy takes for them.
    if (config_.magExp == 2.0) return magnitude * magnitude;
    if (config_.magExp == 1.0) return magnitude;
    return std::pow(magnitude, static_cast<Real>(config_.magExp));
}

template <typename Real>
void MelSpectrogram<Real>::melPowerOfSignal(const Real* signal, std::size_t signalLength, std::size_t frames,
                                            Real* output) {
    const int fftLength = config_.fftLength;
    const int bins = fft_.binCount();
    for (std::size_t t = 0; t < frames; ++t) {
        readFrame(signal, signalLength, fftLength, config_.sequenceStride, t, frame_.data());
        for (int k = 0; k < fftLength; ++k) frame_[k] *= window_[k];
        fft_.forward(frame_.data(), spectrum_.data());
        for (int k = 0; k < bins; ++k) {
            const Real re = spectrum_[2 * k];
            const Real im = spectrum_[2 * k + 1];
            power_[k] = magnitudeToPower(std::sqrt(re * re + im * im));
        }
        // Output is (mel, time): frame t is column t, so consecutive mel bins are `frames` apart.
        filterbank_.apply(power_.data(), output + t, static_cast<std::ptrdiff_t>(frames));
    }
}

template <typename Real>
void MelSpectrogram<Real>::convertToDecibels(Real* output, std::size_t batch, std::size_t itemSize) const {
    const DecibelScale<Real> toDb(config_.minPower, config_.refPower);
    const std::size_t total = batch * itemSize;
    for (std::size_t i = 0; i < total; ++i) output[i] = toDb(output[i]);
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
    for (std::size_t i = 0; i < sampleCount; ++i)
        if (!std::isfinite(signals[i])) return {Code::NonFiniteSample, i};

    const std::size_t frames = frameCount(signalLength);
    const std::size_t itemSize = frames * static_cast<std::size_t>(config_.numMelBins);
    for (std::size_t b = 0; b < batch; ++b)
        melPowerOfSignal(signals + b * signalLength, signalLength, frames, output + b * itemSize);
    if (config_.powerToDb) convertToDecibels(output, batch, itemSize);
    return {};
}

template class MelSpectrogram<float>;
template class MelSpectrogram<double>;

}  // namespace melspec
