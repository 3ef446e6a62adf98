#!/usr/bin/env bash
# plugins.sh — rotundad and rotunda-admin over the fixture plugins: refused plugins
# are reported in /health while the server keeps serving; a required plugin that
# is refused stops start-up with its refusal line; the admin listing masks secrets;
# rotunda-admin ldap test asks a loaded plugin's authenticator through the host.
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
wait_for_log "RTP0013" 10 || true
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

# rotunda-admin ldap test --plugin ID: the installed plugin's diagnose(), through the host.
set +e
known=$("$ROTUNDA_ADMIN" --config "$work/site.properties" ldap test alice --plugin good 2>&1)
known_status=$?
unknown=$("$ROTUNDA_ADMIN" --config "$work/site.properties" ldap test --plugin good bob 2>&1)
unknown_status=$?
absent=$("$ROTUNDA_ADMIN" --config "$work/site.properties" ldap test alice 2>&1)
absent_status=$?
disabled=$("$ROTUNDA_ADMIN" --config "$work/site.properties" ldap test alice --plugin not-enabled 2>&1)
disabled_status=$?
refused=$("$ROTUNDA_ADMIN" --config "$work/site.properties" ldap test alice --plugin typed-config 2>&1)
refused_status=$?
older=$(ROTUNDA_PLUGINS_ABI_MINOR_OLDER_ENABLED=true "$ROTUNDA_ADMIN" --config "$work/site.properties" \
  ldap test alice --plugin abi-minor-older 2>&1)
older_status=$?
"$ROTUNDA_ADMIN" --config "$work/site.properties" ldap test alice --plugin >/dev/null 2>&1
usage_status=$?
set -e
check "ldap test --plugin good exits 0 for a user the plugin knows" equals "$known_status" "0"
check "it prints the plugin's findings with their level" contains "$known" "ok      configuration: url ldap://127.0.0.1:3389"
check "and the result" contains "$known" "result: ok: alice could sign in with the configured password"
check "it never prints the plugin's secret" test "$(grep -c hunter2 <<<"$known" || true)" = "0"
check "a user the plugin does not know exits 1" equals "$unknown_status" "1"
check "saying so" contains "$unknown" "result: not found: this user cannot sign in (no such user)"
check "ldap-auth absent from the plugin directory exits 78" equals "$absent_status" "78"
check "saying where it looked and what to do" contains "$absent" \
  "plugin 'ldap-auth' is not in the plugin directory $ROTUNDA_FIXTURE_PLUGIN_DIR: install its .so file there"
check "a plugin that is not enabled exits 78" equals "$disabled_status" "78"
check "saying how to enable it" contains "$disabled" \
  "is installed but not enabled: set plugins.not-enabled.enabled = true in plugins.d/not-enabled.properties"
check "and how to try it first" contains "$disabled" "ROTUNDA_PLUGINS_NOT_ENABLED_ENABLED=true"
check "a refused plugin exits 78" equals "$refused_status" "78"
check "with its refusal line" contains "$refused" "RTP0013 plugin 'typed-config'"
check "a plugin built against ABI 1.0 is not asked (it has no diagnose)" equals "$older_status" "1"
check "saying it must be rebuilt" contains "$older" "was built against plugin API 1.0, before diagnostics (1.1)"
check "--plugin without an id is a usage error" equals "$usage_status" "64"

# A required plugin that is refused stops start-up with its refusal line.
echo "plugins.typed-config.required = true" >>"$work/site.properties"
set +e
output=$(ROTUNDA_HTTP_PORT=$(free_port) "$ROTUNDAD" --config "$work/site.properties" 2>&1)
status=$?
set -e
check "a refused required plugin stops start-up" equals "$status" "69"
check "with the refusal line" contains "$output" "start-up stopped: RTP0013 plugin 'typed-config'"
finish
