#!/usr/bin/env bash
# Builds the package: the C++ core to WebAssembly (SIMD) with Emscripten, then
# the TypeScript API bundled around it, into dist/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian's Emscripten finds its JS tools (acorn) only through NODE_PATH.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"

if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/wasm -j"$(nproc)" -- --no-print-directory | grep -v '^\[' || true
test -f build/wasm/cpp/melspec.wasm
node scripts/build-js.mjs
echo "build: dist/ ready ($(wc -c < dist/melspec.wasm) bytes of wasm)"
