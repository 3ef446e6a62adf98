#!/usr/bin/env bash
# build.sh — configures and builds Rotunda into build/ (Release unless BUILD_TYPE says otherwise).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${ROTUNDA_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" \
  ${ROTUNDA_WARNINGS_AS_ERRORS:+-DROTUNDA_WARNINGS_AS_ERRORS=$ROTUNDA_WARNINGS_AS_ERRORS} >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
