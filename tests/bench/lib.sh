# lib.sh — what the HTTP benchmarks share: starting rotundad on a free port with a
# site configuration, wrk runs reduced to "requests/s p99_ms", medians, and a row
# of the table every benchmark prints (route against the trivial-route baseline of
# the same rotundad in the same run). Sourced, not run.

# bench_free_port: a free loopback port.
bench_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# bench_start_rotundad WORKDIR PORT SITE_PROPERTIES: starts rotundad in WORKDIR
# (its log in WORKDIR/server.log), sets $server_pid and waits for /health.
bench_start_rotundad() {
  local dir=$1 port=$2 site=$3
  (cd "$dir" && exec env ROTUNDA_CONFIG_DIR="$root/conf" ROTUNDA_HTTP_PORT="$port" \
    "$build/server/rotundad" --config "$site" >"$dir/server.log" 2>&1) &
  server_pid=$!
  local deadline=$((SECONDS + 60))
  until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do
    [ $SECONDS -lt $deadline ] && kill -0 "$server_pid" 2>/dev/null ||
      { echo "rotundad did not start:" >&2; tail -5 "$dir/server.log" >&2; exit 1; }
    sleep 0.1
  done
}

# bench_sign_in BASE EMAIL PASSWORD: prints the session cookie's value.
bench_sign_in() {
  local jar
  jar=$(mktemp)
  curl -s -c "$jar" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "{\"email\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/login" | grep -q 200 ||
    { echo "bench: sign-in as $2 failed" >&2; rm -f "$jar"; exit 1; }
  awk '$6 == "rotunda_session" {print $7}' "$jar"
  rm -f "$jar"
}

# bench_measure URL COOKIE CONNECTIONS SECONDS: one wrk run, signed in; prints
# "requests/s p99_ms". Non-2xx answers are reported on standard error.
bench_measure() {
  local out
  out=$(mktemp)
  wrk -t2 -c"$3" -d"$4s" --latency -H "Cookie: rotunda_session=$2" "$1" >"$out"
  grep -q "Non-2xx" "$out" && { echo "bench: errors during $1:" >&2; grep -A1 "Non-2xx" "$out" >&2; }
  awk '/^Requests\/sec:/ {rps = $2}
       $1 == "99%" {v = $2
         if (v ~ /us$/) {sub("us", "", v); v = v / 1000}
         else if (v ~ /ms$/) {sub("ms", "", v)}
         else if (v ~ /s$/) {sub("s", "", v); v = v * 1000}
         p99 = v}
       END {printf "%s %.2f\n", rps, p99}' "$out"
  rm -f "$out"
}

bench_median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# bench_row LABEL BASE PATH COOKIE CONNECTIONS SECONDS ROUNDS: alternates wrk runs of
# PATH and of GET /api/v1/version, and prints the medians and the ratio.
bench_row() {
  local label=$1 base=$2 path=$3 cookie=$4 connections=$5 seconds=$6 rounds=$7
  local route=() version=() round status
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "rotunda_session=$cookie" "$base$path")
  [ "$status" = 200 ] || { printf '%-34s answered %s, not measured\n' "$label" "$status"; return 0; }
  # Warm-up, not counted: the server's thread pool grows and its caches fill.
  bench_measure "$base/api/v1/version" "$cookie" "$connections" 2 >/dev/null
  bench_measure "$base$path" "$cookie" "$connections" 2 >/dev/null
  for ((round = 0; round < rounds; ++round)); do
    version+=("$(bench_measure "$base/api/v1/version" "$cookie" "$connections" "$seconds")")
    route+=("$(bench_measure "$base$path" "$cookie" "$connections" "$seconds")")
  done
  local r_rps r_p99 v_rps v_p99
  r_rps=$(printf '%s\n' "${route[@]}" | awk '{print $1}' | bench_median)
  r_p99=$(printf '%s\n' "${route[@]}" | awk '{print $2}' | bench_median)
  v_rps=$(printf '%s\n' "${version[@]}" | awk '{print $1}' | bench_median)
  v_p99=$(printf '%s\n' "${version[@]}" | awk '{print $2}' | bench_median)
  printf '%-34s %11s %9sms %11s %9sms %7s\n' "$label" "$r_rps" "$r_p99" "$v_rps" "$v_p99" \
    "$(awk -v a="$r_rps" -v b="$v_rps" 'BEGIN {printf "%.3f", a / b}')"
}

bench_header() { printf '%-34s %11s %11s %11s %11s %7s\n' "route" "r/s" "p99" "version r/s" "p99" "ratio"; }
