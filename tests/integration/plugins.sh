#!/usr/bin/env bash
# plugins.sh — rotundad and rotunda-admin over the fixture plugins: refused plugins
# are reported in /health while the server keeps serving; a required plugin that
# is refused stops start-up with its refusal line; the admin listing masks secrets.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

enter_workdir
cat >"$work/site.properties" <<CONF
plugins.directory = $ROTUNDA_FIXTURE_PLUGIN_DIR
plugins.good.enabled = true
plugins.good.url = ldap://127.0.0.1:3389
plugins.good.password = hunter2-secret
plugins.typed-config.enabled = true
plugins.typed-config.port = abc
plugins.wrong-cookie.enabled = true
CONF

port=$(free_port)
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "http://127.0.0.1:$port/health" 30
status=$(curl -s -o "$work/health.json" -w '%{http_code}' "http://127.0.0.1:$port/health")
health=$(cat "$work/health.json")
check "a refused plugin leaves /health at 200" equals "$status" "200"
check "a refused plugin makes the server degraded" equals "$(json_field "$health" 'd["status"]')" "degraded"
plugin_state() { json_field "$health" "[p for p in d['plugins'] if p['id']=='$1'][0]['$2']"; }
check "the good plugin is loaded but its store reports a fault" equals "$(plugin_state good state)" "failed"
check "its document store's own problem is the reason" contains "$(plugin_state good reason)" "fixture store is always full"
check "the mistyped plugin is refused" equals "$(plugin_state typed-config state)" "refused"
check "its reason names key, value and type" contains "$(plugin_state typed-config reason)" \
  "configuration key plugins.typed-config.port has value 'abc', expected an integer"
check "a file refused before its id is listed by file name" equals "$(plugin_state wrong-cookie.so state)" "refused"
check "the server still serves" equals "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/version")" "200"
log=$(cat "$work/server.log")
check "the refusal is logged with its id" contains "$log" "RTP0013 plugin 'typed-config'"
check "the secret never reaches the log" test "$(grep -c hunter2 "$work/server.log" || true)" = "0"
check "metrics count the health calls into plugins" contains \
  "$(curl -s "http://127.0.0.1:$port/metrics")" 'rotunda_plugin_calls_total{plugin="good",operation="health"}'
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
server_pid=""

# rotunda-admin plugins: the same verdicts, configuration listed, secrets masked.
set +e
listing=$("$ROTUNDA_ADMIN" --config "$work/site.properties" plugins 2>&1)
admin_status=$?
set -e
check "rotunda-admin plugins exits 1 when a plugin is refused" equals "$admin_status" "1"
check "the listing shows the good plugin loaded" contains "$listing" "state:       loaded (enabled: yes, required: no)"
check "the listing names extension points" contains "$listing" "provides:    PasswordAuthenticator:directory"
check "the listing masks the secret" contains "$listing" "plugins.good.password (string, secret) = ********"
check "the listing never prints the secret" test "$(grep -c hunter2 <<<"$listing" || true)" = "0"
check "the listing gives the refusal" contains "$listing" "found cookie 0xDEADBEEF, expected 0x5254504C"

# A required plugin that is refused stops start-up with its refusal line.
echo "plugins.typed-config.required = true" >>"$work/site.properties"
set +e
output=$(ROTUNDA_HTTP_PORT=$(free_port) "$ROTUNDAD" --config "$work/site.properties" 2>&1)
status=$?
set -e
check "a refused required plugin stops start-up" equals "$status" "69"
check "with the refusal line" contains "$output" "start-up stopped: RTP0013 plugin 'typed-config'"
finish
