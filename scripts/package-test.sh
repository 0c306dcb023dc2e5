#!/usr/bin/env bash
# Builds the Release packages (preset "package": opsboard_*.deb, opsboard-server_*.deb, one
# .tar.gz), checks them with lintian, desktop-file-validate and appstreamcli, installs them with
# dpkg on this machine (root or sudo), runs the installed binaries — the installed app reaches the
# installed server headless and must go live with orders — then removes and purges them and checks
# that nothing is left. Called by .ci/run; safe to run by hand on a Debian 12 machine where the
# opsboard packages are not installed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup.sh
source "$here/setup.sh"
cd "$here/.."

say() { printf '== %s\n' "$*"; }
fail() {
    printf 'package-test: FAIL: %s\n' "$*" >&2
    exit 1
}

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
# Another apt/dpkg run on the machine holds the lock for a while: wait instead of failing.
apt_get() { DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 "$@"; }

ops_install_dependencies "${OPS_PACKAGING_PACKAGES[@]}"
for pkg in opsboard opsboard-server; do
    if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
        fail "$pkg is already installed here; remove it first (this test installs and purges it)"
    fi
done

version=$(sed -n 's/^ *VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt | head -n1)
[[ -n "$version" ]] || fail "no VERSION in project() of CMakeLists.txt"
say "building the Release packages of $version"
cmake --preset package >/dev/null
nice cmake --build --preset package -j "$(nproc)"
rm -f build/package/*.deb build/package/*.tar.gz build/package/*.sha256
(cd build/package && cpack -G "DEB;TGZ" >/dev/null)
app_deb=$(ls build/package/opsboard_"${version}"_*.deb)
server_deb=$(ls build/package/opsboard-server_"${version}"_*.deb)
tarball=$(ls build/package/opsboard-"${version}"-*.tar.gz)
ls -l "$app_deb" "$server_deb" "$tarball"
for deb in "$app_deb" "$server_deb"; do
    [[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "$deb: version is not $version"
done
# The app draws the device keys' QR codes with libqrencode (optional in the build, not here).
grep -q 'libqrencode4' <<<"$(dpkg-deb -f "$app_deb" Depends)" || fail "$app_deb does not depend on libqrencode4"
contents=$(tar -tzf "$tarball")
for path in usr/bin/opsboard usr/bin/opsboard-server etc/opsboard/server.conf \
    lib/systemd/system/opsboard-server.service; do
    grep -q "/$path\$" <<<"$contents" || fail "$tarball lacks $path"
done

say "desktop-file-validate, appstreamcli validate"
desktop-file-validate resources/io.opsboard.Opsboard.desktop
grep -q '^Comment\[de\]=' resources/io.opsboard.Opsboard.desktop || fail "desktop entry has no German"
metainfo=build/package/packaging/io.opsboard.Opsboard.metainfo.xml
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo release is not $version"
grep -q '<summary xml:lang="de">' "$metainfo" || fail "metainfo has no German summary"
grep -q '<screenshot type="default">' "$metainfo" || fail "metainfo has no screenshots"
appstreamcli validate --no-net --pedantic "$metainfo"

say "man pages (generated from --help)"
for page in opsboard:--state-log opsboard-server:--metrics-token; do
    gz=build/package/packaging/${page%%:*}.1.gz
    # roff writes every hyphen of an option as \-.
    zcat "$gz" | sed 's/\\-/-/g' | grep -q -- "${page#*:}" || fail "$gz does not list ${page#*:}"
    if zcat "$gz" | grep -q '???'; then
        fail "$gz has text help2man could not encode"
    fi
done

say "lintian"
# Errors fail the run; warnings are printed (the ones left are explained in packaging/README.md).
lintian_out=$(lintian -I -E --pedantic --tag-display-limit 0 "$app_deb" "$server_deb" 2>&1 || true)
printf '%s\n' "${lintian_out:-lintian: no tags}"
if grep -q '^E:' <<<"$lintian_out"; then
    fail "lintian reports errors"
fi

tmp=$(mktemp -d)
server_pid=
runtime_dir=
installed=0
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ $installed -eq 1 ]]; then
        "${sudo[@]}" dpkg --purge opsboard opsboard-server >/dev/null 2>&1 || true
    fi
    "${sudo[@]}" rm -rf "$tmp"
    [[ -z "$runtime_dir" ]] || rm -rf "$runtime_dir"
}
trap cleanup EXIT

say "dpkg -i"
installed=1
if ! "${sudo[@]}" dpkg -i "$app_deb" "$server_deb"; then
    apt_get install -f -y -qq --no-install-recommends
fi
for pkg in opsboard opsboard-server; do
    dpkg-query -W -f='${Status}' "$pkg" | grep -q 'install ok installed' || fail "$pkg not installed"
done
# --version and --help are read before the app needs a display: none here.
[[ $(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/opsboard --version) == \
    "opsboard $version" ]] || fail "opsboard --version without a display"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/opsboard --help | grep -q -- '--server' ||
    fail "opsboard --help without a display"
[[ -f /usr/share/man/man1/opsboard.1.gz && -f /usr/share/man/man1/opsboard-server.1.gz ]] ||
    fail "man pages not installed"
# The app itself is a QApplication: a platform plugin that needs no display.
export QT_QPA_PLATFORM=offscreen
runtime_dir=$(mktemp -d)
export XDG_RUNTIME_DIR=$runtime_dir
[[ $(/usr/bin/opsboard-server --version) == "opsboard-server $version" ]] ||
    fail "opsboard-server --version"
echo "opsboard --version: $(/usr/bin/opsboard --version); opsboard-server --version: $(/usr/bin/opsboard-server --version)"
getent passwd opsboard >/dev/null || fail "postinst did not create the opsboard user"
[[ $(stat -c %U /var/lib/opsboard) == opsboard ]] || fail "/var/lib/opsboard not owned by opsboard"
[[ -f /etc/opsboard/server.conf && -f /etc/opsboard/users.json ]] || fail "config files missing"
[[ -L /etc/systemd/system/multi-user.target.wants/opsboard-server.service ]] ||
    fail "opsboard-server.service is not enabled"
if command -v systemd-analyze >/dev/null 2>&1; then
    # Checks the unit's syntax and that ExecStart exists (warnings about the absent system
    # manager of a container are not errors).
    SYSTEMD_LOG_LEVEL=err systemd-analyze verify /lib/systemd/system/opsboard-server.service ||
        fail "systemd-analyze verify opsboard-server.service"
fi

say "installed server and app, headless"
# A users file made the way README.Debian tells administrators to: a random token, its SHA-256.
token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
printf '{ "users": [ { "name": "ci", "role": "dispatcher", "tokenSha256": "%s" } ] }\n' "$hash" \
    >"$tmp/users.json"
run_as=()
if [[ $(id -u) -eq 0 ]]; then
    # Run as the service user, with the files it would have.
    chown -R opsboard:opsboard "$tmp"
    chmod 0750 "$tmp"
    run_as=(setpriv --reuid=opsboard --regid=opsboard --init-groups --)
fi
# The packaged /etc/opsboard/server.conf, as the service reads it; command-line options win
# (a throwaway database and users file, any free port).
server_args=(--config /etc/opsboard/server.conf --demo --no-sim --orders 25
    --users "$tmp/users.json" --db "$tmp/opsboard.sqlite" --listen 127.0.0.1 --port 0)
"${run_as[@]}" /usr/bin/opsboard-server "${server_args[@]}" >"$tmp/server.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$tmp/server.log")
    [[ -n "$port" ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n "$port" ]] || {
    cat "$tmp/server.log"
    fail "the installed server did not start"
}
echo "server listening on 127.0.0.1:$port"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
healthz=$(cat <&3)
exec 3<&-
grep -q "\"version\":\"$version\"" <<<"$healthz" || fail "/healthz does not report $version"
echo "/healthz: $(tail -n1 <<<"$healthz")"
kill -HUP "$server_pid"
OPSBOARD_TOKEN=$token /usr/bin/opsboard \
    --server "http://127.0.0.1:$port" --check 60 || {
    cat "$tmp/server.log"
    fail "the installed app did not go live with orders"
}
kill -0 "$server_pid" 2>/dev/null || fail "the server died (SIGHUP must only reload the users)"
kill -TERM "$server_pid"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=
[[ $server_status -eq 0 ]] || fail "the server exited with $server_status on SIGTERM"
echo "server stopped cleanly on SIGTERM"

say "dpkg -r, then dpkg --purge"
package_files=$(dpkg -L opsboard opsboard-server | sort -u)
"${sudo[@]}" dpkg -r opsboard opsboard-server
[[ ! -e /usr/bin/opsboard && ! -e /usr/bin/opsboard-server ]] || fail "binaries left after dpkg -r"
[[ -f /etc/opsboard/server.conf ]] || fail "dpkg -r must keep the conffiles"
# opsboard has no conffiles, so dpkg -r removed it completely; opsboard-server keeps its own.
[[ $(dpkg-query -W -f='${Status}' opsboard-server) == "deinstall ok config-files" ]] ||
    fail "opsboard-server should be in config-files state after dpkg -r"
"${sudo[@]}" dpkg --purge opsboard-server
installed=0
left=()
while IFS= read -r path; do
    # Files and symlinks to files; directories (also /lib -> usr/lib) may be shared.
    [[ (-e "$path" || -L "$path") && ! -d "$path" ]] && left+=("$path")
done <<<"$package_files"
((${#left[@]} == 0)) || fail "files left after purge: ${left[*]}"
for path in /etc/opsboard /var/lib/opsboard /etc/systemd/system/multi-user.target.wants/opsboard-server.service; do
    [[ ! -e "$path" && ! -L "$path" ]] || fail "$path left after purge"
done
! getent passwd opsboard >/dev/null || fail "the opsboard user is left after purge"
! dpkg-query -W opsboard opsboard-server >/dev/null 2>&1 || fail "dpkg still knows the packages"
say "package test passed: $(basename "$app_deb") $(basename "$server_deb") $(basename "$tarball")"
