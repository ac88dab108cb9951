// A known-answer check of the SIMD lanes, run when a SIMD build loads: some
// engines report WASM SIMD and compute it wrongly (iOS before 17), so the loader
// falls back to the scalar build when the lanes disagree with the scalar path.
#pragma once

namespace melspec {

// True when the four-lane pipeline gives the scalar pipeline's numbers on a fixed
// signal (to float rounding), or when the build has no lanes. Allocates a little.
bool simdLanesAgreeWithScalar();

}  // namespace melspec
