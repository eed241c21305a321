#!/usr/bin/env bash
# Installs the Debian 12 packages planwatch needs to build, test, fuzz, benchmark and lint.
# Checks with dpkg-query first and does nothing when every package is present, so `make run` and
# `make test` stay fast on a prepared machine. Runs apt-get as root, or through sudo when not root.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git python3
  clang-14 libclang-rt-14-dev clang-tidy-14
  # libraries
  libicu-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev
  libpoppler-cpp-dev libzip-dev libpugixml-dev libtesseract-dev libleptonica-dev
  libsqlite3-dev libpq-dev postgresql
  libargon2-dev libssl-dev libboost-dev librestinio-dev libasio-dev libhttp-parser-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev googletest libbenchmark-dev wrk curl
  # OCR model and PDF tools
  tesseract-ocr tesseract-ocr-vie poppler-utils
)

# libcurl (the SMTP mailer): any flavour of its -dev package will do; openssl when none is there.
if ! pkg-config --exists libcurl 2>/dev/null; then PACKAGES+=(libcurl4-openssl-dev); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo env DEBIAN_FRONTEND=noninteractive)
    [ -t 0 ] || SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)  # no terminal (CI): never prompt
  else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
