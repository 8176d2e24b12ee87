#!/usr/bin/env bash
# profile.sh [--build-dir DIR] [--point N:DEVICE_MS:BYTE_MS] [--seconds S] [--out FILE] [--keep FILE]
# Where whitespirit spends its CPU under load: runs one bench_http point (default 32
# registers, device time 0, packet level: the receipts-per-second point), attaches
# `perf record -g` (Debian linux-perf) to the whitespirit child for S seconds (default 6)
# once its load runs, and prints the top of the profile (symbols over 0.5 % of samples,
# kernel ones included, and the system calls the time goes through) to standard output,
# or to FILE; --keep saves perf.data for `perf report -i`. The build folder (default build/)
# must hold bench_http, whitespirit and kkt-emulator (bench/run.sh or scripts/build.sh).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$root/build"
point="32:0:50"
seconds=6
out=""
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build_dir=$(cd "$2" && pwd); shift 2 ;;
    --point) point="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "usage: $0 [--build-dir DIR] [--point N:DEVICE_MS:BYTE_MS] [--seconds S] [--out FILE] [--keep FILE]" >&2; exit 2 ;;
  esac
done
command -v perf > /dev/null || { echo "profile.sh: perf is missing (scripts/install-deps.sh installs linux-perf)" >&2; exit 1; }

work=$(mktemp -d)
bench_pid=""
cleanup() {
  if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2> /dev/null; then kill "$bench_pid" 2> /dev/null || true; wait "$bench_pid" 2> /dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The whitespirit process below `ancestor` (bench_http forks a child per point, which
# starts whitespirit), if there is one yet.
whitespirit_below() {
  local ancestor=$1 pid parent
  for pid in $(pgrep -x whitespirit || true); do
    parent=$pid
    while [[ "$parent" -gt 1 ]]; do
      parent=$(awk '{print $4}' "/proc/$parent/stat" 2> /dev/null || echo 1)
      if [[ "$parent" == "$ancestor" ]]; then echo "$pid"; return 0; fi
    done
  done
  return 1
}

"$build_dir/bench/bench_http" --only "$point" > "$work/bench.jsonl" 2> "$work/bench.log" &
bench_pid=$!
# Up to 90 s for the emulator and whitespirit to start and every register to be ready.
for _ in $(seq 1 900); do
  grep -q "load starting" "$work/bench.log" 2> /dev/null && break
  sleep 0.1
done
server=$(whitespirit_below "$bench_pid" || true)
[[ -n "$server" ]] || { echo "profile.sh: no whitespirit started by bench_http" >&2; cat "$work/bench.log" >&2; exit 1; }
sleep 2.5  # the load's warm-up
perf record -F 999 -g -p "$server" -o "$work/perf.data" -- sleep "$seconds" 2> "$work/perf.log"
wait "$bench_pid" || true
bench_pid=""
[[ -n "$keep" ]] && cp "$work/perf.data" "$keep"
# perf's table without its comment lines and trailing padding.
report() { perf report -i "$work/perf.data" --stdio "$@" 2> /dev/null | grep -v '^#' | grep -v '^$' | sed 's/ *$//'; }
{
  echo "# whitespirit under bench_http --only $point, perf record -F 999 -g for $seconds s ($(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d ' ' -f 1 /proc/loadavg))"
  grep -h '"name":"http_receipts"\|"name":"http_server_cpu_per_receipt"' "$work/bench.jsonl" || true
  echo "## the samples by symbol (self; over 0.5 %)"
  report --no-children --sort dso,sym -g none --percent-limit 0.5 | head -45
  echo "## system calls (with everything below them; over 1 %)"
  report --children --sort sym -g none --percent-limit 1 | grep -E '__x64_sys_|do_syscall_64' | head -20
} > "${out:-/dev/stdout}"
