#include "melspec/mel_spectrogram.hpp"

#include <algorithm>
#include <limits>

#include "melspec/mel_frames.hpp"
#include "melspec/sample_checks.hpp"

namespace melspec {

template <typename Real>
std::unique_ptr<MelSpectrogram<Real>> MelSpectrogram<Real>::create(const MelSpectrogramConfig& config,
                                                                   ConfigError* error) {
    auto plan = MelPlan<Real>::create(config, error);
    if (!plan) return nullptr;
    return create(std::move(plan));
}

template <typename Real>
std::unique_ptr<MelSpectrogram<Real>> MelSpectrogram<Real>::create(std::shared_ptr<const MelPlan<Real>> plan) {
    if (!plan) return nullptr;
    return std::unique_ptr<MelSpectrogram>(new MelSpectrogram(std::move(plan)));
}

template <typename Real>
MelSpectrogram<Real>::MelSpectrogram(std::shared_ptr<const MelPlan<Real>> plan)
    : plan_(std::move(plan)), work_(*plan_) {}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::compute(const Real* signals, std::size_t batch, std::size_t signalLength,
                                            Real* output) {
    return compute(signals, batch, signalLength, output, config().topDbScope == TopDbScope::Each ? 1 : batch);
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::compute(const Real* signals, std::size_t batch, std::size_t signalLength,
                                            Real* output, std::size_t signalsPerTopDbGroup) {
    using Code = ComputeStatus::Code;
    if (batch == 0) return {Code::EmptyBatch, 0};
    if (signalLength == 0) return {Code::EmptySignal, 0};
    if (signalLength < minimumSignalLength()) return {Code::SignalTooShort, minimumSignalLength()};
    if (signalsPerTopDbGroup == 0 || batch % signalsPerTopDbGroup != 0) return {Code::BadTopDbGroup, 0};
    if (signalLength > std::numeric_limits<std::size_t>::max() / batch || outputSize(batch, signalLength) == 0)
        return {Code::TooLarge, 0};
    const std::size_t sampleCount = batch * signalLength;
    const std::size_t nonFinite = firstNonFinite(signals, sampleCount);
    if (nonFinite != sampleCount) return {Code::NonFiniteSample, nonFinite};

    const std::size_t frames = frameCount(signalLength);
    const std::size_t itemSize = frames * static_cast<std::size_t>(numMelBins());
    // Keras takes the max over the whole tensor by default: a loud item lifts the floor of quiet ones.
    // melFrames returns each item's largest value, so a group's is known when its last item is done.
    const LogFinish<Real>& finish = plan_->logFinish();
    Real groupLargest = -std::numeric_limits<Real>::infinity();
    for (std::size_t b = 0; b < batch; ++b) {
        const Real largest =
            melFrames(*plan_, work_, SignalSlice<Real>::whole(signals + b * signalLength, signalLength), 0, frames,
                      output + b * itemSize, frames);
        groupLargest = std::max(groupLargest, largest);
        if (!config().powerToDb || (b + 1) % signalsPerTopDbGroup != 0) continue;
        const std::size_t groupSize = signalsPerTopDbGroup * itemSize;
        finish.apply(output + (b + 1) * itemSize - groupSize, groupSize,
                     finish.needsLargest() ? groupLargest : Real(0));
        groupLargest = -std::numeric_limits<Real>::infinity();
    }
    return {};
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame,
                                                  std::size_t frames, Real* output, Real* largest) {
    return computeFrames(slice, firstFrame, frames, output, frames, largest);
}

template <typename Real>
ComputeStatus MelSpectrogram<Real>::computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame,
                                                  std::size_t frames, Real* output, std::size_t rowStride,
                                                  Real* largest) {
    using Code = ComputeStatus::Code;
    if (slice.signalLength == 0) return {Code::EmptySignal, 0};
    if (slice.signalLength < minimumSignalLength()) return {Code::SignalTooShort, minimumSignalLength()};
    const std::size_t total = frameCount(slice.signalLength);
    if (frames == 0 || firstFrame >= total || frames > total - firstFrame || rowStride < frames)
        return {Code::BadFrameRange, 0};
    const auto [first, last] = framing().samplesRead(slice.signalLength, firstFrame, frames);
    if (slice.first > first || slice.first + slice.count < last || slice.first + slice.count > slice.signalLength)
        return {Code::SliceTooShort, 0};
    const std::size_t nonFinite = firstNonFinite(slice.samples, slice.count);
    if (nonFinite != slice.count) return {Code::NonFiniteSample, slice.first + nonFinite};

    *largest = melFrames(*plan_, work_, slice, firstFrame, frames, output, rowStride);
    return {};
}

template class MelSpectrogram<float>;
template class MelSpectrogram<double>;

}  // namespace melspec
