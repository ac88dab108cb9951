// The mel spectrogram engine: a shared, immutable plan (mel_plan.hpp: window,
// FFT setups, sparse mel filterbank, framing, log scale) and the engine's own
// workspace (mel_workspace.hpp); compute() allocates nothing.
//
// Pipeline per frame (mel_frames.hpp): padding and framing (framing.hpp),
// window (window.hpp), real FFT (real_fft.hpp; four frames at once in SIMD lanes
// for float), |X| ** magExp (spectral_power.hpp), mel projection
// (mel_filterbank.hpp); then optionally the log (dB), the top_db floor and the
// output scale (decibels.hpp). Frames whose power overflows the engine's precision
// are redone in the log domain (wide_range_frame.hpp): dB output is finite and
// right for any finite input; linear output is +Infinity where the true power
// exceeds the precision's range, and never NaN.
//
// Thread-safety: one instance is not safe to use from two threads at once (it owns
// its workspace); engines made from one plan (create(plan)) are independent and
// may run on different threads at the same time.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "melspec/config.hpp"
#include "melspec/decibels.hpp"
#include "melspec/framing.hpp"
#include "melspec/mel_plan.hpp"
#include "melspec/mel_workspace.hpp"

namespace melspec {

struct ComputeStatus {
    // Ok, EmptyBatch, NonFiniteSample, ...: declared in schema/engine-options.json.
    using Code = ComputeStatusCode;
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
    // An engine on an existing plan (another engine's plan()): allocates only its
    // workspace. nullptr for a null plan.
    static std::unique_ptr<MelSpectrogram> create(std::shared_ptr<const MelPlan<Real>> plan);

    // The plan, to share with streams and other engines.
    const std::shared_ptr<const MelPlan<Real>>& plan() const { return plan_; }

    const MelSpectrogramConfig& config() const { return plan_->config(); }
    int numMelBins() const { return plan_->numMelBins(); }
    int binCount() const { return plan_->binCount(); }

    const Framing& framing() const { return plan_->framing(); }

    // Frames for a signal of `signalLength` samples: 1 + N / stride for Keras and even
    // fftLength; 0 below minimumSignalLength().
    std::size_t frameCount(std::size_t signalLength) const { return plan_->frameCount(signalLength); }
    std::size_t minimumSignalLength() const { return plan_->minimumSignalLength(); }

    // Values compute() writes for `batch` signals of `signalLength` samples
    // (batch * numMelBins * frameCount), or 0 when that overflows size_t.
    std::size_t outputSize(std::size_t batch, std::size_t signalLength) const {
        return plan_->outputSize(batch, signalLength);
    }

    // signals: `batch` rows of `signalLength` contiguous samples.
    // output: outputSize(batch, signalLength) values, laid out (batch, numMelBins, frames).
    // Checks the input first (sizes, finite samples) and writes nothing if it is bad.
    // The top_db floor (and refIsMax) take their max over groups of `signalsPerTopDbGroup`
    // consecutive signals: the config's topDbScope decides in the first form (Each: each
    // signal; All, and LastDimension for a flat batch: the whole batch); torchaudio floors
    // each (channels, mels, frames) block, which its caller states in the second form.
    ComputeStatus compute(const Real* signals, std::size_t batch, std::size_t signalLength, Real* output);
    ComputeStatus compute(const Real* signals, std::size_t batch, std::size_t signalLength, Real* output,
                          std::size_t signalsPerTopDbGroup);

    // Part of one signal, so that threads can share a long one: frames
    // [firstFrame, firstFrame + frames) from a slice holding the samples they read
    // (Framing::samplesRead()). Writes (numMelBins, frames) values: the mel power,
    // or with powerToDb the log values WITHOUT the finish (top_db floor, refIsMax,
    // output scale), which needs the max over every part: the caller applies
    // logFinish() with the overall max.
    // *largest receives the largest value written. Checks its input like compute().
    ComputeStatus computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame, std::size_t frames,
                                Real* output, Real* largest);
    // The same into a block of columns of a longer output: band m of frame
    // firstFrame + t at output[m * rowStride + t] (rowStride >= frames, else BadFrameRange),
    // so that a signal computed slice by slice fills one (numMelBins, frameCount) result.
    ComputeStatus computeFrames(const SignalSlice<Real>& slice, std::size_t firstFrame, std::size_t frames,
                                Real* output, std::size_t rowStride, Real* largest);

    // Keras' linear_to_mel_weight_matrix: [binCount, numMelBins], row-major.
    void writeMelWeights(Real* matrix) const { plan_->filterbank().writeDense(matrix); }
    std::vector<Real> melWeights() const {
        std::vector<Real> matrix(static_cast<std::size_t>(binCount()) * numMelBins());
        writeMelWeights(matrix.data());
        return matrix;
    }

    // What compute() applies after the log, per floor group.
    const LogFinish<Real>& logFinish() const { return plan_->logFinish(); }

    // True when the float engine runs four frames at a time in SIMD lanes.
    bool usesSimdLanes() const { return plan_->usesSimdLanes(); }

private:
    explicit MelSpectrogram(std::shared_ptr<const MelPlan<Real>> plan);

    std::shared_ptr<const MelPlan<Real>> plan_;
    MelWorkspace<Real> work_;
};

extern template class MelSpectrogram<float>;
extern template class MelSpectrogram<double>;

}  // namespace melspec
