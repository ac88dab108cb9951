#!/usr/bin/env bash
# Installs what building and testing need, when it is missing: Emscripten, CMake,
# GoogleTest, Chromium, and for the CLI tests alsa-utils, ffmpeg and numpy (Debian packages;
# needs root or sudo) and the npm dependencies.
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
command -v clang-format >/dev/null || missing+=(clang-format)  # scripts/lint.sh
[ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ] || missing+=(libclang-rt-14-dev)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
command -v dpkg-source >/dev/null || missing+=(dpkg-dev)
# The browser tests drive Debian's Chromium (playwright-core cannot download a browser here).
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v firefox-esr >/dev/null || missing+=(firefox-esr)
# The CLI tests: real speech (alsa-utils), ffmpeg to make MP3/FLAC/Ogg of it, numpy to load
# the .npy, script(1) for a pseudo-terminal.
[ -f /usr/share/sounds/alsa/Front_Center.wav ] || missing+=(alsa-utils)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
/usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
command -v script >/dev/null || missing+=(bsdutils)
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then apt_install "${missing[@]}"; else
    echo "setup: missing ${missing[*]}; install Emscripten >= 3.1, CMake, a C++17 compiler, GoogleTest, clang with libFuzzer, Chromium, ffmpeg, numpy and the alsa-utils sounds" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
