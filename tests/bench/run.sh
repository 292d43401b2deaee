#!/usr/bin/env bash
# Benchmark of a Release build of socialite against a bare Boost.Beast limit server measured in
# the same run, plus neighbour scenarios (does a slow or dead neighbour slow everyone else?).
# A program that prints numbers, not a test: it exits 0 once the runs completed, whatever the
# verdicts (non-zero only when it could not run), and tests/run.sh does not call it.
#
# usage: tests/bench/run.sh [--quick] [--binary PATH] [--threads N] [--duration SECONDS]
#   --quick      2 s per wrk run and probe, a smaller dead-destination backlog (a smoke run)
#   --binary     benchmark this socialite executable instead of build-release/socialite
#   --threads    --threads of socialite and of the bare server (default: 2, socialite's own)
#   --duration   seconds per wrk run and per neighbour probe (default 10)
# Environment: BENCH_CONNS (default "32 64"), BENCH_DEAD_EVENTS (default 10000; 2000 with
# --quick), BENCH_KEEP=1 keeps the work directory.
#
# What it does (README "Benchmarks" describes the output):
#   1. builds build-release/ (CMake Release with -DSOCIALITE_BUILD_BENCH=ON: socialite,
#      bare_server, bench_prober; build/ of the test command is left alone), installs wrk
#      with apt-get when it is missing;
#   2. cold start: exec to the first 200 of /_socialite/health, fresh db file, median of 5;
#   3. starts the webhook sink, bare_server and socialite (temp db file, events to the sink),
#      reads idle VmRSS;
#   4. per connection count: bare, get, bare, list, bare, validation, bare, send, bare,
#      send_nodest, bare — each Socialite run is compared with the mean of the bare runs just
#      before and after it, so machine noise touches both; after each send run it waits
#      (bounded) for the sink to receive the status events, so event delivery does not eat
#      into the next bare run (send_nodest runs on a second instance whose WABA has no event
#      destination: its statuses are recorded, then marked undeliverable, never sent);
#   5. neighbour scenarios (a) on the same server: a second client (bench_prober, 50 Get/s)
#      while nothing else runs, while one wrk client saturates Send, and while a fault rule
#      delays every Send by 2 s; then kill -9 and the durability check of every 200 of Send;
#   6. neighbour scenario (a) with a hung S3 endpoint, on a second socialite instance;
#   7. neighbour scenario (b), a dead webhook destination holding a backlog, on a third;
#   8. a table of targets, each PASS or MISS, and the CPU budget of a Send: what the server,
#      the sink and wrk spend per request against the bare server's exchange, which bounds
#      the ratio the send scenarios can reach on these cores.
# Every step is bounded in time; only 127.0.0.1 is used.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

duration=10
quick=0
binary=""
threads=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) duration=2; quick=1 ;;
    --binary) binary="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --duration) duration="$2"; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
case "$duration" in ''|*[!0-9]*|0) echo "run.sh: --duration takes whole seconds" >&2; exit 2 ;; esac
conns_list="${BENCH_CONNS:-32 64}"
if [ "$quick" = 1 ]; then dead_events_default=2000; else dead_events_default=10000; fi
dead_events="${BENCH_DEAD_EVENTS:-$dead_events_default}"

# Targets (issue 9): ratios to the bare server at 32 connections, p99 of both at 32.
T_CONNS=32
T_GET_RATIO=0.70
T_SEND_RATIO=0.35
T_P99_MS=5
T_READY_MS=50
T_IDLE_RSS_MB=20
T_LOADED_RSS_MB=64
T_NEIGHBOUR_P99_MS=10
T_HEALTHY_DELAY_MS=1000

WABA_ID="waba-5f3c0a1e9b7d4c2a8e6f1b3d5a7c9e01"
PHONE_ID="phone-number-id-7a1c3e5f9b2d4a6c8e0f1a3b5c7d9e11"
CUSTOMER="14255559876"
BENCH_ARN="arn:aws:sns:us-east-1:000000000000:socialite-bench"
GET_PATH="/v1/whatsapp/waba/details?id=$WABA_ID"

# --- tools and build ---------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for tool in node curl sqlite3 wrk timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done

work="$(mktemp -d /tmp/socialite-bench.XXXXXX)"
build="$root/build-release"
targets=(bare_server bench_prober)
[ -n "$binary" ] || targets+=(socialite)
echo "== building ${targets[*]} in build-release/ (Release)"
launcher=()
# ccache only when present: repeated runs on an unchanged tree then rebuild nothing.
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
if ! { bash "$root/docker/install-deps.sh" &&
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSOCIALITE_BUILD_TESTS=OFF \
    -DSOCIALITE_BUILD_BENCH=ON "${launcher[@]}" &&
  cmake --build "$build" -j2 --target "${targets[@]}"; } >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  echo "run.sh: the build failed" >&2
  rm -rf "$work"
  exit 2
fi
binary="${binary:-$build/socialite}"
bare_binary="$build/bare_server"
prober="$build/bench_prober"
for b in "$binary" "$bare_binary" "$prober"; do
  [ -x "$b" ] || { echo "run.sh: $b is not executable" >&2; rm -rf "$work"; exit 2; }
done
SECONDS=0  # the run's own time, build excluded, for the last line

# --- processes, cleanup ------------------------------------------------------
# Every background process this script starts is listed here until it is reaped, so the
# cleanup stops exactly those (by pid, never by name).
pids=()
forget() {
  local pid="$1" kept=() p
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  pids=("${kept[@]}")
}
# kill -9 and reap one process (a server whose state is thrown away, or the durability check).
stop_now() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget "$pid"
}
cleanup() {
  local pid alive
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Five seconds for all of them together, then kill -9: a socialite with a hung S3 fetch or a
  # backlog would otherwise take far longer to stop.
  for _ in $(seq 50); do
    alive=0
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    [ "$alive" = 1 ] || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=../shell/wait_for_line.sh
source "$root/tests/shell/wait_for_line.sh"

# utime + stime of a process, in clock ticks (0 once it is gone; run_wrk notices that).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
clk_tck="$(getconf CLK_TCK)"
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f", kb / 1024}'; }
# Value of KEY=VALUE in a result line (empty when the line has no such key).
field() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<" $2"; }
# The same as a count: 0 when absent (wrk prints status_200 only when some request got a 200).
count() { local v; v="$(field "$1" "$2")"; echo "${v:-0}"; }
# PASS when $1 (a number) compares with $3 against $2; MISS otherwise, also when $1 is no number.
verdict() {
  awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
    if (v !~ /^-?[0-9]+(\.[0-9]+)?$/) { print "MISS"; exit }
    ok = (op == ">=") ? v + 0 >= t + 0 : v + 0 <= t + 0; print ok ? "PASS" : "MISS" }'
}

# Set through start_bg and start_socialite (printf -v); the cleanup stops the sink through pids
# (sink_pid is read for its CPU time).
# shellcheck disable=SC2034
sink_pid="" bare_pid="" server_pid="" base="" load_pid="" hang_pid="" s3hang_pid="" s3hang_url=""
dead_pid="" rsink_pid="" deadsrv_pid="" dead_url="" nodest_pid="" nodest_url=""

# Starts a background process writing to $1; its pid goes to the variable named $2.
start_bg() {
  local log="$1" var="$2"
  shift 2
  "$@" >"$log" 2>&1 &
  pids+=("$!")
  printf -v "$var" '%s' "$!"
}

# Starts socialite with the flags given (after the log file and the pid and url variable
# names), waits for its banner and its first 200 of /_socialite/health.
start_socialite() {
  local log="$1" pid_var="$2" url_var="$3" banner url
  shift 3
  start_bg "$log" "$pid_var" "$binary" --port 0 "$@"
  banner="$(wait_for_line "$log" 30 'listening on http://')" ||
    { echo "run.sh: socialite did not start: $*" >&2; cat "$log" >&2; exit 1; }
  url="$(sed -E 's#.*listening on (http://[^ ]+).*#\1#' <<<"$banner")"
  for _ in $(seq 100); do
    [ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$url/_socialite/health")" = 200 ] && break
    sleep 0.1
  done
  printf -v "$url_var" '%s' "$url"
}

# expect STATUS METHOD URL [BODY]: one request that must answer STATUS; prints the body.
expect() {
  local want="$1" method="$2" url="$3" body="${4:-}" out code
  out="$(curl -s --max-time 10 -X "$method" -H 'Content-Type: application/json' \
    ${body:+--data "$body"} -w '\n%{http_code}' "$url")" || true
  code="${out##*$'\n'}"
  if [ "$code" != "$want" ]; then
    echo "run.sh: $method $url answered $code, expected $want: ${out%$'\n'*}" >&2
    exit 1
  fi
  printf '%s' "${out%$'\n'*}"
}

threads_flag=()
[ -n "$threads" ] && threads_flag=(--threads "$threads")

# --- sink, bare server ---------------------------------------------------------------
start_bg "$work/sink.log" sink_pid node "$here/sink.mjs"
sink_port="$(wait_for_line "$work/sink.log" 20 '^sink listening [0-9]+' | awk '{print $3}')" ||
  { echo "run.sh: sink did not start" >&2; cat "$work/sink.log" >&2; exit 1; }
sink_url="http://127.0.0.1:$sink_port"
# Events the sink has received (0 when it does not answer, so the arithmetic below holds).
sink_count() {
  local n
  n="$(curl -s --max-time 5 "$sink_url/_count" | sed -nE 's/.*"requests":([0-9]+).*/\1/p' || true)"
  echo "${n:-0}"
}

start_bg "$work/bare.log" bare_pid "$bare_binary" --port 0 "${threads_flag[@]}"
bare_banner="$(wait_for_line "$work/bare.log" 20 'listening on http://')" ||
  { echo "run.sh: bare_server did not start" >&2; cat "$work/bare.log" >&2; exit 1; }
bare_url="$(sed -E 's#.*listening on (http://[^ ]+).*#\1#' <<<"$bare_banner")"

server_flags=(--webhook-raw "arn:aws:sns:*=$sink_url/" --s3-dir "$work/s3" "${threads_flag[@]}")
echo "== binary: $binary; bare server: $bare_binary"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the runs;" \
  "wrk -t1, ${duration}s per run, connections: $conns_list; server flags: ${server_flags[*]}"

# --- cold start ----------------------------------------------------------------
echo "== cold start (exec to first 200 of /_socialite/health, fresh db file, 5 runs)"
timeout 120 node "$here/coldstart.mjs" "$binary" 5 "$work" "${server_flags[@]}" | tee "$work/coldstart.log"
ready_ms="$(sed -nE 's/^COLDSTART median_ms=([0-9.]+).*/\1/p' "$work/coldstart.log")"

# --- the main server ---------------------------------------------------------------
db="$work/bench.db"
start_socialite "$work/server.log" server_pid base --db "$db" "${server_flags[@]}"
echo "== server: $(grep -m1 'listening on' "$work/server.log")"
sleep 1
idle_rss_kb="$(rss_kb "$server_pid" VmRSS)"
echo "== idle RSS: $(mb "$idle_rss_kb") MB (VmRSS $idle_rss_kb kB)"

# Events to the sink first (the inbound message is an event too), then open the window.
expect 200 PUT "$base/v1/whatsapp/waba/eventdestinations" \
  "{\"id\":\"$WABA_ID\",\"eventDestinations\":[{\"eventDestinationArn\":\"$BENCH_ARN\"}]}" >/dev/null
expect 200 POST "$base/_socialite/inbound" \
  "{\"phoneNumberId\":\"$PHONE_ID\",\"from\":\"$CUSTOMER\",\"name\":\"Bench\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}" >/dev/null

# Every request is checked once with curl before it is measured.
export BENCH_DIR="$here"
export BENCH_IDS_FILE="$work/accepted-ids.txt"
: >"$BENCH_IDS_FILE"
expect 200 GET "$bare_url$GET_PATH" >/dev/null
expect 200 GET "$base$GET_PATH" >/dev/null
expect 200 GET "$base/v1/whatsapp/waba/list" >/dev/null
expect 400 GET "$base/v1/whatsapp/waba/details?id=bad" >/dev/null
send_body="$(lua_body=$(sed -nE "s/^local message = \"([^\"]+)\"/\1/p" "$here/send_text.lua");
  printf '{"originationPhoneNumberId":"%s","message":"%s","metaApiVersion":"v20.0"}' "$PHONE_ID" "$lua_body")"
expect 200 POST "$base/v1/whatsapp/send" "$send_body" |
  sed -nE 's/.*"messageId" *: *"([^"]+)".*/\1/p' >>"$BENCH_IDS_FILE"
echo >>"$BENCH_IDS_FILE"
accepted=1
# The media request of the S3-hang scenario, checked here against an object in --s3-dir.
mkdir -p "$work/s3/bench-media"
printf '\xff\xd8\xff\xe0 bench image\xff\xd9' >"$work/s3/bench-media/photo.jpg"
expect 200 POST "$base/v1/whatsapp/media" "$(sed -nE "s/^wrk.body = '(.*)'$/\1/p" "$here/media_s3.lua")" >/dev/null

# The send_nodest instance: the same flags, its WABA left without an event destination.
nodest_db="$work/nodest.db"
start_socialite "$work/server-nodest.log" nodest_pid nodest_url --db "$nodest_db" "${server_flags[@]}"
expect 200 POST "$nodest_url/_socialite/inbound" \
  "{\"phoneNumberId\":\"$PHONE_ID\",\"from\":\"$CUSTOMER\",\"name\":\"Bench\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}" >/dev/null
expect 200 POST "$nodest_url/v1/whatsapp/send" "$send_body" >/dev/null

# --- wrk runs ----------------------------------------------------------------------
declare -A SCRIPT=([get]=get_waba [list]=list_wabas [validation]=validation [send]=send_text
  [send_nodest]=send_text)
declare -A RES    # "label:conns:key" -> value, for the summary
# One wrk run of script $2 with $3 connections against $5 (server pid $4), named $1. Sets
# run_line to its result plus the server's CPU time per request (utime+stime over the run /
# requests: a figure that holds even when other processes share the cores; for send it
# includes the event dispatcher's work during the run).
run_line=""
# CPU time of this shell's waited-for children so far (wrk among them), in microseconds, into
# the variable named $1 (`times` must run in this shell: a subshell has no children).
children_us() {
  times >"$work/times"
  printf -v "$1" '%s' "$(tail -n 1 "$work/times" | awk '{ t = 0
    for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] }
    printf "%.0f", t * 1e6 }')"
}
# CPU time of the thread named "writer" of process $1 (Socialite's writer), in clock ticks.
writer_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    if [ "$(cat "$task/comm" 2>/dev/null)" = writer ]; then
      awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0
      return
    fi
  done
  echo 0
}
run_wrk() {
  local label="$1" script="$2" conns="$3" pid="$4" url="$5" log ticks0 ticks1 requests cpu_us
  local client0 client1 writer0 writer1
  log="$work/wrk-$label-$conns-$((++wrk_runs)).log"
  ticks0="$(cpu_ticks "$pid")"
  writer0="$(writer_ticks "$pid")"
  children_us client0
  BENCH_NAME="$label" BENCH_CONNS="$conns" timeout $((duration + 30)) \
    wrk -t1 -c"$conns" -d"${duration}s" --timeout 10s --latency -s "$here/$script.lua" "$url" \
    >"$log" 2>&1 || true
  children_us client1
  ticks1="$(cpu_ticks "$pid")"
  writer1="$(writer_ticks "$pid")"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "run.sh: the server under test ($label) exited during the run" >&2
    [ "$pid" = "$server_pid" ] && tail -n 20 "$work/server.log" >&2
    exit 1
  fi
  run_line="$(grep -m1 '^BENCH ' "$log" || true)"
  if [ -z "$run_line" ]; then
    echo "run.sh: wrk $label c$conns printed no result:" >&2
    cat "$log" >&2
    exit 1
  fi
  requests="$(field requests "$run_line")"
  cpu_us="$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n="$requests" \
    'BEGIN {printf "%.0f", (n > 0) ? t * 1e6 / hz / n : 0}')"
  run_line="$run_line server_cpu_us_per_req=$cpu_us client_cpu_us_per_req=$(awk \
    -v t=$((client1 - client0)) -v n="$requests" 'BEGIN {printf "%.0f", (n > 0) ? t / n : 0}')"
  if [ "$label" != bare ]; then
    run_line="$run_line writer_cpu_us_per_req=$(awk -v t=$((writer1 - writer0)) -v hz="$clk_tck" \
      -v n="$requests" 'BEGIN {printf "%.0f", (n > 0) ? t * 1e6 / hz / n : 0}')"
  fi
}
wrk_runs=0

# One run of the bare server with get's script (the same request line and wrk settings as
# get); prints a short BENCH line and sets bare_rps and bare_p99 for the ratios.
bare_run() {
  local conns="$1"
  run_wrk bare get_waba "$conns" "$bare_pid" "$bare_url"
  echo "$run_line" | sed -E 's/ (duration_s|requests|max_ms|non2xx|sockerr)=[^ ]+//g'
  bare_rps="$(field rps "$run_line")"
  bare_p99="$(field p99_ms "$run_line")"
  BARE_CPU[$conns]="$(field server_cpu_us_per_req "$run_line") $(field client_cpu_us_per_req "$run_line")"
}

# drain LABEL SECONDS: waits, at most SECONDS, for the sink to have every event of the messages so far: three
# statuses per accepted text (default delays 0.1, 0.5 and 2 s) plus one per inbound message,
# counted from the db so that requests still in flight when wrk stopped count too. Stops
# early when nothing new arrives for 10 s (5 s with --quick). Reports the backlog.
drain() {
  local label="$1" bound="$2" quiet=40 t0 t1 ticks0 ticks1 first now last stable=0 secs rate cpu
  [ "$quick" = 1 ] && quiet=20
  t0=$(date +%s.%N)
  ticks0="$(cpu_ticks "$server_pid")"
  first="$(sink_count)"; last="$first"
  for _ in $(seq $((bound * 4))); do
    now="$(sink_count)"
    expected_events="$(sqlite3 -cmd '.timeout 2000' "$db" \
      "SELECT 3 * (SELECT count(*) FROM messages WHERE direction = 'outbound')
        + (SELECT count(*) FROM messages WHERE direction = 'inbound')" 2>/dev/null ||
      echo "$expected_events")"
    [ "${now:-0}" -ge "$expected_events" ] && break
    if [ "$now" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
    [ "$stable" -ge "$quiet" ] && break
    last="$now"
    sleep 0.25
  done
  ticks1="$(cpu_ticks "$server_pid")"
  t1=$(date +%s.%N)
  events_at_sink="$(sink_count)"
  secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')"
  rate="$(awk -v n=$((events_at_sink - first)) -v s="$secs" 'BEGIN {printf "%.0f", (s > 0) ? n / s : 0}')"
  cpu="$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n=$((events_at_sink - first)) \
    'BEGIN {printf "%.0f", (n > 0) ? t * 1e6 / hz / n : 0}')"
  echo "   events after $label: $events_at_sink of $expected_events at the sink; the backlog of" \
    "$((events_at_sink - first)) took ${secs} s (~${rate} events/s, server CPU ${cpu} us/event)"
  drain_rate="$rate"
  drain_server_us=$(((ticks1 - ticks0) * 1000000 / clk_tck))
}
# drain_nodest SECONDS: waits (bounded) until the send_nodest instance has no open event left.
drain_nodest() {
  local ticks0 ticks1
  ticks0="$(cpu_ticks "$nodest_pid")"
  for _ in $(seq $(($1 * 4))); do
    [ "$(sqlite3 -cmd '.timeout 2000' "$nodest_db" \
      "SELECT count(*) FROM events WHERE delivery_state IN ('pending', 'retrying')" 2>/dev/null ||
      echo 1)" = 0 ] && break
    sleep 0.25
  done
  ticks1="$(cpu_ticks "$nodest_pid")"
  drain_server_us=$(((ticks1 - ticks0) * 1000000 / clk_tck))
}
expected_events=0
events_at_sink=0
drain_rate=0
drain_server_us=0
declare -A BARE_CPU  # conns -> "server_us client_us" of the latest bare run
if [ "$quick" = 1 ]; then drain_bound=20; else drain_bound=60; fi

echo "== wrk runs: bare server and socialite alternately (ratio = socialite rps / mean of the bare runs before and after)"
for conns in $conns_list; do
  bare_run "$conns"
  prev_rps="$bare_rps"; prev_p99="$bare_p99"; prev_bare_cpu="${BARE_CPU[$conns]}"
  for scenario in get list validation send send_nodest; do
    if [ "$scenario" = send_nodest ]; then
      # Its own instance, and its messageIds kept apart from the durability check's.
      sink0="$(cpu_ticks "$sink_pid")"
      BENCH_IDS_FILE="$work/nodest-ids.txt" run_wrk "$scenario" "${SCRIPT[$scenario]}" "$conns" \
        "$nodest_pid" "$nodest_url"
      line="$run_line"
      drain_nodest "$drain_bound"
    else
      sink0="$(cpu_ticks "$sink_pid")"
      run_wrk "$scenario" "${SCRIPT[$scenario]}" "$conns" "$server_pid" "$base"
      line="$run_line"
    fi
    if [ "$scenario" = send ]; then
      accepted=$((accepted + $(count status_200 "$line")))
      drain "send c$conns" "$drain_bound"
    fi
    if [[ "$scenario" == send* ]]; then
      # What the rest of the Send cost: the server's CPU while the backlog drained, and the
      # sink's over the run and the drain, per request of the run.
      line="$line drain_server_cpu_us_per_req=$(awk -v t="$drain_server_us" -v n="$(field requests "$line")" \
        'BEGIN {printf "%.0f", (n > 0) ? t / n : 0}') sink_cpu_us_per_req=$(awk \
        -v t=$((($(cpu_ticks "$sink_pid") - sink0) * 1000000 / clk_tck)) -v n="$(field requests "$line")" \
        'BEGIN {printf "%.0f", (n > 0) ? t / n : 0}')"
    fi
    bare_run "$conns"
    ref_rps="$(awk -v a="$prev_rps" -v b="$bare_rps" 'BEGIN {printf "%.1f", (a + b) / 2}')"
    ref_p99="$(awk -v a="$prev_p99" -v b="$bare_p99" 'BEGIN {printf "%.3f", (a + b) / 2}')"
    ratio="$(awk -v s="$(field rps "$line")" -v b="$ref_rps" 'BEGIN {printf "%.3f", (b > 0) ? s / b : 0}')"
    line="$line ratio=$ratio bare_rps=$ref_rps bare_p99_ms=$ref_p99"
    echo "$line"
    for key in rps p50_ms p99_ms ratio bare_rps bare_p99_ms non2xx sockerr server_cpu_us_per_req \
      client_cpu_us_per_req drain_server_cpu_us_per_req sink_cpu_us_per_req writer_cpu_us_per_req; do
      RES[$scenario:$conns:$key]="$(field "$key" "$line")"
    done
    # The bare server's CPU per request (its own, wrk's) as the mean of the runs around it.
    RES[$scenario:$conns:bare_cpu]="$(awk -v a="$prev_bare_cpu" -v b="${BARE_CPU[$conns]}" 'BEGIN {
      split(a, x, " "); split(b, y, " "); printf "%.1f %.1f", (x[1] + y[1]) / 2, (x[2] + y[2]) / 2 }')"
    prev_bare_cpu="${BARE_CPU[$conns]}"
    prev_rps="$bare_rps"; prev_p99="$bare_p99"
  done
done

stop_now "$nodest_pid"  # its part is done; the scenarios below use the main instance
loaded_rss_kb="$(rss_kb "$server_pid" VmRSS)"
echo "== loaded RSS after the runs: $(mb "$loaded_rss_kb") MB (VmRSS $loaded_rss_kb kB)," \
  "peak so far $(mb "$(rss_kb "$server_pid" VmHWM)") MB (VmHWM)"

# --- neighbour scenarios (a): a second client's Get ---------------------------------------
declare -A PROBE
# probe NAME URL SECONDS: bench_prober at 50 Get/s for SECONDS. Every 20 ms, twice the
# target, so a client within the target always keeps up with its schedule and only slower
# calls or stalls push later calls back (which bench_prober then counts from when they fell
# due). A call gets 3 s: longer than the 2 s fault latency, so that scenario shows its real
# delay rather than timeouts.
probe() {
  local name="$1" url="$2" seconds="$3" line
  line="$(timeout $((seconds + 30)) "$prober" --url "$url$GET_PATH" --duration-s "$seconds" \
    --rate 50 --timeout-ms 3000 --name "$name" || true)"
  [ -n "$line" ] || line="PROBE name=$name samples=0 errors=prober_failed p99_ms=-"
  echo "$line"
  PROBE[$name]="$line"
}
# neighbour_load NAME SCRIPT CONNS URL SECONDS: a wrk client in the background (pid in
# load_pid), given half a second to get going before the prober starts.
neighbour_load() {
  local name="$1" script="$2" conns="$3" url="$4" seconds="$5"
  BENCH_NAME="$name" BENCH_CONNS="$conns" start_bg "$work/wrk-$name.log" load_pid \
    timeout $((seconds + 30)) wrk -t1 -c"$conns" -d"${seconds}s" --timeout 10s --latency \
    -s "$here/$script.lua" "$url"
  sleep 0.5
}
# Waits for the background wrk client and prints its BENCH line (sets load_line).
neighbour_load_done() {
  wait "$load_pid" 2>/dev/null || true
  forget "$load_pid"
  load_line="$(grep -m1 '^BENCH ' "$work/wrk-$1.log" || echo "BENCH scenario=$1 (no result)")"
  echo "   $load_line"
}
probe_s="$duration"
load_s=$((probe_s + 1))

echo "== neighbours (a): a second client's GetLinkedWhatsAppBusinessAccount at 50/s (bench_prober)"
probe idle "$base" "$((probe_s < 3 ? probe_s : 3))"

neighbour_load neighbour_send send_text "$T_CONNS" "$base" "$load_s"
probe send_saturated "$base" "$probe_s"
neighbour_load_done neighbour_send
accepted=$((accepted + $(count status_200 "$load_line")))

expect 200 PUT "$base/_socialite/faults" \
  '{"rules":[{"operation":"SendWhatsAppMessage","latencyMs":2000}]}' >/dev/null
neighbour_load neighbour_fault send_text 4 "$base" "$load_s"
probe fault_latency "$base" "$probe_s"
neighbour_load_done neighbour_fault
accepted=$((accepted + $(count status_200 "$load_line")))
# The server is killed next, so a DELETE that cannot get through (delayed calls still holding
# it up) is only reported; the rule dies with the process either way.
if [ "$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -X DELETE "$base/_socialite/faults")" != 200 ]; then
  echo "   (DELETE /_socialite/faults did not answer 200 within 30 s)"
fi

peak_rss_kb="$(rss_kb "$server_pid" VmHWM)"
echo "== peak RSS of the main server over all its load: $(mb "$peak_rss_kb") MB (VmHWM)"

# --- durability ------------------------------------------------------------------------
# kill -9 while the neighbour runs' status events are still being delivered: nothing
# acknowledged may be missing from the db file.
echo "== durability: kill -9 the server, then look for every accepted messageId in the db file"
stop_now "$server_pid"
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

# --- neighbour scenario (a) with a hung S3 endpoint ------------------------------------------
# Its own instance: --s3-endpoint points at a stub that accepts and never answers, and four
# wrk connections call PostWhatsAppMessageMedia (sourceS3File) on it while the prober runs.
# The instance is then killed: its fetches would otherwise wait out their own timeout.
echo "== neighbours (a): the same prober while 4 clients' PostWhatsAppMessageMedia wait on a hung S3 endpoint"
start_bg "$work/hang.log" hang_pid node "$here/stub_server.mjs" hang
hang_port="$(wait_for_line "$work/hang.log" 20 '^stub hang listening [0-9]+' | awk '{print $4}')" ||
  { echo "run.sh: the hang stub did not start" >&2; exit 1; }
start_socialite "$work/server-s3hang.log" s3hang_pid s3hang_url --db "$work/s3hang.db" \
  --s3-endpoint "http://127.0.0.1:$hang_port" --log-level warn "${threads_flag[@]}"
expect 200 GET "$s3hang_url$GET_PATH" >/dev/null
neighbour_load neighbour_media media_s3 4 "$s3hang_url" "$load_s"
probe s3_hang "$s3hang_url" "$probe_s"
neighbour_load_done neighbour_media
stop_now "$s3hang_pid"
stop_now "$hang_pid"

# --- neighbour scenario (b): a dead destination's backlog --------------------------------------
# Two linked WABAs with different destination ARNs: one bound to a stub answering 503, the
# other to a sink that records arrival times. dead_destination.mjs fills the dead one's
# backlog with inbound messages (one event each, due at once), then times the healthy one's.
echo "== neighbours (b): a healthy destination's events while a dead one (503) holds $dead_events due events"
start_bg "$work/dead.log" dead_pid node "$here/stub_server.mjs" unavailable
dead_port="$(wait_for_line "$work/dead.log" 20 '^stub unavailable listening [0-9]+' | awk '{print $4}')" ||
  { echo "run.sh: the 503 stub did not start" >&2; exit 1; }
start_bg "$work/sink-record.log" rsink_pid node "$here/sink.mjs" 0 --record
rsink_port="$(wait_for_line "$work/sink-record.log" 20 '^sink listening [0-9]+' | awk '{print $3}')" ||
  { echo "run.sh: the recording sink did not start" >&2; exit 1; }
DEAD_PHONE="phone-number-id-00000000000000000000000000000d01"
HEALTHY_PHONE="phone-number-id-00000000000000000000000000000a02"
cat >"$work/two-destinations.json" <<EOF
{
  "metaBusinessAccounts": [
    {"accessToken": "EAAbenchDeadToken", "wabaId": "104729384756901", "name": "Bench Dead",
     "phoneNumbers": [{"metaPhoneNumberId": "110382746599001", "phoneNumber": "+14255550901"}]},
    {"accessToken": "EAAbenchHealthyToken", "wabaId": "104729384756902", "name": "Bench Healthy",
     "phoneNumbers": [{"metaPhoneNumberId": "110382746599002", "phoneNumber": "+14255550902"}]}
  ],
  "linkedAccounts": [
    {"metaWabaId": "104729384756901", "id": "waba-00000000000000000000000000000d01",
     "phoneNumbers": [{"metaPhoneNumberId": "110382746599001", "id": "$DEAD_PHONE"}],
     "eventDestinations": [{"eventDestinationArn": "arn:aws:sns:us-east-1:000000000000:bench-dead"}]},
    {"metaWabaId": "104729384756902", "id": "waba-00000000000000000000000000000a02",
     "phoneNumbers": [{"metaPhoneNumberId": "110382746599002", "id": "$HEALTHY_PHONE"}],
     "eventDestinations": [{"eventDestinationArn": "arn:aws:sns:us-east-1:000000000000:bench-healthy"}]}
  ]
}
EOF
start_socialite "$work/server-dead.log" deadsrv_pid dead_url --db "$work/dead.db" \
  --fixtures "$work/two-destinations.json" --log-level warn "${threads_flag[@]}" \
  --webhook-raw "arn:aws:sns:*:bench-dead=http://127.0.0.1:$dead_port/" \
  --webhook-raw "arn:aws:sns:*:bench-healthy=http://127.0.0.1:$rsink_port/"
if [ "$quick" = 1 ]; then healthy_events=20; healthy_wait=5; else healthy_events=50; healthy_wait=10; fi
dead_line="$(timeout 300 node "$here/dead_destination.mjs" --base "$dead_url" \
  --dead-phone "$DEAD_PHONE" --healthy-phone "$HEALTHY_PHONE" --sink "http://127.0.0.1:$rsink_port" \
  --dead-events "$dead_events" --healthy-events "$healthy_events" --spacing-ms 100 \
  --wait-s "$healthy_wait" --fill-deadline-s 120 || true)"
[ -n "$dead_line" ] || dead_line="NEIGHBOUR scenario=dead_destination (no result) missing=$healthy_events max_ms=-"
dead_attempts="$(curl -s --max-time 5 "http://127.0.0.1:$dead_port/_count" | sed -nE 's/.*"requests":([0-9]+).*/\1/p')"
echo "$dead_line dead_attempts=${dead_attempts:-?}"
stop_now "$deadsrv_pid"
stop_now "$dead_pid"
stop_now "$rsink_pid"

# --- summary -------------------------------------------------------------------------
row() { printf '%-50s %-58s %s\n' "$1" "$2" "$3"; }
# Verdict of a throughput target at T_CONNS: the ratio, and no errors among the answers.
ratio_verdict() {
  local s="$1" t="$2" v
  v="$(verdict "${RES[$s:$T_CONNS:ratio]:-}" "$t" '>=')"
  if [ "${RES[$s:$T_CONNS:non2xx]:-1}" != 0 ] || [ "${RES[$s:$T_CONNS:sockerr]:-1}" != 0 ]; then v=MISS; fi
  echo "$v"
}
# Verdict of a probe: p99 within the target, and every call answered 200 in time.
probe_verdict() {
  local line="${PROBE[$1]}" v
  v="$(verdict "$(field p99_ms "$line")" "$T_NEIGHBOUR_P99_MS" '<=')"
  for key in timeouts errors non200 unsent; do
    [ "$(field "$key" "$line")" = 0 ] || v=MISS
  done
  [ "$(field samples "$line")" != 0 ] || v=MISS
  echo "$v"
}
probe_measured() {
  local line="${PROBE[$1]}"
  echo "p99 $(field p99_ms "$line") ms (from send $(field service_p99_ms "$line")), max" \
    "$(field max_ms "$line") ms; $(field samples "$line") calls, $(field timeouts "$line") timeouts"
}

echo
echo "== results (wrk -t1, ${duration}s per run; $(nproc) cores shared by the servers, wrk, the prober" \
  "and the sinks; load average $(cut -d' ' -f1-3 /proc/loadavg) after the runs)"
printf '%-11s %6s %10s %8s %8s %7s %10s %12s %16s\n' scenario conns req/s p50_ms p99_ms ratio \
  bare_req/s bare_p99_ms server_cpu_us/req
for conns in $conns_list; do
  for s in get list validation send send_nodest; do
    printf '%-11s %6s %10s %8s %8s %7s %10s %12s %16s\n' "$s" "$conns" "${RES[$s:$conns:rps]}" \
      "${RES[$s:$conns:p50_ms]}" "${RES[$s:$conns:p99_ms]}" "${RES[$s:$conns:ratio]}" \
      "${RES[$s:$conns:bare_rps]}" "${RES[$s:$conns:bare_p99_ms]}" "${RES[$s:$conns:server_cpu_us_per_req]}"
  done
done
echo
row target measured verdict
if [[ " $conns_list " == *" $T_CONNS "* ]]; then
  row "Get >= ${T_GET_RATIO}x bare (c$T_CONNS)" \
    "${RES[get:$T_CONNS:ratio]}x (${RES[get:$T_CONNS:rps]} vs ${RES[get:$T_CONNS:bare_rps]} req/s)" \
    "$(ratio_verdict get $T_GET_RATIO)"
  row "Get p99 <= $T_P99_MS ms (c$T_CONNS)" \
    "${RES[get:$T_CONNS:p99_ms]} ms (bare ${RES[get:$T_CONNS:bare_p99_ms]} ms)" \
    "$(verdict "${RES[get:$T_CONNS:p99_ms]}" $T_P99_MS '<=')"
  row "Send >= ${T_SEND_RATIO}x bare (c$T_CONNS)" \
    "${RES[send:$T_CONNS:ratio]}x (${RES[send:$T_CONNS:rps]} vs ${RES[send:$T_CONNS:bare_rps]} req/s)" \
    "$(ratio_verdict send $T_SEND_RATIO)"
  row "Send >= ${T_SEND_RATIO}x bare, no event destination (c$T_CONNS)" \
    "${RES[send_nodest:$T_CONNS:ratio]}x (${RES[send_nodest:$T_CONNS:rps]} vs ${RES[send_nodest:$T_CONNS:bare_rps]} req/s)" \
    "$(ratio_verdict send_nodest $T_SEND_RATIO)"
  row "Send p99 <= $T_P99_MS ms (c$T_CONNS)" \
    "${RES[send:$T_CONNS:p99_ms]} ms (bare ${RES[send:$T_CONNS:bare_p99_ms]} ms)" \
    "$(verdict "${RES[send:$T_CONNS:p99_ms]}" $T_P99_MS '<=')"
  row "Send p99 <= $T_P99_MS ms, no event destination (c$T_CONNS)" \
    "${RES[send_nodest:$T_CONNS:p99_ms]} ms (bare ${RES[send_nodest:$T_CONNS:bare_p99_ms]} ms)" \
    "$(verdict "${RES[send_nodest:$T_CONNS:p99_ms]}" $T_P99_MS '<=')"
else
  row "throughput and p99 targets (c$T_CONNS)" "not measured: BENCH_CONNS has no $T_CONNS" MISS
fi
row "every 200 of Send durable (kill -9)" "$((accepted - missing))/$accepted in db, integrity $integrity" "$durable"
row "ready <= $T_READY_MS ms (median of 5)" "$ready_ms ms" "$(verdict "$ready_ms" $T_READY_MS '<=')"
row "idle RSS <= $T_IDLE_RSS_MB MB" "$(mb "$idle_rss_kb") MB" "$(verdict "$(mb "$idle_rss_kb")" $T_IDLE_RSS_MB '<=')"
row "loaded RSS <= $T_LOADED_RSS_MB MB (peak, VmHWM)" \
  "$(mb "$peak_rss_kb") MB (after the runs $(mb "$loaded_rss_kb") MB)" \
  "$(verdict "$(mb "$peak_rss_kb")" $T_LOADED_RSS_MB '<=')"
row "neighbour Get p99 <= $T_NEIGHBOUR_P99_MS ms: Send saturated" "$(probe_measured send_saturated)" "$(probe_verdict send_saturated)"
row "neighbour Get p99 <= $T_NEIGHBOUR_P99_MS ms: S3 endpoint hangs" "$(probe_measured s3_hang)" "$(probe_verdict s3_hang)"
row "neighbour Get p99 <= $T_NEIGHBOUR_P99_MS ms: 2 s fault latency" "$(probe_measured fault_latency)" "$(probe_verdict fault_latency)"
healthy_verdict="$(verdict "$(field max_ms "$dead_line")" $T_HEALTHY_DELAY_MS '<=')"
[ "$(field missing "$dead_line")" = 0 ] || healthy_verdict=MISS
row "healthy events within 1 s beside a dead backlog" \
  "$(field arrived "$dead_line")/$healthy_events arrived; p99 $(field p99_ms "$dead_line") ms, max $(field max_ms "$dead_line") ms" \
  "$healthy_verdict"
row "  (informational) neighbour Get p99, idle server" "$(probe_measured idle)" "-"
row "  (informational) dead destination backlog" "$(field dead_events "$dead_line") events; $dead_attempts attempts at the 503 stub" "-"
row "  (informational) status events at the sink" "$events_at_sink of $expected_events after the send runs" "-"
row "  (informational) event delivery rate" "~$drain_rate events/s (backlog after the last send run)" "-"

# The CPU budget of a Send at T_CONNS: on cores that wrk, the sink and the servers share, a
# scenario cannot beat (bare server + wrk per bare request) / (everything one of its requests
# costs): the server during the run and while its backlog drained, the sink, wrk.
if [ -n "${RES[send:$T_CONNS:rps]:-}" ]; then
  echo
  echo "== CPU per request, c$T_CONNS (us: server in the run + server while its backlog drained" \
    "+ sink + wrk; the bare exchange: bare server + wrk), and the steady-state ceiling that"
  echo "   this CPU puts on the ratio when both saturate the cores (a short run that leaves its" \
    "backlog to the drain, or a bare server held back by wrk or by the load, can measure above it)"
  for s in send send_nodest; do
    read -r bare_server_us bare_client_us <<<"${RES[$s:$T_CONNS:bare_cpu]:-0 0}"
    awk -v s="$s" -v run="${RES[$s:$T_CONNS:server_cpu_us_per_req]:-0}" \
      -v drained="${RES[$s:$T_CONNS:drain_server_cpu_us_per_req]:-0}" \
      -v sink="${RES[$s:$T_CONNS:sink_cpu_us_per_req]:-0}" -v client="${RES[$s:$T_CONNS:client_cpu_us_per_req]:-0}" \
      -v bs="$bare_server_us" -v bc="$bare_client_us" -v ratio="${RES[$s:$T_CONNS:ratio]:-?}" 'BEGIN {
        total = run + drained + sink + client; bare = bs + bc
        printf "%-11s %5.0f + %5.0f + %5.0f + %4.0f = %5.0f us;  bare %4.1f + %4.1f = %5.1f us;  ceiling %.3fx (measured %sx)\n",
          s, run, drained, sink, client, total, bs, bc, bare, (total > 0) ? bare / total : 0, ratio }'
  done
  for s in send send_nodest; do
    awk -v s="$s" -v w="${RES[$s:$T_CONNS:writer_cpu_us_per_req]:-0}" -v b="${RES[$s:$T_CONNS:bare_rps]:-0}" 'BEGIN {
      printf "%-11s the writer thread: %.0f us per Send in the run, so at most %.0f Sends/s on its one core: %.3fx of the bare run\n",
        s, w, (w > 0) ? 1e6 / w : 0, (w > 0 && b > 0) ? 1e6 / w / b : 0 }'
  done
  echo "   send: every Send is one inbound exchange plus three webhook deliveries (sent," \
    "delivered, read), each an HTTP exchange the server makes and the Node.js sink answers;"
  echo "   send_nodest: the same Send with no destination: its statuses are recorded, then" \
    "marked undeliverable, never sent. Neither can reach ${T_SEND_RATIO}x where its CPU budget" \
    "alone allows less (README \"Benchmarks\")."
fi
echo "== finished in ${SECONDS} s (build excluded)"
