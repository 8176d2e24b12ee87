#!/usr/bin/env bash
# build.sh [--sanitize] [TARGET...]: configures and builds into build/ (or, with
# --sanitize, an ASan+UBSan build into build-asan/); all targets unless some are named.
# Prints the build folder on its last line of standard output; build logs go to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$root/build"
config=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  build_dir="$root/build-asan"
  config=(-DWS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake -S "$root" -B "$build_dir" -DWS_WERROR=ON "${config[@]}" >&2
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}" >&2
echo "$build_dir"
