// Where compute() spends its time, stage by stage, for the float engine (four
// frames at a time in SIMD lanes when the build has them). Built natively and,
// under Emscripten, as a Node program (melspec_stage_profile.mjs), so the WASM
// build can be profiled without a sampling profiler:
//   BINARY [--preset keras|whisper] [--seconds S] [--repeats R]
// Each stage runs alone over every frame batch of a synthetic signal (S seconds at
// 16 kHz; timing does not depend on the content), R times; the medians are printed
// as one JSON line with the whole compute() (the sum of the stages should be close
// to it) and compute_in_chunks, the same signal the way the library's computeInto()
// feeds it (2^16 samples at a time). The stages are the ones mel_frames.cpp and
// MelSpectrogram::compute run:
//   input check, window (gather + window), fft, power, mel, output check, log, finish.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "melspec/decibels.hpp"
#include "melspec/mel_filterbank.hpp"
#include "melspec/mel_plan.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/mel_workspace.hpp"
#include "melspec/real_fft.hpp"
#include "melspec/sample_checks.hpp"
#include "melspec/spectral_power.hpp"
#include "melspec/window.hpp"

namespace {

using Clock = std::chrono::steady_clock;

using melspec::bench::fail;

// Deterministic: a gliding tone plus LCG noise, within [-1, 1).
std::vector<float> makeSignal(std::size_t length) {
    std::vector<float> signal(length);
    std::uint32_t state = 12345;
    double phase = 0;
    for (std::size_t n = 0; n < length; ++n) {
        state = state * 1664525u + 1013904223u;
        const double noise = (static_cast<double>(state >> 8) / 16777216.0 - 0.5) * 0.02;
        phase += 2 * 3.14159265358979 * (200.0 + 3000.0 * static_cast<double>(n % 48000) / 48000.0) / 16000.0;
        signal[n] = static_cast<float>(0.3 * std::sin(phase) + noise);
    }
    return signal;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

template <typename Body>
double millisecondsOf(Body body) {
    const auto start = Clock::now();
    body();
    const std::chrono::duration<double, std::milli> elapsed = Clock::now() - start;
    return elapsed.count();
}

}  // namespace

int main(int argc, char** argv) {
    std::string preset = "keras";
    double seconds = 60;
    int repeats = 15;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--preset")
            preset = value;
        else if (flag == "--seconds")
            seconds = std::atof(value.c_str());
        else if (flag == "--repeats")
            repeats = std::atoi(value.c_str());
        else
            fail("unknown flag " + flag);
    }
    const melspec::MelSpectrogramConfig config = melspec::bench::benchConfig(preset);
    const std::vector<float> signal = makeSignal(static_cast<std::size_t>(seconds * 16000));
    auto engine = melspec::MelSpectrogram<float>::create(config);
    if (!engine) fail("could not create the engine");
    const melspec::MelPlan<float>& plan = *engine->plan();
    melspec::MelWorkspace<float> work(plan);
    const std::size_t frames = engine->frameCount(signal.size());
    const int bands = plan.numMelBins();
    const std::size_t size = frames * static_cast<std::size_t>(bands);
    std::vector<float> output(size);
    std::vector<float> chunk((std::size_t{1} << 16) + static_cast<std::size_t>(config.fftLength));
    const auto slice = melspec::SignalSlice<float>::whole(signal.data(), signal.size());
    const auto melStride = static_cast<std::ptrdiff_t>(frames);

    struct Stage {
        const char* name;
        std::vector<double> ms;
    };
    std::vector<Stage> stages = {
        {"input_check", {}},      {"window", {}}, {"fft", {}},    {"power", {}}, {"mel", {}},
        {"output_check", {}},     {"log", {}},    {"finish", {}}, {"sum", {}},   {"compute", {}},
        {"compute_in_chunks", {}}};
    volatile std::size_t sink = 0;
#if MELSPEC_SIMD
    const melspec::LanePlan& lanes = *plan.lanes();
    constexpr int kWidth = 4;
    // Each stage in its own buffer here (the workspace runs the FFT and the power in
    // place, which would feed each repeat the previous one's output).
    using Lanes = std::vector<melspec::simd::f32x4>;
    // In lanes the FFT stage gives |X|^2 (forwardPower: the real transform's last pass
    // feeds the power), and the power stage is what magExp adds to that (nothing for 2).
    Lanes laneFrames(config.fftLength), lanePower(plan.binCount());
#else
    constexpr int kWidth = 1;
#endif
    for (int round = 0; round < repeats + 1; ++round) {  // round 0 warms up
        double times[8];
        times[0] = millisecondsOf([&] { sink = sink + melspec::firstNonFinite(signal.data(), signal.size()); });
#if MELSPEC_SIMD
        times[1] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; t += kWidth)
                melspec::readWindowedFrameLanes(plan.framing(), slice, t,
                                                static_cast<int>(std::min<std::size_t>(kWidth, frames - t)),
                                                plan.window().data(), work.frame.data(), laneFrames.data());
        });
        times[2] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; t += kWidth)
                lanes.fft.forwardPower(laneFrames.data(), lanePower.data(), work.laneFftScratch.data());
        });
        times[3] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; t += kWidth)
                melspec::squaredMagnitudeToPowerLanes(lanePower.data(), plan.binCount(), config.magExp);
        });
        times[4] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; t += kWidth)
                melspec::applyMelLanes(plan.filterbank(), lanePower.data(), output.data() + t, melStride,
                                       static_cast<int>(std::min<std::size_t>(kWidth, frames - t)));
        });
#else
        times[1] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; ++t)
                melspec::readWindowedFrame(plan.framing(), slice, t, plan.window().data(), work.frame.data());
        });
        times[2] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; ++t)
                plan.fft().forward(work.frame.data(), work.spectrum.data(), work.fftScratch.data());
        });
        times[3] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; ++t)
                melspec::powerSpectrum(work.spectrum.data(), plan.binCount(), config.magExp, work.power.data());
        });
        times[4] = millisecondsOf([&] {
            for (std::size_t t = 0; t < frames; ++t)
                plan.filterbank().apply(work.power.data(), output.data() + t, melStride);
        });
#endif
        times[5] = millisecondsOf([&] { sink = sink + melspec::firstNonFinite(output.data(), size); });
        times[6] = millisecondsOf([&] { melspec::powerToLog(output.data(), size, plan.logScale()); });
        times[7] = millisecondsOf([&] {
            const auto& finish = plan.logFinish();
            finish.apply(output.data(), size, finish.needsLargest() ? melspec::maxValue(output.data(), size) : 0.0f);
        });
        const double compute = millisecondsOf([&] {
            if (!engine->compute(signal.data(), 1, signal.size(), output.data()).ok()) fail("compute failed");
        });
        // As the library's computeInto() runs it (js/src/core/compute-in-chunks.ts): 2^16
        // samples at a time copied into a buffer of their own, each chunk's frames into their
        // columns of the result, then the finish over the whole.
        const double inChunks = millisecondsOf([&] {
            const std::size_t perChunk = std::max<std::size_t>(1, (std::size_t{1} << 16) / config.sequenceStride);
            float largest = -std::numeric_limits<float>::infinity();
            for (std::size_t first = 0; first < frames; first += perChunk) {
                const std::size_t count = std::min(perChunk, frames - first);
                const auto [sliceFirst, sliceEnd] = engine->framing().samplesRead(signal.size(), first, count);
                std::copy(signal.begin() + sliceFirst, signal.begin() + sliceEnd, chunk.begin());
                const melspec::SignalSlice<float> part{chunk.data(), sliceFirst, sliceEnd - sliceFirst, signal.size()};
                float partLargest = 0;
                if (!engine->computeFrames(part, first, count, output.data() + first, frames, &partLargest).ok())
                    fail("computeFrames failed");
                largest = std::max(largest, partLargest);
            }
            plan.logFinish().apply(output.data(), size, largest);
        });
        if (round == 0) continue;
        stages[10].ms.push_back(inChunks);
        double sum = 0;
        for (int s = 0; s < 8; ++s) {
            stages[s].ms.push_back(times[s]);
            sum += times[s];
        }
        stages[8].ms.push_back(sum);
        stages[9].ms.push_back(compute);
    }
    std::printf("{\"preset\":\"%s\",\"frames\":%zu,\"lanes\":%d,\"median_ms\":{", preset.c_str(), frames, kWidth);
    for (std::size_t s = 0; s < stages.size(); ++s)
        std::printf("%s\"%s\":%.4f", s ? "," : "", stages[s].name, median(stages[s].ms));
    std::printf("}}\n");
    return sink == 12345 ? 1 : 0;
}
