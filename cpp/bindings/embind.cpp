// The only file that knows about Emscripten: exposes the C++ engine to JS.
//
// Numbers only cross this boundary (no strings, no vectors, no returned objects
// the caller must .delete()): sizes, status codes and heap offsets of buffers the
// engine owns. JS writes the input into the heap, calls compute(), and reads the
// output from the heap, so samples cross the boundary once each way.
#include <emscripten/bind.h>
#include <malloc.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "melspec/decibels.hpp"
#include "melspec/framing.hpp"
#include "melspec/generated/engine_option_checks.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/mel_stream.hpp"
#include "melspec/self_test.hpp"

namespace {

using namespace melspec;

// The options as the JS layer sends them: kEngineOptionCount doubles on the heap, in
// schema/engine-options.json's order (one per option), and the custom window's values
// (heap offset of sequenceLength doubles, or 0).
MelSpectrogramConfig toConfig(std::uintptr_t optionValues, std::uintptr_t windowValues) {
    MelSpectrogramConfig config;
    generated::readOptionValues(reinterpret_cast<const double*>(optionValues), config);
    if (config.window == WindowKind::Custom && windowValues != 0 && config.sequenceLength >= 0 &&
        config.sequenceLength <= config.fftLength && config.fftLength <= kFftLengthMax) {
        const double* values = reinterpret_cast<const double*>(windowValues);
        config.customWindow.assign(values, values + resolvedSequenceLength(config));
    }
    return config;
}

// 0 when valid, else the ConfigParam at fault (the JS layer checks first; this is the backstop).
int validateOptions(std::uintptr_t optionValues, std::uintptr_t windowValues) {
    const auto problem = validateConfig(toConfig(optionValues, windowValues));
    return problem ? static_cast<int>(problem->param) : 0;
}

// A heap buffer that only grows; malloc (not new) so that running out of
// memory is a false return rather than an abort.
template <typename Real>
class HeapBuffer {
public:
    ~HeapBuffer() { std::free(data_); }
    bool reserve(std::size_t count) {
        if (count <= capacity_) return true;
        Real* grown = static_cast<Real*>(std::malloc(count * sizeof(Real)));
        if (!grown) return false;
        std::free(data_);
        data_ = grown;
        capacity_ = count;
        return true;
    }
    void release() {
        std::free(data_);
        data_ = nullptr;
        capacity_ = 0;
    }
    std::uintptr_t offset() const { return reinterpret_cast<std::uintptr_t>(data_); }
    Real* data() { return data_; }
    std::size_t capacity() const { return capacity_; }

private:
    Real* data_ = nullptr;
    std::size_t capacity_ = 0;
};

// The input and output buffers of one object's calls, shared by Engine and Stream.
template <typename Real>
class CallBuffers {
public:
    // Makes room for the input samples and output values of one call; false
    // when the memory cannot be had.
    bool reserve(double sampleCount, double outputCount) {
        constexpr double kLimit = static_cast<double>(SIZE_MAX / sizeof(Real));
        if (sampleCount > kLimit || outputCount > kLimit) return false;
        return input.reserve(static_cast<std::size_t>(sampleCount)) &&
               output.reserve(static_cast<std::size_t>(outputCount));
    }
    void release() {
        input.release();
        output.release();
    }

    HeapBuffer<Real> input;
    HeapBuffer<Real> output;
};

// Binds reserve / inputOffset / outputOffset of `Owner::buffers()` as methods of Owner.
template <typename Owner>
void bindCallBuffers(const emscripten::class_<Owner>& binding) {
    binding
        .function(
            "reserve",
            +[](Owner& self, double samples, double outputs) { return self.buffers().reserve(samples, outputs); })
        .function(
            "inputOffset", +[](const Owner& self) { return self.buffers().input.offset(); })
        .function(
            "outputOffset", +[](const Owner& self) { return self.buffers().output.offset(); });
}

// A MelStream plus its call buffers (the stream keeps its own window of samples).
template <typename Real>
class Stream {
public:
    Stream(std::uintptr_t optionValues, std::uintptr_t windowValues, int db)
        : stream_(MelStream<Real>::create(toConfig(optionValues, windowValues), static_cast<StreamDb>(db))) {}
    // On an engine's plan (Engine::createStream): no window, FFT or filterbank planned again.
    Stream(std::shared_ptr<const MelPlan<Real>> plan, int db)
        : stream_(MelStream<Real>::create(std::move(plan), static_cast<StreamDb>(db))) {}

    bool valid() const { return stream_ != nullptr; }
    double framesAfterPush(double count) const {
        return static_cast<double>(stream_->framesAfterPush(static_cast<std::size_t>(count)));
    }
    double flushFrames() const { return static_cast<double>(stream_->flushFrames()); }
    double minimumSignalLength() const { return static_cast<double>(stream_->minimumSignalLength()); }
    CallBuffers<Real>& buffers() { return buffers_; }
    const CallBuffers<Real>& buffers() const { return buffers_; }

    // Push `count` samples from the input buffer; frames() tells how many came out.
    int push(double count) {
        return record(
            stream_->push(buffers_.input.data(), static_cast<std::size_t>(count), buffers_.output.data(), &frames_));
    }
    int flush() { return record(stream_->flush(buffers_.output.data(), &frames_)); }
    void reset() { stream_->reset(); }
    double frames() const { return static_cast<double>(frames_); }
    double nonFiniteIndex() const { return nonFiniteIndex_; }
    double samplesReceived() const { return static_cast<double>(stream_->samplesReceived()); }
    double framesEmitted() const { return static_cast<double>(stream_->framesEmitted()); }

private:
    int record(const ComputeStatus& status) {
        nonFiniteIndex_ = static_cast<double>(status.index);
        return static_cast<int>(status.code);
    }

    std::unique_ptr<MelStream<Real>> stream_;
    CallBuffers<Real> buffers_;
    std::size_t frames_ = 0;
    double nonFiniteIndex_ = 0;
};

template <typename Real>
class Engine {
public:
    Engine(std::uintptr_t optionValues, std::uintptr_t windowValues)
        : engine_(MelSpectrogram<Real>::create(toConfig(optionValues, windowValues))) {}

    bool valid() const { return engine_ != nullptr; }
    int binCount() const { return engine_->binCount(); }
    double frameCount(double signalLength) const {
        return static_cast<double>(engine_->frameCount(static_cast<std::size_t>(signalLength)));
    }
    double minimumSignalLength() const { return static_cast<double>(engine_->minimumSignalLength()); }

    CallBuffers<Real>& buffers() { return buffers_; }
    const CallBuffers<Real>& buffers() const { return buffers_; }
    // Frees the call buffers (they grow to the largest call otherwise).
    void releaseBuffers() { buffers_.release(); }

    // Where a NaN or infinite sample was (ComputeStatus::NonFiniteSample): its index in the signal.
    double nonFiniteIndex() const { return nonFiniteIndex_; }

    // Frames [firstFrame, firstFrame + frames) of a signal of signalLength samples,
    // from the input buffer holding samples [sliceFirst, sliceFirst + sliceCount), into
    // the output buffer: band m of frame firstFrame + t at outputFirst + m * rowStride + t
    // (a block of columns of a (numMelBins, rowStride) result). dB values without the
    // top_db floor (see MelSpectrogram::computeFrames; finishLog() applies it). Returns a
    // ComputeStatus::Code: BadFrameRange also for a range beyond the reserved buffers.
    int computeFrames(double sliceFirst, double sliceCount, double signalLength, double firstFrame, double frames,
                      double outputFirst, double rowStride) {
        const auto count = static_cast<std::size_t>(sliceCount), stride = static_cast<std::size_t>(rowStride),
                   first = static_cast<std::size_t>(outputFirst), width = static_cast<std::size_t>(frames);
        const auto rows = static_cast<std::size_t>(engine_->numMelBins());
        // The JS side sizes both buffers; a range past them would write over the heap.
        if (count > buffers_.input.capacity() || width > stride || first > buffers_.output.capacity() ||
            (rows - 1) * stride + width > buffers_.output.capacity() - first)
            return static_cast<int>(ComputeStatus::Code::BadFrameRange);
        const SignalSlice<Real> slice{buffers_.input.data(), static_cast<std::size_t>(sliceFirst), count,
                                      static_cast<std::size_t>(signalLength)};
        Real largest = 0;
        const ComputeStatus status = engine_->computeFrames(slice, static_cast<std::size_t>(firstFrame), width,
                                                            buffers_.output.data() + first, stride, &largest);
        nonFiniteIndex_ = static_cast<double>(status.index);
        largest_ = static_cast<double>(largest);
        return static_cast<int>(status.code);
    }
    double largest() const { return largest_; }

    // What compute() does after the log (top_db floor, refIsMax, output scale) over
    // output values [first, first + count), whose largest value is `largest`, in Real
    // as compute() does it. For MelSpectrogramPool, which joins the workers' parts
    // here and knows the overall max.
    void finishLog(double first, double count, double largest) {
        if (!engine_->config().powerToDb) return;
        engine_->logFinish().apply(buffers_.output.data() + static_cast<std::size_t>(first),
                                   static_cast<std::size_t>(count), static_cast<Real>(largest));
    }

    // Samples [first, end) that frames [firstFrame, firstFrame + frames) read (reflection included).
    double samplesReadFirst(double signalLength, double firstFrame, double frames) const {
        return static_cast<double>(samplesReadRange(signalLength, firstFrame, frames).first);
    }
    double samplesReadEnd(double signalLength, double firstFrame, double frames) const {
        return static_cast<double>(samplesReadRange(signalLength, firstFrame, frames).second);
    }

    // Writes the [binCount, numMelBins] mel matrix to the output buffer (reserve it first).
    void writeMelWeights() { engine_->writeMelWeights(buffers_.output.data()); }

    // A stream sharing this engine's plan (its valid() is false for what a stream
    // refuses: fixedLength, refIsMax, an unknown db). The caller owns it (.delete()).
    Stream<Real>* createStream(int db) const { return new Stream<Real>(engine_ ? engine_->plan() : nullptr, db); }

private:
    std::pair<std::size_t, std::size_t> samplesReadRange(double signalLength, double firstFrame, double frames) const {
        return engine_->framing().samplesRead(static_cast<std::size_t>(signalLength),
                                              static_cast<std::size_t>(firstFrame), static_cast<std::size_t>(frames));
    }

    std::unique_ptr<MelSpectrogram<Real>> engine_;
    CallBuffers<Real> buffers_;
    double nonFiniteIndex_ = 0;
    double largest_ = 0;
};

template <typename Real>
void bindStream(const char* name) {
    const auto& binding = emscripten::class_<Stream<Real>>(name)
                              .template constructor<std::uintptr_t, std::uintptr_t, int>()
                              .function("valid", &Stream<Real>::valid)
                              .function("framesAfterPush", &Stream<Real>::framesAfterPush)
                              .function("flushFrames", &Stream<Real>::flushFrames)
                              .function("minimumSignalLength", &Stream<Real>::minimumSignalLength)
                              .function("push", &Stream<Real>::push)
                              .function("flush", &Stream<Real>::flush)
                              .function("reset", &Stream<Real>::reset)
                              .function("frames", &Stream<Real>::frames)
                              .function("nonFiniteIndex", &Stream<Real>::nonFiniteIndex)
                              .function("samplesReceived", &Stream<Real>::samplesReceived)
                              .function("framesEmitted", &Stream<Real>::framesEmitted);
    bindCallBuffers(binding);
}

template <typename Real>
void bindEngine(const char* name) {
    const auto& binding = emscripten::class_<Engine<Real>>(name)
                              .template constructor<std::uintptr_t, std::uintptr_t>()
                              .function("valid", &Engine<Real>::valid)
                              .function("binCount", &Engine<Real>::binCount)
                              .function("frameCount", &Engine<Real>::frameCount)
                              .function("minimumSignalLength", &Engine<Real>::minimumSignalLength)
                              .function("releaseBuffers", &Engine<Real>::releaseBuffers)
                              .function("nonFiniteIndex", &Engine<Real>::nonFiniteIndex)
                              .function("computeFrames", &Engine<Real>::computeFrames)
                              .function("largest", &Engine<Real>::largest)
                              .function("finishLog", &Engine<Real>::finishLog)
                              .function("samplesReadFirst", &Engine<Real>::samplesReadFirst)
                              .function("samplesReadEnd", &Engine<Real>::samplesReadEnd)
                              .function("writeMelWeights", &Engine<Real>::writeMelWeights)
                              .function("createStream", &Engine<Real>::createStream, emscripten::allow_raw_pointers());
    bindCallBuffers(binding);
}

// Heap offsets of option values and custom windows: JS allocates, fills, passes, frees.
std::uintptr_t allocateDoubles(double count) {
    return reinterpret_cast<std::uintptr_t>(std::malloc(static_cast<std::size_t>(count) * sizeof(double)));
}
void freeMemory(std::uintptr_t offset) { std::free(reinterpret_cast<void*>(offset)); }

// Bytes malloc has handed out and not got back: flat across calls means no leak.
// mallinfo's fields are int; the count is below 4 GiB (wasm32), so read as unsigned it
// is exact where the int would turn negative above 2 GiB.
double heapBytesInUse() { return static_cast<double>(static_cast<unsigned>(mallinfo().uordblks)); }

// Registered when JS first makes one of them (engine-binding.ts), not at start-up:
// embind builds each class's JS side as it registers it, and for these three classes
// that was about 3 ms of a 33 ms cold start (170 kB of JS objects, which also brought
// V8's first young-generation collection into it), while most programs only ever make
// float32 MelSpectrograms.
// Registering twice would throw, hence the flag. EngineF32's createStream() stays
// unbound until StreamF32 is registered.
void registerStreamAndFloat64Classes() {
    static bool registered = false;
    if (registered) return;
    registered = true;
    bindEngine<double>("EngineF64");
    bindStream<float>("StreamF32");
    bindStream<double>("StreamF64");
}

}  // namespace

EMSCRIPTEN_BINDINGS(melspec) {
    emscripten::constant("engineOptionCount", static_cast<int>(kEngineOptionCount));
    emscripten::function("validateOptions", &validateOptions);
    emscripten::function("allocateDoubles", &allocateDoubles);
    emscripten::function("freeMemory", &freeMemory);
    emscripten::function("heapBytesInUse", &heapBytesInUse);
    emscripten::function("simdSelfTest", &simdLanesAgreeWithScalar);
    emscripten::function("registerStreamAndFloat64Classes", &registerStreamAndFloat64Classes);
    bindEngine<float>("EngineF32");
}
