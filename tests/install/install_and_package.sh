#!/usr/bin/env bash
# install_and_package.sh BUILD_DIR VERSION: installs the build into a DESTDIR and runs the
# installed program (--version; its example configuration, which lists no registers, must
# refuse to start with a clear message), verifies the systemd unit with systemd-analyze,
# then builds the Debian package with cpack and reads it back with dpkg-deb. Exits non-zero
# with the reason on the first thing that is wrong.
set -euo pipefail
build=$1
version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. cmake --install into a DESTDIR, as a package build would.
DESTDIR="$work/root" cmake --install "$build" --prefix /usr >"$work/install.log"
root=$work/root
for f in usr/bin/whitespirit usr/bin/kkt-emulator usr/bin/kkt-cli etc/whitespirit/whitespirit.ini \
         usr/lib/systemd/system/whitespirit.service usr/lib/sysusers.d/whitespirit.conf usr/share/doc/whitespirit/README.md; do
  [[ -e "$root/$f" ]] || fail "not installed: /$f"
done

# 2. The installed program runs; with its example configuration it refuses to start.
out=$("$root/usr/bin/whitespirit" --version)
[[ "$out" == "whitespirit $version" ]] || fail "--version printed '$out'"
set +e
out=$("$root/usr/bin/whitespirit" --config-file="$root/etc/whitespirit/whitespirit.ini" 2>&1)
code=$?
set -e
[[ $code -eq 2 ]] || fail "the example configuration exited $code, not 2: $out"
grep -q "^whitespirit: registers: none configured, and embedded.enabled is false" <<<"$out" ||
  fail "no clear message for a configuration without registers: $out"

# 3. The unit: systemd-analyze verify against the DESTDIR (its ExecStart must exist there).
unit=$root/usr/lib/systemd/system/whitespirit.service
grep -q "^ExecStart=/usr/bin/whitespirit --config-file=/etc/whitespirit/whitespirit.ini$" "$unit" ||
  fail "ExecStart does not name the installed paths"
for line in "User=whitespirit" "SupplementaryGroups=dialout" "Restart=on-failure" "StateDirectory=whitespirit" \
            "KillSignal=SIGTERM" "LimitNOFILE=65536"; do
  grep -qx "$line" "$unit" || fail "the unit lacks $line"
done
# systemd-analyze checks that ExecStart's program exists (and --root wants a whole system
# under it): verify a copy whose ExecStart names the program installed in the DESTDIR.
mkdir -p "$work/unit"
sed "s|^ExecStart=/usr/bin/whitespirit|ExecStart=$root/usr/bin/whitespirit|" "$unit" >"$work/unit/whitespirit.service"
if ! systemd-analyze verify "$work/unit/whitespirit.service" >"$work/verify.log" 2>&1; then
  cat "$work/verify.log" >&2
  fail "systemd-analyze verify"
fi
if grep -i "whitespirit" "$work/verify.log"; then fail "systemd-analyze found problems in the unit"; fi

# 4. The Debian package: files and declared dependencies.
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" >"$work/cpack.log") ||
  { cat "$work/cpack.log" >&2; fail "cpack -G DEB"; }
deb=$(ls "$work"/deb/whitespirit_*.deb)
info=$(dpkg-deb --info "$deb")
grep -q "^ Package: whitespirit$" <<<"$info" || fail "package name: $info"
grep -q "^ Version: $version$" <<<"$info" || fail "package version: $info"
depends=$(grep "^ Depends:" <<<"$info") || fail "no Depends: $info"
for lib in libcaf-core libcpp-httplib libsqlite3 libspdlog; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
contents=$(dpkg-deb --contents "$deb")
for f in ./usr/bin/whitespirit ./usr/bin/kkt-emulator ./usr/bin/kkt-cli ./etc/whitespirit/whitespirit.ini \
         ./usr/lib/systemd/system/whitespirit.service ./usr/lib/sysusers.d/whitespirit.conf; do
  grep -q " $f$" <<<"$contents" || fail "the package lacks $f"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -t | grep -q "conffiles" || fail "no conffiles"
echo "install, unit and package: ok ($deb)"
