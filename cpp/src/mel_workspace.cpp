#include "melspec/mel_workspace.hpp"

namespace melspec {

namespace {

// Lays buffers out one after another in whole cache lines (which also keeps every
// buffer 16-byte aligned, as the lanes and KissFFT's SIMD mode need), each followed
// by a gap of five lines: buffers of power-of-two sizes (Keras' 2048-sample frames,
// 32 KiB of lanes) would otherwise start a multiple of 4 KiB apart, and the FFT,
// reading one while writing the next, stalls on 4K aliasing (the native benchmark
// measured Keras ~3 % slower without the gaps).
class BlockLayout {
public:
    template <typename T>
    std::size_t add(std::size_t count) {
        const std::size_t offset = bytes_;
        bytes_ += (count * sizeof(T) + kLine - 1) / kLine * kLine + kSkew;
        return offset;
    }
    std::size_t vectors() const { return bytes_ / sizeof(simd::f32x4); }

private:
    static constexpr std::size_t kLine = 64;
    static constexpr std::size_t kSkew = 320;
    std::size_t bytes_ = 0;
};

template <typename T>
WorkBuffer<T> view(ScratchBuffer<simd::f32x4>& block, std::size_t offset, std::size_t count) {
    return {reinterpret_cast<T*>(reinterpret_cast<unsigned char*>(block.data()) + offset), count};
}

}  // namespace

template <typename Real>
MelWorkspace<Real>::MelWorkspace(const MelPlan<Real>& plan) {
    const auto fftLength = static_cast<std::size_t>(plan.config().fftLength);
    const auto bins = static_cast<std::size_t>(plan.binCount());
    const auto mels = static_cast<std::size_t>(plan.numMelBins());
    BlockLayout layout;
    const std::size_t frameAt = layout.add<Real>(fftLength);
    const std::size_t spectrumAt = layout.add<Real>(2 * bins);
    const std::size_t powerAt = layout.add<Real>(bins);
    const std::size_t fftScratchAt = layout.add<Real>(plan.fft().scratchCount());
    const std::size_t magnitudeAt = layout.add<double>(bins);
    const std::size_t log10MelAt = layout.add<double>(mels);
#if MELSPEC_SIMD
    const LanePlan* lanes = plan.lanes();
    const std::size_t laneCount = lanes ? 1 : 0;
    // One buffer for the lanes' frames and power (see the header).
    const std::size_t laneFramesAt = layout.add<simd::f32x4>(laneCount * fftLength);
    const std::size_t laneFftScratchAt = layout.add<simd::f32x4>(lanes ? lanes->fft.scratchCount() : 0);
#endif
    block_ = ScratchBuffer<simd::f32x4>(layout.vectors());
    frame = view<Real>(block_, frameAt, fftLength);
    spectrum = view<Real>(block_, spectrumAt, 2 * bins);
    power = view<Real>(block_, powerAt, bins);
    fftScratch = view<Real>(block_, fftScratchAt, plan.fft().scratchCount());
    magnitude = view<double>(block_, magnitudeAt, bins);
    log10Mel = view<double>(block_, log10MelAt, mels);
#if MELSPEC_SIMD
    laneFrames = view<simd::f32x4>(block_, laneFramesAt, laneCount * fftLength);
    lanePower = view<simd::f32x4>(block_, laneFramesAt, laneCount * bins);
    laneFftScratch = view<simd::f32x4>(block_, laneFftScratchAt, lanes ? lanes->fft.scratchCount() : 0);
#endif
}

template class MelWorkspace<float>;
template class MelWorkspace<double>;

}  // namespace melspec
