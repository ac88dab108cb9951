// Configuration of a mel spectrogram, with the defaults and meaning of
// keras.layers.MelSpectrogram (Keras 3 code, not its docstring), and its validation.
//
// The fields past Keras' own (framing, filter design, log scale) let the same
// engine reproduce torchaudio, librosa and Whisper too; their defaults are
// Keras' behaviour, so a default-constructed config is the Keras layer.
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

// How `center` pads fftLength/2 samples on each side.
enum class PadMode : int {
    Reflect = 0,   // mirror without repeating the edge sample (numpy/torch "reflect")
    Constant = 1,  // zeros (librosa >= 0.10's default)
};

// Mel scales. Keras writes HTK as 1127 ln(1 + f/700), torchaudio and librosa as
// 2595 log10(1 + f/700): the same scale up to a constant factor (1.0000052),
// which cancels in every filter, since filters only use ratios of mel distances.
enum class MelScale : int {
    Htk = 0,
    Slaney = 1,  // linear below 1 kHz (f / (200/3)), logarithmic above (librosa's default)
};

// Where the triangles are linear.
enum class FilterShape : int {
    MelDomain = 0,    // Keras: in mel, over bins [1, binCount) (the DC bin is excluded)
    HertzDomain = 1,  // torchaudio melscale_fbanks, librosa.filters.mel: in Hz, between mel-spaced points
};

enum class FilterNorm : int {
    None = 0,    // triangles peak at 1
    Slaney = 1,  // each triangle scaled by 2 / (f[m+2] - f[m]) (Hz): equal area
};

// The frequency of FFT bin k.
enum class BinFrequencies : int {
    HalfRate = 0,         // linspace(0, samplingRate / 2, binCount): Keras
    IntegerHalfRate = 1,  // linspace(0, floor(samplingRate / 2), binCount): torchaudio
    FftFrequencies = 2,   // k * samplingRate / fftLength (numpy.fft.rfftfreq): librosa
};

struct MelFilterDesign {
    MelScale scale = MelScale::Htk;
    FilterShape shape = FilterShape::MelDomain;
    FilterNorm norm = FilterNorm::None;
    BinFrequencies binFrequencies = BinFrequencies::HalfRate;
};

struct MelSpectrogramConfig {
    // Keras' parameters.
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

    // Framing. The signal is first fitted to fixedLength (truncated or zero-padded;
    // 0: off), then extended by leadingZeros and trailingZeros; `center` then pads
    // fftLength/2 samples on each side of that extended signal.
    bool center = true;
    PadMode padMode = PadMode::Reflect;
    // torch's reflect pad must be shorter than the signal (length > fftLength/2)
    // and raises otherwise; numpy's reflects again as often as needed.
    bool reflectOnce = false;
    std::size_t fixedLength = 0;    // Whisper's pad_or_trim (480000 samples: 30 s)
    std::size_t leadingZeros = 0;   // torchaudio's `pad` (both sides)
    std::size_t trailingZeros = 0;  // torchaudio's `pad`, Whisper's `padding`
    bool dropLastFrame = false;     // Whisper: stft[..., :-1]

    MelFilterDesign melFilters;

    // Log scale: logMultiplier * log10(max(x, minPower)) - logMultiplier * log10(max(|refPower|, minPower)):
    // 10 for power dB, 20 for amplitude dB (torchaudio stype="magnitude"), 1 for Whisper's log10.
    // topDb is in the same units (Whisper: 8).
    double logMultiplier = 10.0;
    // librosa's ref=np.max: the reference is the largest value (over the top_db scope),
    // so the largest value becomes 0 and the floor is -topDb.
    bool refIsMax = false;
    // After the floor, values become (x + outputOffset) * outputScale (Whisper: (x + 4) / 4).
    double outputOffset = 0.0;
    double outputScale = 1.0;
};

// Limits that keep every buffer and the FFT's stack scratch small and every
// product of sizes far from integer overflow.
inline constexpr int kMaxFftLength = 65536;
inline constexpr int kMaxNumMelBins = 65536;
inline constexpr std::size_t kMaxPadding = std::size_t{1} << 31;  // fixedLength, leadingZeros, trailingZeros
// magExp bound: every log value (magExp * log10 of a magnitude up to ~1e313, times
// logMultiplier and outputScale) stays far inside float32, so dB output is always finite.
inline constexpr double kMaxMagExp = 1000.0;
// minPower bounds: float32's normal range, so the log floor is exact in both engines
// (a subnormal or zero floor would give -Infinity or a wrong floor in float32).
inline constexpr double kMinMinPower = 1.1754943508222875e-38;  // FLT_MIN
inline constexpr double kMaxMinPower = 3.4028234663852886e38;   // FLT_MAX

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
    PadMode,
    FixedLength,
    LeadingZeros,
    TrailingZeros,
    MelFilters,
    LogMultiplier,
    OutputScale,
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
// Stricter than Keras where Keras silently returns NaN or nonsense (see docs/parity.md).
std::optional<ConfigError> validateConfig(const MelSpectrogramConfig& config);

}  // namespace melspec
