#!/usr/bin/env bash
# Installs missing dependencies, then configures and builds into build/.
#
#   bash docker/build.sh            the server alone (build/socialite): what README's first
#                                   command and the Dockerfile need, no unit test compiled
#   bash docker/build.sh all        everything configured, unit tests included (tests/run.sh)
#   bash docker/build.sh T1 T2 ...  those CMake targets
#
# BUILD_TYPE (default Release) selects the CMake build type. SOCIALITE_BUILD_TESTS=OFF leaves
# the unit tests out of the configuration (the Dockerfile sets it, so the image's build needs
# no GoogleTest); unset, the cached choice stays (ON in a new build/). `all` always turns it on.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(socialite)

configure=(-DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}")
if [[ " ${targets[*]} " == *" all "* ]]; then
  configure+=(-DSOCIALITE_BUILD_TESTS=ON)
elif [ -n "${SOCIALITE_BUILD_TESTS:-}" ]; then
  configure+=(-DSOCIALITE_BUILD_TESTS="$SOCIALITE_BUILD_TESTS")
fi

bash docker/install-deps.sh
cmake -S . -B build "${configure[@]}"
# Two jobs: the project's machines (and CI's) have two cores.
cmake --build build -j2 --target "${targets[@]}"
