#!/usr/bin/env bash
# Builds the C++ core natively with AddressSanitizer and UBSan and runs its
# GoogleTest suite under CTest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# (CMakePresets.json: preset debug-asan.)
if [ ! -f build/native-asan/CMakeCache.txt ]; then
  cmake --preset debug-asan >/dev/null
fi
cmake --build --preset debug-asan -j"$(nproc)" -- --no-print-directory | grep -v '^\[' || true
ctest --preset debug-asan -j"$(nproc)" | tail -n 4
