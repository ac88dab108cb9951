#include "melspec/mel_frames.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "melspec/decibels.hpp"
#include "melspec/real_fft.hpp"
#include "melspec/sample_checks.hpp"
#include "melspec/spectral_power.hpp"
#include "melspec/wide_range_frame.hpp"
#include "melspec/window.hpp"

namespace melspec {

namespace {

constexpr int kLanes = 4;

// One frame through every stage, in Real; its mel band m goes to out[m * melStride].
template <typename Real>
void scalarFrame(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
                 std::size_t frame, Real* out, std::ptrdiff_t melStride) {
    readWindowedFrame(plan.framing(), signal, frame, plan.window().data(), work.frame.data());
    plan.fft().forward(work.frame.data(), work.spectrum.data(), work.fftScratch.data());
    powerSpectrum(work.spectrum.data(), plan.binCount(), plan.config().magExp, work.power.data());
    plan.filterbank().apply(work.power.data(), out, melStride);
}

#if MELSPEC_SIMD
// Frames first .. first + count - 1 (count <= 4) through every stage in lanes;
// frame first + j's band m goes to out[m * melStride + j].
void laneFrames(const MelPlan<float>& plan, MelWorkspace<float>& work, const SignalSlice<float>& signal,
                std::size_t first, int count, float* out, std::ptrdiff_t melStride) {
    const LanePlan& lanes = *plan.lanes();
    readWindowedFrameLanes(plan.framing(), signal, first, count, plan.window().data(), work.frame.data(),
                           work.laneFrames.data());
    lanes.fft.forwardPower(work.laneFrames.data(), work.lanePower.data(), work.laneFftScratch.data());
    squaredMagnitudeToPowerLanes(work.lanePower.data(), plan.binCount(), plan.config().magExp);
    applyMelLanes(plan.filterbank(), work.lanePower.data(), out, melStride, count);
}
#endif

// Whether frames [first, first + count) all read zeros only (a clip padded to 30 s):
// then the FFT, |X| ** magExp (> 0) and the mel sums are exactly +0. With magExp 0,
// 0 ** 0 = 1: such frames are not zero and are computed.
template <typename Real>
bool onlyZeros(const MelPlan<Real>& plan, const SignalSlice<Real>& signal, std::size_t first, int count) {
    if (!(plan.config().magExp > 0.0)) return false;
    for (int j = 0; j < count; ++j)
        if (!plan.framing().readsOnlyZeros(signal.signalLength, first + static_cast<std::size_t>(j))) return false;
    return true;
}

template <typename Real>
bool runsInLanes(const MelPlan<Real>& plan, FramePath path) {
    return path == FramePath::Planned && plan.usesSimdLanes();
}

}  // namespace

template <typename Real>
void melPowerFrames(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
                    std::size_t firstFrame, std::size_t frames, Real* output, std::size_t rowStride, FramePath path) {
    const int width = runsInLanes(plan, path) ? kLanes : 1;
    const int bands = plan.numMelBins();
    // Output is (mel, time): consecutive mel bins of one frame are a row apart.
    const auto melStride = static_cast<std::ptrdiff_t>(rowStride);
    for (std::size_t done = 0; done < frames; done += static_cast<std::size_t>(width)) {
        const int count = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(width), frames - done));
        Real* out = output + done;
        if (onlyZeros(plan, signal, firstFrame + done, count)) {
            for (int m = 0; m < bands; ++m) std::fill_n(out + m * melStride, count, Real(0));
            continue;
        }
#if MELSPEC_SIMD
        if constexpr (std::is_same_v<Real, float>) {
            if (width == kLanes) {
                laneFrames(plan, work, signal, firstFrame + done, count, out, melStride);
                continue;
            }
        }
#endif
        scalarFrame(plan, work, signal, firstFrame + done, out, melStride);
    }
}

namespace {

// Rare (a loud signal, a large magExp): frame by frame, the log of each finite
// power as powerToLog() takes it, the log domain for the frames that overflowed.
template <typename Real>
void redoOverflowedFrames(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
                          std::size_t firstFrame, std::size_t frames, Real* output, std::size_t rowStride) {
    const int bins = plan.numMelBins();
    const bool powerToDb = plan.config().powerToDb;
    const LogScale<Real>& logScale = plan.logScale();
    for (std::size_t t = 0; t < frames; ++t) {
        Real* column = output + t;  // band m at column[m * rowStride]
        bool overflowed = false;
        for (int m = 0; m < bins && !overflowed; ++m) overflowed = !std::isfinite(column[m * rowStride]);
        if (!overflowed) {
            if (powerToDb)
                for (int m = 0; m < bins; ++m) column[m * rowStride] = logScale(column[m * rowStride]);
            continue;
        }
        wideRangeMelLog10(plan, work, signal, firstFrame + t);
        for (int m = 0; m < bins; ++m) {
            const double log10Power = work.log10Mel[static_cast<std::size_t>(m)];
            // Linear output: +inf where the true power is beyond Real's range, as the reference gives.
            column[m * rowStride] =
                powerToDb ? logScale.fromLog10(log10Power) : static_cast<Real>(std::pow(10.0, log10Power));
        }
    }
}

// The rows' values as runs: the whole output at once when its rows are contiguous.
template <typename Real, typename Visit>
void forEachRun(Real* output, int rows, std::size_t frames, std::size_t rowStride, Visit visit) {
    if (rowStride == frames) {
        visit(output, frames * static_cast<std::size_t>(rows));
        return;
    }
    for (int m = 0; m < rows; ++m) visit(output + static_cast<std::size_t>(m) * rowStride, frames);
}

}  // namespace

template <typename Real>
Real melFrames(const MelPlan<Real>& plan, MelWorkspace<Real>& work, const SignalSlice<Real>& signal,
               std::size_t firstFrame, std::size_t frames, Real* output, std::size_t rowStride) {
    // Straight into the rows, also when they are a longer output's: each group of four
    // frames writes 16 bytes to every row, and the lines being filled stay in the cache.
    melPowerFrames(plan, work, signal, firstFrame, frames, output, rowStride);
    const int bins = plan.numMelBins();
    bool overflowed = false;
    forEachRun(output, bins, frames, rowStride, [&](const Real* run, std::size_t count) {
        overflowed = overflowed || firstNonFinite(run, count) != count;
    });
    if (overflowed) {
        redoOverflowedFrames(plan, work, signal, firstFrame, frames, output, rowStride);
    } else if (plan.config().powerToDb) {
        forEachRun(output, bins, frames, rowStride,
                   [&](Real* run, std::size_t count) { powerToLog(run, count, plan.logScale()); });
    }
    Real largest = -std::numeric_limits<Real>::infinity();
    forEachRun(output, bins, frames, rowStride, [&](const Real* run, std::size_t count) {
        const Real runLargest = maxValue(run, count);
        largest = runLargest > largest ? runLargest : largest;
    });
    return largest;
}

template void melPowerFrames<float>(const MelPlan<float>&, MelWorkspace<float>&, const SignalSlice<float>&, std::size_t,
                                    std::size_t, float*, std::size_t, FramePath);
template void melPowerFrames<double>(const MelPlan<double>&, MelWorkspace<double>&, const SignalSlice<double>&,
                                     std::size_t, std::size_t, double*, std::size_t, FramePath);
template float melFrames<float>(const MelPlan<float>&, MelWorkspace<float>&, const SignalSlice<float>&, std::size_t,
                                std::size_t, float*, std::size_t);
template double melFrames<double>(const MelPlan<double>&, MelWorkspace<double>&, const SignalSlice<double>&,
                                  std::size_t, std::size_t, double*, std::size_t);

}  // namespace melspec
