// A mel spectrogram computed as the signal arrives, in chunks of any size
// (one sample, a 128-sample render quantum, a second). The frames it returns,
// concatenated, are exactly the frames compute() gives for the whole signal
// (same arithmetic, same order; the padding included, the end's at flush()),
// except for the top_db floor, which needs the max of the whole signal and so
// cannot be applied causally: see StreamDb. For the same reason a stream refuses
// fixedLength (Whisper's pad_or_trim) and refIsMax (librosa's ref=np.max).
//
// Memory is fixed at creation: a window of fftLength + a few strides of recent
// samples, scratch for one batch of frames, and a workspace; the plan (window,
// FFT, filterbank) can be an engine's, shared rather than planned again.
// push() and flush() allocate nothing. Thread-safety: one stream serves one
// thread at a time; streams and engines sharing a plan are independent.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "melspec/decibels.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/scratch_buffer.hpp"

namespace melspec {

// How a stream applies the top_db floor (with powerToDb and a topDb): StreamDb (None,
// RunningMax, FixedRef), declared in schema/engine-options.json.

template <typename Real>
class MelStream {
public:
    static std::unique_ptr<MelStream> create(const MelSpectrogramConfig& config, StreamDb db,
                                             ConfigError* error = nullptr);
    // A stream on an existing plan (an engine's: MelSpectrogram::plan()), which it
    // shares: allocates only its buffers and workspace. The same refusals as above
    // (a null plan gives nullptr with no error).
    static std::unique_ptr<MelStream> create(std::shared_ptr<const MelPlan<Real>> plan, StreamDb db,
                                             ConfigError* error = nullptr);

    const std::shared_ptr<const MelPlan<Real>>& plan() const { return engine_->plan(); }

    int numMelBins() const { return engine_->numMelBins(); }
    std::size_t minimumSignalLength() const { return engine_->minimumSignalLength(); }

    // Frames push() of `count` more samples will return; flush() then returns flushFrames().
    std::size_t framesAfterPush(std::size_t count) const;
    std::size_t flushFrames() const;

    // Appends samples and writes the frames that became complete to `output`,
    // laid out (numMelBins, framesAfterPush(count)). Returns that frame count.
    // Non-finite samples: returns ComputeStatus with NonFiniteSample and the index
    // within this push; nothing is appended then.
    ComputeStatus push(const Real* samples, std::size_t count, Real* output, std::size_t* frames);

    // Ends the signal: writes the last frames (those reaching into the end padding)
    // laid out (numMelBins, flushFrames()). push() and flush() then need reset().
    // A signal shorter than minimumSignalLength() gives SignalTooShort.
    ComputeStatus flush(Real* output, std::size_t* frames);

    // Starts a new signal (keeps the plan and buffers).
    void reset();

    std::size_t samplesReceived() const { return received_; }
    std::size_t framesEmitted() const { return emitted_; }
    bool finished() const { return finished_; }

private:
    MelStream(std::unique_ptr<MelSpectrogram<Real>> engine, StreamDb db);

    // Frames [emitted_, ...) whose samples have all arrived, assuming more may follow.
    std::size_t framesReady(std::size_t received) const;
    // Computes frames [emitted_, emitted_ + count) from the buffer into output columns
    // [column, column + count) of a (numMelBins, width) array.
    ComputeStatus computeInto(std::size_t count, std::size_t signalLength, Real* output, std::size_t column,
                              std::size_t width);
    void applyFloor(Real* values, std::size_t count, Real largest);
    void dropOldSamples();

    std::unique_ptr<MelSpectrogram<Real>> engine_;
    StreamDb db_;
    int fftLength_;
    int stride_;
    std::size_t maxBatch_;        // frames computed at once (scratch size)
    ScratchBuffer<Real> buffer_;  // samples [bufferFirst_, bufferFirst_ + bufferCount_)
    std::size_t bufferFirst_ = 0;
    std::size_t bufferCount_ = 0;
    ScratchBuffer<Real> scratch_;  // numMelBins * maxBatch_
    LogFinish<Real> finish_;       // the config's, floored by db_
    std::size_t received_ = 0;
    std::size_t emitted_ = 0;
    bool finished_ = false;
    Real runningMax_;
};

extern template class MelStream<float>;
extern template class MelStream<double>;

}  // namespace melspec
