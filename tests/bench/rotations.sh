#!/usr/bin/env bash
# rotations.sh — elective search and the coordinator dashboard at the large demo
# scale (`rotunda-admin demo-data --scale large`: 200 services, 20,000 capacity
# windows, 50,000 students, 200,000 rotations) against the trivial route
# GET /api/v1/version of the same rotundad in the same run, under wrk with 64
# signed-in connections; on SQLite and on PostgreSQL. Prints requests/s, p99 and
# the ratio route/version (medians of alternating runs); the goal is a ratio of at
# least 0.5 with p99 under 20 ms. Then elective search and the dashboard once more
# with the read caches off (decision 0019), for what a request that misses costs.
# Figures only, no pass/fail: not a test.
#
# The large demo takes minutes to write; the generated SQLite database and the
# PostgreSQL cluster (stopped between runs) are kept in $ROTUNDA_BENCH_CACHE
# (default /var/tmp/rotunda-bench-rotations) and reused by later runs (delete it
# to start over).
#
# Usage: tests/bench/rotations.sh [sqlite|postgresql|both] [SECONDS_PER_RUN]  (both, 5)
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build); ROUNDS (default 3); POOL
# (database.pool.max, default 128: one pooled session per busy HTTP thread).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
. "$root/tests/bench/lib.sh"
backends=${1:-both}
[ "$backends" = both ] && backends="sqlite postgresql"
duration=${2:-5}
rounds=${ROUNDS:-3}
pool=${POOL:-128}
connections=64
cache=${ROTUNDA_BENCH_CACHE:-/var/tmp/rotunda-bench-rotations}
for tool in wrk curl python3 cmake; do
  command -v "$tool" >/dev/null || { echo "rotations bench: $tool is missing" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad rotunda-admin -j2 >/dev/null
mkdir -p "$cache"

work=$(mktemp -d "${TMPDIR:-/var/tmp}/rotunda-bench-rotations-XXXXXX")
chmod 755 "$work"  # PostgreSQL runs as the postgres user and keeps its cluster in here
server_pid=""
pg_dir=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$pg_dir" ] && bash "$root/tests/integration/postgres.sh" pause "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# generate SITE: writes the large demo through rotunda-admin into the database SITE names.
generate() {
  local started=$SECONDS
  ROTUNDA_DATABASE_SQLITE_SYNCHRONOUS=normal "$build/server/rotunda-admin" --config "$1" demo-data --scale large \
    >"$work/demo.txt"
  echo "  large demo written in $((SECONDS - started)) s"
}

run_backend() {
  local backend=$1 site=$work/site-$backend.properties password
  echo "== $backend"
  if [ "$backend" = sqlite ]; then
    printf 'database.sqlite.path = %s\n' "$cache/rotunda.db" >"$site"
    if [ ! -f "$cache/rotunda.db" ] || [ ! -f "$cache/demo.txt" ]; then
      rm -f "$cache"/rotunda.db*
      generate "$site"
      cp "$work/demo.txt" "$cache/demo.txt"
    fi
    cp "$cache/demo.txt" "$work/demo.txt"
  else
    # The cluster with its large demo is kept in the cache too (paused between runs).
    pg_dir=$cache/pg
    local reuse=false
    chmod 755 "$cache"
    if [ -f "$pg_dir/cluster/PG_VERSION" ] && [ -f "$pg_dir/demo.txt" ] &&
      bash "$root/tests/integration/postgres.sh" resume "$pg_dir" >/dev/null 2>&1; then
      reuse=true
    else
      rm -f "$pg_dir/demo.txt"
      bash "$root/tests/integration/postgres.sh" start "$pg_dir" >/dev/null
    fi
    . "$pg_dir/postgres.env"
    cat >"$site" <<CONF
database.backend = postgresql
database.postgresql.host = 127.0.0.1
database.postgresql.port = $ROTUNDA_TEST_PG_PORT
database.postgresql.name = $ROTUNDA_TEST_PG_NAME
database.postgresql.user = $ROTUNDA_TEST_PG_USER
CONF
    if [ "$reuse" = true ]; then
      cp "$pg_dir/demo.txt" "$work/demo.txt"
    else
      generate "$site"
      cp "$work/demo.txt" "$pg_dir/demo.txt"
    fi
  fi
  password=$(sed -n 's/.*all with the password \([^)]*\)).*/\1/p' "$work/demo.txt")
  printf 'mail.outbox.intervalSeconds = 3600\ndatabase.pool.max = %s\n' "$pool" >>"$site"
  local port
  port=$(bench_free_port)
  bench_start_rotundad "$work" "$port" "$site"
  local base="http://127.0.0.1:$port" student coordinator
  student=$(bench_sign_in "$base" student1@school1.example "$password")
  coordinator=$(bench_sign_in "$base" coordinator1@school1.example "$password")
  echo "  $connections signed-in connections, medians of $rounds alternating wrk runs of ${duration} s"
  bench_header
  bench_row "electives (specialty, free places)" "$base" \
    "/api/v1/electives?specialty=Cardiology&available=true&limit=20" "$student" "$connections" "$duration" "$rounds"
  bench_row "electives (text search)" "$base" "/api/v1/electives?q=unit%2012&limit=20" "$student" \
    "$connections" "$duration" "$rounds"
  bench_row "coordinator dashboard" "$base" "/api/v1/dashboard" "$coordinator" "$connections" "$duration" "$rounds"
  bench_row "rotations list (coordinator)" "$base" "/api/v1/rotations?limit=20" "$coordinator" "$connections" \
    "$duration" "$rounds"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  # The same routes with the read caches off (decision 0019): every request reads
  # its session and its answer from the database, as one that misses does.
  printf 'api.readCacheSeconds = 0\nauth.sessionCacheSeconds = 0\n' >>"$site"
  bench_start_rotundad "$work" "$port" "$site"
  student=$(bench_sign_in "$base" student1@school1.example "$password")
  coordinator=$(bench_sign_in "$base" coordinator1@school1.example "$password")
  echo "  without read caches:"
  bench_row "electives (specialty), no caches" "$base" \
    "/api/v1/electives?specialty=Cardiology&available=true&limit=20" "$student" "$connections" "$duration" "$rounds"
  bench_row "coordinator dashboard, no caches" "$base" "/api/v1/dashboard" "$coordinator" "$connections" "$duration" \
    "$rounds"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  if [ -n "$pg_dir" ]; then bash "$root/tests/integration/postgres.sh" pause "$pg_dir" >/dev/null; pg_dir=""; fi
}

for backend in $backends; do run_backend "$backend"; done
echo "(ratio = route r/s / GET /api/v1/version r/s of the same rotundad; goal: ratio >= 0.5 and p99 < 20 ms)"
