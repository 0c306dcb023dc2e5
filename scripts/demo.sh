#!/usr/bin/env bash
# Command 1: build and start Opsboard against an embedded opsboard-server with demo data and
# simulated activity. Installs what is missing first (Debian packages via apt).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup.sh
source "$here/setup.sh"

ops_install_dependencies
ops_build dev --target opsboard opsboard-server

app="$here/../build/dev/app/dashboard/opsboard"
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    # No screen (e.g. over SSH): run on a virtual one and save what it shows.
    shot="$here/../build/dev/demo-screenshot.png"
    echo "opsboard: no display found; running on a virtual screen and saving $shot"
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$app" --demo --screenshot "$shot" "$@"
fi
exec "$app" --demo "$@"
