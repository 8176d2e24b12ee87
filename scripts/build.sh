#!/usr/bin/env bash
# build.sh [--sanitize] : configures and builds into build/ (or build-asan/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$root/build"
extra=()
if [[ "${1:-}" == "--sanitize" ]]; then
  build_dir="$root/build-asan"
  extra+=(-DWS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
else
  extra+=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
cmake -S "$root" -B "$build_dir" -DWS_WERROR=ON "${extra[@]}" >&2
cmake --build "$build_dir" -j "$(nproc)" >&2
echo "$build_dir"
