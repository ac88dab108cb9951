#include "melspec/mel_workspace.hpp"

namespace melspec {

template <typename Real>
MelWorkspace<Real>::MelWorkspace(const MelPlan<Real>& plan)
    : frame(static_cast<std::size_t>(plan.config().fftLength)),
      spectrum(2 * static_cast<std::size_t>(plan.binCount())),
      power(static_cast<std::size_t>(plan.binCount())),
      fftScratch(plan.fft().scratchCount()),
      magnitude(static_cast<std::size_t>(plan.binCount())),
      log10Mel(static_cast<std::size_t>(plan.numMelBins())) {
#if MELSPEC_SIMD
    if (const LanePlan* lanes = plan.lanes()) {
        laneFrames.resize(static_cast<std::size_t>(plan.config().fftLength));
        laneSpectrum.resize(2 * static_cast<std::size_t>(plan.binCount()));
        lanePower.resize(static_cast<std::size_t>(plan.binCount()));
        laneFftScratch.resize(lanes->fft.scratchCount());
    }
#endif
}

template struct MelWorkspace<float>;
template struct MelWorkspace<double>;

}  // namespace melspec
