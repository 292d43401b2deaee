# Sourced by the scripts that start a server or a helper and read its port from its log
# (tests/bench/run.sh, tests/bench/send_cost.sh, tests/robustness/crash_test.sh).

# Waits up to $2 seconds for a line matching the extended regex $3 in file $1 and prints it;
# returns 1 when none came.
wait_for_line() {
  local file="$1" seconds="$2" pattern="$3" line
  for _ in $(seq $((seconds * 20))); do
    line="$(grep -m1 -E "$pattern" "$file" 2>/dev/null || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    sleep 0.05
  done
  return 1
}
