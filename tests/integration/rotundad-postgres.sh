#!/usr/bin/env bash
# rotundad-postgres.sh — rotundad on PostgreSQL: migrations at start-up, /health
# answering 503 "unavailable" while the database is down and 200 again once it
# returns, and a clear refusal to start when the database cannot be reached.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir
. "$ROTUNDA_TEST_PG_DIR/postgres.env"
pg() { bash "$ROTUNDA_SOURCE_DIR/tests/integration/postgres.sh" "$1" "$ROTUNDA_TEST_PG_DIR"; }
# A database of its own, so the store suites' schema resets do not meet this server.
runuser -u postgres -- psql -q -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres \
  -c "DROP DATABASE IF EXISTS rotunda_it" -c "CREATE DATABASE rotunda_it"
export ROTUNDA_DATABASE_BACKEND=postgresql
export ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1
export ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT
export ROTUNDA_DATABASE_POSTGRESQL_NAME=rotunda_it
export ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
export ROTUNDA_DATABASE_CONNECT_TIMEOUT_SECONDS=2

port=$(free_port)
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "http://127.0.0.1:$port/health" 30
wait_for_log "RTS0004" 10 || true
log=$(cat "$work/server.log")
check "the log names the database without a password" contains "$log" \
  "database PostgreSQL $ROTUNDA_TEST_PG_USER@127.0.0.1:$ROTUNDA_TEST_PG_PORT/rotunda_it open"
check "migrations were applied on PostgreSQL" contains "$log" "migration 0001_foundation.sql applied"
check "/health is 200 on PostgreSQL" equals "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" "200"

# Several connections in the pool, all of which break while the database is away.
for i in 1 2 3 4 5 6 7 8; do curl -s -o /dev/null "http://127.0.0.1:$port/health" & done
for i in 1 2 3 4 5 6 7 8; do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/version"; done
pg pause
status=$(curl -s -o "$work/down.json" -w '%{http_code}' "http://127.0.0.1:$port/health")
down=$(cat "$work/down.json")
pg resume
check "/health is 503 while PostgreSQL is down" equals "$status" "503"
check "the database is reported unavailable" equals "$(json_field "$down" 'd["database"]["state"]')" "unavailable"
check "the server still answers other routes" equals "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/version")" "200"
check "/health is 200 again once PostgreSQL is back" equals "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" "200"
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
server_pid=""
check "SIGTERM exits 0" equals "$exit_status" "0"

# Start-up against a port where nothing listens: one clear line, exit 69.
set +e
output=$(ROTUNDA_HTTP_PORT=$(free_port) ROTUNDA_DATABASE_POSTGRESQL_PORT=$(free_port) "$ROTUNDAD" 2>&1)
status=$?
set -e
check "an unreachable database stops start-up with 69" equals "$status" "69"
check "the line says the database is unavailable and what to check" contains "$output" \
  "check the database.* settings and that the server is running"
finish
