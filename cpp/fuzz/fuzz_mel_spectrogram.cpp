// libFuzzer target: random configurations and signals (NaN, infinities, denormals,
// extreme sizes included) through validation, compute(), computeFrames() and the
// stream (on its own plan or on the engine's). Whatever the input: no crash, no
// sanitizer report, a clear status, and for finite input finite log output and
// linear output without NaN.
//   scripts/fuzz.sh [seconds]   (clang, -fsanitize=fuzzer,address,undefined)
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

#include "melspec/framing.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/mel_stream.hpp"

namespace {

using namespace melspec;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

double anyDouble(FuzzedDataProvider& data) {
    switch (data.ConsumeIntegralInRange<int>(0, 5)) {
        case 0:
            return data.ConsumeFloatingPoint<double>();  // any value, NaN and infinities included
        case 1:
            return 0.0;
        case 2:
            return -data.ConsumeFloatingPointInRange<double>(0, 1e6);
        default:
            return data.ConsumeFloatingPointInRange<double>(0, 50000);
    }
}

MelSpectrogramConfig anyConfig(FuzzedDataProvider& data) {
    MelSpectrogramConfig config;
    // Sizes mostly small (fast), sometimes out of range to exercise validation.
    config.fftLength =
        data.ConsumeBool() ? data.ConsumeIntegralInRange<int>(-4, 1200) : data.ConsumeIntegralInRange<int>(1, 70000);
    config.sequenceStride = data.ConsumeIntegralInRange<int>(-2, 3000);
    config.sequenceLength = data.ConsumeIntegralInRange<int>(-2, 1300);
    config.window = static_cast<WindowKind>(data.ConsumeIntegralInRange<int>(0, 4));
    if (config.window == WindowKind::Custom) {
        const std::size_t length = data.ConsumeIntegralInRange<std::size_t>(0, 1300);
        for (std::size_t i = 0; i < length; ++i)
            config.customWindow.push_back(data.ConsumeBool() ? 1.0 : anyDouble(data));
    }
    config.samplingRate = anyDouble(data);
    config.numMelBins = data.ConsumeIntegralInRange<int>(-1, 300);
    config.minFreq = anyDouble(data);
    config.maxFreq = anyDouble(data);
    config.powerToDb = data.ConsumeBool();
    if (data.ConsumeBool())
        config.topDb = anyDouble(data);
    else
        config.topDb = std::nullopt;
    switch (data.ConsumeIntegralInRange<int>(0, 3)) {  // Keras' 2, anything, or large (librosa's power)
        case 0:
            config.magExp = anyDouble(data);
            break;
        case 1:
            config.magExp = data.ConsumeFloatingPointInRange<double>(0, kMagExpMax);
            break;
        default:
            config.magExp = 2.0;
            break;
    }
    config.minPower = data.ConsumeBool() ? 1e-10 : anyDouble(data);
    config.refPower = data.ConsumeBool() ? 1.0 : anyDouble(data);
    config.topDbScope = static_cast<TopDbScope>(data.ConsumeIntegralInRange<int>(0, 3));
    if (data.ConsumeBool()) {  // the presets' options (torchaudio, librosa, Whisper)
        auto anyCount = [&](std::size_t usual) {
            return data.ConsumeIntegralInRange<int>(0, 20) == 0 ? data.ConsumeIntegral<std::size_t>()
                                                                : data.ConsumeIntegralInRange<std::size_t>(0, usual);
        };
        config.center = data.ConsumeBool();
        config.padMode = static_cast<PadMode>(data.ConsumeIntegralInRange<int>(0, 2));
        config.reflectOnce = data.ConsumeBool();
        config.fixedLength = data.ConsumeBool() ? 0 : anyCount(20000);
        config.leadingZeros = data.ConsumeBool() ? 0 : anyCount(3000);
        config.trailingZeros = data.ConsumeBool() ? 0 : anyCount(3000);
        config.dropLastFrame = data.ConsumeBool();
        config.melScale = static_cast<MelScale>(data.ConsumeIntegralInRange<int>(0, 2));
        config.filterShape = static_cast<FilterShape>(data.ConsumeIntegralInRange<int>(0, 2));
        config.filterNorm = static_cast<FilterNorm>(data.ConsumeIntegralInRange<int>(0, 2));
        config.binFrequencies = static_cast<BinFrequencies>(data.ConsumeIntegralInRange<int>(0, 3));
        config.logMultiplier = data.ConsumeBool() ? 10.0 : anyDouble(data);
        config.refIsMax = data.ConsumeBool();
        config.outputOffset = data.ConsumeBool() ? 0.0 : anyDouble(data);
        config.outputScale = data.ConsumeBool() ? 1.0 : anyDouble(data);
    }
    return config;
}

template <typename Real>
void exercise(const MelSpectrogramConfig& config, FuzzedDataProvider& data) {
    ConfigError error;
    auto engine = MelSpectrogram<Real>::create(config, &error);
    if (validateConfig(config).has_value() != (engine == nullptr)) fail("create() and validateConfig() disagree");
    if (!engine) {
        if (error.message.empty()) fail("a refused configuration without a message");
        return;
    }
    // Keep the work bounded: a prime fftLength is O(n^2) in KissFFT.
    if (config.fftLength > 4096) return;
    const std::size_t batch = data.ConsumeIntegralInRange<std::size_t>(0, 3);
    const std::size_t length = data.ConsumeIntegralInRange<std::size_t>(0, 6000);
    std::vector<Real> signals(batch * length);
    bool finite = true;
    // Now and then a loud signal: samples up to the precision's limit, whose FFT and
    // powers overflow unless the engine takes care (wide_range_frame.hpp).
    const double loudness =
        data.ConsumeIntegralInRange<int>(0, 3) == 0
            ? std::ldexp(1.0, data.ConsumeIntegralInRange<int>(0, std::numeric_limits<Real>::max_exponent - 1))
            : 1.0;
    for (Real& sample : signals) {
        // Audio-like values, denormals, zeros, large values, near-limit values, and now and then NaN or an infinity.
        switch (data.ConsumeIntegralInRange<int>(0, 16)) {
            case 16:
                sample = static_cast<Real>(data.ConsumeFloatingPointInRange<double>(-1, 1) *
                                           std::numeric_limits<Real>::max());
                break;
            case 0:
                sample = std::numeric_limits<Real>::denorm_min() * data.ConsumeIntegralInRange<int>(1, 1000);
                break;
            case 1:
                sample = 0;
                break;
            case 2:
                sample = static_cast<Real>(data.ConsumeFloatingPointInRange<double>(-1e6, 1e6));
                break;
            case 3:
                sample = data.ConsumeIntegralInRange<int>(0, 200) == 0
                             ? std::numeric_limits<Real>::quiet_NaN()
                             : static_cast<Real>(data.ConsumeFloatingPointInRange<double>(-1, 1));
                break;
            case 4:
                sample = data.ConsumeIntegralInRange<int>(0, 200) == 0
                             ? -std::numeric_limits<Real>::infinity()
                             : static_cast<Real>(data.ConsumeFloatingPointInRange<double>(-1, 1));
                break;
            default:
                sample = static_cast<Real>(data.ConsumeFloatingPointInRange<double>(-4, 4) * loudness);
                break;
        }
        finite = finite && std::isfinite(sample);
    }
    const std::size_t size = engine->outputSize(batch, length);
    if (size > (std::size_t{1} << 22)) return;  // bounded work (fixedLength and zeros can make many frames)
    std::vector<Real> output(size == 0 ? 1 : size);
    const ComputeStatus status = engine->compute(signals.data(), batch, length, output.data());
    if (batch == 0 || length == 0) {
        if (status.ok()) fail("an empty input was accepted");
        return;
    }
    // Too short comes first (before the samples are read), finite or not.
    if (status.code == ComputeStatus::Code::SignalTooShort) {
        if (length >= engine->minimumSignalLength() || engine->frameCount(length) != 0 ||
            status.index != engine->minimumSignalLength())
            fail("a signal long enough was refused as too short");
        if (engine->frameCount(engine->minimumSignalLength()) == 0) fail("the minimum signal length has no frames");
        return;
    }
    if (!finite) {
        if (status.code != ComputeStatus::Code::NonFiniteSample || std::isfinite(signals[status.index]))
            fail("a non-finite sample was not reported where it is");
        return;
    }
    if (!status.ok()) fail("a finite input was refused");
    // Finite input: finite log output (the log domain takes what overflows), and no NaN in
    // linear output (+inf only where the true power is beyond the precision's range).
    for (std::size_t i = 0; i < size; ++i) {
        if (std::isnan(output[i]) || (config.powerToDb && std::isinf(output[i]))) {
            std::fprintf(stderr,
                         "fft %d stride %d seq %d window %d sr %g mels %d fmin %g fmax %g db %d topDb %g magExp %g "
                         "minPower %g ref %g N %zu\n",
                         config.fftLength, config.sequenceStride, config.sequenceLength,
                         static_cast<int>(config.window), config.samplingRate, config.numMelBins, config.minFreq,
                         config.maxFreq, config.powerToDb, config.topDb.value_or(-1), config.magExp, config.minPower,
                         config.refPower, length);
            fail(config.powerToDb ? "non-finite log output from finite input" : "NaN output from finite input");
        }
    }

    // The stream gives the same frames (no dB floor in play for this check).
    if (batch == 1 && !config.powerToDb && config.fixedLength == 0) {
        // On the engine's plan (shared, as the JS createStream() does) or planned from the config.
        const bool sharesPlan = data.ConsumeBool();
        auto stream = sharesPlan ? MelStream<Real>::create(engine->plan(), StreamDb::None)
                                 : MelStream<Real>::create(config, StreamDb::None);
        if (!stream) fail("a stream refused a configuration the engine took");
        if (sharesPlan != (stream->plan() == engine->plan())) fail("a stream did not share the plan it was given");
        std::size_t offset = 0, column = 0;
        const std::size_t frames = engine->frameCount(length);
        std::vector<Real> streamed(size);
        while (offset <= length) {
            const std::size_t count =
                offset == length ? 0 : std::min(length - offset, data.ConsumeIntegralInRange<std::size_t>(1, 3000));
            const bool last = count == 0;
            std::vector<Real> part((last ? stream->flushFrames() : stream->framesAfterPush(count)) * config.numMelBins +
                                   1);
            std::size_t produced = 0;
            const ComputeStatus pushed = last ? stream->flush(part.data(), &produced)
                                              : stream->push(signals.data() + offset, count, part.data(), &produced);
            if (!pushed.ok()) fail("the stream refused finite samples");
            for (std::size_t f = 0; f < produced; ++f)
                for (int m = 0; m < config.numMelBins; ++m) streamed[m * frames + column + f] = part[m * produced + f];
            column += produced;
            if (last) break;
            offset += count;
        }
        if (column != frames) fail("the stream gave another number of frames");
        for (std::size_t i = 0; i < size; ++i)
            if (!(streamed[i] == output[i] || (std::isnan(streamed[i]) && std::isnan(output[i]))))
                fail("stream and compute differ");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    FuzzedDataProvider data(bytes, size);
    const MelSpectrogramConfig config = anyConfig(data);
    if (data.ConsumeBool())
        exercise<float>(config, data);
    else
        exercise<double>(config, data);
    return 0;
}
