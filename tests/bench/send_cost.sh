#!/usr/bin/env bash
# The work one SendWhatsAppMessage costs the server, in figures that hold on a busy machine:
# disk bytes written per Send (/proc/PID/io over a fixed wrk run) or, with --callgrind,
# instructions per Send (valgrind's callgrind, instrumentation on only for the measured run).
# Each window runs from the start of the wrk run until every event of its Sends is finished
# (delivered to the sink, or undeliverable), so a Send's figures include its events' delivery.
#
# usage: tests/bench/send_cost.sh [--binary PATH] [--callgrind | --split] [--nodest]
#                                 [--seconds N] [--conns N] [--out FILE]
#   --binary     socialite executable (default build-release/socialite; build it first)
#   --callgrind  run the server under callgrind; prints Ir_per_send and keeps the profile
#   --split      CPU time apart: every status falls due only after the wrk run (the status
#                delays are set past its end), so the run's CPU is the request path alone and
#                the CPU after it the deliveries alone; with the sink's and wrk's CPU, and the
#                bare server's (and its wrk's) per request from a run of its own
#   --nodest     the WABA keeps no event destination (the bench's send_nodest scenario)
#   --seconds    length of the measured wrk run (default 8; 10 with --callgrind)
#   --conns      wrk connections (default 32; 8 with --callgrind)
#   --out        where to keep the callgrind profile (default /tmp/send_cost.callgrind)
#   --prefill S  first S seconds of Sends, unmeasured, so that the measured ones meet a
#                database past the retention of finished events (10,000), pruning included
# Prints one line:
#   SENDCOST sends=N wchar_per_send=B write_bytes_per_send=B log_bytes_per_send=B
#            syscw_per_send=N cpu_us_per_send=U [ir_per_send=N]
# (wchar counts the access log written to stdout too: log_bytes_per_send is that part), or
# with --split:
#   SENDSPLIT sends=N request_us_per_send=U (writer U) delivery_us_per_send=U (writer U)
#             sink_us_per_event=U wrk_us_per_send=U bare_us_per_req=U wrk_us_per_bare_req=U
# (the writer's share: its thread is named "writer").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary="$root/build-release/socialite"
callgrind=0
split=0
nodest=0
seconds=""
conns=""
out=/tmp/send_cost.callgrind
prefill=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift ;;
    --callgrind) callgrind=1 ;;
    --split) split=1 ;;
    --nodest) nodest=1 ;;
    --seconds) seconds="$2"; shift ;;
    --conns) conns="$2"; shift ;;
    --out) out="$2"; shift ;;
    --prefill) prefill="$2"; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "send_cost.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if [ "$callgrind" = 1 ]; then seconds="${seconds:-10}"; conns="${conns:-8}"; else
  seconds="${seconds:-8}"; conns="${conns:-32}"; fi

PHONE_ID="phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11"
WABA_ID="waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"
work="$(mktemp -d /tmp/socialite-sendcost.XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=../shell/wait_for_line.sh
source "$root/tests/shell/wait_for_line.sh"
# As wait_for_line, but says what was missing and shows the log.
wait_for_line_or_say() {
  wait_for_line "$@" && return 0
  echo "send_cost.sh: no '$3' in $1" >&2
  cat "$1" >&2
  return 1
}

node "$here/sink.mjs" >"$work/sink.log" 2>&1 &
sink_pid="$!"
pids+=("$sink_pid")
sink_port="$(wait_for_line_or_say "$work/sink.log" 20 '^sink listening' | awk '{print $3}')"

db="$work/cost.db"
server=("$binary" --port 0 --db "$db" --s3-dir "$work/s3"
  --webhook-raw "arn:aws:sns:*=http://127.0.0.1:$sink_port/")
# --split: every status falls due after the measured run has ended.
due_s=$((seconds + 5))
[ "$split" = 1 ] && server+=(--status-delays "sent=$due_s,delivered=$due_s.5,read=$((due_s + 1))")
if [ "$callgrind" = 1 ]; then
  server=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" "${server[@]}")
fi
"${server[@]}" >"$work/server.log" 2>&1 &
server_pid="$!"
pids+=("$server_pid")
base="$(wait_for_line_or_say "$work/server.log" 120 'listening on http://' |
  sed -E 's#.*listening on (http://[^ ]+).*#\1#')"

post() { curl -sf --max-time 30 -X "$1" -H 'Content-Type: application/json' --data "$3" "$base$2" >/dev/null; }
if [ "$nodest" = 0 ]; then
  post PUT /v1/whatsapp/waba/eventdestinations \
    "{\"id\":\"$WABA_ID\",\"eventDestinations\":[{\"eventDestinationArn\":\"arn:aws:sns:us-east-1:000000000000:cost\"}]}"
fi
post POST /_socialite/inbound \
  "{\"phoneNumberId\":\"$PHONE_ID\",\"from\":\"14255559876\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}"

sql() { sqlite3 -cmd '.timeout 5000' "$db" "$1"; }
outbound() { sql "SELECT count(*) FROM messages WHERE direction = 'outbound'"; }
# Waits (at most 120 s) until no event is pending or retrying: every Send's statuses are done.
drain() {
  for _ in $(seq 480); do
    [ "$(sql "SELECT count(*) FROM events WHERE delivery_state IN ('pending', 'retrying')")" = 0 ] &&
      return 0
    sleep 0.25
  done
  echo "send_cost.sh: events still open after 120 s" >&2
  return 1
}
run_wrk() {
  BENCH_DIR="$here" BENCH_NAME=send BENCH_CONNS="$1" wrk -t1 -c"$1" -d"$2s" --timeout 30s \
    -s "$here/send_text.lua" "$base" >"$work/wrk.log" 2>&1
}
io() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/io"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# CPU time of this shell's children so far (wrk, once waited for), in microseconds.
# Sets variable $1 to it. (`times` of this shell itself: a command substitution would run it
# in a subshell, which has no children.)
children_us() {
  times >"$work/times"
  printf -v "$1" '%s' "$(tail -n 1 "$work/times" | awk '{ t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] }
    printf "%.0f", t * 1e6 }')"
}
ticks_us() { echo $(($(ticks "$1") * 1000000 / $(getconf CLK_TCK))); }
# CPU time of the server's writer thread (named "writer"), in microseconds.
writer_us() {
  local task
  for task in /proc/"$1"/task/*; do
    if [ "$(cat "$task/comm" 2>/dev/null)" = writer ]; then
      awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1e6 / hz}' "$task/stat"
      return
    fi
  done
  echo 0
}

# Warm-up: caches, prepared statements, the database's first pages (and the prefill).
run_wrk "$conns" $((3 + prefill))
drain

if [ "$split" = 1 ]; then
  sends0="$(outbound)"
  wrk0="" wrk1="" bwrk0="" bwrk1=""  # set by children_us
  server0="$(ticks_us "$server_pid")"; writer0="$(writer_us "$server_pid")"; children_us wrk0
  run_wrk "$conns" "$seconds"
  server1="$(ticks_us "$server_pid")"; sink1="$(ticks_us "$sink_pid")"; children_us wrk1
  writer1="$(writer_us "$server_pid")"
  sends=$(($(outbound) - sends0))
  [ "$sends" -gt 0 ] || { echo "send_cost.sh: no Send was accepted" >&2; exit 1; }
  drain
  server2="$(ticks_us "$server_pid")"; sink2="$(ticks_us "$sink_pid")"; writer2="$(writer_us "$server_pid")"
  # The bare server under the same wrk, for the ratio's denominator.
  "$root/build-release/bare_server" --port 0 >"$work/bare.log" 2>&1 &
  bare_pid="$!"
  pids+=("$bare_pid")
  bare_url="$(wait_for_line_or_say "$work/bare.log" 20 'listening on http://' |
    sed -E 's#.*listening on (http://[^ ]+).*#\1#')"
  bare0="$(ticks_us "$bare_pid")"; children_us bwrk0
  BENCH_DIR="$here" BENCH_NAME=bare BENCH_CONNS="$conns" wrk -t1 -c"$conns" -d"${seconds}s" \
    -s "$here/get_waba.lua" "$bare_url" >"$work/wrk-bare.log" 2>&1
  bare1="$(ticks_us "$bare_pid")"; children_us bwrk1
  bare_requests="$(sed -nE 's/.* requests=([0-9]+).*/\1/p' "$work/wrk-bare.log")"
  per() { awk -v a="$1" -v n="$2" 'BEGIN {printf "%.1f", (n > 0) ? a / n : 0}'; }
  events=$((sends * 3))
  [ "$nodest" = 1 ] && events=0
  echo "SENDSPLIT sends=$sends request_us_per_send=$(per $((server1 - server0)) "$sends")" \
    "(writer $(per $((writer1 - writer0)) "$sends"))" \
    "delivery_us_per_send=$(per $((server2 - server1)) "$sends") (writer $(per $((writer2 - writer1)) "$sends"))" \
    "sink_us_per_event=$(per $((sink2 - sink1)) "$events") wrk_us_per_send=$(per $((wrk1 - wrk0)) "$sends")" \
    "bare_requests=$bare_requests bare_us_per_req=$(per $((bare1 - bare0)) "$bare_requests")" \
    "wrk_us_per_bare_req=$(per $((bwrk1 - bwrk0)) "$bare_requests")"
  exit 0
fi

sends0="$(outbound)"
log0="$(stat -c %s "$work/server.log")"
wchar0="$(io "$server_pid" wchar)"; wbytes0="$(io "$server_pid" write_bytes)"
syscw0="$(io "$server_pid" syscw)"; ticks0="$(ticks "$server_pid")"
[ "$callgrind" = 1 ] && callgrind_control -i on "$server_pid" >/dev/null 2>&1
run_wrk "$conns" "$seconds"
drain
[ "$callgrind" = 1 ] && callgrind_control -i off "$server_pid" >/dev/null 2>&1
wchar1="$(io "$server_pid" wchar)"; wbytes1="$(io "$server_pid" write_bytes)"
syscw1="$(io "$server_pid" syscw)"; ticks1="$(ticks "$server_pid")"
log1="$(stat -c %s "$work/server.log")"
sends=$(($(outbound) - sends0))
[ "$sends" -gt 0 ] || { echo "send_cost.sh: no Send was accepted" >&2; cat "$work/wrk.log" >&2; exit 1; }

line="SENDCOST sends=$sends"
per() { awk -v a="$1" -v n="$sends" 'BEGIN {printf "%.0f", a / n}'; }
line+=" wchar_per_send=$(per $((wchar1 - wchar0))) write_bytes_per_send=$(per $((wbytes1 - wbytes0)))"
line+=" log_bytes_per_send=$(per $((log1 - log0))) syscw_per_send=$(per $((syscw1 - syscw0)) | tr -d ' ')"
line+=" cpu_us_per_send=$(per $(((ticks1 - ticks0) * 1000000 / $(getconf CLK_TCK))))"
if [ "$callgrind" = 1 ]; then
  callgrind_control -d "$server_pid" >/dev/null 2>&1
  sleep 1
  ir="$(cat "$out"* 2>/dev/null | awk '/^(summary|totals):/ {s += $2} END {print s + 0}')"
  line+=" ir_per_send=$(per "$ir") profile=$out"
fi
echo "$line"
