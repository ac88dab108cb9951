// Configuration of a mel spectrogram, with the defaults and meaning of
// keras.layers.MelSpectrogram (Keras 3 code, not its docstring), and its validation.
//
// The options past Keras' own (framing, filter design, log scale) let the same
// engine reproduce torchaudio, librosa and Whisper too; their defaults are
// Keras' behaviour, so a default-constructed config is the Keras layer. The
// options themselves are declared in schema/engine-options.json.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "melspec/generated/engine_options.hpp"

namespace melspec {

// The filter design options together (mel_filterbank.hpp takes them as one).
struct MelFilterDesign {
    MelScale scale = MelScale::Htk;
    FilterShape shape = FilterShape::MelDomain;
    FilterNorm norm = FilterNorm::None;
    BinFrequencies binFrequencies = BinFrequencies::HalfRate;
};

// Every option of schema/engine-options.json, with its default (a default config is
// the Keras layer), plus the custom window's values. The fields, their order, enums,
// ranges and docs are declared once there; see melspec/generated/engine_options.hpp.
struct MelSpectrogramConfig {
#define MELSPEC_CONFIG_FIELD(type, name, defaultValue, param) type name = defaultValue;
    MELSPEC_ENGINE_OPTIONS(MELSPEC_CONFIG_FIELD)
#undef MELSPEC_CONFIG_FIELD
    std::vector<double> customWindow;  // used when window == Custom: sequenceLength values
};

inline MelFilterDesign melFilterDesign(const MelSpectrogramConfig& config) {
    return {config.melScale, config.filterShape, config.filterNorm, config.binFrequencies};
}

// ConfigParam (generated) names the offending option; its numeric value crosses the WASM
// boundary (the JS layer owns the user-facing wording).
struct ConfigError {
    ConfigParam param = ConfigParam::None;
    std::string message;
};

// The values Keras derives from the given ones: sequenceLength 0 -> fftLength,
// maxFreq 0 -> int(samplingRate / 2).
int resolvedSequenceLength(const MelSpectrogramConfig& config);
double resolvedMaxFreq(const MelSpectrogramConfig& config);

// Checks every parameter; returns the first problem found, or nothing.
// Stricter than Keras where Keras silently returns NaN or nonsense (see docs/parity.md).
std::optional<ConfigError> validateConfig(const MelSpectrogramConfig& config);

}  // namespace melspec
