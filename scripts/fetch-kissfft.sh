#!/usr/bin/env bash
# Fetch KissFFT (a build-time dependency, never committed) into an ignored folder.
#
# Pinned to upstream release 131.1.0. On Debian the source package is fetched
# with `apt-get source` (Debian patches applied) through a temporary deb-src entry whose URI is read from
# this machine's own apt configuration (no mirror host is written here); the
# system's apt configuration is left untouched. Elsewhere, the upstream 131.1.0
# tag is cloned with git. Either way, the result lands in $1 (default .deps/kissfft).
set -euo pipefail

KISSFFT_VERSION="131.1.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:-$here/.deps/kissfft}"

if [ -f "$dest/kiss_fft.c" ] && grep -qs "$KISSFFT_VERSION" "$dest/.melspec-kissfft-version"; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch_with_apt() {
  local sources=/etc/apt/sources.list.d/debian.sources
  [ -r "$sources" ] || return 1
  command -v apt-get >/dev/null || return 1
  # The same entries as the machine's, turned into deb-src, in a private apt tree.
  mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
  sed -e 's/^Types:.*/Types: deb-src/' "$sources" > "$work/apt/sources.list.d/melspec-src.sources"
  touch "$work/apt/sources.list"
  local opts=(
    -o "Dir::Etc::SourceList=$work/apt/sources.list"
    -o "Dir::Etc::SourceParts=$work/apt/sources.list.d"
    -o "Dir::State::Lists=$work/apt/lists"
    -o "Dir::Cache=$work/apt/cache"
    -o "Debug::NoLocking=1"
  )
  apt-get "${opts[@]}" -qq update >/dev/null 2>&1 || return 1
  local version
  version="$(apt-cache "${opts[@]}" showsrc kissfft 2>/dev/null | awk '/^Version:/ {print $2}' | grep "^$KISSFFT_VERSION" | head -1)"
  [ -n "$version" ] || { echo "fetch-kissfft: no kissfft $KISSFFT_VERSION source package here" >&2; return 1; }
  (cd "$work" && apt-get "${opts[@]}" -qq source --download-only "kissfft=$version" >/dev/null 2>&1) || return 1
  # Unpack with Debian's patches applied (among them an overflow check that matters on
  # 32-bit targets such as wasm32). apt already verified the files against the signed index.
  local dsc
  dsc="$(ls "$work"/kissfft_*.dsc 2>/dev/null | head -1)"
  [ -n "$dsc" ] || return 1
  if command -v dpkg-source >/dev/null; then
    (cd "$work" && dpkg-source --no-check -x "$dsc" "$work/src" >/dev/null 2>&1) || return 1
  else
    mkdir -p "$work/src"
    tar -xf "$work"/kissfft_"$KISSFFT_VERSION".orig.tar.* -C "$work/src" --strip-components=1
    tar -xf "$work"/kissfft_*.debian.tar.* -C "$work/src"
    local patch
    for patch in $(grep -v '^#' "$work/src/debian/patches/series"); do
      patch -s -d "$work/src" -p1 < "$work/src/debian/patches/$patch" || return 1
    done
  fi
  echo "kissfft $KISSFFT_VERSION (Debian source package kissfft=$version, with its patches)" > "$work/src/.melspec-kissfft-version"
}

fetch_with_git() {
  command -v git >/dev/null || return 1
  git clone -q --depth 1 --branch "$KISSFFT_VERSION" https://github.com/mborgerding/kissfft.git "$work/src" || return 1
  rm -rf "$work/src/.git"
  echo "kissfft $KISSFFT_VERSION (upstream tag)" > "$work/src/.melspec-kissfft-version"
}

if fetch_with_apt || fetch_with_git; then
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$work/src" "$dest"
  echo "fetch-kissfft: $(cat "$dest/.melspec-kissfft-version") -> $dest"
else
  echo "fetch-kissfft: could not fetch KissFFT $KISSFFT_VERSION. Put its sources in $dest" >&2
  echo "  (or pass -DKISSFFT_SOURCE_DIR=/path/to/kissfft-$KISSFFT_VERSION to CMake)." >&2
  exit 1
fi
