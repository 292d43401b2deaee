#!/usr/bin/env bash
# Configures build-fuzz/: clang, every target instrumented for AddressSanitizer (leaks included)
# and UndefinedBehaviorSanitizer, the libFuzzer targets and the unit tests against the same
# instrumented library. Shared by tests/fuzz/run.sh and tests/robustness/sanitize.sh, so the
# test command compiles that library once for both. Installs what is missing first
# (docker/packages.txt, then tests/fuzz/packages.txt). Prints the build directory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="$PWD/build-fuzz"

bash docker/install-deps.sh docker/packages.txt tests/fuzz/packages.txt >&2

generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
CC=clang CXX=clang++ cmake -S . -B "$build" "${generator[@]}" \
  -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_CXX_FLAGS_FUZZ="-O2" \
  -DSOCIALITE_BUILD_FUZZERS=ON -DSOCIALITE_BUILD_TESTS=ON -DSOCIALITE_SANITIZE=OFF >/dev/null
echo "$build"
