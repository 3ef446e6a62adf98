#!/usr/bin/env bash
# ldap.sh — sign-in through the ldap-auth plugin against a real slapd started here on
# loopback (tests/integration/slapd.sh: StartTLS and ldaps with a CA made for the
# test, memberof and ppolicy overlays with lockout after 3 failures). Covers: a good
# sign-in, accounts created and found by the directory's stable id, name and email
# refreshed, wrong password, locked account, expired and must-change passwords,
# injection attempts in the user name, an empty password, the directory stopped
# mid-run and restarted, failover from a directory that is down, linking by email
# only when allowed, certificates that must be refused, and rotunda-admin ldap test.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/slapd.sh"
enter_workdir

# Everything started here stops on any exit.
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  slapd_stop
  cd / && rm -rf "$work"
}
trap cleanup EXIT

slapd_setup "$work/slapd"
slapd_start
dead_port=$(free_port)  # nothing listens here

# site_config FILE EXTRA-LINES...: a configuration with the plugin enabled against the test directory.
site_config() {
  local file=$1
  shift
  {
    echo "plugins.ldap-auth.enabled = true"
    echo "plugins.ldap-auth.required = true"
    echo "plugins.ldap-auth.caFile = $work/slapd/ca.pem"
    echo "plugins.ldap-auth.bindDn = $ldap_service_dn"
    echo "plugins.ldap-auth.baseDn = ou=people,$ldap_base"
    echo "plugins.ldap-auth.networkTimeoutMs = 1000"
    echo "plugins.ldap-auth.operationTimeoutMs = 2000"
    echo "auth.signInsPerMinutePerAddress = 10000"
    printf '%s\n' "$@"
  } >"$file"
}
# The service password comes from the environment, as the operator guide recommends.
export ROTUNDA_PLUGINS_LDAP_AUTH_BIND_PASSWORD="$ldap_service_password"

# start_server NAME CONFIG: rotundad in its own directory; sets base and pid_of_NAME.
start_server() {
  local name=$1 port
  port=$(free_port)
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec env ROTUNDA_HTTP_PORT="$port" "$ROTUNDAD" --config "$2" >"$work/$name.log" 2>&1) &
  server_pids+=("$!")
  base="http://127.0.0.1:$port"
  wait_for_http "$base/health" 30 || { tail -20 "$work/$name.log" >&2; exit 1; }
}
login() {  # login USER PASSWORD [JAR]: sign-in with a JSON-escaped user name
  local user
  user=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1")
  request POST /api/v1/auth/login "{\"email\":$user,\"password\":\"$2\"}" "${3:-}"
}
good=$ldap_user_password
# logged NAME TEXT: the server's log (written in batches) shows TEXT within 5 s.
logged() {
  local deadline=$((SECONDS + 5))
  until grep -qF -- "$2" "$work/$1.log"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "  expected $1.log to contain: $2" >&2
      return 1
    fi
    sleep 0.05
  done
}

# --- the main server: StartTLS on ldap://, certificate checked against the test CA.
site_config "$work/main.properties" "plugins.ldap-auth.urls = ldap://127.0.0.1:$ldap_port"
start_server main "$work/main.properties"

login alice "$good"
check "a directory user signs in" equals "$status" "200"
check "the account takes the directory's email" equals "$(json_field "$body" 'd["user"]["email"]')" "alice@example.org"
check "and its name" equals "$(json_field "$body" 'd["user"]["name"]')" "Alice Archer"
alice_id=$(json_field "$body" 'd["user"]["id"]')
login alice@example.org "$good"
check "signing in with the email finds the same account" equals "$(json_field "$body" 'd["user"]["id"]')" "$alice_id"

request POST /api/v1/auth/login '{"email":"nobody","password":"whatever it is"}'
unknown=$(json_field "$body" 'd["detail"]')
check "an unknown user is 401" equals "$status" "401"
login alice "Wrong-Horse-1"
check "a wrong password is 401" equals "$status" "401"
check "reading exactly like an unknown user" equals "$(json_field "$body" 'd["detail"]')" "$unknown"

for attempt in 1 2 3; do login locky "Wrong-Horse-1"; done
login locky "$good"
check "after 3 failures the directory locks the account: 429" equals "$status" "429"
login eve "$good"
check "an expired directory password is 403" equals "$status" "403"
check "saying it has expired, not that it is wrong" contains "$body" "your directory password has expired"
login reset "$good"
check "a password that must be changed after a reset is 403 too" equals "$status" "403"
login twins@example.org "$good"
check "a name that matches two entries is refused" equals "$status" "401"

for hostile in '*' 'alice*' '*)(uid=*' 'alice)(uid=*' '*)(|(objectClass=*' 'alice)(|(uid=*)' '\2a' "$(printf 'a%.0s' $(seq 250))"; do
  login "$hostile" "$good"
  check "injection attempt '${hostile:0:20}' is refused as an unknown user" equals "$status" "401"
done
request POST /api/v1/auth/login "{\"email\":\"alice\\u0000\",\"password\":\"$good\"}"
check "a NUL in the user name is refused" equals "$status" "401"
login "$(printf 'b%.0s' $(seq 300))" "$good"
check "a very long user name is refused before the directory" equals "$status" "422"
login alice ""
check "an empty password is refused" equals "$status" "401"

# The outcomes are logged apart.
check "sign-in is logged" logged main "RTL0001 signed in 'alice'"
check "no such user is logged" logged main "RTL0002 refused 'nobody'"
check "a wrong password is logged" logged main "RTL0003 refused 'alice'"
check "ambiguity is logged" logged main "RTL0004 refused 'twins@example.org'"
check "the lockout is logged" logged main "RTL0005 refused 'locky' (uid=locky,ou=people,dc=example,dc=org): account locked (password policy: account locked)"
check "the expiry is logged" logged main "RTL0006 refused 'eve' (uid=eve,ou=people,dc=example,dc=org): password expired or must be changed (password policy: password expired)"
check "must-change is logged" logged main "(password policy: must change after reset)"
check "an unusable name is logged without itself" logged main "RTL0008 refused a user name of 6 bytes"
check "no filter ever failed (the names were escaped)" test "$(grep -c 'RTL0014' "$work/main.log" || true)" = "0"

# Stable id, not name: the directory renames alice and changes her name and email.
ldap_admin_modify "dn: uid=alice,ou=people,$ldap_base
changetype: modrdn
newrdn: uid=alice2
deleteoldrdn: 1

dn: uid=alice2,ou=people,$ldap_base
changetype: modify
replace: cn
cn: Alice Archer-Smith
-
replace: mail
mail: alice.smith@example.org"
login alice2 "$good"
check "after a rename the same account signs in" equals "$(json_field "$body" 'd["user"]["id"]')" "$alice_id"
check "its name is refreshed" equals "$(json_field "$body" 'd["user"]["name"]')" "Alice Archer-Smith"
check "its email is refreshed" equals "$(json_field "$body" 'd["user"]["email"]')" "alice.smith@example.org"
login alice "$good"
check "the old name no longer signs in" equals "$status" "401"

# A local account with the directory user's email is not taken over by default.
request POST /api/v1/auth/signup '{"email":"carol@example.org","name":"Carol Local","password":"violet stapler orbit 42"}'
carol_id=$(json_field "$body" 'd["user"]["id"]')
login carol "$good"
check "a directory user whose email has a local account is not linked by default" equals "$status" "401"
check "and the refusal says why" logged main "RTA0003 ldap-auth:directory signed in subject"

# The directory stops mid-run: unavailable, not "wrong password"; then it comes back.
slapd_stop
login bob "$good"
check "with the directory stopped sign-in is 503" equals "$status" "503"
check "telling the user the directory is unavailable" contains "$body" "directory that checks this account is unavailable"
health=$(curl -s "$base/health")
check "/health shows the plugin's directory as down" contains "$health" "RTL0010"
slapd_start
login bob "$good"
check "once the directory is back sign-in works again" equals "$status" "200"
check "and the recovery is logged" logged main "RTL0018 directory reachable again"
check "/health is ok again" equals "$(curl -s "$base/health" | python3 -c 'import json,sys; d=json.load(sys.stdin); print([p["state"] for p in d["plugins"] if p["id"]=="ldap-auth"][0])')" "ok"
check "no password reaches the log" test "$(grep -c "$good\|Wrong-Horse\|$ldap_service_password" "$work/main.log" || true)" = "0"

# --- failover: the first directory is down, the second (ldaps://) answers; linking by email allowed.
site_config "$work/failover.properties" \
  "plugins.ldap-auth.urls = ldaps://127.0.0.1:$dead_port ldaps://127.0.0.1:$ldaps_port" \
  "plugins.ldap-auth.linkByEmail = true"
start_server failover "$work/failover.properties"
request POST /api/v1/auth/signup '{"email":"carol@example.org","name":"Carol Local","password":"violet stapler orbit 42"}'
carol_id=$(json_field "$body" 'd["user"]["id"]')
login bob "$good"
check "with the first directory down the second one signs in" equals "$status" "200"
check "the failover is logged" logged failover "RTL0017 failover: cannot connect to ldaps://127.0.0.1:$dead_port"
login carol "$good"
check "with linkByEmail the directory user is linked to the local account" equals "$(json_field "$body" 'd["user"]["id"]')" "$carol_id"
check "whose name the directory now gives" equals "$(json_field "$body" 'd["user"]["name"]')" "Carol Cole"

# --- directory groups grant memberships; manual ones are left alone.
site_config "$work/roles.properties" "plugins.ldap-auth.urls = ldap://127.0.0.1:$ldap_port"
start_server roles "$work/roles.properties"
request POST /api/v1/auth/signup '{"email":"olivia@mercy.example","name":"Olivia Owner","password":"violet stapler orbit 42"}' "$work/olivia"
olivia_csrf=$(json_field "$body" 'd["csrfToken"]')
request POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}' "$work/olivia" "$olivia_csrf"
mercy=$(json_field "$body" 'd["id"]')
kill "${server_pids[-1]}" && wait "${server_pids[-1]}" 2>/dev/null || true
site_config "$work/roles.properties" "plugins.ldap-auth.urls = ldap://127.0.0.1:$ldap_port" \
  "plugins.ldap-auth.groups.map.1 = CN=Nurses,ou=groups,$ldap_base -> facility:$mercy:coordinator" \
  "plugins.ldap-auth.groups.map.2 = cn=staff,ou=groups,$ldap_base -> facility:$mercy:preceptor" \
  "plugins.ldap-auth.groups.map.3 = cn=staff,ou=groups,$ldap_base -> school:no-such-school:faculty"
start_server roles "$work/roles.properties"
roles_of_bob() {
  login bob "$good" "$work/bob-roles"
  request GET /api/v1/organizations "" "$work/bob-roles"
  json_field "$body" '",".join(sorted(r for o in d["items"] for r in o["myRoles"]))'
}
ldap_admin_modify "dn: cn=nurses,ou=groups,$ldap_base
changetype: modify
add: member
member: uid=bob,ou=people,$ldap_base"
check "mapped groups grant their roles at sign-in (group DNs compare case-insensitively)" \
  equals "$(roles_of_bob)" "coordinator,preceptor"
check "a mapping to a missing organization is logged" logged roles "RTA0005 plugins.ldap-auth.groups.map.3"
bob_uid=$(sqlite3 "$work/roles/var/rotunda.db" "SELECT id FROM users WHERE email = 'bob@example.org'")
sqlite3 "$work/roles/var/rotunda.db" "INSERT INTO memberships (organization_id, user_id, role, source, created_at)
  VALUES ('$mercy', '$bob_uid', 'admin', 'manual', '2026-01-01T00:00:00.000Z')"
ldap_admin_modify "dn: cn=nurses,ou=groups,$ldap_base
changetype: modify
delete: member
member: uid=bob,ou=people,$ldap_base"
check "leaving a group removes its role at the next sign-in; manual memberships stay" \
  equals "$(roles_of_bob)" "admin,preceptor"
check "the change is audited" equals \
  "$(sqlite3 "$work/roles/var/rotunda.db" "SELECT count(*) FROM audit_events WHERE action = 'membership.removed_by_directory'")" "1"
kill "${server_pids[-1]}" && wait "${server_pids[-1]}" 2>/dev/null || true

# --- a certificate from a CA nobody configured is refused: unavailable, never a sign-in.
site_config "$work/badca.properties" "plugins.ldap-auth.urls = ldaps://127.0.0.1:$ldaps_port ldap://127.0.0.1:$ldap_port" \
  "plugins.ldap-auth.caFile = $work/slapd/other-ca.pem"
start_server badca "$work/badca.properties"
login bob "$good"
check "a directory whose certificate is not trusted is 503" equals "$status" "503"
check "the TLS failure is logged for ldaps" logged badca "cannot connect to ldaps://127.0.0.1:$ldaps_port: Can't contact LDAP server (-1); the port answers, but the directory's certificate was not accepted"
check "and for StartTLS" logged badca "RTL0012 TLS with the directory failed"

# --- rotunda-admin ldap test.
set +e
diagnosis=$("$ROTUNDA_ADMIN" --config "$work/main.properties" ldap test bob 2>&1)
diagnosis_status=$?
missing=$("$ROTUNDA_ADMIN" --config "$work/main.properties" ldap test nobody 2>&1)
missing_status=$?
# The certificate is for 127.0.0.1 only: "localhost" must not be accepted.
site_config "$work/hostname.properties" "plugins.ldap-auth.urls = ldaps://localhost:$ldaps_port"
mismatch=$("$ROTUNDA_ADMIN" --config "$work/hostname.properties" ldap test bob 2>&1)
mismatch_status=$?
site_config "$work/broken.properties" "plugins.ldap-auth.urls = ldap://127.0.0.1:$ldap_port" "plugins.ldap-auth.scope = base"
broken=$("$ROTUNDA_ADMIN" --config "$work/broken.properties" ldap test bob 2>&1)
broken_status=$?
refused=$(ROTUNDA_PLUGINS_LDAP_AUTH_BIND_PASSWORD=not-the-password "$ROTUNDA_ADMIN" --config "$work/main.properties" ldap test bob 2>&1)
refused_status=$?
disabled=$(ROTUNDA_PLUGINS_LDAP_AUTH_ENABLED=false "$ROTUNDA_ADMIN" --config "$work/main.properties" ldap test bob 2>&1)
disabled_status=$?
set -e
check "ldap test succeeds for a directory user" equals "$diagnosis_status" "0"
check "it asks the installed plugin file" contains "$diagnosis" "plugin ldap-auth 1.0.0 ($ROTUNDA_BINARY_DIR/"
check "it reports TLS" contains "$diagnosis" "connected, TLS: StartTLS, certificate and host name verified against $work/slapd/ca.pem"
check "it reports the service account" contains "$diagnosis" "service account bind as $ldap_service_dn: ok"
check "it reports the entry found" contains "$diagnosis" "found uid=bob,ou=people,$ldap_base"
check "it prints the groups it resolved" contains "$diagnosis" "ok      groups (1, attribute memberOf):
info    group: cn=staff,ou=groups,$ldap_base"
check "and the result" contains "$diagnosis" "result: ok: the password was not checked: no bind as the user was made"
check "it never prints the service password" test "$(grep -c "$ldap_service_password" <<<"$diagnosis" || true)" = "0"
check "an unknown user exits 1" equals "$missing_status" "1"
check "saying so" contains "$missing" "no entry found for 'nobody'"
check "with the result" contains "$missing" "result: not found: this user cannot sign in (no such user)"
check "a host name the certificate does not name is refused (exit 69)" equals "$mismatch_status" "69"
check "as a TLS failure" contains "$mismatch" "error   ldaps://localhost:$ldaps_port: RTL0012"
check "bad configuration exits 78" equals "$broken_status" "78"
check "naming the key, the value and what is allowed" contains "$broken" "configuration key plugins.ldap-auth.scope has value 'base', expected sub or one"
check "a service account the directory refuses exits 78" equals "$refused_status" "78"
check "naming the bind and what to check" contains "$refused" "RTL0013 service account bind as $ldap_service_dn refused"
check "without printing the wrong password either" test "$(grep -c not-the-password <<<"$refused" || true)" = "0"
check "a disabled plugin exits 78" equals "$disabled_status" "78"
check "saying how to enable it" contains "$disabled" "set plugins.ldap-auth.enabled = true"
# (ldd would still list libldap when PostgreSQL is built in: libpq needs it for its own
# LDAP service lookup. What matters is that no Rotunda code uses it.)
links_ldap() { readelf -d "$1" | grep NEEDED | grep -c libldap || true; nm -D --undefined-only "$1" | grep -c ' ldap_' || true; }
check "rotunda-admin does not link libldap (it loads the plugin)" equals "$(links_ldap "$ROTUNDA_ADMIN" | tr '\n' ' ')" "0 0 "
check "nor does rotundad" equals "$(links_ldap "$ROTUNDAD" | tr '\n' ' ')" "0 0 "
finish
