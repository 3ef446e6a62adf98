#!/usr/bin/env bash
# accounts.sh — accounts through rotundad's API as a browser uses it: sign-up and
# its refusals, sign-in, lockout, CSRF, profile, sessions, sign-out, sign-in
# through a password authenticator plugin, the per-address rate limit, and
# rotunda-admin users create-admin.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

cat >"$work/site.properties" <<CONF
plugins.directory = $ROTUNDA_FIXTURE_PLUGIN_DIR
plugins.good.enabled = true
plugins.good.url = ldap://127.0.0.1:3389
plugins.good.password = s3cret
auth.lockoutThreshold = 3
CONF
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30


request POST /api/v1/auth/signup '{"email":"  Zoe.Adams@Example.org ","name":"Zoë Adams","password":"violet stapler orbit 42"}' "$work/zoe"
check "sign-up answers 201" equals "$status" "201"
check "the email is stored trimmed and lower-case" equals "$(json_field "$body" 'd["user"]["email"]')" "zoe.adams@example.org"
csrf=$(json_field "$body" 'd["csrfToken"]')
check "the session cookie is HttpOnly and SameSite=Lax" grep -q "#HttpOnly_127.0.0.1" "$work/zoe"
request GET /api/v1/auth/session "" "$work/zoe"
check "the session tells the browser UI who is signed in and its CSRF token" \
  equals "$(json_field "$body" 'd["user"]["email"] + "/" + d["csrfToken"]')" "zoe.adams@example.org/$csrf"
request GET /api/v1/auth/session ""
check "without a session: 401" equals "$status" "401"

request POST /api/v1/auth/signup '{"email":"ZOE.ADAMS@example.org","name":"Sam","password":"another fine passphrase"}'
check "a second sign-up with the same email is 409" equals "$status" "409"
check "it says the user already exists" equals "$(json_field "$body" 'd["title"]')" "User already exists"
check "and gives the way forward" contains "$body" 'use \"Forgot password\"'

request POST /api/v1/auth/signup '{"email":"not-an-email","name":"","password":"short"}'
check "malformed sign-up is 422" equals "$status" "422"
check "with a field error for each field" equals "$(json_field "$body" '",".join(sorted(set(e["field"] for e in d["errors"])))')" "email,name,password"
request POST /api/v1/auth/signup '{"email":"x@example.org","name":"Robert Tables","password":"robert tables password"}'
check "a password with the user's name is refused" contains "$body" "must not contain your name"
request POST /api/v1/auth/signup '{"email":"x@example.org","name":"<script>alert(1)</script>'"'"'; DROP TABLE users;--","password":"a perfectly fine one"}'
check "hostile text in a name is stored as text" equals "$status" "201"
request POST /api/v1/auth/signup '{"email":"y@example.org","name":"N","password":12}'
check "a password of the wrong JSON type is a field error" contains "$body" '"field":"password","message":"must be a string"'
request POST /api/v1/auth/signup '{"email": "y@example.org", "name": "N", "password": "x"'
check "malformed JSON is a 400 naming the position" contains "$body" "malformed JSON at line 1"

request GET /api/v1/me "" "$work/zoe"
check "the signed-in user reads their profile" equals "$(json_field "$body" 'd["name"]')" "Zoë Adams"
request PATCH /api/v1/me '{"title":"RN","pronouns":"she/her"}' "$work/zoe"
check "a change without the CSRF header is 403" equals "$status" "403"
request PATCH /api/v1/me '{"title":"RN","pronouns":"she/her"}' "$work/zoe" "not-the-token"
check "a change with a wrong CSRF token is 403" equals "$status" "403"
request PATCH /api/v1/me '{"title":"RN","pronouns":"she/her"}' "$work/zoe" "$csrf"
check "a change with the CSRF token is 200" equals "$status" "200"
check "the change is kept" equals "$(json_field "$body" 'd["title"]')" "RN"
request PATCH /api/v1/me '{"email":"evil@example.org"}' "$work/zoe" "$csrf"
check "the email cannot be changed through the profile" equals "$status" "422"
request GET /api/v1/me ""
check "without a session /me is 401" equals "$status" "401"

# Sign-in, wrong passwords, lockout after 3 failures; the message never says which part was wrong.
request POST /api/v1/auth/login '{"email":"zoe.adams@example.org","password":"violet stapler orbit 42"}' "$work/zoe2"
check "sign-in answers 200" equals "$status" "200"
request POST /api/v1/auth/login '{"email":"nobody@example.org","password":"whatever it is"}'
unknown=$body
request POST /api/v1/auth/login '{"email":"zoe.adams@example.org","password":"wrong"}'
check "a wrong password is 401" equals "$status" "401"
check "unknown user and wrong password read the same" equals "$(json_field "$body" 'd["detail"]')" "$(json_field "$unknown" 'd["detail"]')"
request POST /api/v1/auth/login '{"email":"zoe.adams@example.org","password":"wrong"}'
request POST /api/v1/auth/login '{"email":"zoe.adams@example.org","password":"wrong"}'
request POST /api/v1/auth/login '{"email":"zoe.adams@example.org","password":"violet stapler orbit 42"}'
check "after 3 failures even the right password is refused for a while" equals "$status" "429"
check "with a way forward" contains "$body" "Forgot password"

request GET /api/v1/me/sessions "" "$work/zoe"
check "the user sees their two sessions" equals "$(json_field "$body" 'len(d["items"])')" "2"
request DELETE /api/v1/me/sessions "" "$work/zoe" "$csrf"
check "signing out everywhere else ends one session" equals "$(json_field "$body" 'd["ended"]')" "1"
request GET /api/v1/me "" "$work/zoe2"
check "the other session no longer works" equals "$status" "401"
request POST /api/v1/auth/logout "" "$work/zoe" "$csrf"
check "sign-out is 204" equals "$status" "204"
request GET /api/v1/me "" "$work/zoe"
check "after sign-out the session is gone" equals "$status" "401"

# Through the fixture plugin's password authenticator: a new user linked by subject.
request POST /api/v1/auth/login '{"email":"alice","password":"s3cret"}' "$work/alice"
check "a plugin authenticator signs in a directory user" equals "$status" "200"
check "the directory's email becomes the account's" equals "$(json_field "$body" 'd["user"]["email"]')" "alice@example.org"
first_id=$(json_field "$body" 'd["user"]["id"]')
request POST /api/v1/auth/login '{"email":"alice","password":"s3cret"}' "$work/alice"
check "the second sign-in finds the same account" equals "$(json_field "$body" 'd["user"]["id"]')" "$first_id"
request POST /api/v1/auth/login '{"email":"throw","password":"x"}'
check "a plugin that fails answers 503 unavailable, not 'wrong password'" equals "$status" "503"
request POST /api/v1/auth/login '{"email":"alice","password":""}'
check "an empty password never reaches the directory" equals "$status" "401"

log=$(cat "$work/server.log")
check "no password reaches the log" test "$(grep -c 'violet stapler\|s3cret' "$work/server.log" || true)" = "0"
check "the failing plugin call is logged" contains "$log" "RTP0040 authenticate threw: directory exploded"
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
server_pid=""

check "sign-ins and failures are audited" test "$(sqlite3 var/rotunda.db "SELECT COUNT(*) FROM audit_events WHERE action IN ('auth.signed_in','auth.sign_in_failed','auth.account_locked')")" -ge 5
check "sessions are stored as hashes only" test "$(sqlite3 var/rotunda.db "SELECT COUNT(*) FROM sessions WHERE length(token_hash) = 64")" -ge 1

# Per-address rate limit, on a server that allows 3 attempts a minute.
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_AUTH_SIGN_INS_PER_MINUTE_PER_ADDRESS=3 "$ROTUNDAD" >"$work/server2.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
for attempt in 1 2 3; do request POST /api/v1/auth/login '{"email":"a@example.org","password":"wrong"}'; done
check "three attempts are answered" equals "$status" "401"
curl -s -D "$work/limited.headers" -o /dev/null -X POST -H 'Content-Type: application/json' \
  --data-binary '{"email":"a@example.org","password":"wrong"}' "$base/api/v1/auth/login"
check "the fourth within a minute is 429" grep -q "^HTTP/1.1 429" "$work/limited.headers"
check "with Retry-After" grep -qi "^Retry-After: " "$work/limited.headers"
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
server_pid=""

# The break-glass administrator: password on standard input, then it signs in.
set +e
created=$(echo "granite lantern meadow 7" | "$ROTUNDA_ADMIN" users create-admin --email Root@Hospital.example --name "IT Desk" 2>&1)
status=$?
again=$(echo "granite lantern meadow 7" | "$ROTUNDA_ADMIN" users create-admin --email root@hospital.example --name "IT Desk" 2>&1)
again_status=$?
weak=$(echo "short" | "$ROTUNDA_ADMIN" users create-admin --email other@hospital.example --name "IT Desk" 2>&1)
weak_status=$?
set -e
check "create-admin succeeds" equals "$status" "0"
check "and says so" contains "$created" "administrator root@hospital.example created"
check "a second one with the same email is refused" equals "$again_status" "65"
check "saying nothing changed" contains "$again" "already exists; nothing was changed"
check "a weak password is refused with the rule" contains "$weak" "password: must be at least 12 characters long"
check "the weak attempt exits 65" equals "$weak_status" "65"
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" >"$work/server3.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
request POST /api/v1/auth/login '{"email":"root@hospital.example","password":"granite lantern meadow 7"}' "$work/root"
check "the administrator signs in" equals "$(json_field "$body" 'd["user"]["administrator"]')" "True"
finish
