#!/usr/bin/env bash
# Fuzzes the C++ core with libFuzzer under ASan + UBSan (clang; Debian's clang and
# libclang-rt-14-dev). Starts from the committed seeds in cpp/fuzz/corpus; new
# inputs go to build/fuzz-corpus (not committed). Usage: scripts/fuzz.sh [seconds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-60}"

if [ ! -f build/fuzz/CMakeCache.txt ]; then
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMELSPEC_SANITIZE=ON -DMELSPEC_BUILD_FUZZ=ON -DMELSPEC_BUILD_TESTS=OFF >/dev/null
fi
cmake --build build/fuzz -j"$(nproc)" --target melspec_fuzz -- --no-print-directory | grep -v '^\[' || true
mkdir -p build/fuzz-corpus build/fuzz-artifacts
build/fuzz/cpp/melspec_fuzz -artifact_prefix=build/fuzz-artifacts/ -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
  -print_final_stats=1 build/fuzz-corpus cpp/fuzz/corpus
