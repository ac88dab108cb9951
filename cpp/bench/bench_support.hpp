// What the benchmark programs (native_bench.cpp, stage_profile.cpp) share: failing with a
// message, and the two configurations bench/run.mjs measures.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "melspec/config.hpp"

namespace melspec::bench {

[[noreturn]] inline void fail(const std::string& message) {
    std::fprintf(stderr, "%s\n", message.c_str());
    std::exit(2);
}

// "keras": Keras' defaults (2048 / 512 / 128 mels / 16 kHz); "whisper": the Whisper-like
// framing (400 / 160 / 80 mels) with Keras' other defaults, not the whisper preset.
inline MelSpectrogramConfig benchConfig(const std::string& preset) {
    MelSpectrogramConfig config;
    if (preset == "whisper") {
        config.fftLength = 400;
        config.sequenceStride = 160;
        config.numMelBins = 80;
    } else if (preset != "keras") {
        fail("--preset must be keras or whisper");
    }
    return config;
}

}  // namespace melspec::bench
