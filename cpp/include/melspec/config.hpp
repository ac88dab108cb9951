// Configuration of a mel spectrogram, with the defaults and meaning of
// keras.layers.MelSpectrogram (Keras 3 code, not its docstring), and its validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace melspec {

enum class WindowKind : int {
    Hann = 0,         // periodic Hann of sequenceLength, zero-padded and centred to fftLength
    Hamming = 1,      // periodic Hamming, likewise
    Rectangular = 2,  // Keras' window=None: ones over the WHOLE fftLength (sequenceLength ignored)
    Custom = 3,       // customWindow (sequenceLength values), zero-padded and centred
};

// Which values the top_db floor (max - topDb) takes its max over.
enum class TopDbScope : int {
    Batch = 0,  // the whole batch, as Keras does
    Item = 1,   // each signal on its own
};

struct MelSpectrogramConfig {
    int fftLength = 2048;
    int sequenceStride = 512;
    int sequenceLength = 0;  // 0 means fftLength (Keras: None or 0)
    WindowKind window = WindowKind::Hann;
    std::vector<double> customWindow;  // used when window == Custom
    double samplingRate = 16000.0;
    int numMelBins = 128;
    double minFreq = 20.0;
    double maxFreq = 0.0;  // 0 means int(samplingRate / 2), truncated as Keras does
    bool powerToDb = true;
    std::optional<double> topDb = 80.0;  // nullopt: no floor (an extension; Keras raises)
    double magExp = 2.0;
    double minPower = 1e-10;
    double refPower = 1.0;
    TopDbScope topDbScope = TopDbScope::Batch;
};

// Limits that keep every buffer and the FFT's stack scratch small and every
// product of sizes far from integer overflow.
inline constexpr int kMaxFftLength = 65536;
inline constexpr int kMaxNumMelBins = 65536;

// Identifies the offending parameter; the numeric value crosses the WASM
// boundary (the JS layer owns the user-facing wording).
enum class ConfigParam : int {
    None = 0,
    FftLength,
    SequenceStride,
    SequenceLength,
    Window,
    SamplingRate,
    NumMelBins,
    MinFreq,
    MaxFreq,
    TopDb,
    MagExp,
    MinPower,
    RefPower,
    TopDbScope,
};

struct ConfigError {
    ConfigParam param = ConfigParam::None;
    std::string message;
};

// The values Keras derives from the given ones: sequenceLength 0 -> fftLength,
// maxFreq 0 -> int(samplingRate / 2).
int resolvedSequenceLength(const MelSpectrogramConfig& config);
double resolvedMaxFreq(const MelSpectrogramConfig& config);

// Checks every parameter; returns the first problem found, or nothing.
// Stricter than Keras where Keras silently returns NaN or nonsense (see README).
std::optional<ConfigError> validateConfig(const MelSpectrogramConfig& config);

}  // namespace melspec
