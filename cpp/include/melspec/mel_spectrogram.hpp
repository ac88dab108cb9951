// The mel spectrogram engine: everything that does not depend on the signal
// (window, FFT plan, sparse mel filterbank, work buffers) is planned once at
// construction; compute() then allocates nothing.
//
// Pipeline per frame (frame_pipeline.hpp): padding and framing (framing.hpp),
// window (window.hpp), real FFT (real_fft.hpp, or four frames at once through
// real_fft_lanes.hpp for float with SIMD), |X| ** magExp, mel projection
// (mel_filterbank.hpp); then optionally the log (dB), the top_db floor and the
// output scale (decibels.hpp). Frames whose power overflows the engine's precision
// are redone in the log domain (wide_range_frame.hpp): dB output is finite and
// right for any finite input; linear output is +Infinity where the true power
// exceeds the precision's range, and never NaN.
//
// One instance is not safe to use from two threads at once (it owns its work buffers).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/decibels.hpp"
#include "melspec/frame_pipeline.hpp"
#include "melspec/framing.hpp"
#include "melspec/mel_filterbank.hpp"
#include "melspec/wide_range_frame.hpp"

namespace melspec {

struct ComputeStatus {
    enum class Code : int {
        Ok = 0,
        EmptyBatch = 1,       // batch == 0
        EmptySignal = 2,      // signalLength == 0
        NonFiniteSample = 3,  // a NaN or infinite sample at flat index `index`
        TooLarge = 4,         // the output size overflows size_t
        BadFrameRange = 5,    // computeFrames: frames beyond the signal's, or none
        SliceTooShort = 6,    // computeFrames: the slice lacks samples those frames read
        StreamFinished = 7,   // MelStream: push() or flush() after flush(), before reset()
        SignalTooShort = 8,   // fewer samples than minimumSignalLength() (`index`)
        BadFloorGroup = 9,    // compute: signalsPerFloor is 0 or does not divide the batch
    };
    Code code = Code::Ok;
    std::size_t index = 0;
    bool ok() const { return code == Code::Ok; }
};

template <typename Real>
class MelSpectrogram {
public:
    // Returns nullptr (and fills *error when given) for an invalid config or a
    // failed allocation.
    static std::unique_ptr<MelSpectrogram> create(const MelSpectrogramConfig& config, ConfigError* error = nullptr);

    const MelSpectrogramConfig& config() const { return config_; }
    int numMelBins() const { return config_.numMelBins; }
    int binCount() const { return filterbank_.binCount(); }

    const Framing& framing() const { return framing_; }

    // Frames for a signal of `signalLength` samples: 1 + N / stride for Keras and even
    // fftLength; 0 below minimumSignalLength().
    std::size_t frameCount(std::size_t signalLength) const { return framing_.frameCount(signalLength); }
    std::size_t minimumSignalLength() const { return framing_.minimumSignalLength(); }

    // Values compute() writes for `batch` signals of `signalLength` samples
    // (batch * numMelBins * frameCount), or 0 when that overflows size_t.
    std::size_t outputSize(std::size_t batch, std::size_t signalLength) const;

    // signals: `batch` rows of `signalLength` contiguous samples.
    // output: outputSize(batch, signalLength) values, laid out (batch, numMelBins, frames).
    // Checks the input first (sizes, finite samples) and writes nothing if it is bad.
    // The top_db floor (and refIsMax) take their max over groups of `signalsPerFloor`
    // consecutive signals: the config's topDbScope decides in the first form (the
    // whole batch, or each signal); torchaudio floors each (channels, mels, frames) block.
    ComputeStatus compute(const Real* signals, std::size_t batch, std::size_t signalLength, Real* output);
    ComputeStatus compute(const Real* signals, std::size_t batch, std::size_t signalLength, Real* output,
                          std::size_t signalsPerFloor);

    // Part of one signal, so that threads can share a long one: frames
    // [firstFrame, firstFrame + frames) from a slice holding the samples they read
    // (Framing::samplesRead()). Writes (numMelBins, frames) values: the mel power,
    // or with powerToDb the log values WITHOUT the finish (top_db floor, refIsMax,
    // output scale), which needs the max over every part: the caller applies
    // logFinish() with the overall max.
    // *largest receives the largest value written. Checks its input like compute().
    ComputeStatus computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame, std::size_t frames, Real* output,
                                Real* largest);

    // Keras' linear_to_mel_weight_matrix: [binCount, numMelBins], row-major.
    void writeMelWeights(Real* matrix) const { filterbank_.writeDense(matrix); }
    std::vector<Real> melWeights() const {
        std::vector<Real> matrix(static_cast<std::size_t>(binCount()) * numMelBins());
        writeMelWeights(matrix.data());
        return matrix;
    }

    // What compute() applies after the log, per floor group.
    const LogFinish<Real>& logFinish() const { return finish_; }

    // True when the float engine runs four frames at a time in SIMD lanes.
    bool usesSimdLanes() const { return usesSimdLanes_; }

private:
    explicit MelSpectrogram(const MelSpectrogramConfig& config);

    // The mel power, or with powerToDb its log, of frames [firstFrame, firstFrame + frames)
    // into output (numMelBins, frames): the fast path, then wideRange_ for the frames
    // whose power overflowed (not finite).
    void melFrames(const SignalSlice<Real>& slice, std::size_t firstFrame, std::size_t frames, Real* output);
    void redoOverflowedFrames(const SignalSlice<Real>& slice, std::size_t firstFrame, std::size_t frames, Real* output);
    void applyFloors(Real* output, std::size_t batch, std::size_t itemSize, std::size_t signalsPerFloor) const;

    MelSpectrogramConfig config_;
    Framing framing_;
    LogScale<Real> logScale_;
    LogFinish<Real> finish_;
    MelFilterbank<Real> filterbank_;
    std::unique_ptr<FramePipeline<Real>> frames_;  // refers to filterbank_
    WideRangeFrame<Real> wideRange_;               // refers to filterbank_
    std::vector<double> log10Mel_;                 // wideRange_'s output, one frame
    bool usesSimdLanes_ = false;
};

extern template class MelSpectrogram<float>;
extern template class MelSpectrogram<double>;

}  // namespace melspec
