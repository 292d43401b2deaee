#!/usr/bin/env bash
# A fixed-length fuzz run of the libFuzzer targets (see tests/fuzz/*_fuzzer.cpp).
#
#   bash tests/fuzz/run.sh [SECONDS]        # default 60 seconds per fuzzer
#
# Configures build-fuzz/ with tests/fuzz/configure.sh (which installs what is missing: clang,
# libFuzzer, the sanitizer runtimes), builds the fuzzers,
# and runs them side by side (one core each) for SECONDS with -max_total_time, on a copy of
# the seed corpus in tests/fuzz/corpus/ (the repository's corpus is never modified). Prints one
# verdict line per fuzzer and exits non-zero on any crash, leak, timeout or out-of-memory.
# Findings are kept in build-fuzz/findings/<fuzzer>/ (crash-*, leak-*, timeout-*, oom-*, and
# the fuzzer's log); reproduce one with:  build-fuzz/<fuzzer> build-fuzz/findings/<fuzzer>/crash-...
#
# Environment: FUZZ_JOBS=1 runs the fuzzers one after the other instead of side by side;
# FUZZ_KEEP_CORPUS=DIR keeps the grown corpus in DIR/<fuzzer>/ (for merging new seeds).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$PWD"
seconds="${1:-60}"
fuzzers=(request_pipeline_fuzzer message_rules_fuzzer flow_json_rules_fuzzer)

# --- build -----------------------------------------------------------------------------------
build="$(bash tests/fuzz/configure.sh)"
cmake --build "$build" --target "${fuzzers[@]}" -j2

# --- run -------------------------------------------------------------------------------------
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run_one() {
  local name="$1" seeds="$2"
  local findings="$build/findings/$name"
  rm -rf "$findings"
  mkdir -p "$findings" "$work/$name/corpus" "$work/$name/tmp"
  cp -R "$seeds/." "$work/$name/corpus/"
  local dict=()
  if [ -f "$root/tests/fuzz/${name%_fuzzer}.dict" ]; then dict=(-dict="$root/tests/fuzz/${name%_fuzzer}.dict"); fi
  local rc=0
  # TMPDIR: the fuzzer's scratch object store lands in the work dir, removed on exit.
  TMPDIR="$work/$name/tmp" "$build/tests/fuzz/$name" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" \
    "$work/$name/corpus" >"$findings/fuzz.log" 2>&1 || rc=$?
  echo "$rc" >"$findings/rc"
  if [ -n "${FUZZ_KEEP_CORPUS:-}" ]; then
    mkdir -p "$FUZZ_KEEP_CORPUS/$name"
    cp -R "$work/$name/corpus/." "$FUZZ_KEEP_CORPUS/$name/"
  fi
}

started=$SECONDS
pids=()
for name in "${fuzzers[@]}"; do
  seeds="$root/tests/fuzz/corpus/${name%_fuzzer}"
  if [ "${FUZZ_JOBS:-2}" = 1 ]; then
    run_one "$name" "$seeds"
  else
    run_one "$name" "$seeds" &
    pids+=($!)
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

failed=0
for name in "${fuzzers[@]}"; do
  findings="$build/findings/$name"
  rc="$(cat "$findings/rc")"
  runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$findings/fuzz.log" | grep -Eo '[0-9]+$' || echo '?')"
  cov="$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$findings/fuzz.log" | tail -n1 || true)"
  artifacts="$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)"
  if [ "$rc" -eq 0 ] && [ -z "$artifacts" ]; then
    echo "fuzz: $name PASS (${seconds}s, ${runs} runs, ${cov:-no stats})"
  else
    failed=1
    echo "fuzz: $name FAIL (rc $rc, ${runs} runs) — log: $findings/fuzz.log"
    for a in $artifacts; do echo "  finding: $a"; done
    # The report: the invariant message or the sanitizer summary, and the top of the stack.
    grep -E -m1 -A25 'INVARIANT VIOLATED|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|ALARM|out-of-memory' \
      "$findings/fuzz.log" | sed 's/^/  | /' || tail -n 30 "$findings/fuzz.log" | sed 's/^/  | /'
  fi
done
echo "fuzz: done in $((SECONDS - started))s"
exit "$failed"
