#!/usr/bin/env bash
# Installs what building and testing need, when it is missing: Emscripten, CMake,
# GoogleTest and Chromium (Debian packages; needs root or sudo) and the npm dev dependencies.
# Safe to run again: it does nothing when everything is there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "setup: please install with root rights: apt-get install -y $*" >&2
      exit 1
    fi
  fi
  echo "setup: installing $* (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v emcc >/dev/null || missing+=(emscripten)
command -v cmake >/dev/null || missing+=(cmake)
command -v g++ >/dev/null || missing+=(g++)
command -v clang++ >/dev/null || missing+=(clang)
[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || missing+=(libclang-rt-14-dev)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
command -v dpkg-source >/dev/null || missing+=(dpkg-dev)
# The browser tests drive Debian's Chromium (playwright-core cannot download a browser here).
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then apt_install "${missing[@]}"; else
    echo "setup: missing ${missing[*]}; install Emscripten >= 3.1, CMake, a C++17 compiler, GoogleTest, clang with libFuzzer and Chromium" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
