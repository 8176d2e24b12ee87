#!/usr/bin/env bash
# cluster-certs.sh DIR HOST...: a cluster CA and one certificate per host for the mutual
# TLS between fronts and nodes (CAF's openssl module).
#
#   DIR/ca.pem, DIR/ca.key          the cluster CA (keep ca.key off the hosts)
#   DIR/HOST.pem, DIR/HOST.key      HOST's certificate, signed by the CA, and its key
#
# Each host then runs with
#   --openssl.certificate=DIR/HOST.pem --openssl.key=DIR/HOST.key --openssl.cafile=DIR/ca.pem
# A peer whose certificate the CA did not sign, or that has none, is refused. Host names
# are not checked (CAF 0.17 does not): the CA is what admits a host, so use one CA per
# cluster. An existing CA in DIR is reused, so hosts can be added later.
# Options: --days N (validity, default 825), --ca-name NAME (CA subject, default
# "White Spirit cluster CA").
set -euo pipefail

days=825
ca_name="White Spirit cluster CA"
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --days) days="$2"; shift 2 ;;
    --ca-name) ca_name="$2"; shift 2 ;;
    *) echo "cluster-certs: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $# -lt 2 ]]; then
  echo "usage: cluster-certs.sh [--days N] [--ca-name NAME] DIR HOST..." >&2
  exit 2
fi
dir="$1"
shift
command -v openssl >/dev/null || { echo "cluster-certs: the openssl command is missing (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
umask 077

if [[ ! -f "$dir/ca.pem" || ! -f "$dir/ca.key" ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
    -subj "/CN=$ca_name" -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
  echo "cluster-certs: made the CA $dir/ca.pem"
fi

for host in "$@"; do
  if [[ ! "$host" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "cluster-certs: \"$host\": a host name has letters, digits, dots, dashes and underscores only" >&2
    exit 2
  fi
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=$host" \
    -keyout "$dir/$host.key" -out "$dir/$host.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s\n' \
    "$host" > "$dir/$host.ext"
  openssl x509 -req -in "$dir/$host.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile "$dir/$host.ext" -out "$dir/$host.pem" 2>/dev/null
  rm -f "$dir/$host.csr" "$dir/$host.ext"
  echo "cluster-certs: made $dir/$host.pem and $dir/$host.key"
done
