#!/usr/bin/env bash
# Benchmark of a Release build of socialite: cold start, idle and loaded RSS, and wrk runs
# of four scenarios at two connection counts, ending with a table of targets (PASS/MISS).
# A program that prints numbers, not a test: it always exits 0 once the runs completed
# (non-zero only when it could not run), and tests/run.sh does not call it.
#
# usage: tests/bench/run.sh [--quick] [--binary PATH] [--threads N] [--duration SECONDS]
#   --quick      2 s per scenario (a smoke run); the default is 10 s
#   --binary     benchmark this executable instead of building build-release/socialite
#   --threads    the server's --threads (default: the server's own default)
#   --duration   seconds per wrk run
# Environment: BENCH_CONNS (default "32 64"), BENCH_KEEP=1 keeps the work directory.
#
# What it does:
#   1. builds build-release/ (CMake Release; build/ of the test command is left alone),
#      installs wrk with apt-get when missing;
#   2. starts tests/bench/sink.mjs (a webhook receiver answering 200) and measures cold
#      start 5 times (exec to first 200 of /_socialite/health, fresh db file each time);
#   3. starts socialite on a temp db file with --webhook 'arn:aws:sns:*=SINK', reads idle
#      VmRSS, PUTs the WABA's event destinations to an SNS ARN (bound to the sink) and
#      opens the customer service window with an inbound message;
#   4. runs wrk -t1 -cN --latency for each scenario: GetLinkedWhatsAppBusinessAccount,
#      ListLinkedWhatsAppBusinessAccounts, a validation failure (400) and
#      SendWhatsAppMessage (text); each prints one "BENCH scenario=… rps=… p50_ms=…
#      p99_ms=…" line (tests/bench/common.lua);
#   5. reads loaded VmRSS/VmHWM, waits (bounded) for the sink to receive the status events,
#      kill -9s the server and checks that every messageId answered 200 is in the
#      messages table of the db file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

duration=10
binary=""
threads=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) duration=2 ;;
    --binary) binary="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
conns_list="${BENCH_CONNS:-32 64}"

# Targets.
T_GET_RPS=40000
T_SEND_RPS=15000
T_P99_MS=5
T_READY_MS=100
T_IDLE_RSS_MB=20

WABA_ID="waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"
PHONE_ID="phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11"
CUSTOMER="14255559876"
BENCH_ARN="arn:aws:sns:us-east-1:000000000000:socialite-bench"

# --- tools and build ---------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for tool in node curl sqlite3 wrk; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done

work="$(mktemp -d /tmp/socialite-bench.XXXXXX)"
if [ -z "$binary" ]; then
  echo "== building build-release/ (Release)"
  if ! { bash "$root/docker/install-deps.sh" &&
    cmake -S "$root" -B "$root/build-release" -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$root/build-release" -j2 --target socialite; } >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    echo "run.sh: the build failed" >&2
    rm -rf "$work"
    exit 2
  fi
  binary="$root/build-release/socialite"
fi
[ -x "$binary" ] || { echo "run.sh: $binary is not executable" >&2; rm -rf "$work"; exit 2; }

# --- processes, cleanup ------------------------------------------------------
server_pid=""
sink_pid=""
cleanup() {
  local pid
  for pid in "$server_pid" "$sink_pid"; do
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
  done
  for pid in "$server_pid" "$sink_pid"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $2 seconds for a line matching $3 in file $1; prints the line.
wait_for_line() {
  local file="$1" seconds="$2" pattern="$3" line
  for _ in $(seq $((seconds * 20))); do
    line="$(grep -m1 -E "$pattern" "$file" 2>/dev/null || true)"
    if [ -n "$line" ]; then echo "$line"; return 0; fi
    sleep 0.05
  done
  return 1
}

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
clk_tck="$(getconf CLK_TCK)"
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f", kb / 1024}'; }

# --- sink ----------------------------------------------------------------------
node "$here/sink.mjs" >"$work/sink.log" 2>&1 &
sink_pid=$!
sink_port="$(wait_for_line "$work/sink.log" 20 '^sink listening [0-9]+' | awk '{print $3}')" ||
  { echo "run.sh: sink did not start" >&2; cat "$work/sink.log" >&2; exit 1; }
webhook="arn:aws:sns:*=http://127.0.0.1:$sink_port/"
sink_count() { curl -s "http://127.0.0.1:$sink_port/_count" | sed -E 's/.*"requests":([0-9]+).*/\1/'; }

server_flags=(--webhook "$webhook" --s3-dir "$work/s3")
[ -n "$threads" ] && server_flags+=(--threads "$threads")

echo "== binary: $binary"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs; wrk -t1, ${duration}s per run, connections: $conns_list; server flags: ${server_flags[*]}"

# --- cold start ----------------------------------------------------------------
echo "== cold start (exec to first 200 of /_socialite/health, fresh db file, 5 runs)"
node "$here/coldstart.mjs" "$binary" 5 "$work" "${server_flags[@]}" | tee "$work/coldstart.log"
ready_ms="$(sed -nE 's/^COLDSTART median_ms=([0-9.]+).*/\1/p' "$work/coldstart.log")"

# --- server --------------------------------------------------------------------
db="$work/bench.db"
"$binary" --port 0 --db "$db" "${server_flags[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
banner="$(wait_for_line "$work/server.log" 30 'listening on http://')" ||
  { echo "run.sh: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
base="$(sed -E 's#.*listening on (http://[^ ]+).*#\1#' <<<"$banner")"
echo "== server: $banner"
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/_socialite/health")" = 200 ] && break
  sleep 0.1
done
sleep 1
idle_rss_kb="$(rss_kb "$server_pid" VmRSS)"
echo "== idle RSS: $(mb "$idle_rss_kb") MB (VmRSS $idle_rss_kb kB)"

# expect STATUS METHOD PATH [BODY]: one request that must answer STATUS; prints the body.
expect() {
  local want="$1" method="$2" path="$3" body="${4:-}" out code
  out="$(curl -s -X "$method" -H 'Content-Type: application/json' ${body:+--data "$body"} \
    -w '\n%{http_code}' "$base$path")"
  code="${out##*$'\n'}"
  if [ "$code" != "$want" ]; then
    echo "run.sh: $method $path answered $code, expected $want: ${out%$'\n'*}" >&2
    exit 1
  fi
  printf '%s' "${out%$'\n'*}"
}

# Events to the sink first (the inbound message is an event too), then open the window.
expect 200 PUT /v1/whatsapp/waba/eventdestinations \
  "{\"id\":\"$WABA_ID\",\"eventDestinations\":[{\"eventDestinationArn\":\"$BENCH_ARN\"}]}" >/dev/null
expect 200 POST /_socialite/inbound \
  "{\"phoneNumberId\":\"$PHONE_ID\",\"from\":\"$CUSTOMER\",\"name\":\"Bench\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}" >/dev/null

# Every scenario is checked once with curl before it is measured.
export BENCH_DIR="$here"
export BENCH_IDS_FILE="$work/accepted-ids.txt"
: >"$BENCH_IDS_FILE"
expect 200 GET "/v1/whatsapp/waba/details?id=$WABA_ID" >/dev/null
expect 200 GET /v1/whatsapp/waba/list >/dev/null
expect 400 GET "/v1/whatsapp/waba/details?id=bad" >/dev/null
send_body="$(lua_body=$(sed -nE "s/^local message = \"([^\"]+)\"/\1/p" "$here/send_text.lua");
  printf '{"originationPhoneNumberId":"%s","message":"%s","metaApiVersion":"v20.0"}' "$PHONE_ID" "$lua_body")"
expect 200 POST /v1/whatsapp/send "$send_body" |
  sed -nE 's/.*"messageId" *: *"([^"]+)".*/\1/p' >>"$BENCH_IDS_FILE"
echo >>"$BENCH_IDS_FILE"
precheck_sends=1

# --- wrk runs ----------------------------------------------------------------------
declare -A RPS P50 P99 OK CPU
send_ok=0
# One wrk run; prints its BENCH line plus the server's CPU time per request (utime+stime
# over the run / requests: a figure that holds even when other processes share the cores;
# for send_text it includes the event dispatcher's work during the run).
run_wrk() {
  local scenario="$1" conns="$2" line ticks0 ticks1 requests cpu_us
  ticks0="$(cpu_ticks "$server_pid")"
  BENCH_NAME="$scenario" BENCH_CONNS="$conns" \
    wrk -t1 -c"$conns" -d"${duration}s" --timeout 10s --latency -s "$here/$scenario.lua" "$base" \
    >"$work/wrk-$scenario-$conns.log" 2>&1 || true
  line="$(grep -m1 '^BENCH ' "$work/wrk-$scenario-$conns.log" || true)"
  if [ -z "$line" ]; then
    echo "run.sh: wrk $scenario c$conns printed no result:" >&2
    cat "$work/wrk-$scenario-$conns.log" >&2
    exit 1
  fi
  ticks1="$(cpu_ticks "$server_pid")"
  requests="$(sed -nE 's/.* requests=([0-9]+).*/\1/p' <<<"$line")"
  cpu_us="$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n="$requests" 'BEGIN {printf "%.0f", (n > 0) ? t * 1e6 / hz / n : 0}')"
  line="$line server_cpu_us_per_req=$cpu_us"
  echo "$line"
  field() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<"$line"; }
  RPS[$scenario:$conns]="$(field rps)"
  P50[$scenario:$conns]="$(field p50_ms)"
  P99[$scenario:$conns]="$(field p99_ms)"
  OK[$scenario:$conns]="$(field status_200)"
  CPU[$scenario:$conns]="$cpu_us"
  if [ "$scenario" = send_text ]; then send_ok=$((send_ok + ${OK[$scenario:$conns]:-0})); fi
}

scenarios=(get_waba list_wabas validation send_text)
echo "== wrk runs"
for scenario in "${scenarios[@]}"; do
  for conns in $conns_list; do
    run_wrk "$scenario" "$conns"
  done
done

loaded_rss_kb="$(rss_kb "$server_pid" VmRSS)"
peak_rss_kb="$(rss_kb "$server_pid" VmHWM)"
echo "== loaded RSS: $(mb "$loaded_rss_kb") MB (VmRSS $loaded_rss_kb kB), peak $(mb "$peak_rss_kb") MB (VmHWM)"

# --- events backlog --------------------------------------------------------------------
# Each accepted text message schedules sent, delivered and read (default delays: 0.1, 0.5,
# 2 s); the inbound message is one more event. Wait, at most 120 s, for the sink to have
# them all (counted from the db: messages answered after wrk stopped count too); report how
# fast the backlog drained.
accepted=$((send_ok + precheck_sends))
expected_count() {
  sqlite3 "$db" "SELECT 3 * (SELECT count(*) FROM messages WHERE direction = 'outbound')
    + (SELECT count(*) FROM messages WHERE direction = 'inbound')"
}
echo "== events: waiting for the status events of every message at the sink (at most 120 s)"
t0=$(date +%s.%N)
ticks0="$(cpu_ticks "$server_pid")"
first="$(sink_count)"
last="$first"; stable=0
for _ in $(seq 480); do
  now="$(sink_count)"
  # Recounted each time: requests still in flight when wrk stopped may have added messages.
  expected_events="$(expected_count)"
  [ "$now" -ge "$expected_events" ] && break
  if [ "$now" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
  [ "$stable" -ge 40 ] && break   # nothing new for 10 s
  last="$now"
  sleep 0.25
done
ticks1="$(cpu_ticks "$server_pid")"
t1=$(date +%s.%N)
events_now="$(sink_count)"
drain_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')"
drain_rate="$(awk -v n=$((events_now - first)) -v s="$drain_s" 'BEGIN {printf "%.0f", (s > 0) ? n / s : 0}')"
drain_cpu="$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n=$((events_now - first)) 'BEGIN {printf "%.0f", (n > 0) ? t * 1e6 / hz / n : 0}')"
echo "== events at the sink: $events_now of $expected_events; backlog after the runs: $((events_now - first))" \
  "delivered in ${drain_s} s (~${drain_rate} events/s, server CPU ${drain_cpu} us/event)"

# --- durability ------------------------------------------------------------------------
echo "== durability: kill -9 the server, then look for every accepted messageId in the db file"
{ kill -9 "$server_pid" && wait "$server_pid"; } 2>/dev/null || true
server_pid=""
ids_count="$(grep -c . "$BENCH_IDS_FILE" || true)"
read -r missing outbound < <(sqlite3 -separator ' ' "$work/check.db" \
  "CREATE TABLE ids(wamid TEXT PRIMARY KEY);" \
  ".import $BENCH_IDS_FILE ids" \
  "ATTACH '$db' AS s;" \
  "SELECT (SELECT count(*) FROM ids WHERE wamid NOT IN (SELECT wamid FROM s.messages)),
          (SELECT count(*) FROM s.messages WHERE direction = 'outbound');")
integrity="$(sqlite3 "$db" 'PRAGMA integrity_check' | head -n1)"
echo "   200 responses: $accepted; messageIds collected: $ids_count; missing from db: $missing;" \
  "outbound rows: $outbound (rows beyond the 200s are requests in flight when wrk stopped); integrity: $integrity"
durable=MISS
if [ "$ids_count" -eq "$accepted" ] && [ "$missing" -eq 0 ] && [ "$outbound" -ge "$accepted" ] &&
  [ "$integrity" = ok ]; then durable=PASS; fi

# --- summary -------------------------------------------------------------------------
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {ok = (op == ">=") ? v + 0 >= t + 0 : v + 0 <= t + 0; print ok ? "PASS" : "MISS"}'; }
echo
echo "== results (wrk -t1, ${duration}s per run; $(nproc) cores shared by server, wrk and sink;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) after the runs)"
printf '%-12s %6s %10s %8s %8s %14s\n' scenario conns req/s p50_ms p99_ms server_cpu_us/req
for scenario in "${scenarios[@]}"; do
  for conns in $conns_list; do
    printf '%-12s %6s %10s %8s %8s %14s\n' "$scenario" "$conns" "${RPS[$scenario:$conns]}" \
      "${P50[$scenario:$conns]}" "${P99[$scenario:$conns]}" "${CPU[$scenario:$conns]}"
  done
done
echo
printf '%-44s %-22s %s\n' target measured verdict
for conns in $conns_list; do
  printf '%-44s %-22s %s\n' "Get >= $T_GET_RPS req/s (c$conns)" "${RPS[get_waba:$conns]}" \
    "$(verdict "${RPS[get_waba:$conns]}" $T_GET_RPS '>=')"
  printf '%-44s %-22s %s\n' "Get p99 <= $T_P99_MS ms (c$conns)" "${P99[get_waba:$conns]} ms" \
    "$(verdict "${P99[get_waba:$conns]}" $T_P99_MS '<=')"
  printf '%-44s %-22s %s\n' "Send >= $T_SEND_RPS req/s (c$conns)" "${RPS[send_text:$conns]}" \
    "$(verdict "${RPS[send_text:$conns]}" $T_SEND_RPS '>=')"
  printf '%-44s %-22s %s\n' "Send p99 <= $T_P99_MS ms (c$conns)" "${P99[send_text:$conns]} ms" \
    "$(verdict "${P99[send_text:$conns]}" $T_P99_MS '<=')"
done
printf '%-44s %-22s %s\n' "every accepted message durable (kill -9)" "$((accepted - missing))/$accepted in db" "$durable"
printf '%-44s %-22s %s\n' "ready <= $T_READY_MS ms (median of 5)" "$ready_ms ms" "$(verdict "$ready_ms" $T_READY_MS '<=')"
printf '%-44s %-22s %s\n' "idle RSS <= $T_IDLE_RSS_MB MB" "$(mb "$idle_rss_kb") MB" \
  "$(verdict "$(mb "$idle_rss_kb")" $T_IDLE_RSS_MB '<=')"
printf '%-44s %-22s %s\n' "loaded RSS (after the runs; peak)" "$(mb "$loaded_rss_kb") MB; $(mb "$peak_rss_kb") MB" "-"
printf '%-44s %-22s %s\n' "status events at the sink" "$events_now of $expected_events" "-"
printf '%-44s %-22s %s\n' "event delivery rate (backlog after the runs)" "~$drain_rate events/s" "-"
