#!/usr/bin/env bash
# The concurrency unit tests under ThreadSanitizer.
#
#   bash tests/robustness/tsan.sh [GTEST_FILTER]
#
# Configures build-tsan/ with clang and -fsanitize=thread (the library and the concurrency tests,
# socialite_concurrency_tests of tests/CMakeLists.txt; the system libraries — SQLite, OpenSSL,
# GoogleTest — are not instrumented), builds that binary and runs the tests that exercise
# threads: the event dispatcher, the HTTP client's aborts, and by name the writer, the reader
# pool, shutdown, reset and the WAL checkpointer. Any ThreadSanitizer report (data race,
# lock-order inversion, misuse of a mutex) fails the run, as does a failing test. Ends with a summary line; the full log is kept in build-tsan/tsan.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
filter="${1:-*Dispatcher*:*Concurrency*:*StateExecutor*:*TimerQueue*:*WorkerPool*:*WorkQueue*:*Shutdown*:*Reset*:*Abort*:*Live*:*HttpStream*:*WriterNotices*:*ReaderPool*:*CompletionBatch*:*HttpServerBatch*:*WalCheckpointer*}"
build="$PWD/build-tsan"

started=$SECONDS
# clang and its sanitizer runtimes come with the fuzzers' packages.
bash docker/install-deps.sh docker/packages.txt tests/fuzz/packages.txt >&2
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
tsan_flags="-O1 -g -fno-omit-frame-pointer -fsanitize=thread"
CC=clang CXX=clang++ cmake -S . -B "$build" "${generator[@]}" "${launcher[@]}" \
  -DCMAKE_BUILD_TYPE=Tsan -DCMAKE_CXX_FLAGS_TSAN="$tsan_flags" \
  -DCMAKE_EXE_LINKER_FLAGS_TSAN="-fsanitize=thread" \
  -DSOCIALITE_BUILD_TESTS=ON -DSOCIALITE_BUILD_FUZZERS=OFF -DSOCIALITE_SANITIZE=OFF >/dev/null
cmake --build "$build" --target socialite_concurrency_tests -j2
built=$SECONDS

log="$build/tsan.log"
export TSAN_OPTIONS="${TSAN_OPTIONS:-second_deadlock_stack=1:history_size=4}"
rc=0
# ctest's working directory for these tests.
(cd "$build/tests" && ./socialite_concurrency_tests --gtest_filter="$filter" --gtest_brief=1) >"$log" 2>&1 || rc=$?

reports="$(grep -c '^WARNING: ThreadSanitizer:' "$log" || true)"
passed="$(grep -Eo '\[  PASSED  \] [0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)"
# A failed test's line ends with its time: "[  FAILED  ] Suite.Name (12 ms)".
failed="$(grep -cE '^\[  FAILED  \] .* \([0-9]+ ms\)$' "$log" || true)"

if [ "$reports" -gt 0 ]; then
  echo "tsan: ThreadSanitizer reports (first ones):"
  grep -m3 -A24 '^WARNING: ThreadSanitizer:' "$log" | sed 's/^/  | /'
fi
if [ "$failed" != 0 ] || [ "$rc" -ne 0 ]; then
  grep -E '^\[  FAILED  \] .* \([0-9]+ ms\)$' "$log" | sed 's/^/  /' || true
  [ "$reports" -eq 0 ] && tail -n 30 "$log" | sed 's/^/  | /'
fi
echo "tsan: ${passed} passed, ${failed} failed, ${reports} ThreadSanitizer reports" \
  "(filter $filter; build $((built - started))s, run $((SECONDS - built))s; log $log)"
[ "$rc" -eq 0 ] && [ "$reports" -eq 0 ] && [ "$failed" = 0 ]
