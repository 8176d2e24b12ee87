#!/usr/bin/env bash
# The whole test suite: install what is missing, build, run every test through ctest.
# test.sh --sanitize builds and runs the same suite with AddressSanitizer + UBSan.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build_dir=$("$root/scripts/build.sh" "$@" | tail -n 1)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build_dir"
ctest --output-on-failure --timeout 900 -j "$(nproc)"
