#!/usr/bin/env bash
# Builds the C++ core natively with AddressSanitizer and UBSan and runs its
# GoogleTest suite under CTest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f build/native-asan/CMakeCache.txt ]; then
  cmake -S . -B build/native-asan -DCMAKE_BUILD_TYPE=Debug -DMELSPEC_SANITIZE=ON >/dev/null
fi
cmake --build build/native-asan -j"$(nproc)" -- --no-print-directory | grep -v '^\[' || true
ctest --test-dir build/native-asan --output-on-failure -j"$(nproc)" | tail -n 4
