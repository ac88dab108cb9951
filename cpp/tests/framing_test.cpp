#include <gtest/gtest.h>

#include <vector>

#include "melspec/framing.hpp"

namespace melspec {
namespace {

TEST(FrameCount, MatchesKerasRuntimeNotComputeOutputShape) {
    EXPECT_EQ(frameCount(16000, 2048, 512), 32u);   // 1 + 16000 // 512
    EXPECT_EQ(frameCount(16383, 2048, 512), 32u);   // compute_output_shape says 33
    EXPECT_EQ(frameCount(16000, 2048, 128), 126u);  // the docstring says 125
    EXPECT_EQ(frameCount(6400, 511, 128), 50u);     // odd: 1 + (N - 1) // stride
    EXPECT_EQ(frameCount(8000, 256, 400), 21u);     // stride > fft
    EXPECT_EQ(frameCount(300, 2048, 512), 1u);
    EXPECT_EQ(frameCount(1, 2048, 512), 1u);
    EXPECT_EQ(frameCount(1023, 2048, 512), 2u);
    EXPECT_EQ(frameCount(1024, 2048, 512), 3u);
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
    std::vector<float> frame(4);
    readFrame(whole, 4, 2, 0, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{12, 11, 10, 11}));
    readFrame(whole, 4, 2, 1, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{10, 11, 12, 13}));
    readFrame(whole, 4, 2, 3, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{14, 15, 14, 13}));
}

TEST(ReadFrame, ReadsFromASliceWithItsOffset) {
    const std::vector<float> signal = {10, 11, 12, 13, 14, 15};
    // Frame 3 reads positions 4..7: samples 14, 15, then reflected 14 and 13.
    EXPECT_EQ(samplesRead(signal.size(), 4, 2, 3, 1), (std::pair<std::size_t, std::size_t>{3, 6}));
    const SignalSlice<float> slice{signal.data() + 3, 3, 3, signal.size()};
    std::vector<float> frame(4);
    readFrame(slice, 4, 2, 3, frame.data());
    EXPECT_EQ(frame, (std::vector<float>{14, 15, 14, 13}));
}

TEST(SamplesRead, CoversFramesAndTheirReflections) {
    // Interior frames read exactly their own samples.
    EXPECT_EQ(samplesRead(16000, 2048, 512, 10, 4), (std::pair<std::size_t, std::size_t>{4096, 7680}));
    // Frame 0 reads [-1024, 1024): reflected -1024..-1 are samples 1..1024.
    EXPECT_EQ(samplesRead(16000, 2048, 512, 0, 1), (std::pair<std::size_t, std::size_t>{0, 1025}));
    // The last frame (31) reads [14848, 16896): reflected 16000.. are 15998 down to 15103.
    EXPECT_EQ(samplesRead(16000, 2048, 512, 31, 1), (std::pair<std::size_t, std::size_t>{14848, 16000}));
    // A signal shorter than the pad reflects all over itself.
    EXPECT_EQ(samplesRead(300, 2048, 512, 0, 1), (std::pair<std::size_t, std::size_t>{0, 300}));
}

}  // namespace
}  // namespace melspec
