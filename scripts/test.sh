#!/usr/bin/env bash
# Command 2: build everything and run the whole test suite (CTest). Installs what is missing
# first. Optional argument: the CMake preset (dev, ci, asan); default dev.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=setup.sh
source "$here/setup.sh"

preset=${1:-dev}
ops_install_dependencies "${OPS_TEST_PACKAGES[@]}"
ops_build "$preset"
cd "$here/.."
ctest --preset "$preset" -j "$(nproc)"
