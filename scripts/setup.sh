#!/usr/bin/env bash
# Installs what building, testing and running Opsboard need on Debian 12 — only what is missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run on its own.
set -euo pipefail

OPS_PACKAGES=(
    g++ cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev qt6-multimedia-dev
    libqt6opengl6-dev qtkeychain-qt6-dev
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev postgresql
    qt6-tools-dev qt6-l10n-tools qt6-translations-l10n
    fonts-dejavu-core xvfb xauth dbus-daemon
)
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
    "${sudo[@]}" apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing
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
    ops_install_dependencies
fi
