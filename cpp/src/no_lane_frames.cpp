// Builds without SIMD (MELSPEC_SIMD=0, e.g. the scalar WASM for browsers without
// WASM SIMD) have no four-lane pipeline: the float engine runs one frame at a time.
#include "melspec/frame_pipeline.hpp"

namespace melspec {

std::unique_ptr<FramePipeline<float>> makeLaneFramePipeline(const MelSpectrogramConfig&, const Framing&,
                                                            const MelFilterbank<float>&) {
    return nullptr;
}

}  // namespace melspec
