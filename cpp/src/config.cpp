#include "melspec/config.hpp"

#include <cfloat>
#include <cmath>

#include "melspec/framing.hpp"
#include "melspec/generated/engine_option_checks.hpp"

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
    // Each option's own range first (declared in schema/engine-options.json), then the
    // rules between options.
    if (auto problem = generated::checkOptionRanges(config)) return problem;
    if (config.sequenceLength > config.fftLength)
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
    }
    if (config.minFreq >= resolvedMaxFreq(config)) return error(ConfigParam::MinFreq, "minFreq must be below maxFreq");
    if (config.fixedLength != 0 && Framing(config).frameCount(1) == 0)
        return error(ConfigParam::FixedLength, "fixedLength (with the zero padding) is too short for one frame");
    return std::nullopt;
}

}  // namespace melspec
