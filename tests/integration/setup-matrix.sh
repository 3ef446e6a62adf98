#!/usr/bin/env bash
# setup-matrix.sh [sqlite|postgresql] — the route × role matrix of organizations and
# set-up (setup-matrix.py) against rotundad filled by `rotunda-admin demo-data`, on
# SQLite or on the PostgreSQL fixture. Also checks demo-data itself: what it prints,
# that its accounts sign in, and that it refuses a database that holds organizations.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir
backend=${1:-sqlite}

if [ "$backend" = postgresql ]; then
  . "$ROTUNDA_TEST_PG_DIR/postgres.env"
  runuser -u postgres -- psql -q -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres \
    -c "DROP DATABASE IF EXISTS rotunda_matrix" -c "CREATE DATABASE rotunda_matrix"
  export ROTUNDA_DATABASE_BACKEND=postgresql ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1
  export ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT ROTUNDA_DATABASE_POSTGRESQL_NAME=rotunda_matrix
  export ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
  sql=(psql -q -t -A -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U "$ROTUNDA_TEST_PG_USER" -d rotunda_matrix -c)
else
  export ROTUNDA_DATABASE_SQLITE_PATH=$work/rotunda.db
  sql=(sqlite3 -cmd ".timeout 5000" "$work/rotunda.db")
fi

set +e
"$ROTUNDA_ADMIN" demo-data --scale huge >/dev/null 2>"$work/usage.txt"
usage=$?
set -e
check "an unknown scale is a usage error (64) naming the choices" equals "$usage/$(grep -c 'small|large' "$work/usage.txt")" "64/1"
"$ROTUNDA_ADMIN" demo-data >"$work/demo.txt"
demo=$(cat "$work/demo.txt")
check "demo-data names what it wrote" contains "$demo" "Riverside General Hospital: 4 staff, 8 steps, 6 services"
check "and the accounts" contains "$demo" "alex.morgan@riverside.example"
password=$(sed -n 's/.*all with the password \([^)]*\)).*/\1/p' "$work/demo.txt")
check "with their password" test -n "$password"
set +e
"$ROTUNDA_ADMIN" demo-data >/dev/null 2>"$work/again.txt"
again=$?
set -e
check "a second run is refused (exit 65)" equals "$again" "65"
check "saying why and what to do" contains "$(cat "$work/again.txt")" "demo data only goes into a fresh database"

port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

request POST /api/v1/auth/login "{\"email\":\"avery.johnson@students.northfield.example\",\"password\":\"$password\"}" "$work/student"
check "a demo student signs in" equals "$status" "200"
csrf=$(json_field "$body" 'd["csrfToken"]')
request GET /api/v1/organizations "" "$work/student" "$csrf"
riverside_search=$(json_field "$body" 'd["items"][0]["name"] + ":" + d["items"][0]["myRoles"][0]')
check "and belongs to the school" equals "$riverside_search" "Northfield University School of Nursing:student"
check "the demo has rotations in several states" equals \
  "$("${sql[@]}" "SELECT status || '=' || COUNT(*) FROM rotations GROUP BY status ORDER BY status" | paste -sd,)" \
  "onboarding=9,pending_site=2,waitlisted=1"
check "the demo has capacity and agreements" equals \
  "$("${sql[@]}" "SELECT COUNT(*) FROM capacity_windows")/$("${sql[@]}" "SELECT COUNT(*) FROM agreements WHERE state = 'active'")" "13/2"

request POST /api/v1/auth/login "{\"email\":\"sam.patel@northfield.example\",\"password\":\"$password\"}" "$work/coordinator"
request GET /api/v1/dashboard "" "$work/coordinator"
check "a school coordinator's dashboard lists the steps they complete (the school's and the facility's)" equals \
  "$(json_field "$body" '",".join(sorted({i["step"]["name"] for i in d["attention"]["items"] if i["kind"] == "step_to_complete"}))')" \
  "Background check,Liability insurance certificate"
check "every set-up route × every role" python3 "$ROTUNDA_SOURCE_DIR/tests/integration/setup-matrix.py" "$base" "$password" "${sql[@]}"
check "no password in the server log" equals "$(grep -c -- "$password" "$work/server.log" || true)" "0"
finish
