#include "melspec/mel_stream.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "melspec/decibels.hpp"
#include "melspec/framing.hpp"
#include "melspec/sample_checks.hpp"

namespace melspec {

namespace {
// Frames computed per batch beyond the first: sets the sample window to
// fftLength + fftLength/2 + kExtraFrames * stride.
constexpr std::size_t kExtraFrames = 8;
}  // namespace

template <typename Real>
std::unique_ptr<MelStream<Real>> MelStream<Real>::create(const MelSpectrogramConfig& config, StreamDb db,
                                                         ConfigError* error) {
    auto plan = MelPlan<Real>::create(config, error);
    if (!plan) return nullptr;
    return create(std::move(plan), db, error);
}

template <typename Real>
std::unique_ptr<MelStream<Real>> MelStream<Real>::create(std::shared_ptr<const MelPlan<Real>> plan, StreamDb db,
                                                         ConfigError* error) {
    if (!plan) return nullptr;
    const MelSpectrogramConfig& config = plan->config();
    // Both need the whole signal before the first frame can be given.
    if (config.fixedLength != 0) {
        if (error) *error = ConfigError{ConfigParam::FixedLength, "a stream cannot fit its signal to fixedLength"};
        return nullptr;
    }
    if (config.powerToDb && config.refIsMax) {
        if (error)
            *error = ConfigError{ConfigParam::RefPower, "a stream cannot use the largest value as the reference"};
        return nullptr;
    }
    if (db != StreamDb::None && db != StreamDb::RunningMax && db != StreamDb::FixedRef) {
        if (error) *error = ConfigError{ConfigParam::TopDb, "unknown streaming dB mode"};
        return nullptr;
    }
    return std::unique_ptr<MelStream>(new MelStream(MelSpectrogram<Real>::create(std::move(plan)), db));
}

template <typename Real>
MelStream<Real>::MelStream(std::unique_ptr<MelSpectrogram<Real>> engine, StreamDb db)
    : engine_(std::move(engine)),
      db_(db),
      fftLength_(engine_->config().fftLength),
      stride_(engine_->config().sequenceStride),
      finish_(LogFinish<Real>::fromConfig(engine_->config(), db != StreamDb::None)),
      runningMax_(-std::numeric_limits<Real>::infinity()) {
    const std::size_t capacity = static_cast<std::size_t>(fftLength_) + fftLength_ / 2 + kExtraFrames * stride_;
    buffer_ = ScratchBuffer<Real>(capacity);
    maxBatch_ = (capacity - static_cast<std::size_t>(fftLength_)) / static_cast<std::size_t>(stride_) + 1;
    scratch_ = ScratchBuffer<Real>(maxBatch_ * static_cast<std::size_t>(engine_->numMelBins()));
}

template <typename Real>
std::size_t MelStream<Real>::framesReady(std::size_t received) const {
    // Leading zeros can complete frames before any sample arrives; they wait for
    // the first sample, so that an empty stream stays empty.
    return received == 0 ? 0 : engine_->framing().framesComplete(received);
}

template <typename Real>
std::size_t MelStream<Real>::framesAfterPush(std::size_t count) const {
    if (finished_) return 0;
    return framesReady(received_ + count) - emitted_;
}

template <typename Real>
std::size_t MelStream<Real>::flushFrames() const {
    if (finished_ || received_ == 0) return 0;
    const std::size_t total = engine_->frameCount(received_);
    return total > emitted_ ? total - emitted_ : 0;
}

template <typename Real>
void MelStream<Real>::applyFloor(Real* values, std::size_t count, Real largest) {
    if (!engine_->config().powerToDb) return;
    // The finish's floor sits at reference - topDb: the running max, or 0 dB for FixedRef
    // (StreamDb::None has no floor; the output offset and scale apply in every mode).
    Real reference = 0;
    if (db_ == StreamDb::RunningMax) {
        runningMax_ = std::max(runningMax_, largest);
        reference = runningMax_;
    }
    finish_.apply(values, count, reference);
}

template <typename Real>
ComputeStatus MelStream<Real>::computeInto(std::size_t count, std::size_t signalLength, Real* output,
                                           std::size_t column, std::size_t width) {
    const int bins = engine_->numMelBins();
    const SignalSlice<Real> slice{buffer_.data(), bufferFirst_, bufferCount_, signalLength};
    while (count > 0) {
        const std::size_t batch = std::min(count, maxBatch_);
        Real largest = 0;
        const ComputeStatus status = engine_->computeFrames(slice, emitted_, batch, scratch_.data(), &largest);
        if (!status.ok()) return status;
        applyFloor(scratch_.data(), batch * bins, largest);
        for (int m = 0; m < bins; ++m) std::copy_n(scratch_.data() + m * batch, batch, output + m * width + column);
        emitted_ += batch;
        column += batch;
        count -= batch;
    }
    return {};
}

template <typename Real>
void MelStream<Real>::dropOldSamples() {
    // Keep what the next frame reads, and the last pad + 1 samples, which the
    // frames reaching into the end padding reflect at flush().
    const Framing& framing = engine_->framing();
    const std::int64_t nextStart = framing.frameStart(emitted_) - static_cast<std::int64_t>(framing.leadingZeros());
    const std::int64_t reflected =
        static_cast<std::int64_t>(received_) - 1 - static_cast<std::int64_t>(framing.centrePad());
    const std::size_t keepFrom = static_cast<std::size_t>(std::max<std::int64_t>(0, std::min(nextStart, reflected)));
    if (keepFrom <= bufferFirst_) return;
    const std::size_t drop = std::min(keepFrom - bufferFirst_, bufferCount_);
    std::memmove(buffer_.data(), buffer_.data() + drop, (bufferCount_ - drop) * sizeof(Real));
    bufferFirst_ += drop;
    bufferCount_ -= drop;
}

template <typename Real>
ComputeStatus MelStream<Real>::push(const Real* samples, std::size_t count, Real* output, std::size_t* frames) {
    *frames = 0;
    if (finished_) return {ComputeStatus::Code::StreamFinished, 0};
    const std::size_t nonFinite = firstNonFinite(samples, count);
    if (nonFinite != count) return {ComputeStatus::Code::NonFiniteSample, nonFinite};
    const std::size_t width = framesAfterPush(count);
    std::size_t column = 0;
    while (count > 0) {
        dropOldSamples();
        const std::size_t take = std::min(count, buffer_.size() - bufferCount_);
        if (take == 0) return {ComputeStatus::Code::TooLarge, 0};  // cannot happen: dropping leaves < fftLength + 1
        std::copy_n(samples, take, buffer_.data() + bufferCount_);
        bufferCount_ += take;
        received_ += take;
        samples += take;
        count -= take;
        const std::size_t ready = framesReady(received_) - emitted_;
        // Samples not all here yet (or none complete a frame): the signal may go on, so
        // no reflection at the end; received_ stands in for the length.
        const ComputeStatus status = computeInto(ready, received_, output, column, width);
        if (!status.ok()) return status;
        column += ready;
    }
    *frames = column;
    return {};
}

template <typename Real>
ComputeStatus MelStream<Real>::flush(Real* output, std::size_t* frames) {
    *frames = 0;
    if (finished_) return {ComputeStatus::Code::StreamFinished, 0};
    finished_ = true;
    if (received_ != 0 && received_ < engine_->minimumSignalLength())
        return {ComputeStatus::Code::SignalTooShort, engine_->minimumSignalLength()};
    const std::size_t total = received_ == 0 ? 0 : engine_->frameCount(received_);
    const std::size_t remaining = total > emitted_ ? total - emitted_ : 0;
    if (remaining == 0) return {};
    const ComputeStatus status = computeInto(remaining, received_, output, 0, remaining);
    if (status.ok()) *frames = remaining;
    return status;
}

template <typename Real>
void MelStream<Real>::reset() {
    bufferFirst_ = bufferCount_ = received_ = emitted_ = 0;
    finished_ = false;
    runningMax_ = -std::numeric_limits<Real>::infinity();
}

template class MelStream<float>;
template class MelStream<double>;

}  // namespace melspec
