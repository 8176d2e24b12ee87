#!/usr/bin/env bash
# run.sh [--quick] [--build-dir DIR] [--only NAME]...: builds the benchmarks
# (scripts/build.sh: RelWithDebInfo in build/, or, with --build-dir, the targets in an
# existing RelWithDebInfo build folder) and runs them, every one unless --only names some.
# Standard output holds only JSON lines, one per result:
#   {"name":..., "params":{...}, "value":..., "unit":...}
# Progress goes to standard error. --quick runs shorter (for a smoke check, not figures).
# Each benchmark is bounded by `timeout`; a failing or timed-out one makes the script
# exit non-zero after the others have run. The whole run takes ~12 minutes.
set -euo pipefail

quick=()
build_dir=""
only=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick); shift ;;
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    --only) only+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--quick] [--build-dir DIR] [--only NAME]..." >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)

# name:time limit in seconds. bench_farm runs 13 points of 10-15 s each (~3-4 min),
# bench_http the baseline (~1.5 min) and 8 points (~3 min; it starts whitespirit).
all_benchmarks=(
  bench_frame_codec:60
  bench_receipt_calc:60
  bench_device_model:90
  bench_link_roundtrip:120
  bench_emulator_scale:240
  bench_broker_core:60
  bench_broker_actor:150
  bench_journal:60
  bench_farm:480
  bench_http:540
  bench_cluster:420
)
# bench_http and bench_cluster need the whitespirit program; a tree without it yet skips them.
if [[ ! -f "$root/apps/whitespirit_main.cpp" ]]; then
  echo "run.sh: no apps/whitespirit_main.cpp: bench_http and bench_cluster skipped" >&2
  kept=()
  for entry in "${all_benchmarks[@]}"; do [[ ${entry%%:*} == bench_http || ${entry%%:*} == bench_cluster ]] || kept+=("$entry"); done
  all_benchmarks=("${kept[@]}")
fi
benchmarks=()
for entry in "${all_benchmarks[@]}"; do
  if [[ ${#only[@]} -eq 0 ]] || [[ " ${only[*]} " == *" ${entry%%:*} "* ]]; then benchmarks+=("$entry"); fi
done
if [[ ${#benchmarks[@]} -eq 0 ]]; then
  echo "run.sh: --only names no benchmark of the list" >&2
  exit 2
fi

targets=()
for entry in "${benchmarks[@]}"; do targets+=("${entry%%:*}"); done
echo "run.sh: building ${targets[*]}" >&2
if [[ -z "$build_dir" ]]; then
  # A fresh clone: the Debian packages first (idempotent), their output kept off stdout.
  "$root/scripts/install-deps.sh" >&2
  build_dir=$("$root/scripts/build.sh" "${targets[@]}" | tail -n 1)
else
  target_args=()
  for t in "${targets[@]}"; do target_args+=(--target "$t"); done
  cmake --build "$build_dir" -j "$(nproc)" "${target_args[@]}" >&2
fi

# The machine's state, as results too, so every figure can be read against it.
machine_line() {
  local when=$1 load1 cores
  load1=$(cut -d ' ' -f 1 /proc/loadavg)
  cores=$(nproc)
  printf '{"name":"machine_load1","params":{"when":"%s","cores":%s},"value":%s,"unit":"load"}\n' \
    "$when" "$cores" "$load1"
}

machine_line before
failed=0
for entry in "${benchmarks[@]}"; do
  name=${entry%%:*}
  limit=${entry##*:}
  echo "run.sh: $name (load $(cut -d ' ' -f 1-3 /proc/loadavg))" >&2
  if ! timeout "$limit" "$build_dir/bench/$name" "${quick[@]}"; then
    echo "run.sh: $name FAILED or timed out after ${limit}s" >&2
    failed=1
  fi
done
machine_line after
exit "$failed"
