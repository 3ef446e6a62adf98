#!/usr/bin/env bash
# dashboards.sh — the dashboard, the rotations CSV export and a calendar feed on
# a facility with ROWS rotations (default 200,000) on SQLite: each route's time
# next to sqlite3 running the dashboard's GROUP BY by itself on the same file,
# and the server's peak memory before and after exporting every row (the export
# streams a page at a time). Figures only: not a test.
#
# Usage: tests/bench/dashboards.sh [ROWS]
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build), built first if needed;
# BENCH_SEED_ONLY=FILE copies the seeded database to FILE and stops (to try plans with sqlite3).
set -euo pipefail
[ -n "${BENCH_TRACE:-}" ] && set -x
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
rows=${1:-200000}
for tool in curl python3 cmake sqlite3; do
  command -v "$tool" >/dev/null || { echo "dashboards bench: $tool is missing" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad -j2 >/dev/null

work=$(mktemp -d "${TMPDIR:-/var/tmp}/rotunda-bench-dashboards-XXXXXX")
server_pid=""
trap 'if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
log.access = false
rotations.checkIntervalSeconds = 86400
CONF
ROTUNDA_HTTP_PORT=$port "$build/server/rotundad" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "$base/health"; do
  [ $SECONDS -lt $deadline ] || { echo "rotundad did not start; see $work/server.log" >&2; exit 1; }
  sleep 0.1
done
json() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($2)" "$1"; }
call() {  # call JAR METHOD PATH [JSON]
  local csrf=""
  [ -f "$work/$1.csrf" ] && csrf=$(cat "$work/$1.csrf")
  curl -s -b "$work/$1" -c "$work/$1" -X "$2" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    ${4:+--data-binary "$4"} "$base$3"
}
signup() {
  local answer
  answer=$(curl -s -c "$work/$1" -H 'Content-Type: application/json' \
    --data-binary "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"a long enough passphrase 1\"}" \
    "$base/api/v1/auth/signup")
  json "$answer" 'd["csrfToken"]' >"$work/$1.csrf"
  json "$answer" 'd["user"]["id"]'
}
fadmin=$(signup fadmin)
student=$(signup student)
facility=$(json "$(call fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}')" 'd["id"]')
school=$(json "$(call fadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}')" 'd["id"]')
service=$(json "$(call fadmin POST "/api/v1/organizations/$facility/services" '{"name":"Cardiology","location":"Building B"}')" 'd["id"]')
window=$(json "$(call fadmin POST "/api/v1/services/$service/capacity" '{"startDate":"2026-01-01","endDate":"2028-12-31","capacity":10000,"workflow":"student_requested"}')" 'd["id"]')
sqlite3 "$work/rotunda.db" "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$school', '$student', 'student', 'manual', '2026-01-01T00:00:00.000Z')"

# ROWS rotations over 2,000 students and two years, statuses spread evenly;
# the signed-up student has one in 47 (all statuses).
echo "seeding $rows rotations…"
sqlite3 "$work/rotunda.db" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO users (id, email, name, status, created_at, updated_at)
  SELECT 'bench-student-' || i, 'bench' || i || '@example.org', 'Student ' || i, 'active',
         '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
INSERT INTO rotations (id, student_id, school_id, facility_id, service_id, window_id, start_date, end_date,
                       origin, status, holds_place, created_by, created_at, updated_at, status_changed_at)
  SELECT printf('bench-%08d', i), CASE WHEN i % 47 = 0 THEN '$student' ELSE 'bench-student-' || (i % 2000 + 1) END,
         '$school', '$facility', '$service', '$window',
         date('now', '-365 days', '+' || (i % 730) || ' days'), date('now', '-365 days', '+' || (i % 730 + 13) || ' days'),
         'application',
         CASE i % 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'pending_review' WHEN 2 THEN 'pending_site' WHEN 3 THEN 'waitlisted'
           WHEN 4 THEN 'onboarding' WHEN 5 THEN 'ready' WHEN 6 THEN 'active' WHEN 7 THEN 'completed'
           WHEN 8 THEN 'cancelled' ELSE 'offboarding' END,
         0, '$fadmin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n;
COMMIT;
ANALYZE;
SQL

if [ -n "${BENCH_SEED_ONLY:-}" ]; then cp "$work/rotunda.db" "$BENCH_SEED_ONLY"; echo "$facility $student" >"$BENCH_SEED_ONLY.ids"; exit 0; fi
peak() { awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$server_pid/status"; }
timed() {  # timed LABEL JAR PATH: seconds of the best of 3
  local best=""
  for _ in 1 2 3; do
    local t
    t=$(curl -s -o "$work/out" -w '%{time_total}' -b "$work/$2" "$base$3")
    best=$(python3 -c "import sys; a=float(sys.argv[1]); b=sys.argv[2]; print(a if not b else min(a, float(b)))" "$t" "$best")
  done
  printf '%-52s %8.3f s  (%s bytes)\n' "$1" "$best" "$(stat -c %s "$work/out")"
}
start=$(date +%s.%N)
sqlite3 "$work/rotunda.db" "SELECT r.status, COUNT(*) FROM rotations r WHERE (r.student_id = 'x' OR r.preceptor_id = 'x' OR (r.status <> 'draft' AND r.facility_id IN ('$facility')) OR r.school_id IN ('$facility')) GROUP BY r.status" >/dev/null
printf '%-52s %8.3f s\n' "baseline: sqlite3 CLI, the GROUP BY alone" "$(python3 -c "import time,sys; print(time.time() - float(sys.argv[1]))" "$start")"
timed "GET /api/v1/dashboard (facility admin, $rows rows)" fadmin /api/v1/dashboard
timed "GET /api/v1/dashboard?days=60 (facility admin)" fadmin "/api/v1/dashboard?days=60&limit=200"
timed "GET /api/v1/dashboard (student, $((rows / 47)) own)" student /api/v1/dashboard
timed "GET /api/v1/rotations?limit=200 (facility admin)" fadmin "/api/v1/rotations?limit=200"
echo "server peak memory before the export: $(peak)"
timed "GET /api/v1/rotations.csv (every row)" fadmin /api/v1/rotations.csv
echo "export lines: $(wc -l <"$work/out")"
echo "server peak memory after exporting: $(peak)"
feed=$(json "$(call student POST /api/v1/me/calendar '')" 'd["path"]')
timed "GET calendar feed (student)" student "$feed"
feed=$(json "$(call fadmin POST /api/v1/me/calendar '')" 'd["path"]')
timed "GET calendar feed (facility admin, 1000 events)" fadmin "$feed"
