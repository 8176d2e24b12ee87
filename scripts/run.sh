#!/usr/bin/env bash
# The main job: install what is missing, build, and run the farm's embedded default.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build_dir=$("$root/scripts/build.sh" kkt-emulator kkt-cli | tail -n 1)
state_dir="${WS_STATE_DIR:-$root/var/emulator}"
mkdir -p "$state_dir"
echo "Drive a register from another terminal: $build_dir/apps/kkt-cli $state_dir/kkt-0001 demo" >&2
exec "$build_dir/apps/kkt-emulator" --count "${WS_DEVICES:-4}" --dir "$state_dir" "$@"
