#!/usr/bin/env bash
# fuzz.sh [--seconds-per-target N] [--runs N] [--only TARGET]... [--summary FILE]: installs clang-14 and
# libFuzzer (scripts/install-deps.sh), builds every target of fuzz/ with ASan + UBSan into
# build-fuzz/ (a clang build of its own; the main build stays g++), then runs each target
# in turn for N seconds (default 20) or N executions (both given: whichever comes first), starting from its committed seed
# corpus in fuzz/corpus/TARGET (new inputs go to build-fuzz/corpus/TARGET). Prints one
# line per target (executions, executions per second, result) and writes them to
# build-fuzz/fuzz-summary.txt (or FILE). Exits non-zero when any target found a crash, a leak, a
# timeout or a broken invariant; its input is then in build-fuzz/artifacts/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=20
seconds_given=""
runs=""
only=()
summary=""
while (($#)); do
  case "$1" in
    --seconds-per-target) seconds="$2"; seconds_given=1; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) only+=("$2"); shift 2 ;;
    --summary) summary="$2"; shift 2 ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

"$root/scripts/install-deps.sh"
build="$root/build-fuzz"
cmake -S "$root/fuzz" -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build "$build" -j "$(nproc)" >&2

# The dictionary of each target whose format has keywords.
declare -A dict=(
  [fuzz_frame_decoder]=shtrih [fuzz_packet_decoder]=shtrih [fuzz_device_link]=shtrih
  [fuzz_host_link]=shtrih [fuzz_receipt_request]=json_receipt
  [fuzz_configuration_request]=json_configuration [fuzz_query_params]=query
  [fuzz_conditional]=conditional [fuzz_control_protocol]=control [fuzz_config]=config
)
targets=(fuzz_frame_decoder fuzz_packet_decoder fuzz_device_link fuzz_host_link fuzz_link_pair
         fuzz_tlv fuzz_receipt_request fuzz_configuration_request fuzz_query_params
         fuzz_conditional fuzz_control_protocol fuzz_config)
if ((${#only[@]})); then targets=("${only[@]}"); fi

mkdir -p "$build/artifacts" "$build/logs"
summary="${summary:-$build/fuzz-summary.txt}"
: > "$summary"
failed=0
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  args=(-timeout=10 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1
        "-artifact_prefix=$build/artifacts/$t-")
  if [[ -n "$runs" ]]; then args+=("-runs=$runs"); fi
  if [[ -z "$runs" || -n "$seconds_given" ]]; then args+=("-max_total_time=$seconds"); fi
  if [[ -n "${dict[$t]:-}" ]]; then args+=("-dict=$root/fuzz/dict/${dict[$t]}.dict"); fi
  log="$build/logs/$t.log"
  rc=0
  "$build/$t" "${args[@]}" "$corpus" "$root/fuzz/corpus/$t" > "$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  result=ok
  if ((rc != 0)); then
    result="FAILED (exit $rc, see $log)"
    failed=1
  fi
  line="$t executions=${execs:-?} exec/s=${speed:-?} result=$result"
  echo "$line" | tee -a "$summary"
done
exit "$failed"
