#!/usr/bin/env bash
# run.sh [--quick]: builds the benchmarks (scripts/build.sh, RelWithDebInfo, build/) and
# runs every one. Standard output holds only JSON lines, one per result:
#   {"name":..., "params":{...}, "value":..., "unit":...}
# Progress goes to standard error. --quick runs shorter (for a smoke check, not figures).
# Each benchmark is bounded by `timeout`; a failing or timed-out one makes the script
# exit non-zero after the others have run.
set -euo pipefail

quick=()
if [[ "${1:-}" == "--quick" ]]; then
  quick=(--quick)
  shift
fi
if [[ $# -gt 0 ]]; then
  echo "usage: $0 [--quick]" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)

# name:time limit in seconds. Later: the farm / broker / HTTP benchmarks go here.
benchmarks=(
  bench_frame_codec:60
  bench_receipt_calc:60
  bench_device_model:90
  bench_link_roundtrip:120
  bench_emulator_scale:240
)

targets=()
for entry in "${benchmarks[@]}"; do targets+=("${entry%%:*}"); done
echo "run.sh: building ${targets[*]}" >&2
build_dir=$("$root/scripts/build.sh" "${targets[@]}" | tail -n 1)

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
