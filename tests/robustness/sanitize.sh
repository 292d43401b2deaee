#!/usr/bin/env bash
# The unit tests under AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer.
#
#   bash tests/robustness/sanitize.sh [GTEST_FILTER]
#
# Installs what is missing (docker/packages.txt), configures build-asan/ with
# -DSOCIALITE_SANITIZE=ON (the default compiler, gcc on Debian; Debug build: quicker to
# compile, and sanitizer reports point at the right line), builds the unit-test binary and
# runs it once, all tests in one process. Undefined behaviour is reported and the run goes on,
# so one run lists every report; AddressSanitizer stops at its first. Ends with a summary line
# and exits non-zero on any test failure or sanitizer report. The full log is kept in
# build-asan/sanitize.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build="$PWD/build-asan"
filter="${1:-*}"

bash docker/install-deps.sh
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
started=$SECONDS
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug \
  -DSOCIALITE_SANITIZE=ON -DSOCIALITE_BUILD_TESTS=ON -DSOCIALITE_BUILD_FUZZERS=OFF >/dev/null
cmake --build "$build" --target socialite_tests -j2
built=$SECONDS

log="$build/sanitize.log"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=0}"
rc=0
# ctest's working directory for these tests.
(cd "$build/tests" && ./socialite_tests --gtest_filter="$filter" --gtest_brief=1) >"$log" 2>&1 || rc=$?

reports="$(grep -cE 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer)' "$log" || true)"
passed="$(grep -Eo '\[  PASSED  \] [0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)"
# A failed test's line ends with its time: "[  FAILED  ] Suite.Name (12 ms)".
failed="$(grep -cE '^\[  FAILED  \] .* \([0-9]+ ms\)$' "$log" || true)"

if [ "$reports" -gt 0 ]; then
  echo "sanitize: sanitizer reports (first ones):"
  grep -E -m5 -A12 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)' "$log" | sed 's/^/  | /'
fi
if [ "$failed" != 0 ] || [ "$rc" -ne 0 ]; then
  grep -E '^\[  FAILED  \] .* \([0-9]+ ms\)$' "$log" | sed 's/^/  /' || true
  [ "$reports" -eq 0 ] && tail -n 30 "$log" | sed 's/^/  | /'
fi
echo "sanitize: ${passed} passed, ${failed} failed, ${reports} sanitizer reports" \
  "(build $((built - started))s, run $((SECONDS - built))s; log $log)"
[ "$rc" -eq 0 ] && [ "$reports" -eq 0 ] && [ "$failed" = 0 ]
