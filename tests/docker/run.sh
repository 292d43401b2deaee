#!/usr/bin/env bash
# The Docker check of the test command (tests/run.sh calls it): the image built, run and
# contract-tested as users meet it.
#
#   bash tests/docker/run.sh
#
#  1. a Docker engine: the one that answers, else (as root) Debian's docker.io installed when
#     missing and a dockerd started for this run (and stopped after it);
#  2. debian:12, when absent, made from Debian's packages (tests/docker/debian-base.sh), since
#     Docker Hub may be out of reach;
#  3. `docker build` of the Dockerfile; the image at most 40 MB, its user, volume and health check;
#  4. a container on a fresh volume, its published port on 127.0.0.1: ready time, Docker's
#     health status, then the JavaScript SDK contract suite against it (SOCIALITE_TEST_ENDPOINT;
#     the tests that need a server of their own skip themselves);
#  5. `docker stop` within 10 s with exit status 0, and a tag written before it read back after
#     a restart of the container and again from a new container on the same volume;
#  6. docker/docker-compose.minimal.yml up (Debian's docker-compose, or the compose plugin) and
#     answering on its published port; docker/docker-compose.yml accepted by `config`
#     (LocalStack's image cannot be pulled here).
#
# Prints the time of each part. Exit status: 0 when every check passed, 1 when one failed,
# 3 when no engine could be had: then it prints "docker: SKIPPED (reason)" and checks nothing.
# Needs tests/contract/node_modules (tests/run.sh installs it before calling this).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$PWD"
image=socialite:test
max_bytes=40000000 # 40 MB as `docker image ls` counts (decimal)
contract_files=(accounts protocol signup tags templates library send)

work="$(mktemp -d)"
run_id="socialite-test-$$"
dockerd_pid=""
compose=()
failures=()

# ---- reporting ------------------------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
timings=()
part_start=0
part() {
  part_start="$(now_ms)"
  echo
  echo "=== docker: $1"
}
part_done() { # NAME [NOTE]
  local took=$(($(now_ms) - part_start))
  timings+=("$(printf '%-22s %7s s%s' "$1" "$(secs "$took")" "${2:+  ($2)}")")
}
check() { # DESCRIPTION COMMAND... : runs the command, records a failure when it fails
  local what="$1"
  shift
  if "$@"; then
    echo "ok: $what"
  else
    echo "FAILED: $what"
    failures+=("$what")
  fi
}
skip() {
  echo "docker: SKIPPED ($1)"
  exit 3
}

cleanup() {
  set +e
  if [ "${#compose[@]}" -gt 0 ]; then
    HOST_PORT=0 "${compose[@]}" -p "$run_id" -f docker/docker-compose.minimal.yml down -v >/dev/null 2>&1
  fi
  if [ -n "$dockerd_pid" ] || docker info >/dev/null 2>&1; then
    docker rm -f -v "$run_id" "$run_id-b" >/dev/null 2>&1
    docker volume rm "$run_id" >/dev/null 2>&1
  fi
  # Only the daemon this script started is stopped, by its pid.
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null
    wait "$dockerd_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# GET /_socialite/health on 127.0.0.1:PORT with bash alone; true on a 200. A published port
# accepts connections before the server in the container listens, so an empty answer is normal.
healthy() {
  timeout 2 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /_socialite/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3
    read -r _ code _ <&3 && [ "$code" = 200 ]' _ "$1" 2>/dev/null
}
wait_healthy() { # PORT SECONDS
  local deadline=$(($(now_ms) + $2 * 1000))
  until healthy "$1"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.01
  done
}
host_port() { # CONTAINER: the host port published for 4576 on 127.0.0.1
  docker port "$1" 4576/tcp | sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p' | head -n1
}
# Milliseconds from the container's start (.State.StartedAt, when its process was started) to
# its banner line (printed once it listens and is ready), both as Docker's clock saw them.
ready_in_container_ms() {
  local started banner
  started="$(docker inspect -f '{{.State.StartedAt}}' "$1")"
  banner="$(docker logs --timestamps --since "$started" "$1" 2>&1 | grep -m1 ' socialite listening on ' | cut -d' ' -f1)"
  [ -n "$banner" ] || return 1
  echo $((($(date -d "$banner" +%s%N) - $(date -d "$started" +%s%N)) / 1000000))
}

# ---- 1. the engine --------------------------------------------------------------------------
part "engine"
engine_note="running already"
if ! docker info >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || skip "no Docker engine answers and only root could start one"
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
    echo "installing Debian's docker.io"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io; } >"$work/apt.log" 2>&1 ||
      skip "docker.io could not be installed: $(tail -n1 "$work/apt.log")"
  fi
  echo "starting dockerd"
  dockerd >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 300); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! docker info >/dev/null 2>&1; then
    reason="dockerd did not start: $(grep -v '^$' "$work/dockerd.log" | tail -n1 | cut -c1-200)"
    kill "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
    dockerd_pid=""
    skip "$reason"
  fi
  engine_note="dockerd started for this run"
fi
echo "engine: Docker $(docker version -f '{{.Server.Version}}') ($engine_note)"
part_done "engine" "$engine_note"

# ---- 2. the base image -------------------------------------------------------------------------
part "base image debian:12"
base_note="present"
if ! docker image inspect debian:12 >/dev/null 2>&1; then
  base_note="made with debootstrap"
  check "debian:12 made from Debian's packages" bash tests/docker/debian-base.sh
fi
part_done "base image" "$base_note"

# ---- 3. build ---------------------------------------------------------------------------------
part "docker build"
# socialite:local is the name the compose files use, so they start this very image.
if docker build -t "$image" -t socialite:local . >"$work/build.log" 2>&1; then
  echo "ok: docker build ($(grep -c '^ ---> Using cache' "$work/build.log" || true) steps cached)"
  built=1
else
  tail -n 40 "$work/build.log"
  echo "FAILED: docker build"
  failures+=("docker build")
  built=0
fi
part_done "build"

if [ "$built" -eq 1 ]; then
  part "image"
  size="$(docker image inspect -f '{{.Size}}' "$image")"
  size_mb="$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }')"
  echo "image size: $size bytes ($size_mb MB; limit $((max_bytes / 1000000)) MB)"
  check "image size $size_mb MB <= 40 MB" test "$size" -le "$max_bytes"
  check "runs as uid 10001" test "$(docker image inspect -f '{{.Config.User}}' "$image")" = "10001:10001"
  check "/data is a volume" grep -q '"/data"' <<<"$(docker image inspect -f '{{json .Config.Volumes}}' "$image")"
  check "health check is socialite --health-check" grep -q -- '--health-check' \
    <<<"$(docker image inspect -f '{{json .Config.Healthcheck}}' "$image")"
  # The image's files: no shell, the trust store where OpenSSL looks, /data owned by the user.
  docker create --name "$run_id" "$image" >/dev/null
  docker export "$run_id" | tar --numeric-owner -tvf - >"$work/files.txt"
  docker rm -v "$run_id" >/dev/null
  check "no shell in the image" bash -c '! grep -qE " (\./)?bin/(ba)?sh$" "$1"' _ "$work/files.txt"
  check "CA trust store in the image" grep -qE ' (\./)?usr/lib/ssl/cert\.pem -> /etc/ssl/certs/ca-certificates\.crt$' "$work/files.txt"
  check "/data owned by 10001" grep -qE '^d\S+ 10001/10001 .* (\./)?data/?$' "$work/files.txt"
  part_done "image checks" "$size_mb MB"

  # ---- 4. run, health, contract suite ---------------------------------------------------------
  part "run and contract suite"
  # The container's S3 directory, shared with the tests (SOCIALITE_TEST_S3_DIR) so that media
  # they put there is what the server reads; the image's user must be able to write it.
  s3dir="$work/s3"
  mkdir -p "$s3dir"
  chown 10001:10001 "$s3dir"
  docker volume create "$run_id" >/dev/null
  t0="$(now_ms)"
  docker run -d --name "$run_id" -p 127.0.0.1::4576 -v "$run_id:/data" -v "$s3dir:/data/s3" "$image" >/dev/null
  port="$(host_port "$run_id")"
  if [ -n "$port" ] && wait_healthy "$port" 20; then
    host_ready=$(($(now_ms) - t0))
    inside_ready="$(ready_in_container_ms "$run_id" || echo '?')"
    echo "ready: ${inside_ready} ms in the container (process start to banner), ${host_ready} ms from docker run to a 200 on the host"
    check "ready within 100 ms in the container" test "${inside_ready/\?/999999}" -le 100
    # Docker's own view: the HEALTHCHECK (socialite --health-check) passes in the image.
    health=""
    for _ in $(seq 100); do
      health="$(docker inspect -f '{{.State.Health.Status}}' "$run_id")"
      [ "$health" = healthy ] && break
      sleep 0.1
    done
    check "Docker's health status is healthy (it is $health)" test "$health" = healthy
    # The inbox page is embedded in the binary: the image serves it with no file of its own.
    check "the image serves the inbox page at /_socialite/ui/" node -e '
      fetch(process.argv[1]).then((r) => r.text().then((t) =>
        process.exit(r.ok && t.includes("Reply as customer") ? 0 : 1)), () => process.exit(1));' \
      "http://127.0.0.1:$port/_socialite/ui/"

    endpoint="http://127.0.0.1:$port"
    contract_rc=0
    (
      cd tests/contract
      SOCIALITE_TEST_ENDPOINT="$endpoint" SOCIALITE_TEST_S3_DIR="$s3dir" \
        node --test --test-concurrency=1 --test-timeout=60000 \
        --test-reporter=spec --test-reporter-destination=stdout \
        --test-reporter=tap --test-reporter-destination="$work/contract.tap" \
        "${contract_files[@]/%/.test.mjs}"
    ) >"$work/contract.log" 2>&1 || contract_rc=$?
    count() { grep -E "^# $1 [0-9]+$" "$work/contract.tap" | tail -n1 | awk '{print $3}'; }
    c_pass="$(count pass || true)"
    c_fail="$(count fail || true)"
    echo "contract suite against the container: ${c_pass:-0} passed, ${c_fail:-?} failed (node rc $contract_rc)"
    grep -E '^\s*# SKIP|^not ok|# SKIP' "$work/contract.tap" | sed 's/^ */  /' | head -n 20 || true
    [ "$contract_rc" -eq 0 ] || grep -A15 -E '^\s*not ok' "$work/contract.tap" | head -n 60
    check "contract suite (${contract_files[*]}) against the container" test "$contract_rc" -eq 0
    part_done "run + contract suite" "${c_pass:-0} tests"

    # ---- 5. stop, restart, volume -------------------------------------------------------------
    part "stop and volume"
    mark="kept-$$-$RANDOM"
    check "a tag written" node tests/docker/state.mjs write "$endpoint" "$mark"
    t_stop="$(now_ms)"
    docker stop -t 10 "$run_id" >/dev/null
    stop_ms=$(($(now_ms) - t_stop))
    exit_code="$(docker inspect -f '{{.State.ExitCode}}' "$run_id")"
    echo "docker stop took $stop_ms ms; exit status $exit_code"
    check "stopped within 10 s with exit status 0 (SIGTERM, not the SIGKILL after 10 s)" \
      test "$exit_code" -eq 0 -a "$stop_ms" -lt 10000
    docker start "$run_id" >/dev/null
    port="$(host_port "$run_id")"
    if [ -n "$port" ] && wait_healthy "$port" 20; then
      check "the tag read back after a restart of the container" \
        node tests/docker/state.mjs read "http://127.0.0.1:$port" "$mark"
    else
      check "ready again after a restart" false
    fi
    docker rm -f -v "$run_id" >/dev/null
    # A new container on the same volume: the state is in the volume, not in the container.
    docker run -d --name "$run_id-b" -p 127.0.0.1::4576 -v "$run_id:/data" "$image" >/dev/null
    port="$(host_port "$run_id-b")"
    if [ -n "$port" ] && wait_healthy "$port" 20; then
      check "the tag read back from a new container on the same volume" \
        node tests/docker/state.mjs read "http://127.0.0.1:$port" "$mark"
    else
      check "a new container on the volume ready" false
    fi
    docker rm -f -v "$run_id-b" >/dev/null
    part_done "stop + volume" "stop ${stop_ms} ms"
  else
    docker logs "$run_id" 2>&1 | tail -n 20
    check "container ready within 20 s" false
    part_done "run"
  fi
  docker rm -f -v "$run_id" >/dev/null 2>&1 || true
  docker volume rm "$run_id" >/dev/null 2>&1 || true
fi

# ---- 6. compose -----------------------------------------------------------------------------
part "compose"
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif [ "$(id -u)" -eq 0 ] && { apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose; } >"$work/apt.log" 2>&1; then
  compose=(docker-compose)
fi
if [ "${#compose[@]}" -eq 0 ]; then
  check "a compose tool (docker compose, or Debian's docker-compose)" false
else
  echo "compose: $("${compose[@]}" version --short 2>/dev/null || "${compose[@]}" version | head -n1)"
  check "docker/docker-compose.yml (LocalStack) accepted by config" \
    "${compose[@]}" -f docker/docker-compose.yml config -q
  if [ "$built" -eq 1 ]; then
    # HOST_PORT=0: any free host port (the file's default is 4576, which may be taken here);
    # --no-build: the image built above is socialite:local, the file's image.
    export HOST_PORT=0
    if "${compose[@]}" -p "$run_id" -f docker/docker-compose.minimal.yml up -d --no-build >"$work/compose.log" 2>&1; then
      port="$("${compose[@]}" -p "$run_id" -f docker/docker-compose.minimal.yml port socialite 4576 | sed -n 's/.*:\([0-9]*\)$/\1/p' | head -n1)"
      if [ -n "$port" ] && wait_healthy "$port" 20; then
        check "docker-compose.minimal.yml answers the SDK on port $port" \
          node tests/docker/state.mjs list "http://127.0.0.1:$port"
      else
        "${compose[@]}" -p "$run_id" -f docker/docker-compose.minimal.yml logs | tail -n 20
        check "docker-compose.minimal.yml ready on its published port" false
      fi
    else
      cat "$work/compose.log"
      check "docker-compose.minimal.yml up" false
    fi
    "${compose[@]}" -p "$run_id" -f docker/docker-compose.minimal.yml down -v >/dev/null 2>&1 || true
    unset HOST_PORT
  fi
fi
part_done "compose"

# ---- summary ------------------------------------------------------------------------------
echo
echo "docker timings:"
printf '  %s\n' "${timings[@]}"
if [ "${#failures[@]}" -eq 0 ]; then
  echo "docker: PASSED"
  exit 0
fi
echo "docker: FAILED (${failures[*]})"
exit 1
