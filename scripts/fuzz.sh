#!/usr/bin/env bash
# Fuzzes the C++ core with libFuzzer under ASan + UBSan (clang; Debian's clang and
# libclang-rt-14-dev), starting from the committed seeds in cpp/fuzz/corpus
# (regression inputs included).
#   scripts/fuzz.sh [seconds]        a fresh random seed (printed as "Seed:"), new inputs
#                                    kept in build/fuzz-corpus (not committed); default 60 s
#   scripts/fuzz.sh --runs N [seed]  deterministic, for npm test: a fixed seed (default 1),
#                                    a fixed number of runs, the committed corpus only
# A crash leaves its input in build/fuzz-artifacts/; add it to cpp/fuzz/corpus once fixed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# (CMakePresets.json: preset fuzz.)
if [ ! -f build/fuzz/CMakeCache.txt ]; then
  cmake --preset fuzz >/dev/null
fi
cmake --build --preset fuzz -j"$(nproc)" -- --no-print-directory | grep -v '^\[' || true
mkdir -p build/fuzz-artifacts
common=(-artifact_prefix=build/fuzz-artifacts/ -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1)

if [ "${1:-}" = "--runs" ]; then
  runs="${2:?usage: scripts/fuzz.sh --runs N [seed]}"
  seed="${3:-1}"
  # New inputs go to a fresh folder, so every run starts from the same corpus.
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  # Without address randomisation: libFuzzer feeds compared values (pointers among them)
  # back into its mutations, so random addresses would change what it tries from run to run.
  norandom=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then norandom=(setarch "$(uname -m)" -R); fi
  echo "fuzz: deterministic run: -seed=$seed -runs=$runs from cpp/fuzz/corpus ($(ls cpp/fuzz/corpus | wc -l) inputs)"
  "${norandom[@]}" build/fuzz/cpp/melspec_fuzz "${common[@]}" -seed="$seed" -runs="$runs" "$scratch" cpp/fuzz/corpus
else
  seconds="${1:-60}"
  mkdir -p build/fuzz-corpus
  build/fuzz/cpp/melspec_fuzz "${common[@]}" -max_total_time="$seconds" build/fuzz-corpus cpp/fuzz/corpus
fi
