#!/usr/bin/env bash
# Style and lint checks, run by npm test: Biome (format + lint) for JavaScript and
# TypeScript (biome.json), clang-format (.clang-format) for the C++ core.
# `bash scripts/lint.sh --fix` rewrites the files instead of checking them.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

status=0
mapfile -t cpp_files < <(git ls-files 'cpp/*.cpp' 'cpp/*.hpp' 'cpp/*.h' 'cpp/*.c')
if [ "${1:-}" = "--fix" ]; then
  node_modules/.bin/biome check --write || status=1
  clang-format -i "${cpp_files[@]}" || status=1
else
  node_modules/.bin/biome ci --colors=off --error-on-warnings || status=1
  clang-format --dry-run --Werror "${cpp_files[@]}" || status=1
fi
if [ "$status" -eq 0 ]; then echo "lint: Biome and clang-format report nothing"; fi
exit "$status"
