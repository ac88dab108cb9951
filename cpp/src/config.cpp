#include "melspec/config.hpp"

#include <cfloat>
#include <cmath>

#include "melspec/framing.hpp"

namespace melspec {

int resolvedSequenceLength(const MelSpectrogramConfig& config) {
    return config.sequenceLength == 0 ? config.fftLength : config.sequenceLength;
}

double resolvedMaxFreq(const MelSpectrogramConfig& config) {
    // Keras: `max_freq or int(sampling_rate / 2)`; int() truncates (11025 -> 5512).
    return config.maxFreq == 0.0 ? std::trunc(config.samplingRate / 2.0) : config.maxFreq;
}

namespace {

ConfigError error(ConfigParam param, std::string message) { return ConfigError{param, std::move(message)}; }

bool isFinite(double value) { return std::isfinite(value); }

}  // namespace

std::optional<ConfigError> validateConfig(const MelSpectrogramConfig& config) {
    if (config.fftLength < 1 || config.fftLength > kMaxFftLength)
        return error(ConfigParam::FftLength, "fftLength must be an integer from 1 to 65536");
    if (config.sequenceStride < 1)
        return error(ConfigParam::SequenceStride, "sequenceStride must be a positive integer");
    if (config.sequenceLength < 0 || config.sequenceLength > config.fftLength)
        return error(ConfigParam::SequenceLength, "sequenceLength must be from 1 to fftLength (0 means fftLength)");
    const int sequenceLength = resolvedSequenceLength(config);
    if (config.window == WindowKind::Custom) {
        if (config.customWindow.size() != static_cast<std::size_t>(sequenceLength))
            return error(ConfigParam::Window, "a custom window must have sequenceLength values");
        double sum = 0.0;
        for (double value : config.customWindow) {
            // Must fit float32 too: the float engine holds the window as float.
            if (!isFinite(value) || std::fabs(value) > FLT_MAX)
                return error(ConfigParam::Window, "window values must be numbers from -3.4e38 to 3.4e38");
            sum += value;
        }
        // Keras divides by the window sum (scipy's scaling, then undone): 0 gives NaN.
        if (sum == 0.0) return error(ConfigParam::Window, "window must not sum to 0");
    } else if (config.window != WindowKind::Hann && config.window != WindowKind::Hamming &&
               config.window != WindowKind::Rectangular) {
        return error(ConfigParam::Window, "unknown window kind");
    }
    if (!isFinite(config.samplingRate) || config.samplingRate <= 0.0)
        return error(ConfigParam::SamplingRate, "samplingRate must be a positive finite number");
    if (config.numMelBins < 1 || config.numMelBins > kMaxNumMelBins)
        return error(ConfigParam::NumMelBins, "numMelBins must be an integer from 1 to 65536");
    if (!isFinite(config.minFreq) || config.minFreq < 0.0)
        return error(ConfigParam::MinFreq, "minFreq must be a finite number >= 0");
    const double maxFreq = resolvedMaxFreq(config);
    if (!isFinite(maxFreq) || maxFreq < 0.0) return error(ConfigParam::MaxFreq, "maxFreq must be a finite number >= 0");
    if (config.minFreq >= maxFreq) return error(ConfigParam::MinFreq, "minFreq must be below maxFreq");
    if (config.topDb && (!isFinite(*config.topDb) || *config.topDb < 0.0))
        return error(ConfigParam::TopDb, "topDb must be a finite number >= 0");
    if (!isFinite(config.magExp) || config.magExp < 0.0 || config.magExp > kMaxMagExp)
        return error(ConfigParam::MagExp, "magExp must be a number from 0 to 1000");
    // Both must fit float32: in the float engine a larger one is inf, and inf - inf = NaN in dB.
    if (!isFinite(config.minPower) || config.minPower < kMinMinPower || config.minPower > kMaxMinPower)
        return error(ConfigParam::MinPower,
                     "minPower must be a number from 1.2e-38 to 3.4e38 (float32's normal range)");
    if (!isFinite(config.refPower) || std::fabs(config.refPower) > FLT_MAX)
        return error(ConfigParam::RefPower, "refPower must be a number from -3.4e38 to 3.4e38");
    if (config.topDbScope != TopDbScope::Batch && config.topDbScope != TopDbScope::Item)
        return error(ConfigParam::TopDbScope, "unknown topDbScope");
    if (config.padMode != PadMode::Reflect && config.padMode != PadMode::Constant)
        return error(ConfigParam::PadMode, "unknown padMode");
    if (config.fixedLength > kMaxPadding)
        return error(ConfigParam::FixedLength, "fixedLength must be at most 2^31 samples");
    if (config.leadingZeros > kMaxPadding)
        return error(ConfigParam::LeadingZeros, "leadingZeros must be at most 2^31 samples");
    if (config.trailingZeros > kMaxPadding)
        return error(ConfigParam::TrailingZeros, "trailingZeros must be at most 2^31 samples");
    if (config.fixedLength != 0 && Framing(config).frameCount(1) == 0)
        return error(ConfigParam::FixedLength, "fixedLength (with the zero padding) is too short for one frame");
    const MelFilterDesign& design = config.melFilters;
    if ((design.scale != MelScale::Htk && design.scale != MelScale::Slaney) ||
        (design.shape != FilterShape::MelDomain && design.shape != FilterShape::HertzDomain) ||
        (design.norm != FilterNorm::None && design.norm != FilterNorm::Slaney) ||
        (design.binFrequencies != BinFrequencies::HalfRate &&
         design.binFrequencies != BinFrequencies::IntegerHalfRate &&
         design.binFrequencies != BinFrequencies::FftFrequencies))
        return error(ConfigParam::MelFilters, "unknown mel filter design");
    if (!isFinite(config.logMultiplier) || config.logMultiplier <= 0.0 || config.logMultiplier > 1e6)
        return error(ConfigParam::LogMultiplier, "logMultiplier must be a number > 0 and at most 1e6");
    // These bounds keep every finite log finite in float32 (|log10| of a float32 is below 46).
    if (!isFinite(config.outputOffset) || std::fabs(config.outputOffset) > 1e6)
        return error(ConfigParam::OutputScale, "outputOffset must be a finite number from -1e6 to 1e6");
    if (!isFinite(config.outputScale) || config.outputScale == 0.0 || std::fabs(config.outputScale) > 1e6)
        return error(ConfigParam::OutputScale, "outputScale must be a non-zero number from -1e6 to 1e6");
    return std::nullopt;
}

}  // namespace melspec
