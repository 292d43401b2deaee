#!/usr/bin/env bash
# Crash test: SendWhatsAppMessage under load, the server killed with SIGKILL at a random
# moment, restarted on the same database file, several rounds. Afterwards every message
# that was answered 200 must be readable (GET /_socialite/messages/{wamid}) and must have
# reached the webhook as sent, delivered and read (duplicates allowed, no gaps), no event
# may be dead or undeliverable, and PRAGMA integrity_check must say ok.
#
# usage: tests/robustness/crash_test.sh
# Environment: SOCIALITE_BIN (default build/socialite), CRASH_ROUNDS (default 5),
#              CRASH_KEEP=1 keeps the work directory.
# Prints one verdict line "crash test: PASS (…)" or "crash test: FAIL (…)"; exit 0 / 1.
# Needs node, curl and the sqlite3 CLI. Takes about 15-30 s; every wait is bounded.
set -Eeuo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${SOCIALITE_BIN:-$root/build/socialite}"
rounds="${CRASH_ROUNDS:-5}"
started_at=$(date +%s.%N)

WABA_ID="waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"
PHONE_ID="phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11"
DESTINATION="arn:aws:sns:us-east-1:000000000000:socialite-crash-test"
CUSTOMER="14255559876"

fail() {
  echo "crash test: FAIL ($*)"
  exit 1
}
trap 'echo "crash test: FAIL (unexpected error at line $LINENO: $BASH_COMMAND)"' ERR
for tool in node curl sqlite3; do
  command -v "$tool" >/dev/null || fail "$tool is required"
done
[ -x "$bin" ] || fail "$bin is not built"

work="$(mktemp -d /tmp/socialite-crash.XXXXXX)"
db="$work/crash.db"
ids="$work/accepted-ids.txt"
events="$work/events.jsonl"
: >"$ids"
server_pid=""
sink_pid=""
load_pid=""

stop_pid() {  # SIGTERM, then SIGKILL after 5 s
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$load_pid"
  stop_pid "$server_pid"
  stop_pid "$sink_pid"
  if [ "${CRASH_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=../shell/wait_for_line.sh
source "$root/tests/shell/wait_for_line.sh"

node "$here/crash_sink.mjs" "$events" >"$work/sink.log" 2>&1 &
sink_pid=$!
sink_port="$(wait_for_line "$work/sink.log" 30 '^sink listening [0-9]+' | awk '{print $3}')" ||
  fail "the webhook sink did not start: $(cat "$work/sink.log")"

starts=0
base=""
# Starts the server on $db (a new port each time) and waits for health 200.
start_server() {
  starts=$((starts + 1))
  local log="$work/server-$starts.log" banner
  "$bin" --port 0 --db "$db" --s3-dir "$work/s3" --log-level warn \
    --clock system --status-delays sent=0.2,delivered=0.4,read=0.6 \
    --webhook-raw "arn:aws:sns:*=http://127.0.0.1:$sink_port/" >"$log" 2>&1 &
  server_pid=$!
  banner="$(wait_for_line "$log" 30 'listening on http://')" ||
    fail "start $starts: no banner within 30 s: $(tail -n 5 "$log")"
  base="$(sed -E 's#.*listening on (http://[^ ]+).*#\1#' <<<"$banner")"
  for _ in $(seq 300); do
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$base/_socialite/health")" = 200 ] && return 0
    sleep 0.1
  done
  fail "start $starts: health not 200 within 30 s"
}

# Round 0: route the WABA's events to the sink (an SNS topic ARN that --webhook binds to
# it), then open the customer service window. Both are stored, so they outlive restarts.
start_server
code="$(curl -s -o "$work/put.json" -w '%{http_code}' -m 10 -X PUT -H 'Content-Type: application/json' \
  --data "{\"id\":\"$WABA_ID\",\"eventDestinations\":[{\"eventDestinationArn\":\"$DESTINATION\"}]}" \
  "$base/v1/whatsapp/waba/eventdestinations")"
[ "$code" = 200 ] || fail "PutWhatsAppBusinessAccountEventDestinations answered $code: $(cat "$work/put.json")"
code="$(curl -s -o "$work/inbound.json" -w '%{http_code}' -m 10 -H 'Content-Type: application/json' \
  --data "{\"phoneNumberId\":\"$PHONE_ID\",\"from\":\"$CUSTOMER\",\"name\":\"Crash\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}" \
  "$base/_socialite/inbound")"
[ "$code" = 200 ] || fail "POST /_socialite/inbound answered $code: $(cat "$work/inbound.json")"

kills=""
for round in $(seq "$rounds"); do
  [ -n "$server_pid" ] || start_server
  node "$here/crash_load.mjs" "$base" "$ids" 4 150 >>"$work/load.log" 2>&1 &
  load_pid=$!
  delay_ms=$((200 + RANDOM % 801))
  sleep "$(awk -v ms="$delay_ms" 'BEGIN {printf "%.3f", ms / 1000}')"
  kill -9 "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  stop_pid "$load_pid"
  load_pid=""
  kills="$kills${kills:+,}${delay_ms}ms"
done
accepted="$(sort -u "$ids" | grep -c . || true)"
[ "$accepted" -gt 0 ] || fail "no message was accepted in $rounds rounds: $(tail -n 5 "$work/load.log")"

# The last restart delivers whatever the kills left undelivered.
start_server
verify_rc=0
node "$here/crash_verify.mjs" "$base" "$ids" "$events" 40 >"$work/verify.log" 2>&1 || verify_rc=$?
verify_line="$(grep -m1 '^VERIFY' "$work/verify.log" || true)"
delivered="$(sed -nE 's/.* status_events=([0-9]+).*/\1/p' <<<"$verify_line")"

# No event may have given up.
dead_or_undeliverable=0
for state in dead undeliverable; do
  n="$( (curl -s -m 10 "$base/_socialite/events?state=$state&limit=1000" || true) |
    (grep -o '"deliveryState"' || true) | wc -l)"
  dead_or_undeliverable=$((dead_or_undeliverable + n))
done

# A clean stop, then the file's integrity.
kill "$server_pid"
term_rc=0
wait "$server_pid" || term_rc=$?
server_pid=""
integrity="$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1 | head -n 1)"

elapsed="$(awk -v a="$started_at" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
summary="rounds=$rounds, kills at $kills, accepted=$accepted, delivered events=${delivered:-?}, ${elapsed}s"
problems=""
[ "$verify_rc" -eq 0 ] || problems="$problems; $(tr '\n' ' ' <"$work/verify.log")"
[ "$dead_or_undeliverable" -eq 0 ] || problems="$problems; $dead_or_undeliverable events dead or undeliverable"
[ "$integrity" = ok ] || problems="$problems; integrity_check: $integrity"
[ "$term_rc" -eq 0 ] || problems="$problems; SIGTERM exit status $term_rc"
if [ -n "$problems" ]; then
  fail "$summary${problems}"
fi
echo "crash test: PASS ($summary)"
