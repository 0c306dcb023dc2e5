#!/usr/bin/env bash
# Installs what building, testing and running Opsboard need on Debian 12 — only what is missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run on its own (then: what the tests
# need too).
set -euo pipefail

# Building, and running the demo (SQLite; no PostgreSQL).
OPS_PACKAGES=(
    g++ cmake ninja-build ccache pkg-config git help2man
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev qt6-multimedia-dev
    libqt6opengl6-dev qtkeychain-qt6-dev libqt6sql6-sqlite libgl-dev
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
    libqrencode-dev
    fonts-dejavu-core xvfb xauth
)
# Only for the tests (scripts/test.sh, .ci/run): the PostgreSQL server binaries and Qt's driver
# for the tests that run a throwaway cluster of their own (tests/shared/pgcluster.h; no system
# cluster is created or started, see ops_install_dependencies), dbus-daemon for the tests
# that run a private session bus (desktop notifications, keychain), and zbarimg for the tests that
# read the device keys' QR codes back (tests/shared/qrdecoder.h).
OPS_TEST_PACKAGES=(postgresql libqt6sql6-psql dbus-daemon zbar-tools)
# Only for scripts/package-test.sh (building and checking the .deb packages).
OPS_PACKAGING_PACKAGES=(dpkg-dev lintian desktop-file-utils appstream)

ops_missing_packages() {
    local pkg status
    for pkg in "${OPS_PACKAGES[@]}" "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ "$status" == "install ok installed" ]] || printf '%s\n' "$pkg"
    done
}

# ops_install_dependencies [extra packages…]
ops_install_dependencies() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "opsboard: this setup script supports Debian 12 (bookworm) and derivatives." >&2
        echo "opsboard: install Qt >= 6.4 (Core Network WebSockets HttpServer Sql Widgets Test)," >&2
        echo "          CMake >= 3.22, Ninja and ccache by hand, then run the same command." >&2
        return 1
    fi
    local missing
    missing=$(ops_missing_packages "$@")
    [[ -z "$missing" ]] && return 0
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "opsboard: missing packages and no sudo: $(echo $missing)" >&2
            return 1
        fi
    fi
    echo "opsboard: installing $(echo $missing)"
    if grep -qx 'postgresql' <<<"$missing" && [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
        # Debian's postgresql-common creates and starts a system cluster ("main") when the
        # server is installed. The tests only need the binaries: say no before it is installed
        # (and keep this file when the package brings its own, below).
        "${sudo[@]}" mkdir -p /etc/postgresql-common
        echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    "${sudo[@]}" apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing
}

ops_build() {
    local preset=$1
    shift
    local root
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    cd "$root"
    # Build with both cores but keep memory use sane on small machines.
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$(nproc)" "$@"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    ops_install_dependencies "${OPS_TEST_PACKAGES[@]}"
fi
