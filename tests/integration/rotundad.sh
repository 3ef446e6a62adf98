#!/usr/bin/env bash
# rotundad.sh — rotundad as an operator meets it: --version/--help, a bad
# configuration value refused with one line, start-up on the defaults, /health,
# problem responses, a port already in use, and a clean stop on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

enter_workdir
# The shipped, fully commented configuration file must load as it is.
export ROTUNDA_CONFIG_DIR="$ROTUNDA_SOURCE_DIR/conf"

version=$("$ROTUNDAD" --version)
check "--version prints the version" contains "$version" "rotundad "
check "--help lists --config" contains "$("$ROTUNDAD" --help)" "--config"

# A bad value: one line naming key, value and what is allowed, exit status 78 (EX_CONFIG).
set +e
output=$(ROTUNDA_HTTP_PORT=eighty "$ROTUNDAD" 2>&1)
status=$?
set -e
check "bad http.port exits with 78" equals "$status" "78"
check "bad http.port is named with its value and the allowed range" contains "$output" \
  "configuration key 'http.port' has value 'eighty'; allowed: an integer from 0 to 65535"
check "the refusal is one fatal line" equals "$(grep -c 'start-up stopped' <<<"$output")" "1"

set +e
output=$(ROTUNDA_DATABASE_BACKEND=oracle "$ROTUNDAD" 2>&1)
status=$?
set -e
check "unknown database backend exits with 78" equals "$status" "78"
check "unknown database backend lists the choices" contains "$output" "database.backend"

# A recorded migration whose text differs from the server's: refused by name.
mkdir -p "$work/tampered"
sqlite3 "$work/tampered/rotunda.db" "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
  checksum TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (1, '0001_foundation.sql', 'bogus', 'x');"
set +e
output=$(ROTUNDA_DATABASE_SQLITE_PATH="$work/tampered/rotunda.db" "$ROTUNDAD" 2>&1)
status=$?
set -e
check "a changed migration stops start-up with 69" equals "$status" "69"
check "the refusal names the migration" contains "$output" "migration 0001_foundation.sql was applied with checksum bogus"

# Start on the defaults (SQLite under ./var) on a free port.
port=$(free_port)
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "http://127.0.0.1:$port/health" 30
wait_for_log "RTS0004" 10 || true
log=$(cat "$work/server.log")
check "start-up log says where configuration came from" contains "$log" "configuration read from $ROTUNDA_SOURCE_DIR/conf/rotunda.properties"
check "start-up log says where it listens" contains "$log" "http://127.0.0.1:$port/"
check "SQLite database created under var/" test -f "$work/var/rotunda.db"

health=$(curl -s -D "$work/health.headers" "http://127.0.0.1:$port/health")
check "/health is ok" equals "$(json_field "$health" 'd["status"]')" "ok"
check "/health reports the database" equals "$(json_field "$health" 'd["database"]["state"]')" "ok"
check "every response carries a request id" grep -qi '^X-Request-Id: ' "$work/health.headers"

check "/metrics counts /health" contains "$(curl -s "http://127.0.0.1:$port/metrics")" 'route="/health"'
version_json=$(curl -s "http://127.0.0.1:$port/api/v1/version")
check "/api/v1/version names the server" equals "$(json_field "$version_json" 'd["name"]')" "rotunda"

missing=$(curl -s -D "$work/missing.headers" "http://127.0.0.1:$port/api/v1/no-such-thing")
check "unknown route is a 404 problem" equals "$(json_field "$missing" 'd["status"]')" "404"
check "problems are application/problem+json" grep -qi '^Content-Type: application/problem+json' "$work/missing.headers"

# A second server on the same port stops with a clear line instead of serving nothing.
set +e
output=$(ROTUNDA_HTTP_PORT=$port ROTUNDA_DATABASE_SQLITE_PATH="$work/other.db" "$ROTUNDAD" 2>&1)
status=$?
set -e
check "port in use exits non-zero" test "$status" -ne 0
check "port in use names the address" contains "$output" "127.0.0.1:$port"

# SIGTERM: clean stop, exit 0, stop logged.
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
server_pid=""
check "SIGTERM exits 0" equals "$exit_status" "0"
check "shutdown is logged" contains "$(cat "$work/server.log")" "rotundad stopped"
finish
