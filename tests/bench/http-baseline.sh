#!/usr/bin/env bash
# http-baseline.sh — rotundad's HTTP overhead against a minimal Poco server built in
# the same tree (tests/bench/bare-server.cpp), same machine, same run.
#
# wrk at 1, 16 and 64 connections on GET /api/v1/version (the same JSON from both),
# then rotundad's idle RSS and its start-up time to the first served request.
# Prints figures and ratios only: a benchmark, not a test (these machines are
# shared and noisy). Usage: tests/bench/http-baseline.sh [SECONDS_PER_RUN]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
duration=${1:-5}
command -v wrk >/dev/null || { echo "http-baseline: wrk is missing (installer/deps-debian.sh installs it)" >&2; exit 1; }
cmake --build "$build" --target rotundad bench-bare-server >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() {
  local deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$1/api/v1/version"; do
    [ $SECONDS -lt $deadline ] || { echo "http-baseline: nothing answers on port $1" >&2; exit 1; }
    sleep 0.05
  done
}

threads=128
rotunda_port=$(free_port)
bare_port=$(free_port)
# rotundad as deployed by default (access log on, written to a file), its own SQLite.
(cd "$work" && exec env ROTUNDA_HTTP_PORT=$rotunda_port ROTUNDA_HTTP_MAX_THREADS=$threads \
  ROTUNDA_LOG_FILE="$work/rotundad.log" ROTUNDA_CONFIG_DIR="$root/conf" "$build/server/rotundad") &
rotunda_pid=$!
pids+=("$rotunda_pid")
# The same with the per-request access log off (log.access = false).
quiet_port=$(free_port)
mkdir -p "$work/quiet"
(cd "$work/quiet" && exec env ROTUNDA_HTTP_PORT=$quiet_port ROTUNDA_HTTP_MAX_THREADS=$threads \
  ROTUNDA_LOG_ACCESS=false ROTUNDA_CONFIG_DIR="$root/conf" "$build/server/rotundad" >/dev/null 2>&1) &
pids+=($!)
"$build/tests/bench/bench-bare-server" "$bare_port" "$threads" &
pids+=($!)
wait_port "$quiet_port"
wait_port "$rotunda_port"
wait_port "$bare_port"
sleep 1
idle_rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$rotunda_pid/status")

# wrk's summary: Requests/sec and the 99% latency (converted to ms).
measure() {  # measure PORT CONNECTIONS -> "rps p99_ms"
  local wrk_threads=2
  [ "$2" -lt 2 ] && wrk_threads=1
  wrk -t"$wrk_threads" -c"$2" -d"${duration}s" --latency "http://127.0.0.1:$1/api/v1/version" >"$work/wrk.out"
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' "$work/wrk.out")
  echo "$rps $p99"
}

echo "HTTP baseline: GET /api/v1/version, wrk ${duration}s per run, both servers with $threads threads"
printf '%-12s %14s %14s %10s %14s %14s\n' connections "rotundad rps" "bare rps" ratio "rotundad p99" "bare p99"
for connections in 1 16 64; do
  read -r bare_rps bare_p99 <<<"$(measure "$bare_port" "$connections")"
  read -r rotunda_rps rotunda_p99 <<<"$(measure "$rotunda_port" "$connections")"
  ratio=$(awk -v a="$rotunda_rps" -v b="$bare_rps" 'BEGIN {printf "%.2f", a / b}')
  printf '%-12s %14s %14s %10s %12sms %12sms\n' "$connections" "$rotunda_rps" "$bare_rps" "$ratio" "$rotunda_p99" "$bare_p99"
done
read -r bare_rps bare_p99 <<<"$(measure "$bare_port" 64)"
read -r quiet_rps quiet_p99 <<<"$(measure "$quiet_port" 64)"
ratio=$(awk -v a="$quiet_rps" -v b="$bare_rps" 'BEGIN {printf "%.2f", a / b}')
printf '%-12s %14s %14s %10s %12sms %12sms\n' "64, no log" "$quiet_rps" "$bare_rps" "$ratio" "$quiet_p99" "$bare_p99"
echo "(\"no log\": rotundad with log.access = false; every other row runs it as shipped, access log on)"
echo "rotundad idle RSS: $((idle_rss_kb / 1024)) MB ($idle_rss_kb kB)"

# Start-up to first served request: launch, poll /health until it answers; median of 5.
startup_ms=()
for run in 1 2 3 4 5; do
  port=$(free_port)
  mkdir -p "$work/start$run"
  startup_ms+=("$(cd "$work/start$run" && python3 - "$build/server/rotundad" "$port" "$root/conf" <<'PY'
import http.client, os, subprocess, sys, time
binary, port, conf = sys.argv[1], sys.argv[2], sys.argv[3]
env = dict(os.environ, ROTUNDA_HTTP_PORT=port, ROTUNDA_CONFIG_DIR=conf, ROTUNDA_LOG_LEVEL="warning")
started = time.monotonic()
process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while time.monotonic() - started < 30:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=1)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                print(round((time.monotonic() - started) * 1000))
                break
        except OSError:
            time.sleep(0.002)
finally:
    process.terminate()
    process.wait()
PY
)")
done
sorted=$(printf '%s\n' "${startup_ms[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${startup_ms[@]}" | sort -n | sed -n 3p)
echo "rotundad start-up to first served request (fresh SQLite, migrations included): median ${median} ms (runs: ${sorted})"
