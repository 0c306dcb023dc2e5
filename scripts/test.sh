#!/usr/bin/env bash
# Command 2: build everything and run the whole test suite (CTest). Installs what is missing
# first. Optional argument: the CMake preset (dev, ci, asan, tsan); default dev. The tsan
# presets build and run only the server and hub tests (see CMakePresets.json).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup.sh
source "$here/setup.sh"

preset=${1:-dev}
ops_install_dependencies "${OPS_TEST_PACKAGES[@]}"
ops_build "$preset"
cd "$here/.."
ctest --preset "$preset" -j "$(nproc)"
