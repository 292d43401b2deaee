#!/usr/bin/env bash
# Installs missing dependencies, then configures and builds into build/.
# BUILD_TYPE (default Release) selects the CMake build type.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash docker/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}"
cmake --build build -j2
