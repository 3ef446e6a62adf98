#!/usr/bin/env bash
# ldap-login.sh — what a directory sign-in through rotundad costs against the
# directory's own round trips, measured in the same run against the same slapd.
#
# Starts slapd (tests/integration/slapd.sh: StartTLS with a test CA, memberof and
# ppolicy overlays, $users users) and rotundad with the ldap-auth plugin, then, for
# each concurrency, alternates $ROUNDS rounds of:
#   raw      tests/bench/ldap-raw.cpp: search-then-bind with libldap (a search
#            connection bound as the service account and a bind connection per
#            thread, both StartTLS, the same filter and attributes as the plugin);
#   rotundad POST /api/v1/auth/login through rotundad on keep-alive connections
#            (HTTP, the plugin's pooled search and bind, the account lookup and the
#            new session written to SQLite);
#   plugin   the plugin's LdapDirectory called in-process by the same program;
#   version  GET /api/v1/version through the same rotundad, same client code and
#            connections: the HTTP round trip that any request pays.
# and prints, from the medians, sign-ins per second and p99 of each and the cost
# ratio raw rate / rotundad rate (the goal is at most 1.3), the same for the
# plugin's own code called in-process (its share of the cost), and rotundad's cost
# against raw + version, the directory's round trips plus the trivial HTTP request
# (costs add: 1 / (1/raw + 1/version)), which is what the host adds beyond HTTP.
# Then CPU time per request: rotundad's (from /proc/PID/stat) per sign-in and per
# version request, and the directory client's per raw and per plugin sign-in. A
# machine busy with other work disturbs these far less than rates.
# Figures only, no pass/fail: a benchmark, not a test, and never run by ctest.
#
# Usage: tests/bench/ldap-login.sh [SIGN_INS_PER_RUN]   (default 2000)
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build), built first if needed;
#              ROUNDS (default 3); CONCURRENCY (default "1 4 16").
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
count=${1:-2000}
rounds=${ROUNDS:-3}
concurrency=${CONCURRENCY:-"1 4 16"}
users=200

for tool in slapd slapadd ldapsearch openssl curl python3 cmake; do
  command -v "$tool" >/dev/null ||
    { echo "ldap-login: $tool is missing; installer/deps-debian.sh installs it" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad ldap-auth bench-ldap-raw -j2 >/dev/null
rotundad=$build/server/rotundad
raw=$build/tests/bench/bench-ldap-raw

work=$(mktemp -d)
rotunda_pid=""
cleanup() {
  [ -n "$rotunda_pid" ] && { kill "$rotunda_pid" 2>/dev/null || true; wait "$rotunda_pid" 2>/dev/null || true; }
  slapd_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
. "$root/tests/integration/slapd.sh"
ldap_bench_users=$users slapd_setup "$work/slapd" >/dev/null
slapd_start

# rotundad as shipped (conf/rotunda.properties), with the plugin against this slapd.
port=$(free_port)
cat >"$work/site.properties" <<CONF
plugins.ldap-auth.enabled = true
plugins.ldap-auth.required = true
plugins.ldap-auth.urls = ldap://127.0.0.1:$ldap_port
plugins.ldap-auth.caFile = $work/slapd/ca.pem
plugins.ldap-auth.bindDn = $ldap_service_dn
plugins.ldap-auth.bindPassword = $ldap_service_password
plugins.ldap-auth.baseDn = ou=people,$ldap_base
plugins.ldap-auth.poolSize = 16
auth.signInsPerMinutePerAddress = 10000
CONF
mkdir -p "$work/rotundad"
(cd "$work/rotundad" && exec env ROTUNDA_CONFIG_DIR="$root/conf" ROTUNDA_HTTP_PORT="$port" ${BENCH_ROTUNDA_ENV:-} \
  ROTUNDA_HTTP_MAX_KEEP_ALIVE_REQUESTS=100000 "$rotundad" --config "$work/site.properties" >"$work/rotundad.log" 2>&1) &
rotunda_pid=$!
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do
  if ! kill -0 "$rotunda_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "ldap-login: rotundad does not answer; its log:" >&2
    tail -20 "$work/rotundad.log" >&2
    exit 1
  fi
  sleep 0.05
done

run_raw() {
  "$raw" raw "ldap://127.0.0.1:$ldap_port" "$work/slapd/ca.pem" "$ldap_service_dn" "$ldap_service_password" \
    "ou=people,$ldap_base" "$ldap_user_password" "$users" "$1" "$2"
}
run_plugin() {
  "$raw" plugin "ldap://127.0.0.1:$ldap_port" "$work/slapd/ca.pem" "$ldap_service_dn" "$ldap_service_password" \
    "ou=people,$ldap_base" "$ldap_user_password" "$users" "$1" "$2"
}
# CPU time (user + system, in clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))
# with_cpu PID COMMAND...: the command's result line plus PID's CPU microseconds per request.
with_cpu() {
  local pid=$1 before line
  shift
  before=$(cpu_ticks "$pid")
  line=$("$@")
  echo "$line $(awk -v t=$(($(cpu_ticks "$pid") - before)) -v us="$tick_us" -v n="${line%% *}" \
    'BEGIN {printf "%.0f", t * us / n}')"
}
run_http() { "$raw" http 127.0.0.1 "$port" "$ldap_user_password" "$users" "$1" "$2"; }
run_version() { "$raw" version 127.0.0.1 "$port" "$ldap_user_password" "$users" "$1" "$2"; }

# Warm-up: every user once through rotundad (accounts created) and the pools filled.
run_http "$users" 4 >/dev/null
run_raw 200 4 >/dev/null

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo "LDAP sign-in: $count sign-ins per run, medians of $rounds alternating rounds, $(slapd -VV 2>&1 | \
  grep -o 'slapd [0-9.]*' | head -1) with StartTLS, $users users"
printf '%-8s %11s %9s %10s %9s %10s %9s %10s %9s %8s %8s %8s\n' threads "rotundad/s" p99 "plugin/s" p99 "raw/s" p99 \
  "version/s" p99 "rotundad" "plugin" "vs r+v"
column() {  # column RESULTS-LINES FIELD: the median of one field
  printf '%s\n' "$1" | awk -v f="$2" '{print $f}' | median
}
cpu_lines=""
for threads in $concurrency; do
  raws="" plugins="" https="" versions=""
  for ((round = 0; round < rounds; ++round)); do
    raws+="$(run_raw "$count" "$threads")"$'\n'
    plugins+="$(run_plugin "$count" "$threads")"$'\n'
    https+="$(with_cpu "$rotunda_pid" run_http "$count" "$threads")"$'\n'
    versions+="$(with_cpu "$rotunda_pid" run_version "$count" "$threads")"$'\n'
  done
  raws=${raws%$'\n'} plugins=${plugins%$'\n'} https=${https%$'\n'} versions=${versions%$'\n'}
  raw_rate=$(column "$raws" 2) plugin_rate=$(column "$plugins" 2) http_rate=$(column "$https" 2)
  version_rate=$(column "$versions" 2)
  errors=$(printf '%s\n' "$raws" "$plugins" "$https" "$versions" | awk '{e += $5} END {print e}')
  printf '%-8s %11s %7sms %10s %7sms %10s %7sms %10s %7sms %7sx %7sx %7sx%s\n' "$threads" \
    "$http_rate" "$(column "$https" 4)" "$plugin_rate" "$(column "$plugins" 4)" "$raw_rate" "$(column "$raws" 4)" \
    "$version_rate" "$(column "$versions" 4)" \
    "$(awk -v r="$raw_rate" -v h="$http_rate" 'BEGIN {printf "%.2f", r / h}')" \
    "$(awk -v r="$raw_rate" -v h="$plugin_rate" 'BEGIN {printf "%.2f", r / h}')" \
    "$(awk -v r="$raw_rate" -v v="$version_rate" -v h="$http_rate" 'BEGIN {printf "%.2f", (1 / (1 / r + 1 / v)) / h}')" \
    "$([ "$errors" = 0 ] || echo "  ($errors failed requests)")"
  cpu_lines+="$(printf '%-8s %12s %12s %12s %12s' "$threads" "$(column "$https" 7)" "$(column "$versions" 7)" \
    "$(column "$raws" 6)" "$(column "$plugins" 6)")"$'\n'
done
echo "(cost = raw sign-ins per second / theirs: 'rotundad' is the whole sign-in through HTTP, the plugin and the"
echo " session written to SQLite; 'plugin' is the plugin's code alone against the same slapd; the goal is at most 1.3."
echo " 'version' is GET /api/v1/version through the same rotundad; 'vs r+v' is rotundad's cost against the raw round"
echo " trips plus that trivial request, 1 / (1/raw + 1/version): what the sign-in adds beyond any HTTP request)"
echo "CPU time per request, microseconds (user + system, medians; slapd's own not counted): rotundad's for a sign-in"
echo "and for GET /api/v1/version; the directory client's (libldap, TLS) for a raw and an in-process plugin sign-in"
printf '%-8s %12s %12s %12s %12s\n' threads "rotundad" "version" "raw client" "plugin"
printf '%s' "$cpu_lines"
