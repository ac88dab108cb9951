// Streaming equals the whole-signal computation, frame for frame and bit for bit,
// however the signal is cut into chunks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "melspec/generated/preset_configs.hpp"
#include "melspec/mel_stream.hpp"

namespace melspec {
namespace {

std::vector<float> testSignal(std::size_t length) {
    std::vector<float> signal(length);
    for (std::size_t i = 0; i < length; ++i)
        signal[i] = static_cast<float>(0.3 * std::sin(0.013 * i + 1e-6 * i * i) + 0.01 * std::sin(1.7 * i));
    return signal;
}

// Streams `signal` in chunks drawn from `chunkSizes` (cycled); returns (mel, frames) output.
std::vector<float> stream(MelStream<float>& melStream, const std::vector<float>& signal,
                          const std::vector<std::size_t>& chunkSizes) {
    const int bins = melStream.numMelBins();
    std::vector<std::vector<float>> columns;  // frame-major while collecting
    auto collect = [&](const std::vector<float>& output, std::size_t frames) {
        for (std::size_t t = 0; t < frames; ++t) {
            std::vector<float> column(bins);
            for (int m = 0; m < bins; ++m) column[m] = output[m * frames + t];
            columns.push_back(column);
        }
    };
    std::size_t offset = 0, next = 0;
    while (offset < signal.size()) {
        const std::size_t count = std::min(chunkSizes[next++ % chunkSizes.size()], signal.size() - offset);
        std::vector<float> output(melStream.framesAfterPush(count) * bins);
        std::size_t frames = 0;
        EXPECT_TRUE(melStream.push(signal.data() + offset, count, output.data(), &frames).ok());
        EXPECT_EQ(frames * bins, output.size());
        collect(output, frames);
        offset += count;
    }
    std::vector<float> output(melStream.flushFrames() * bins);
    std::size_t frames = 0;
    EXPECT_TRUE(melStream.flush(output.data(), &frames).ok());
    collect(output, frames);
    std::vector<float> result(columns.size() * bins);
    for (std::size_t t = 0; t < columns.size(); ++t)
        for (int m = 0; m < bins; ++m) result[m * columns.size() + t] = columns[t][m];
    return result;
}

std::vector<float> whole(const MelSpectrogramConfig& config, const std::vector<float>& signal) {
    auto engine = MelSpectrogram<float>::create(config);
    std::vector<float> output(engine->outputSize(1, signal.size()));
    EXPECT_TRUE(engine->compute(signal.data(), 1, signal.size(), output.data()).ok());
    return output;
}

struct Case {
    const char* name;
    MelSpectrogramConfig config;
};

std::vector<Case> cases() {
    MelSpectrogramConfig linear;
    linear.powerToDb = false;
    MelSpectrogramConfig decibelsNoFloor;
    decibelsNoFloor.topDb = std::nullopt;
    MelSpectrogramConfig whisper;
    whisper.fftLength = 400;
    whisper.sequenceStride = 160;
    whisper.numMelBins = 80;
    whisper.powerToDb = false;
    MelSpectrogramConfig odd;
    odd.fftLength = 511;
    odd.sequenceStride = 100;
    odd.numMelBins = 40;
    odd.powerToDb = false;
    MelSpectrogramConfig sparse;  // stride above fftLength: samples between frames are never read
    sparse.fftLength = 256;
    sparse.sequenceStride = 400;
    sparse.numMelBins = 32;
    sparse.powerToDb = false;
    return {{"linear", linear},
            {"dB without floor", decibelsNoFloor},
            {"whisper", whisper},
            {"odd fft", odd},
            {"sparse", sparse}};
}

TEST(MelStream, AnyChunkingEqualsTheWholeSignalBitForBit) {
    const std::vector<std::vector<std::size_t>> chunkings = {{128}, {1}, {0, 7, 1000, 3, 0, 4096}, {16000}, {511, 2}};
    for (const Case& c : cases()) {
        for (std::size_t length : {1u, 5u, 300u, 1025u, 7777u, 16384u, 40000u}) {
            const auto signal = testSignal(length);
            const auto expected = whole(c.config, signal);
            for (const auto& chunks : chunkings) {
                if (chunks == std::vector<std::size_t>{1} && length > 8000) continue;  // slow, covered by others
                auto melStream = MelStream<float>::create(c.config, StreamDb::None);
                EXPECT_EQ(stream(*melStream, signal, chunks), expected)
                    << c.name << " N=" << length << " chunks[0]=" << chunks[0];
            }
        }
    }
}

// The framing and log options of the torchaudio, librosa and Whisper presets.
std::vector<Case> presetCases() {
    MelSpectrogramConfig whisper = presets::whisper();
    whisper.topDb = std::nullopt;  // no floor: the stream's 'none' mode; the offset and scale still apply
    MelSpectrogramConfig whisperPadding = whisper;
    whisperPadding.trailingZeros = 1000;
    MelSpectrogramConfig torchaudioPad;
    torchaudioPad.fftLength = 400;
    torchaudioPad.sequenceStride = 200;
    torchaudioPad.reflectOnce = true;
    torchaudioPad.leadingZeros = torchaudioPad.trailingZeros = 300;
    torchaudioPad.powerToDb = false;
    MelSpectrogramConfig notCentred = torchaudioPad;
    notCentred.center = false;
    notCentred.leadingZeros = notCentred.trailingZeros = 0;
    MelSpectrogramConfig librosa;
    librosa.padMode = PadMode::Constant;
    librosa.sequenceStride = 1100;  // above fftLength/2: the last frame can complete before the end
    librosa.powerToDb = false;
    MelSpectrogramConfig droppedAfterLongHop = notCentred;
    droppedAfterLongHop.dropLastFrame = true;  // the held-back frame must wait for the next one or flush()
    return {{"whisper", whisper},
            {"whisper padding", whisperPadding},
            {"torchaudio pad", torchaudioPad},
            {"center=false", notCentred},
            {"librosa constant", librosa},
            {"drop after long hop", droppedAfterLongHop}};
}

TEST(MelStream, PresetFramingEqualsTheWholeSignalBitForBit) {
    const std::vector<std::vector<std::size_t>> chunkings = {{128}, {0, 7, 1000, 3, 0, 4096}, {16000}, {511, 2}, {1}};
    for (const Case& c : presetCases()) {
        const std::size_t minimum = MelSpectrogram<float>::create(c.config)->minimumSignalLength();
        for (std::size_t length : {minimum, minimum + 1, 1025ul, 7777ul, 16384ul, 40000ul}) {
            const auto signal = testSignal(std::max(length, minimum));
            const auto expected = whole(c.config, signal);
            for (const auto& chunks : chunkings) {
                if (chunks == std::vector<std::size_t>{1} && length > 8000) continue;
                auto melStream = MelStream<float>::create(c.config, StreamDb::None);
                ASSERT_NE(melStream, nullptr) << c.name;
                EXPECT_EQ(stream(*melStream, signal, chunks), expected)
                    << c.name << " N=" << length << " chunks[0]=" << chunks[0];
            }
        }
    }
}

TEST(MelStream, RefusesWhatNeedsTheWholeSignal) {
    MelSpectrogramConfig padOrTrim;
    padOrTrim.fixedLength = 480000;
    ConfigError error;
    EXPECT_EQ(MelStream<float>::create(padOrTrim, StreamDb::None, &error), nullptr);
    EXPECT_EQ(error.param, ConfigParam::FixedLength);
    MelSpectrogramConfig refMax;
    refMax.refIsMax = true;
    EXPECT_EQ(MelStream<float>::create(refMax, StreamDb::None, &error), nullptr);
    EXPECT_EQ(error.param, ConfigParam::RefPower);
}

TEST(MelStream, AStreamShorterThanTheMinimumIsAnErrorAtFlush) {
    MelSpectrogramConfig torch;
    torch.fftLength = 400;
    torch.sequenceStride = 200;
    torch.reflectOnce = true;
    auto melStream = MelStream<float>::create(torch, StreamDb::None);
    const auto signal = testSignal(200);
    std::vector<float> output(1000);
    std::size_t frames = 0;
    ASSERT_TRUE(melStream->push(signal.data(), signal.size(), output.data(), &frames).ok());
    EXPECT_EQ(frames, 0u);
    const ComputeStatus status = melStream->flush(output.data(), &frames);
    EXPECT_EQ(status.code, ComputeStatus::Code::SignalTooShort);
    EXPECT_EQ(status.index, 201u);
}

TEST(MelStream, RunningMaxThenTheFinalFloorGivesTheBatchResult) {
    MelSpectrogramConfig config;  // Keras defaults, top_db 80
    const auto signal = testSignal(50000);
    const auto expected = whole(config, signal);
    std::vector<float> none;  // StreamDb::None's frames, which the floors of the other modes raise
    for (StreamDb db : {StreamDb::None, StreamDb::RunningMax, StreamDb::FixedRef}) {
        auto melStream = MelStream<float>::create(config, db);
        auto streamed = stream(*melStream, signal, {128});
        float largest = -std::numeric_limits<float>::infinity();
        for (float value : streamed) largest = std::max(largest, value);
        if (db == StreamDb::None) {
            none = streamed;
            EXPECT_LT(*std::min_element(none.begin(), none.end()), -80.0f);  // each mode's floor has work to do
        } else {
            // Each mode floors 'none' (and raises some values): FixedRef exactly at -80 dB,
            // RunningMax at most at the final floor.
            ASSERT_EQ(streamed.size(), none.size());
            std::size_t raised = 0;
            for (std::size_t i = 0; i < none.size(); ++i) {
                const float floor = db == StreamDb::FixedRef ? -80.0f : largest - 80.0f;
                if (db == StreamDb::FixedRef) EXPECT_EQ(streamed[i], std::max(none[i], floor)) << i;
                EXPECT_GE(streamed[i], none[i]) << i;
                EXPECT_LE(streamed[i], std::max(none[i], floor)) << i;
                if (streamed[i] > none[i]) ++raised;
            }
            EXPECT_GT(raised, 0u) << static_cast<int>(db);
        }
        // Running-max floors are never above the final one; FixedRef's -80 dB is below
        // it here; so the final floor turns every mode into the batch result.
        for (float& value : streamed) value = std::max(value, largest - 80.0f);
        EXPECT_EQ(streamed, expected) << static_cast<int>(db);
    }
}

TEST(MelStream, FlushTwiceResetAndBadSamples) {
    MelSpectrogramConfig config;
    config.powerToDb = false;
    auto melStream = MelStream<float>::create(config, StreamDb::None);
    const auto signal = testSignal(3000);
    const auto first = stream(*melStream, signal, {100});
    std::vector<float> output(1000);
    std::size_t frames = 99;
    EXPECT_EQ(melStream->flush(output.data(), &frames).code, ComputeStatus::Code::StreamFinished);
    EXPECT_EQ(frames, 0u);
    EXPECT_EQ(melStream->push(signal.data(), 10, output.data(), &frames).code, ComputeStatus::Code::StreamFinished);
    melStream->reset();
    EXPECT_EQ(stream(*melStream, signal, {333}), first);

    melStream->reset();
    std::vector<float> bad(10, 0.1f);
    bad[4] = std::numeric_limits<float>::infinity();
    const ComputeStatus status = melStream->push(bad.data(), bad.size(), output.data(), &frames);
    EXPECT_EQ(status.code, ComputeStatus::Code::NonFiniteSample);
    EXPECT_EQ(status.index, 4u);
    EXPECT_EQ(melStream->samplesReceived(), 0u);  // nothing was appended
    EXPECT_EQ(stream(*melStream, signal, {64}), first);
}

TEST(MelStream, EmptyStreamFlushesNothing) {
    auto melStream = MelStream<float>::create(MelSpectrogramConfig{}, StreamDb::None);
    std::size_t frames = 7;
    EXPECT_EQ(melStream->flushFrames(), 0u);
    EXPECT_TRUE(melStream->flush(nullptr, &frames).ok());
    EXPECT_EQ(frames, 0u);
}

}  // namespace
}  // namespace melspec
