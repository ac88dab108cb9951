#!/usr/bin/env bash
# Builds the library: the C++ core to WebAssembly (SIMD) with Emscripten, then the
# TypeScript API bundled around it, into dist/; then the CLI package into packages/cli/dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian's Emscripten finds its JS tools (acorn) only through NODE_PATH.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"

# Two WASM builds of the same code: with SIMD (the default), and scalar for
# engines without WASM SIMD; the loader picks one at run time.
# (CMakePresets.json: presets wasm and wasm-scalar, configured through emcmake.)
build_wasm() {
  local preset=$1
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    emcmake cmake --preset "$preset" >/dev/null
  fi
  cmake --build --preset "$preset" -j"$(nproc)" -- --no-print-directory | grep -v '^\[' || true
  test -f "build/$preset/cpp/melspec.wasm"
}
build_wasm wasm
build_wasm wasm-scalar
node scripts/build-js.mjs
# The CLI package (packages/cli), which uses the library above through node_modules.
node packages/cli/build.mjs
# The demo's speed panel: the browser benchmark's bundles of ours, transformers.js and Meyda
# into demo/peers/ (ignored by git); skipped while bench/node_modules is not installed.
node bench/build-browser.mjs --demo --if-installed
echo "build: dist/ ready ($(wc -c < dist/melspec.wasm) bytes of SIMD wasm, $(wc -c < dist/melspec-scalar.wasm) scalar)"
