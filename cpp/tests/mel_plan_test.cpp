// The plan is shared, not planned again: streams and engines made from an
// engine's plan give that engine's frames bit for bit, and workspaces on one plan
// run on several threads at once with the single-threaded results.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <type_traits>
#include <vector>

#include "melspec/mel_frames.hpp"
#include "melspec/mel_plan.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/mel_stream.hpp"
#include "melspec/mel_workspace.hpp"

namespace melspec {
namespace {

template <typename Real>
std::vector<Real> chirp(std::size_t length, double loudness, double phase) {
    std::vector<Real> signal(length);
    for (std::size_t i = 0; i < length; ++i)
        signal[i] =
            static_cast<Real>(loudness * (std::sin(phase + 0.003 * i + 2e-6 * i * i) + 0.2 * std::cos(1.3 * i)));
    return signal;
}

// Keras' default without the floor (a stream has no whole-signal max), Whisper's
// sizes, an odd FFT (scratch for the complex transform), linear output.
std::vector<MelSpectrogramConfig> sharingConfigs() {
    std::vector<MelSpectrogramConfig> configs(4);
    configs[0].topDb = std::nullopt;
    configs[1].fftLength = 400, configs[1].sequenceStride = 160, configs[1].numMelBins = 80,
    configs[1].topDb = std::nullopt;
    configs[2].fftLength = 511, configs[2].sequenceStride = 128, configs[2].numMelBins = 40,
    configs[2].topDb = std::nullopt;
    configs[3].fftLength = 256, configs[3].sequenceStride = 100, configs[3].powerToDb = false, configs[3].magExp = 1;
    return configs;
}

// The frames of a stream fed in chunks of `chunk` samples, laid out (mels, frames).
template <typename Real>
std::vector<Real> streamed(MelStream<Real>& stream, const std::vector<Real>& signal, std::size_t chunk, int mels,
                           std::size_t frames) {
    std::vector<Real> output(frames * static_cast<std::size_t>(mels));
    std::size_t column = 0;
    for (std::size_t offset = 0;; offset += chunk) {
        const std::size_t count = offset < signal.size() ? std::min(chunk, signal.size() - offset) : 0;
        std::vector<Real> part((count ? stream.framesAfterPush(count) : stream.flushFrames()) * mels);
        std::size_t produced = 0;
        const ComputeStatus status = count ? stream.push(signal.data() + offset, count, part.data(), &produced)
                                           : stream.flush(part.data(), &produced);
        EXPECT_TRUE(status.ok());
        for (std::size_t f = 0; f < produced; ++f)
            for (int m = 0; m < mels; ++m) output[m * frames + column + f] = part[m * produced + f];
        column += produced;
        if (count == 0) break;
    }
    EXPECT_EQ(column, frames);
    return output;
}

template <typename Real>
void streamFromTheEnginesPlanGivesItsFrames() {
    for (const MelSpectrogramConfig& config : sharingConfigs()) {
        auto engine = MelSpectrogram<Real>::create(config);
        ASSERT_NE(engine, nullptr);
        const std::vector<Real> signal = chirp<Real>(9001, 0.5, 0.3);
        std::vector<Real> whole(engine->outputSize(1, signal.size()));
        ASSERT_TRUE(engine->compute(signal.data(), 1, signal.size(), whole.data()).ok());

        auto fromPlan = MelStream<Real>::create(engine->plan(), StreamDb::None);
        ASSERT_NE(fromPlan, nullptr);
        EXPECT_EQ(fromPlan->plan().get(), engine->plan().get());  // shared, not planned again
        const std::size_t frames = engine->frameCount(signal.size());
        EXPECT_EQ(streamed(*fromPlan, signal, 777, config.numMelBins, frames), whole)
            << "fftLength " << config.fftLength;

        auto fromConfig = MelStream<Real>::create(config, StreamDb::None);
        ASSERT_NE(fromConfig, nullptr);
        EXPECT_NE(fromConfig->plan().get(), engine->plan().get());
        EXPECT_EQ(streamed(*fromConfig, signal, 777, config.numMelBins, frames), whole);
    }
}

TEST(MelPlan, FloatStreamFromAnEnginesPlanGivesTheEnginesFrames) { streamFromTheEnginesPlanGivesItsFrames<float>(); }
TEST(MelPlan, DoubleStreamFromAnEnginesPlanGivesTheEnginesFrames) { streamFromTheEnginesPlanGivesItsFrames<double>(); }

// Two threads, each with its own workspace on one plan, over several signals (a loud
// one among them, redone in the log domain with the workspace's scratch); each gets
// what one thread alone gets, bit for bit.
template <typename Real>
void twoWorkspacesOnOnePlanRunOnTwoThreads() {
    const double loud = std::is_same_v<Real, float> ? 1e37 : 1e305;
    for (const MelSpectrogramConfig& config : sharingConfigs()) {
        const auto plan = MelPlan<Real>::create(config);
        ASSERT_NE(plan, nullptr);
        const std::size_t length = 6000;
        const std::size_t frames = plan->frameCount(length);
        const std::size_t size = frames * static_cast<std::size_t>(config.numMelBins);
        std::vector<std::vector<Real>> signals;
        for (int s = 0; s < 6; ++s) signals.push_back(chirp<Real>(length, s == 3 ? loud : 0.1 * (s + 1), s));

        auto runAll = [&](std::size_t first, std::vector<Real>& out) {
            MelWorkspace<Real> work(*plan);
            out.assign(size * signals.size(), Real(0));
            for (std::size_t i = 0; i < signals.size(); ++i) {
                const std::size_t s = (first + i) % signals.size();  // the threads take the signals in other orders
                melFrames(*plan, work, SignalSlice<Real>::whole(signals[s].data(), length), 0, frames,
                          out.data() + s * size, frames);
            }
        };
        std::vector<Real> alone, threadA, threadB;
        runAll(0, alone);
        std::thread a([&] { runAll(0, threadA); });
        std::thread b([&] { runAll(3, threadB); });
        a.join();
        b.join();
        EXPECT_EQ(threadA, alone) << "fftLength " << config.fftLength;
        EXPECT_EQ(threadB, alone) << "fftLength " << config.fftLength;

        // Engines on the shared plan: the engine's compute() (the floor included) alike.
        auto engine = MelSpectrogram<Real>::create(plan);
        auto other = MelSpectrogram<Real>::create(plan);
        ASSERT_NE(engine, nullptr);
        EXPECT_EQ(engine->plan().get(), plan.get());
        std::vector<Real> fromEngine(size), fromOther(size), fromOwnPlan(size);
        std::thread c([&] { EXPECT_TRUE(engine->compute(signals[1].data(), 1, length, fromEngine.data()).ok()); });
        std::thread d([&] { EXPECT_TRUE(other->compute(signals[1].data(), 1, length, fromOther.data()).ok()); });
        c.join();
        d.join();
        ASSERT_TRUE(
            MelSpectrogram<Real>::create(config)->compute(signals[1].data(), 1, length, fromOwnPlan.data()).ok());
        EXPECT_EQ(fromEngine, fromOwnPlan);
        EXPECT_EQ(fromOther, fromOwnPlan);
    }
}

TEST(MelPlan, FloatWorkspacesOnOnePlanGiveIdenticalResultsOnTwoThreads) {
    twoWorkspacesOnOnePlanRunOnTwoThreads<float>();
}
TEST(MelPlan, DoubleWorkspacesOnOnePlanGiveIdenticalResultsOnTwoThreads) {
    twoWorkspacesOnOnePlanRunOnTwoThreads<double>();
}

TEST(MelPlan, RefusesWhatTheEngineAndStreamRefuse) {
    MelSpectrogramConfig bad;
    bad.numMelBins = 0;
    ConfigError error;
    EXPECT_EQ(MelPlan<float>::create(bad, &error), nullptr);
    EXPECT_EQ(error.param, ConfigParam::NumMelBins);
    EXPECT_FALSE(error.message.empty());

    // A stream on a plan still refuses what needs the whole signal.
    MelSpectrogramConfig padOrTrim;
    padOrTrim.fixedLength = 48000;
    auto engine = MelSpectrogram<float>::create(padOrTrim);
    ASSERT_NE(engine, nullptr);
    error = {};
    EXPECT_EQ(MelStream<float>::create(engine->plan(), StreamDb::None, &error), nullptr);
    EXPECT_EQ(error.param, ConfigParam::FixedLength);
    EXPECT_EQ(MelStream<float>::create(std::shared_ptr<const MelPlan<float>>(), StreamDb::None), nullptr);
    EXPECT_EQ(MelSpectrogram<float>::create(std::shared_ptr<const MelPlan<float>>()), nullptr);
}

TEST(MelPlan, OutlivesTheEngineThatMadeIt) {
    MelSpectrogramConfig config;
    config.topDb = std::nullopt;
    auto engine = MelSpectrogram<float>::create(config);
    const std::vector<float> signal = chirp<float>(5000, 0.5, 1.0);
    std::vector<float> expected(engine->outputSize(1, signal.size()));
    ASSERT_TRUE(engine->compute(signal.data(), 1, signal.size(), expected.data()).ok());
    auto stream = MelStream<float>::create(engine->plan(), StreamDb::None);
    EXPECT_EQ(engine->plan().use_count(), 2);
    engine.reset();  // the stream keeps the plan
    EXPECT_EQ(stream->plan().use_count(), 1);
    EXPECT_EQ(streamed(*stream, signal, 5000, config.numMelBins, expected.size() / config.numMelBins), expected);
}

}  // namespace
}  // namespace melspec
