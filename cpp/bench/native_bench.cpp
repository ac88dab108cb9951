// Times our engine (MelSpectrogram<float>) natively on a whole signal, for bench/run.mjs.
// Linked twice: with KissFFT's SIMD lanes as shipped, and with FFTW3 lanes (the limit).
//   BINARY --input in.f32 --preset keras|whisper --repeats R [--output out.f32]
// One warm-up, then R timed runs; prints one JSON line:
//   {"system":..,"preset":..,"samples":N,"frames":T,"numMelBins":M,"times_ms":[..]}
//   BINARY --input in.f32 --preset keras|whisper --serve
// Stays up for a benchmark that interleaves it with in-process systems: after the
// warm-up it prints the same JSON line (times_ms empty), then answers each stdin line
// "run" with {"ms":..} and "output PATH" by writing the last result; EOF ends it.
// (Starting a process between timed runs would slow the runner's next in-process run:
// fork makes the parent's pages copy-on-write, its WASM heap included.)
//   BINARY --create-cost --preset keras|whisper [--repeats R]
// Times creating an engine (planning window, FFT, filterbank) against creating a
// stream on that engine's plan (a workspace and buffers only), and a stream from the
// config; prints the medians: {"preset":..,"engine_us":..,"stream_from_plan_us":..,..}.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "melspec/mel_spectrogram.hpp"
#include "melspec/mel_stream.hpp"
#include "melspec/real_fft.hpp"

namespace {

using melspec::MelSpectrogramConfig;

using melspec::bench::benchConfig;
using melspec::bench::fail;

std::vector<float> readSamples(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) fail("cannot read " + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.empty() || bytes.size() % sizeof(float)) fail(path + " is not raw float32");
    std::vector<float> samples(bytes.size() / sizeof(float));
    std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(samples.data()));
    return samples;
}

const char* lanesBackend() {
#if MELSPEC_SIMD
    return melspec::realFftLanesBackend();
#else
    return "scalar";
#endif
}

// Median microseconds of `repeats` calls of make().
template <typename Make>
double medianMicroseconds(int repeats, Make make) {
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        auto made = make();
        const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
        if (!made) fail("could not create");
        times.push_back(elapsed.count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

int reportCreateCost(const MelSpectrogramConfig& config, const std::string& preset, int repeats) {
    using melspec::MelSpectrogram;
    using melspec::MelStream;
    using melspec::StreamDb;
    auto engine = MelSpectrogram<float>::create(config);
    if (!engine) fail("could not create the engine");
    // Interleaved rounds, so that drift in the machine's speed hits all three alike.
    std::vector<double> engineUs, fromPlanUs, fromConfigUs;
    for (int round = 0; round < 5; ++round) {
        engineUs.push_back(medianMicroseconds(repeats, [&] { return MelSpectrogram<float>::create(config); }));
        fromPlanUs.push_back(
            medianMicroseconds(repeats, [&] { return MelStream<float>::create(engine->plan(), StreamDb::None); }));
        fromConfigUs.push_back(
            medianMicroseconds(repeats, [&] { return MelStream<float>::create(config, StreamDb::None); }));
    }
    auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    const double engineMedian = median(engineUs), fromPlan = median(fromPlanUs), fromConfig = median(fromConfigUs);
    std::printf(
        "{\"preset\":\"%s\",\"engine_us\":%.2f,\"stream_from_plan_us\":%.2f,\"stream_from_config_us\":%.2f,"
        "\"stream_from_plan_over_engine\":%.4f}\n",
        preset.c_str(), engineMedian, fromPlan, fromConfig, fromPlan / engineMedian);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string input, output, preset = "keras";
    int repeats = 7;
    bool serve = false, createCost = false;
    for (int i = 1; i < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--serve" || flag == "--create-cost") {
            (flag == "--serve" ? serve : createCost) = true;
            --i;
            continue;
        }
        if (i + 1 >= argc) fail("missing value for " + flag);
        const std::string value = argv[i + 1];
        if (flag == "--input")
            input = value;
        else if (flag == "--output")
            output = value;
        else if (flag == "--preset")
            preset = value;
        else if (flag == "--repeats")
            repeats = std::atoi(value.c_str());
        else
            fail("unknown flag " + flag);
    }
    if (createCost) return reportCreateCost(benchConfig(preset), preset, repeats < 1 ? 1 : repeats);
    if (input.empty() || repeats < 1)
        fail("usage: --input in.f32 --preset keras|whisper (--repeats R [--output out.f32] | --serve)");

    const MelSpectrogramConfig config = benchConfig(preset);
    const std::vector<float> signal = readSamples(input);
    auto engine = melspec::MelSpectrogram<float>::create(config);
    if (!engine) fail("could not create the engine");
    const std::size_t frames = engine->frameCount(signal.size());
    std::vector<float> result(frames * static_cast<std::size_t>(config.numMelBins));
    auto run = [&] {
        if (!engine->compute(signal.data(), 1, signal.size(), result.data()).ok()) fail("compute failed");
    };

    run();  // warm-up
    auto describe = [&](const std::string& times) {
        const std::string system = std::string("native-") + lanesBackend();
        std::printf(
            "{\"system\":\"%s\",\"preset\":\"%s\",\"samples\":%zu,\"frames\":%zu,\"numMelBins\":%d,\"times_ms\":[%s]}"
            "\n",
            system.c_str(), preset.c_str(), signal.size(), frames, config.numMelBins, times.c_str());
        std::fflush(stdout);
    };
    auto writeOutput = [&](const std::string& path) {
        std::ofstream file(path, std::ios::binary);
        file.write(reinterpret_cast<const char*>(result.data()),
                   static_cast<std::streamsize>(result.size() * sizeof(float)));
    };
    if (serve) {
        describe("");
        std::string line;
        while (std::getline(std::cin, line)) {
            if (line == "run") {
                const auto start = std::chrono::steady_clock::now();
                run();
                const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
                std::printf("{\"ms\":%f}\n", elapsed.count());
            } else if (line.rfind("output ", 0) == 0) {
                writeOutput(line.substr(7));
                std::printf("{\"written\":true}\n");
            } else {
                std::printf("{\"error\":\"unknown command\"}\n");
            }
            std::fflush(stdout);
        }
        return 0;
    }
    std::string times;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        run();
        const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
        times += (r ? "," : "") + std::to_string(elapsed.count());
    }
    if (!output.empty()) writeOutput(output);
    describe(times);
    return 0;
}
