#!/usr/bin/env bash
# student-import.sh — a 50,000-row roster imported through rotundad (accounts,
# memberships, profiles, invitations and their mail, one transaction) against
# sqlite3 .import of the same file into a plain table on the same disk, in the
# same run, printed as rows/s and a ratio. Figures only: not a test.
#
# Usage: tests/bench/student-import.sh [ROWS]   (default 50000)
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build), built first if needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
rows=${1:-50000}
for tool in curl python3 cmake sqlite3; do
  command -v "$tool" >/dev/null || { echo "student-import bench: $tool is missing" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad -j2 >/dev/null

work=$(mktemp -d "${TMPDIR:-/var/tmp}/rotunda-bench-import-XXXXXX")
server_pid=""
trap 'if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
log.access = false
mail.outbox.intervalSeconds = 3600
CONF
ROTUNDA_HTTP_PORT=$port "$build/server/rotundad" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "$base/health"; do
  [ $SECONDS -lt $deadline ] || { echo "rotundad did not start; see $work/server.log" >&2; exit 1; }
  sleep 0.1
done

python3 - "$work/roster.csv" "$rows" <<'PY'
import csv, sys
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["name", "email", "program", "graduation year"])
    for i in range(int(sys.argv[2])):
        w.writerow([f"Student {i}, Test", f"student{i}@bench.example", ["Nursing", "PA", "Medicine"][i % 3], 2026 + i % 4])
PY
curl -s -c "$work/jar" -o "$work/me.json" -H 'Content-Type: application/json' \
  --data '{"email":"bench@example.org","name":"Bench Mark","password":"violet stapler orbit 42"}' "$base/api/v1/auth/signup"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrfToken"])' "$work/me.json")
school=$(curl -s -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data '{"kind":"school","name":"Bench School"}' "$base/api/v1/organizations" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

now() { date +%s.%N; }
rate() { python3 -c "import sys; print('%.0f' % ($rows / (float(sys.argv[2]) - float(sys.argv[1]))))" "$1" "$2"; }

start=$(now)
curl -s -o "$work/dry.json" -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
  --data-binary "@$work/roster.csv" "$base/api/v1/organizations/$school/students/import?dryRun=true"
dry=$(rate "$start" "$(now)")
start=$(now)
curl -s -o "$work/real.json" -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
  --data-binary "@$work/roster.csv" "$base/api/v1/organizations/$school/students/import?dryRun=false"
real=$(rate "$start" "$(now)")
python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; assert s["newAccounts"] == int(sys.argv[2]), s' \
  "$work/real.json" "$rows" || { echo "the import did not create every account: $(cat "$work/real.json")" >&2; exit 1; }

start=$(now)
sqlite3 "$work/baseline.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" \
  "CREATE TABLE roster (name TEXT, email TEXT, program TEXT, year TEXT);" ".mode csv" ".import --skip 1 $work/roster.csv roster" >/dev/null
baseline=$(rate "$start" "$(now)")

echo "student import, $rows rows (SQLite, one transaction each side):"
echo "  sqlite3 .import into one plain table: $baseline rows/s (baseline)"
echo "  rotundad dry run (parse + checks):    $dry rows/s"
echo "  rotundad import (accounts, memberships, profiles, invitations, mail): $real rows/s"
python3 -c "import sys; print('  import / baseline: %.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$real" "$baseline"
