#!/usr/bin/env bash
# directory.sh — the staff directory's search with 50,000 listed people against
# the trivial route GET /api/v1/version of the same rotundad in the same run, both
# under wrk with 64 signed-in connections (the session cookie on every request).
# Three searches: a prefix that fills the page from the name index ("mar"), a
# substring found only by the scan ("son"), and a miss that scans everyone
# ("qqq"). For each: requests/s and p99 of both, and the ratio search/version
# (medians of alternating runs). Figures only, no pass/fail: not a test.
#
# The people are written straight into the SQLite file (python3's sqlite3, one
# transaction), as an import would leave them: users with their folded names and
# a preceptor membership each, so that all are listed.
#
# Usage: tests/bench/directory.sh [SECONDS_PER_RUN] [PEOPLE]   (default 5, 50000)
# Environment: ROTUNDA_BUILD_DIR (default <repo>/build), built first if needed;
# ROUNDS (default 3); POOL (database.pool.max, default 128); SEED_ONLY=1 stops
# after seeding and KEEP=1 keeps the directory (to study the queries by hand).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${ROTUNDA_BUILD_DIR:-$root/build}
duration=${1:-5}
people=${2:-50000}
rounds=${ROUNDS:-3}
connections=64
# One pooled database session per HTTP thread: with the shipped database.pool.max
# (32) below http.maxThreads (128), 64 connections of database-bound requests
# exhaust the pool and get 500s (the pool does not wait), which would measure
# that, not the search.
pool=${POOL:-128}
for tool in wrk curl python3 cmake; do
  command -v "$tool" >/dev/null || { echo "directory bench: $tool is missing" >&2; exit 1; }
done
[ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null
cmake --build "$build" --target rotundad -j2 >/dev/null

work=$(mktemp -d "${TMPDIR:-/var/tmp}/rotunda-bench-directory-XXXXXX")
server_pid=""
trap 'if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi; [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
mail.outbox.intervalSeconds = 3600
database.pool.max = $pool
CONF
(cd "$work" && exec env ROTUNDA_CONFIG_DIR="$root/conf" ROTUNDA_HTTP_PORT="$port" \
  "$build/server/rotundad" --config "$work/site.properties" >"$work/server.log" 2>&1) &
server_pid=$!
deadline=$((SECONDS + 30))
until curl -s -o /dev/null "$base/health"; do
  [ $SECONDS -lt $deadline ] && kill -0 "$server_pid" 2>/dev/null ||
    { echo "rotundad did not start:" >&2; tail -5 "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

curl -s -c "$work/jar" -o "$work/me.json" -H 'Content-Type: application/json' \
  --data '{"email":"bench@example.org","name":"Bench Mark","password":"violet stapler orbit 42"}' "$base/api/v1/auth/signup"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrfToken"])' "$work/me.json")
facility=$(curl -s -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  --data '{"kind":"facility","name":"Bench General"}' "$base/api/v1/organizations" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
cookie=$(awk '$6 == "rotunda_session" {print $7}' "$work/jar")

seed_start=$(date +%s.%N)
python3 - "$work/rotunda.db" "$facility" "$people" <<'PY'
import random, sqlite3, sys, uuid
path, facility, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(8)
first = ["Maria", "Mark", "Martin", "Mary", "James", "John", "Robert", "Linda", "Patricia", "Jennifer", "Michael",
         "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
         "Charles", "Karen", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Sandra", "Donald", "Ashley",
         "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin",
         "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason",
         "Sharon", "Edward", "Laura", "Jeffrey", "Cynthia", "Ryan", "Dorothy", "Jacob", "Amy", "Gary", "Kathleen",
         "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Emma", "Stephen", "Brenda", "Larry", "Pamela", "Justin",
         "Nicole", "Scott", "Anna", "Brandon", "Samantha", "Benjamin", "Katherine", "Samuel", "Christine", "Gregory",
         "Debra", "Alexander", "Rachel", "Patrick", "Carolyn", "Frank", "Janet", "Raymond", "Maria", "Jack", "Olivia"]
last = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
        "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
        "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker",
        "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Okafor", "Kowalski", "Haddad", "Tanaka"]
specialties = ["Emergency Medicine", "Pediatrics", "Cardiology", "Oncology", "Surgery", "Family Medicine", "Nursing"]
locations = ["Building A", "Building B", "North Campus", "South Clinic", "Main Hospital"]
db = sqlite3.connect(path, timeout=30)
now = "2026-11-23T08:00:00.000Z"
users, members = [], []
for i in range(count):
    uid = str(uuid.uuid4())
    name = f"{random.choice(first)} {random.choice(last)}"
    specialty, location = random.choice(specialties), random.choice(locations)
    users.append((uid, f"person{i}@bench.example", name, name.lower(), "active", specialty, location,
                  specialty.lower() + "\n" + location.lower(), now, now))
    members.append((facility, uid, "preceptor", "manual", now))
with db:
    db.executemany("INSERT INTO users (id, email, name, name_lower, status, specialty, location, directory_text,"
                   " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", users)
    db.executemany("INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES (?, ?, ?, ?, ?)",
                   members)
db.execute("ANALYZE")
db.close()
PY
seed_seconds=$(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$seed_start" "$(date +%s.%N)")

# measure PATH -> "requests/s p99_ms" from wrk's --latency summary, signed in.
measure() {
  wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: rotunda_session=$cookie" "$base$1" >"$work/wrk.out"
  grep -q "Non-2xx" "$work/wrk.out" && { echo "directory bench: errors during $1:" >&2; grep -A1 "Non-2xx" "$work/wrk.out" >&2; }
  awk '/^Requests\/sec:/ {rps = $2}
       $1 == "99%" {v = $2
         if (v ~ /us$/) {sub("us", "", v); v = v / 1000}
         else if (v ~ /ms$/) {sub("ms", "", v)}
         else if (v ~ /s$/) {sub("s", "", v); v = v * 1000}
         p99 = v}
       END {printf "%s %.2f\n", rps, p99}' "$work/wrk.out"
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
row() {  # row LABEL QUERY
  local search=() version=() round s_rps s_p99 v_rps v_p99
  local status found
  status=$(curl -s -o "$work/page.json" -w '%{http_code}' -b "rotunda_session=$cookie" "$base/api/v1/directory?q=$2")
  found=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["items"]), d["items"][0]["match"] if d["items"] else "-")' "$work/page.json")
  [ "$status" = 200 ] || { echo "directory bench: search answered $status" >&2; exit 1; }
  for ((round = 0; round < rounds; ++round)); do
    version+=("$(measure /api/v1/version)")
    search+=("$(measure "/api/v1/directory?q=$2")")
  done
  v_rps=$(printf '%s\n' "${version[@]}" | awk '{print $1}' | median)
  v_p99=$(printf '%s\n' "${version[@]}" | awk '{print $2}' | median)
  s_rps=$(printf '%s\n' "${search[@]}" | awk '{print $1}' | median)
  s_p99=$(printf '%s\n' "${search[@]}" | awk '{print $2}' | median)
  printf '%-22s %12s %10s %12s %10s %7s\n' "$1 (${found% *}, ${found#* })" "$s_rps" "${s_p99}ms" "$v_rps" "${v_p99}ms" \
    "$(awk -v a="$s_rps" -v b="$v_rps" 'BEGIN {printf "%.3f", a / b}')"
}

row_me() {  # the signed-in GET /api/v1/me, for scale: what any database-backed route costs here
  local me=() version=() round
  for ((round = 0; round < rounds; ++round)); do
    version+=("$(measure /api/v1/version)")
    me+=("$(measure /api/v1/me)")
  done
  local m_rps m_p99 v_rps v_p99
  m_rps=$(printf '%s\n' "${me[@]}" | awk '{print $1}' | median)
  m_p99=$(printf '%s\n' "${me[@]}" | awk '{print $2}' | median)
  v_rps=$(printf '%s\n' "${version[@]}" | awk '{print $1}' | median)
  v_p99=$(printf '%s\n' "${version[@]}" | awk '{print $2}' | median)
  printf '%-22s %12s %10s %12s %10s %7s\n' "(GET /api/v1/me)" "$m_rps" "${m_p99}ms" "$v_rps" "${v_p99}ms" \
    "$(awk -v a="$m_rps" -v b="$v_rps" 'BEGIN {printf "%.3f", a / b}')"
}

echo "Directory search: $people listed people (seeded in $seed_seconds s), $connections signed-in connections," \
  "medians of $rounds alternating wrk runs of ${duration} s, page of 20, database.pool.max $pool"
printf '%-22s %12s %10s %12s %10s %7s\n' "query (found, tier)" "search r/s" "p99" "version r/s" "p99" ratio
[ "${SEED_ONLY:-}" ] && { echo "seeded: $work/rotunda.db"; kill "$server_pid"; server_pid=""; exit 0; }
row "q=mar" mar
row "q=son" son
row "q=qqq" qqq
row_me
echo "(ratio = search r/s / version r/s on the same rotundad; \"found\" is the first page's size and the first match's tier;"
echo " the last row is the signed-in profile route, one session lookup, for scale)"
