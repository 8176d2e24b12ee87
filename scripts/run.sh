#!/usr/bin/env bash
# The main job: install what is missing, build, and run `whitespirit` with its embedded
# default: emulated registers in var/whitespirit (fiscalised for a demo firm on the first
# start), the REST API on http://127.0.0.1:8080. Ctrl-C stops it cleanly.
#   ./scripts/run.sh [whitespirit options]     e.g. --http.port=9090, --config-file=farm.ini
#   ./scripts/run.sh emulator [kkt-emulator options]   only the register emulator
# WS_DEVICES (default 4) sets how many registers are emulated, WS_STATE_DIR their folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"

if [[ "${1:-}" == "emulator" ]]; then
  shift
  build_dir=$("$root/scripts/build.sh" kkt-emulator kkt-cli | tail -n 1)
  state_dir="${WS_STATE_DIR:-$root/var/emulator}"
  mkdir -p "$state_dir"
  echo "Drive a register from another terminal: $build_dir/apps/kkt-cli $state_dir/kkt-0001 demo" >&2
  exec "$build_dir/apps/kkt-emulator" --count "${WS_DEVICES:-4}" --dir "$state_dir" "$@"
fi

build_dir=$("$root/scripts/build.sh" whitespirit | tail -n 1)
echo "Once it prints its address, try from another terminal: curl -i http://127.0.0.1:8080/v1/ping (README: \"API with curl\")" >&2
exec "$build_dir/apps/whitespirit" --embedded.dir="${WS_STATE_DIR:-$root/var/whitespirit}" \
  --embedded.devices="${WS_DEVICES:-4}" "$@"
