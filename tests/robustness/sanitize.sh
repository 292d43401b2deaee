#!/usr/bin/env bash
# The unit tests under AddressSanitizer (leaks included) and UndefinedBehaviorSanitizer.
#
#   bash tests/robustness/sanitize.sh [GTEST_FILTER]
#
# Configures build-fuzz/ with tests/fuzz/configure.sh (clang; the library compiled with
# AddressSanitizer, leaks included, and UndefinedBehaviorSanitizer — the same build the fuzzers
# use, so the test command compiles it once), builds the unit-test binary and runs it once, all
# tests in one process. Undefined behaviour aborts the run at its first report, as does
# AddressSanitizer. Ends with a summary line and exits non-zero on any test failure or
# sanitizer report. The full log is kept in build-fuzz/sanitize.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
filter="${1:-*}"

started=$SECONDS
build="$(bash tests/fuzz/configure.sh)"
cmake --build "$build" --target socialite_tests -j2
built=$SECONDS

log="$build/sanitize.log"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
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
