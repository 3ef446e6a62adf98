#!/usr/bin/env bash
# http-baseline.sh — rotundad's HTTP overhead against a minimal Poco server built in
# the same tree (tests/bench/bare-server.cpp), on the same machine in the same run.
#
# Both servers answer GET /api/v1/version with the same JSON body, on free loopback
# ports, with the same thread pool, queue and keep-alive settings (rotundad's shipped
# defaults). wrk runs at 1, 16 and 64 connections (2 threads, fewer when there are
# fewer connections); for each it prints requests/s and p99 of both and the ratio
# rotundad/bare. Then rotundad's idle RSS and its start-up time to the first served
# request (median of several runs). Figures only, no pass/fail: a benchmark, not a
# test, and never run by ctest.
#
# Usage: tests/bench/http-baseline.sh [SECONDS_PER_RUN]   (default 5)
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build), built first if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
duration=${1:-5}
startup_runs=5

# The settings both servers get: rotundad's defaults (conf/rotunda.properties).
threads=128
queued=256
keep_alive_seconds=5
keep_alive_requests=1000
timeout_seconds=30

for tool in wrk curl python3 cmake; do
  command -v "$tool" >/dev/null ||
    { echo "http-baseline: $tool is missing; installer/deps-debian.sh installs it" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad bench-bare-server -j2 >/dev/null
rotundad=$build/server/rotundad
bare=$build/tests/bench/bench-bare-server

# Everything started is recorded in pids and stopped on any exit, failure included.
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_rotundad NAME PORT [VAR=VALUE...]: rotundad in its own directory (own SQLite
# under var/), logging to NAME.log; sets started_pid.
start_rotundad() {
  local name=$1 port=$2
  shift 2
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec env ROTUNDA_CONFIG_DIR="$root/conf" ROTUNDA_HTTP_PORT="$port" \
    ROTUNDA_HTTP_MAX_THREADS=$threads ROTUNDA_HTTP_MAX_QUEUED=$queued \
    ROTUNDA_HTTP_KEEP_ALIVE_TIMEOUT=$keep_alive_seconds \
    ROTUNDA_HTTP_MAX_KEEP_ALIVE_REQUESTS=$keep_alive_requests ROTUNDA_HTTP_TIMEOUT=$timeout_seconds \
    "$@" "$rotundad" >"$work/$name.log" 2>&1) &
  started_pid=$!
  pids+=("$started_pid")
}

# wait_ready PID PORT NAME: polls the route until it answers; fails if the process
# ends or 30 s pass, showing its log.
wait_ready() {
  local pid=$1 port=$2 name=$3 deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/version"; do
    if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "http-baseline: $name does not answer on 127.0.0.1:$port; its log:" >&2
      tail -20 "$work/$name.log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.05
  done
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

rotunda_port=$(free_port)
start_rotundad rotundad "$rotunda_port"
rotunda_pid=$started_pid
# The same with the per-request access log off (log.access = false), to show its share.
quiet_port=$(free_port)
start_rotundad quiet "$quiet_port" ROTUNDA_LOG_ACCESS=false
quiet_pid=$started_pid
wait_ready "$rotunda_pid" "$rotunda_port" rotundad
wait_ready "$quiet_pid" "$quiet_port" quiet

# The bare server answers with exactly the body rotundad gives.
body=$(curl -s "http://127.0.0.1:$rotunda_port/api/v1/version")
bare_port=$(free_port)
"$bare" "$bare_port" $threads $queued $keep_alive_seconds $keep_alive_requests $timeout_seconds "$body" \
  >"$work/bare.log" 2>&1 &
bare_pid=$!
pids+=("$bare_pid")
wait_ready "$bare_pid" "$bare_port" bare
[ "$(curl -s "http://127.0.0.1:$bare_port/api/v1/version")" = "$body" ] ||
  { echo "http-baseline: the bare server's body differs from rotundad's" >&2; exit 1; }

# Idle: served one request, then left alone for a moment before the load.
sleep 1
idle_rss=$(rss_kb "$rotunda_pid")

# measure PORT CONNECTIONS -> "requests/s p99_ms" from wrk's --latency summary.
measure() {
  local wrk_threads=2
  [ "$2" -lt 2 ] && wrk_threads=1
  wrk -t"$wrk_threads" -c"$2" -d"${duration}s" --latency "http://127.0.0.1:$1/api/v1/version" >"$work/wrk.out"
  awk '/^Requests\/sec:/ {rps = $2}
       $1 == "99%" {v = $2
         if (v ~ /us$/) {sub("us", "", v); v = v / 1000}
         else if (v ~ /ms$/) {sub("ms", "", v)}
         else if (v ~ /s$/) {sub("s", "", v); v = v * 1000}
         p99 = v}
       END {printf "%s %.2f\n", rps, p99}' "$work/wrk.out"
}

# This machine is shared and noisy: each row alternates the two servers for
# $rounds rounds and reports the medians, so one disturbed run does not decide it.
rounds=${ROUNDS:-3}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
row() {  # row LABEL ROTUNDAD_PORT CONNECTIONS
  local bare=() rotunda=() round rps p99 bare_rps bare_p99 rotunda_rps rotunda_p99 ratio
  for ((round = 0; round < rounds; ++round)); do
    bare+=("$(measure "$bare_port" "$3")")
    rotunda+=("$(measure "$2" "$3")")
  done
  bare_rps=$(printf '%s\n' "${bare[@]}" | awk '{print $1}' | median)
  bare_p99=$(printf '%s\n' "${bare[@]}" | awk '{print $2}' | median)
  rotunda_rps=$(printf '%s\n' "${rotunda[@]}" | awk '{print $1}' | median)
  rotunda_p99=$(printf '%s\n' "${rotunda[@]}" | awk '{print $2}' | median)
  ratio=$(awk -v a="$rotunda_rps" -v b="$bare_rps" 'BEGIN {printf "%.2f", a / b}')
  printf '%-12s %12s %11s %12s %11s %7s\n' "$1" "$rotunda_rps" "${rotunda_p99}ms" "$bare_rps" "${bare_p99}ms" "$ratio"
}

echo "HTTP baseline: GET /api/v1/version, medians of $rounds alternating wrk runs of ${duration} s, both servers with" \
  "$threads threads, queue $queued, keep-alive ${keep_alive_seconds} s"
printf '%-12s %12s %11s %12s %11s %7s\n' connections "rotundad r/s" "p99" "bare r/s" "p99" ratio
for connections in 1 16 64; do row "$connections" "$rotunda_port" "$connections"; done
row "64 no log" "$quiet_port" 64
echo "(\"no log\": rotundad with log.access = false; the other rows run it as shipped, access log on)"
echo "rotundad RSS: idle $((idle_rss / 1024)) MB ($idle_rss kB), after the load $(($(rss_kb "$rotunda_pid") / 1024)) MB"

# Start-up to first served request: from process start, GET /api/v1/version polled
# every 2 ms until it answers; each run on a fresh directory (new SQLite, migrations).
startup_ms=()
for run in $(seq "$startup_runs"); do
  mkdir -p "$work/start$run"
  startup_ms+=("$(cd "$work/start$run" && python3 - "$rotundad" "$(free_port)" "$root/conf" <<'PY'
import http.client, os, signal, subprocess, sys, time
binary, port, conf = sys.argv[1], sys.argv[2], sys.argv[3]
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so finally stops rotundad
env = dict(os.environ, ROTUNDA_HTTP_PORT=port, ROTUNDA_CONFIG_DIR=conf)
started = time.monotonic()
process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while time.monotonic() - started < 30 and process.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=1)
            connection.request("GET", "/api/v1/version")
            if connection.getresponse().status == 200:
                print(round((time.monotonic() - started) * 1000))
                break
        except OSError:
            time.sleep(0.002)
    else:
        sys.exit("rotundad did not serve within 30 s")
finally:
    process.terminate()
    process.wait()
PY
)")
done
sorted=$(printf '%s\n' "${startup_ms[@]}" | sort -n)
median=$(sed -n "$(((startup_runs + 1) / 2))p" <<<"$sorted")
echo "rotundad start-up to first served request: median ${median} ms of $startup_runs runs" \
  "($(tr '\n' ' ' <<<"$sorted" | sed 's/ $//') ms)"
