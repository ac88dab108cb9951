#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "melspec/framing.hpp"

namespace melspec {
namespace {

MelSpectrogramConfig keras(int fftLength, int stride) {
    MelSpectrogramConfig config;
    config.fftLength = fftLength;
    config.sequenceStride = stride;
    return config;
}

std::size_t kerasFrames(std::size_t length, int fftLength, int stride) {
    return Framing(keras(fftLength, stride)).frameCount(length);
}

TEST(FrameCount, MatchesKerasRuntimeNotComputeOutputShape) {
    EXPECT_EQ(kerasFrames(16000, 2048, 512), 32u);   // 1 + 16000 // 512
    EXPECT_EQ(kerasFrames(16383, 2048, 512), 32u);   // compute_output_shape says 33
    EXPECT_EQ(kerasFrames(16000, 2048, 128), 126u);  // the docstring says 125
    EXPECT_EQ(kerasFrames(6400, 511, 128), 50u);     // odd: 1 + (N - 1) // stride
    EXPECT_EQ(kerasFrames(8000, 256, 400), 21u);     // stride > fft
    EXPECT_EQ(kerasFrames(300, 2048, 512), 1u);
    EXPECT_EQ(kerasFrames(1, 2048, 512), 1u);
    EXPECT_EQ(kerasFrames(1023, 2048, 512), 2u);
    EXPECT_EQ(kerasFrames(1024, 2048, 512), 3u);
    EXPECT_EQ(kerasFrames(0, 2048, 512), 0u);
    EXPECT_EQ(Framing(keras(2048, 512)).minimumSignalLength(), 1u);
}

TEST(FrameCount, TorchReflectNeedsMoreThanHalfAnFft) {
    MelSpectrogramConfig config = keras(400, 200);
    config.reflectOnce = true;  // torch.stft(center=True, pad_mode="reflect")
    const Framing framing(config);
    EXPECT_EQ(framing.frameCount(200), 0u);  // torch raises for L = 200 ...
    EXPECT_EQ(framing.frameCount(201), 2u);  // ... and gives 2 frames for 201
    EXPECT_EQ(framing.minimumSignalLength(), 201u);
    config.padMode = PadMode::Constant;  // zeros fit any length
    EXPECT_EQ(Framing(config).frameCount(1), 1u);
}

TEST(FrameCount, WithoutCentringNeedsAWholeFft) {
    MelSpectrogramConfig config = keras(400, 200);
    config.center = false;
    const Framing framing(config);
    EXPECT_EQ(framing.frameCount(399), 0u);
    EXPECT_EQ(framing.frameCount(400), 1u);
    EXPECT_EQ(framing.frameCount(1234), 5u);  // 1 + (1234 - 400) // 200
    EXPECT_EQ(framing.minimumSignalLength(), 400u);
}

TEST(FrameCount, WhisperDropsTheLastFrameAndPadsOrTrims) {
    MelSpectrogramConfig config = keras(400, 160);
    config.reflectOnce = true;
    config.dropLastFrame = true;
    EXPECT_EQ(Framing(config).frameCount(22849), 142u);  // L // 160
    EXPECT_EQ(Framing(config).frameCount(201), 1u);
    EXPECT_EQ(Framing(config).frameCount(200), 0u);
    config.trailingZeros = 4000;  // padding=4000
    EXPECT_EQ(Framing(config).frameCount(8000), 75u);
    config.trailingZeros = 0;
    config.fixedLength = 480000;  // pad_or_trim: 30 s whatever the clip
    EXPECT_EQ(Framing(config).frameCount(22849), 3000u);
    EXPECT_EQ(Framing(config).frameCount(1000000), 3000u);
    EXPECT_EQ(Framing(config).minimumSignalLength(), 1u);
}

TEST(FrameCount, ZeroPaddingCountsTowardsTheLength) {
    MelSpectrogramConfig config = keras(400, 200);
    config.reflectOnce = true;
    config.leadingZeros = config.trailingZeros = 100;  // torchaudio pad=100
    EXPECT_EQ(Framing(config).minimumSignalLength(), 1u);
    EXPECT_EQ(Framing(config).frameCount(1000), 7u);  // 1 + 1200 // 200
}

TEST(FramesComplete, NeverCountsAFrameThatReadsPastTheSamplesSoFar) {
    MelSpectrogramConfig config = keras(8, 3);
    const Framing keras8(config);
    EXPECT_EQ(keras8.framesComplete(4), 0u);  // frame 0 reads [-4, 4) and reflects position 4: needs 5
    EXPECT_EQ(keras8.framesComplete(5), 1u);
    EXPECT_EQ(keras8.framesComplete(6), 1u);
    EXPECT_EQ(keras8.framesComplete(7), 2u);  // frame 1 reads [-1, 7)
    config.padMode = PadMode::Constant;
    EXPECT_EQ(Framing(config).framesComplete(4), 1u);
    config.dropLastFrame = true;  // the newest complete frame waits: it may be the dropped one
    EXPECT_EQ(Framing(config).framesComplete(7), 1u);
    config.leadingZeros = 3;
    EXPECT_EQ(Framing(config).framesComplete(4), 1u);  // 7 samples known with the zeros
}

TEST(ReflectIndex, MirrorsWithoutRepeatingTheEdge) {
    // np.pad([a, b, c, d], 3, mode="reflect") = d c b | a b c d | c b a
    const std::vector<std::size_t> expected = {3, 2, 1, 0, 1, 2, 3, 2, 1, 0};
    for (int i = -3; i < 7; ++i) EXPECT_EQ(reflectIndex(i, 4), expected[i + 3]) << i;
}

TEST(ReflectIndex, ReflectsRepeatedlyWhenThePadExceedsTheSignal) {
    // numpy reflects again and again: period 2 (N - 1).
    EXPECT_EQ(reflectIndex(-4, 3), 0u);
    EXPECT_EQ(reflectIndex(-5, 3), 1u);
    EXPECT_EQ(reflectIndex(-6, 3), 2u);
    EXPECT_EQ(reflectIndex(7, 3), 1u);
    EXPECT_EQ(reflectIndex(8, 3), 0u);
    EXPECT_EQ(reflectIndex(-1000, 1), 0u);
    EXPECT_EQ(reflectIndex(1000, 1), 0u);
}

TEST(ReadFrame, CentresTheFirstFrameOnSampleZero) {
    const std::vector<float> signal = {10, 11, 12, 13, 14, 15};
    const auto whole = SignalSlice<float>::whole(signal.data(), signal.size());
    const Framing framing(keras(4, 2));
    std::vector<float> frame(4);
    framing.readFrame(whole, 0, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{12, 11, 10, 11}));
    framing.readFrame(whole, 1, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{10, 11, 12, 13}));
    framing.readFrame(whole, 3, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{14, 15, 14, 13}));
    EXPECT_EQ(framing.directFrame(whole, 0), nullptr);
    EXPECT_EQ(framing.directFrame(whole, 1), signal.data());
}

TEST(ReadFrame, ConstantPaddingReadsZeros) {
    const std::vector<float> signal = {10, 11, 12, 13, 14, 15};
    const auto whole = SignalSlice<float>::whole(signal.data(), signal.size());
    MelSpectrogramConfig config = keras(4, 2);
    config.padMode = PadMode::Constant;
    std::vector<float> frame(4);
    Framing(config).readFrame(whole, 0, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{0, 0, 10, 11}));
    Framing(config).readFrame(whole, 3, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{14, 15, 0, 0}));
}

TEST(ReadFrame, ReflectsTheZerosOfTheExtendedSignal) {
    // torchaudio pad=1: [0, a..f, 0], then the centre pad reflects that.
    const std::vector<float> signal = {10, 11, 12, 13, 14, 15};
    const auto whole = SignalSlice<float>::whole(signal.data(), signal.size());
    MelSpectrogramConfig config = keras(4, 2);
    config.leadingZeros = config.trailingZeros = 1;
    std::vector<float> frame(4);
    const Framing framing(config);
    EXPECT_EQ(framing.frameCount(6), 5u);
    framing.readFrame(whole, 0, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{11, 10, 0, 10}));
    framing.readFrame(whole, 4, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{15, 0, 15, 14}));
    EXPECT_EQ(framing.directFrame(whole, 1), nullptr);  // starts on the leading zero
    EXPECT_EQ(framing.directFrame(whole, 2), signal.data() + 1);
}

TEST(ReadFrame, FixedLengthTruncatesOrPadsWithZeros) {
    const std::vector<float> signal = {10, 11, 12, 13, 14, 15};
    const auto whole = SignalSlice<float>::whole(signal.data(), signal.size());
    MelSpectrogramConfig config = keras(4, 2);
    config.center = false;
    config.fixedLength = 4;
    std::vector<float> frame(4);
    EXPECT_EQ(Framing(config).frameCount(6), 1u);
    Framing(config).readFrame(whole, 0, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{10, 11, 12, 13}));
    config.fixedLength = 8;
    EXPECT_EQ(Framing(config).frameCount(6), 3u);
    Framing(config).readFrame(whole, 2, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{14, 15, 0, 0}));
    EXPECT_EQ(Framing(config).samplesRead(6, 2, 1), (std::pair<std::size_t, std::size_t>{4, 6}));
}

TEST(ReadFrame, ReadsFromASliceWithItsOffset) {
    const std::vector<float> signal = {10, 11, 12, 13, 14, 15};
    const Framing framing(keras(4, 2));
    // Frame 3 reads positions 4..7: samples 14, 15, then reflected 14 and 13.
    EXPECT_EQ(framing.samplesRead(signal.size(), 3, 1), (std::pair<std::size_t, std::size_t>{3, 6}));
    const SignalSlice<float> slice{signal.data() + 3, 3, 3, signal.size()};
    std::vector<float> frame(4);
    framing.readFrame(slice, 3, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{14, 15, 14, 13}));
}

TEST(SamplesRead, CoversFramesAndTheirReflections) {
    const Framing framing(keras(2048, 512));
    // Interior frames read exactly their own samples.
    EXPECT_EQ(framing.samplesRead(16000, 10, 4), (std::pair<std::size_t, std::size_t>{4096, 7680}));
    // Frame 0 reads [-1024, 1024): reflected -1024..-1 are samples 1..1024.
    EXPECT_EQ(framing.samplesRead(16000, 0, 1), (std::pair<std::size_t, std::size_t>{0, 1025}));
    // The last frame (31) reads [14848, 16896): reflected 16000.. are 15998 down to 15103.
    EXPECT_EQ(framing.samplesRead(16000, 31, 1), (std::pair<std::size_t, std::size_t>{14848, 16000}));
    // A signal shorter than the pad reflects all over itself.
    EXPECT_EQ(framing.samplesRead(300, 0, 1), (std::pair<std::size_t, std::size_t>{0, 300}));
}

TEST(SamplesRead, IsEmptyForFramesOfZerosOnly) {
    MelSpectrogramConfig config = keras(400, 160);
    config.fixedLength = 480000;  // a short clip padded to 30 s: the late frames read zeros
    const auto [first, last] = Framing(config).samplesRead(1000, 100, 10);
    EXPECT_EQ(first, last);
    EXPECT_LE(last, 1000u);
}

// samplesRead() against what readFrame() reads: each sample holds its index + 1, so the
// values a range of frames reads name the samples it reads. Over signals shorter and longer
// than the padding (several reflections, one, none), both padding modes, zeros after the
// signal and a fixed length, every range of up to 5 frames.
TEST(SamplesRead, IsWhatTheFramesRead) {
    for (const int fftLength : {4, 7, 16, 64}) {
        for (const PadMode padMode : {PadMode::Reflect, PadMode::Constant}) {
            for (const std::size_t trailingZeros : {std::size_t{0}, std::size_t{5}}) {
                MelSpectrogramConfig config = keras(fftLength, 3);
                config.padMode = padMode;
                config.trailingZeros = trailingZeros;
                const Framing framing(config);
                for (std::size_t length = 1; length <= 90; length += length < 12 ? 1 : 13) {
                    std::vector<float> signal(length);
                    for (std::size_t i = 0; i < length; ++i) signal[i] = static_cast<float>(i + 1);
                    const auto whole = SignalSlice<float>::whole(signal.data(), length);
                    const std::size_t frames = framing.frameCount(length);
                    std::vector<float> frame(static_cast<std::size_t>(fftLength));
                    for (std::size_t first = 0; first < frames; ++first) {
                        std::size_t lowest = length, highest = 0;  // of the samples read, [lowest, highest)
                        for (std::size_t count = 1; count <= 5 && first + count <= frames; ++count) {
                            framing.readFrame(whole, first + count - 1, frame.data());
                            for (const float value : frame)
                                if (value != 0.0f) {
                                    lowest = std::min(lowest, static_cast<std::size_t>(value) - 1);
                                    highest = std::max(highest, static_cast<std::size_t>(value));
                                }
                            const auto [from, to] = framing.samplesRead(length, first, count);
                            SCOPED_TRACE("fftLength " + std::to_string(fftLength) + ", length " +
                                         std::to_string(length) + ", frames " + std::to_string(first) + " + " +
                                         std::to_string(count));
                            if (highest == 0) {
                                EXPECT_EQ(from, to);  // zeros only
                            } else {
                                EXPECT_EQ(from, lowest);
                                EXPECT_EQ(to, highest);
                            }
                        }
                    }
                }
            }
        }
    }
}

}  // namespace
}  // namespace melspec
