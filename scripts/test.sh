#!/usr/bin/env bash
# `npm test`: set-up and build if needed, then every test: the C++ unit tests
# (ASan + UBSan, CTest), the Jest suites, the benchmark's quick mode and a deterministic fuzz run.
# Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh || exit 1
bash scripts/build.sh || exit 1

# Style: Biome (JS/TS) and clang-format (C++) report nothing (npm run format fixes).
echo "lint: scripts/lint.sh"
bash scripts/lint.sh 2>&1 | tail -n 20
lint_status=${PIPESTATUS[0]}

native_log=$(mktemp)
bash scripts/test-native.sh 2>&1 | tee "$native_log"
native_status=${PIPESTATUS[0]}
native_summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$native_log" | tail -1)
rm -f "$native_log"

mkdir -p build
node --expose-gc node_modules/jest/bin/jest.js --json --outputFile=build/jest-results.json "$@"
jest_status=$?

# The benchmark suite's quick mode: seconds, not minutes; checks that every peer and
# native build still runs and agrees (npm run bench measures for real).
echo "bench: node bench/run.mjs --quick"
node bench/run.mjs --quick
bench_status=$?
# The same in headless Chromium (the browser peers, one page), plus one cold first call.
echo "bench: node bench/run.mjs --browser --quick"
node bench/run.mjs --browser --quick || bench_status=1
# Whisper's 30-second model input against transformers.js' WhisperFeatureExtractor:
# one run, checks that both agree (node --expose-gc bench/whisper.mjs measures for real).
echo "bench: node bench/whisper.mjs --quick"
node --expose-gc bench/whisper.mjs --quick > build/whisper-bench.log 2>&1
whisper_status=$?
grep -v '^{' build/whisper-bench.log
[ "$whisper_status" -eq 0 ] || bench_status=1

# A deterministic libFuzzer run of the C++ core under ASan + UBSan: the committed seeds
# (regression inputs included), a fixed seed and a fixed number of runs, so it finds the
# same things on every machine (npm run fuzz -- SECONDS explores with a fresh seed).
echo "fuzz: scripts/fuzz.sh --runs 8000 1"
bash scripts/fuzz.sh --runs 8000 1 2>&1 | tail -n 7
fuzz_status=${PIPESTATUS[0]}

node - "$native_summary" "$bench_status" "$fuzz_status" "$lint_status" <<'JS'
const fs = require('fs');
const [, failedNative = 0, totalNative = 0] = (process.argv[2].match(/(\d+) tests failed out of (\d+)/) || []).map(Number);
let passed = totalNative - failedNative, failed = failedNative;
if (process.argv[3] === '0') passed += 1; else failed += 1; // the quick benchmark
if (process.argv[4] === '0') passed += 1; else failed += 1; // the deterministic fuzz run
if (process.argv[5] === '0') passed += 1; else failed += 1; // the style check
try {
  const jest = JSON.parse(fs.readFileSync('build/jest-results.json', 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
} catch {
  failed += 1;
}
console.log(`\ntests (C++, Jest, the quick benchmarks, a deterministic fuzz run, the style check):\n${passed} passed, ${failed} failed`);
JS

[ "$lint_status" -eq 0 ] && [ "$native_status" -eq 0 ] && [ "$jest_status" -eq 0 ] && [ "$bench_status" -eq 0 ] && [ "$fuzz_status" -eq 0 ]
