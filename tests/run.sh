#!/usr/bin/env bash
# The project's test command: build, unit tests (ctest), contract tests
# (node --test against a real build/socialite), the browser tests of the inbox page
# (tests/ui/run.sh: headless chromium), then the robustness checks: the kill -9
# crash test, the unit tests under ASan+UBSan, the concurrency tests under ThreadSanitizer,
# and a 60 s run of each fuzzer (FUZZ_SECONDS overrides); then the Docker check
# (tests/docker/run.sh: the image built, run and contract-tested). Ends with one line
# "N passed, N failed" summing both suites and one per check; a Docker check that could have
# no engine counts in neither and is reported "docker: SKIPPED (reason)". Exits non-zero if
# anything failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# Everything, unit tests included (docker/build.sh alone builds only the server).
bash docker/build.sh all

# --- unit tests --------------------------------------------------------------
unit_rc=0
ctest --test-dir build --output-on-failure -j2 2>&1 | tee "$logs/ctest.log" || unit_rc=$?
# Summary line: "X% tests passed, Y tests failed out of Z".
unit_line="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$logs/ctest.log" | tail -n1 || true)"
if [ -n "$unit_line" ]; then
  unit_failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$unit_line")"
  unit_total="$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$unit_line")"
  unit_passed=$((unit_total - unit_failed))
else
  # No summary (e.g. no tests found): a failing run still counts as one failure.
  unit_passed=0
  unit_failed=$((unit_rc != 0 ? 1 : 0))
fi

# --- contract tests ----------------------------------------------------------
contract_rc=0
contract_passed=0
contract_failed=0
cd "$root/tests/contract"

# npm ci only when node_modules does not match the lockfile (hash stamp).
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.socialite-lock-sha256"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_hash" ]; then
  if npm ci --no-audit --no-fund; then
    echo "$lock_hash" >"$stamp"
  else
    contract_rc=1
  fi
fi

if [ "$contract_rc" -eq 0 ]; then
  # Readable "spec" output on the console; a TAP copy in a file for its
  # "# pass N" / "# fail N" summary lines.
  node --test --test-concurrency=1 --test-timeout=60000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$logs/node.tap" \
    ./*.test.mjs || contract_rc=$?
  count() { grep -E "^# $1 [0-9]+$" "$logs/node.tap" | tail -n1 | awk '{print $3}'; }
  contract_passed="$(count pass || true)"
  contract_failed="$(count fail || true)"
  cancelled="$(count cancelled || true)"
  contract_passed="${contract_passed:-0}"
  contract_failed=$(( ${contract_failed:-0} + ${cancelled:-0} ))
fi
if [ "$contract_rc" -ne 0 ] && [ "$contract_failed" -eq 0 ]; then
  contract_failed=1
fi

# --- browser tests of the inbox page (tests/ui: Debian chromium, headless) ---------------------
cd "$root"
ui_rc=0
bash tests/ui/run.sh --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$logs/ui.tap" || ui_rc=$?
ui_passed="$(grep -E '^# pass [0-9]+$' "$logs/ui.tap" 2>/dev/null | tail -n1 | awk '{print $3}' || true)"
ui_failed="$(grep -E '^# (fail|cancelled) [0-9]+$' "$logs/ui.tap" 2>/dev/null | awk '{n += $3} END {print n + 0}' || true)"
ui_passed="${ui_passed:-0}"
ui_failed="${ui_failed:-0}"
if [ "$ui_rc" -ne 0 ] && [ "$ui_failed" -eq 0 ]; then
  ui_failed=1
fi

# --- robustness: kill -9 under load; sanitizers; fuzzing ---------------------------------------
crash_rc=0
bash tests/robustness/crash_test.sh || crash_rc=$?
# One clang build (build-fuzz/) serves both: the unit tests under ASan+UBSan, then the fuzzers.
sanitize_rc=0
bash tests/robustness/sanitize.sh || sanitize_rc=$?
# A build of its own (build-tsan/): the dispatcher, writer, reader pool, shutdown and reset tests.
tsan_rc=0
bash tests/robustness/tsan.sh || tsan_rc=$?
fuzz_rc=0
bash tests/fuzz/run.sh "${FUZZ_SECONDS:-60}" || fuzz_rc=$?

# --- docker: exit 0 passed, 3 skipped (no engine could be had), anything else failed -----------
docker_rc=0
docker_start=$SECONDS
bash tests/docker/run.sh 2>&1 | tee "$logs/docker.log" || docker_rc=${PIPESTATUS[0]}
docker_seconds=$((SECONDS - docker_start))

verdict() { [ "$1" -eq 0 ] && echo passed || echo FAILED; }
checks_passed=$(( (crash_rc == 0) + (sanitize_rc == 0) + (tsan_rc == 0) + (fuzz_rc == 0) ))
checks_failed=$(( 4 - checks_passed ))
echo
echo "crash test: $(verdict "$crash_rc")"
echo "unit tests under ASan+UBSan: $(verdict "$sanitize_rc")"
echo "concurrency tests under ThreadSanitizer: $(verdict "$tsan_rc")"
echo "fuzzers (${FUZZ_SECONDS:-60} s each): $(verdict "$fuzz_rc")"
if [ "$docker_rc" -eq 3 ]; then
  # Skipped is neither passed nor failed; the reason is the script's own line.
  grep -m1 '^docker: SKIPPED' "$logs/docker.log" || echo "docker: SKIPPED (no reason given)"
  docker_rc=0
else
  checks_passed=$(( checks_passed + (docker_rc == 0) ))
  checks_failed=$(( checks_failed + (docker_rc != 0) ))
  echo "docker (image built, run, contract-tested; ${docker_seconds} s): $(verdict "$docker_rc")"
fi
echo "unit tests (ctest): ${unit_passed} passed, ${unit_failed} failed (ctest rc ${unit_rc})"
echo "contract tests (node): ${contract_passed} passed, ${contract_failed} failed (node rc ${contract_rc})"
echo "browser tests (inbox page): ${ui_passed} passed, ${ui_failed} failed (node rc ${ui_rc})"
echo "$((unit_passed + contract_passed + ui_passed + checks_passed)) passed, $((unit_failed + contract_failed + ui_failed + checks_failed)) failed"

[ "$unit_rc" -eq 0 ] && [ "$contract_rc" -eq 0 ] && [ "$ui_rc" -eq 0 ] && [ "$crash_rc" -eq 0 ] &&
  [ "$sanitize_rc" -eq 0 ] && [ "$tsan_rc" -eq 0 ] && [ "$fuzz_rc" -eq 0 ] && [ "$docker_rc" -eq 0 ]
