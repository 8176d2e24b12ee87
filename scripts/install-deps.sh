#!/usr/bin/env bash
# Installs every Debian package White Spirit needs to build, test and benchmark.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -euo pipefail

packages=(
  build-essential cmake pkg-config       # toolchain
  libcaf-dev                             # actors (CAF 0.17.6): registers, broker, cluster
  libcaf-openssl0.17                     # the cluster's mutual TLS (CAF's openssl module)
  openssl                                # scripts/cluster-certs.sh: the cluster CA and host certificates
  libboost-system-dev                    # Boost.Asio: serial ports, ptys and TCP
  libcpp-httplib-dev                     # REST front
  libsimdjson-dev                        # JSON parsing
  libsqlite3-dev                         # the journal (receipts, Idempotency-Keys, audit trail)
  libssl-dev                             # SHA-256 of request bodies (journal); TLS
  prometheus-cpp-dev                     # /metrics: prometheus-cpp's core and text serializer
  libspdlog-dev                          # the log on stderr (text or JSON lines)
  libqrencode-dev                        # the receipt page's QR code, drawn as inline SVG
  catch2                                 # unit and end-to-end tests
  prometheus                             # tests: promtool check metrics; a real server scraping the farm
  systemd                                # tests: systemd-analyze verify on the unit
  chromium                               # tests: the dashboard and the receipt page in headless Chromium
  zbar-tools                             # tests: zbarimg reads the receipt page's QR back from a screenshot
  socat                                  # manual pty/TCP poking in docs and tests
  clang-14 libfuzzer-14-dev              # fuzz targets (scripts/fuzz.sh, fuzz/)
  wrk                                    # bench/: an outside HTTP load generator beside our own (bench_http)
  linux-perf                             # bench/profile.sh: where whitespirit spends its CPU under load
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
