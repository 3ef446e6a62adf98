#!/usr/bin/env bash
# invitations.sh — inviting people to an organization through rotundad's API, with
# the mail written by the outbox: invite, the invited account and sign-up's answer,
# preview, re-invite (the new link replaces the old), accept with a new password,
# used, revoked and expired links, who may invite whom, accepting while signed in,
# "Forgot password" activating an invited account, and the audit trail.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_HTTP_PUBLIC_URL="$base" ROTUNDA_AUTH_INVITATIONS_PER_HOUR=8 \
  "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

# invitation_token ADDRESS: waits for a new invitation mail to ADDRESS and prints its token.
seen_mail=0
invitation_token() {
  seen_mail=$((seen_mail + 1))
  local deadline=$((SECONDS + 30)) file
  until file=$(grep -l "^To: .*$1" "$work"/var/mail/*.eml 2>/dev/null | xargs -r ls -t | head -1) &&
        [ -n "$file" ] && [ "$(grep -l "^To: .*$1" "$work"/var/mail/*.eml | wc -l)" -ge "${2:-1}" ]; do
    [ $SECONDS -lt $deadline ] || { echo "FAIL: no invitation mail to $1" >&2; return 1; }
    sleep 0.1
  done
  token_in "$file" accept-invitation.html
}
password='violet stapler orbit 42'

request POST /api/v1/auth/signup "{\"email\":\"olivia@mercy.example\",\"name\":\"Olivia Owner\",\"password\":\"$password\"}" "$work/olivia"
olivia=$(json_field "$body" 'd["csrfToken"]')
request POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}' "$work/olivia" "$olivia"
mercy=$(json_field "$body" 'd["id"]')
request POST /api/v1/auth/signup "{\"email\":\"bob@lakeside.example\",\"name\":\"Bob Outsider\",\"password\":\"$password\"}" "$work/bob"
bob=$(json_field "$body" 'd["csrfToken"]')

request POST "/api/v1/organizations/$mercy/invitations" '{"email":" Nina@Example.org ","role":"coordinator"}' "$work/olivia" "$olivia"
check "an admin invites by email and role: 201" equals "$status" "201"
check "the email is normalised" equals "$(json_field "$body" 'd["email"]')" "nina@example.org"
nina_invitation=$(json_field "$body" 'd["id"]')
first=$(invitation_token nina@example.org 1)
nina_mail=$(grep -l "^To: .*nina@example.org" "$work"/var/mail/*.eml | head -1)
check "the mail names the organization" contains "$(mail_text "$nina_mail")" "invited you to join Mercy General as a coordinator"
check "and has an HTML part with the names escaped" grep -q "Content-Type: text/html" "$nina_mail"

request POST /api/v1/auth/signup "{\"email\":\"nina@example.org\",\"name\":\"Nina\",\"password\":\"$password\"}"
check "sign-up with an invited email is 'user already exists'" equals "$(json_field "$body" 'd["title"]')" "User already exists"
check "pointing to Forgot password" contains "$body" "Forgot password"

request POST /api/v1/invitations/preview "{\"token\":\"$first\"}"
check "the link previews the organization and role" equals "$(json_field "$body" 'd["organization"] + "/" + d["role"]')" "Mercy General/coordinator"
check "and says a password is needed" equals "$(json_field "$body" 'd["needsPassword"]')" "True"

request POST "/api/v1/organizations/$mercy/invitations" '{"email":"x@example.org","role":"student"}' "$work/olivia" "$olivia"
check "a role the facility does not have is a field error" contains "$body" '"field":"role"'
request POST "/api/v1/organizations/$mercy/invitations" '{"email":"not an email","role":"preceptor","extra":1}' "$work/olivia" "$olivia"
check "a malformed email and unknown members are field errors" equals "$(json_field "$body" '",".join(sorted(e["field"] for e in d["errors"]))')" "email,extra"
request POST "/api/v1/organizations/$mercy/invitations" '{"email":"x@example.org","role":"preceptor"}' "$work/bob" "$bob"
check "someone outside the organization cannot invite (404: its invitations are not theirs to know)" equals "$status" "404"
request GET "/api/v1/organizations/$mercy/invitations" "" "$work/bob"
check "nor list its invitations" equals "$status" "404"
request POST "/api/v1/organizations/no-such-org/invitations" '{"email":"x@example.org","role":"preceptor"}' "$work/olivia" "$olivia"
check "an unknown organization is 404" equals "$status" "404"

request POST "/api/v1/organizations/$mercy/invitations" '{"email":"nina@example.org","role":"coordinator"}' "$work/olivia" "$olivia"
check "inviting again re-sends: 200" equals "$status" "200"
check "marked as resent" equals "$(json_field "$body" 'd["resent"]')" "True"
second=$(invitation_token nina@example.org 2)
request POST /api/v1/invitations/preview "{\"token\":\"$first\"}"
check "the old link no longer works" contains "$body" "a newer invitation may have replaced it"

request POST /api/v1/invitations/accept "{\"token\":\"$second\",\"password\":\"short\"}"
check "a weak password is a field error" contains "$body" '"field":"password"'
request POST /api/v1/invitations/accept "{\"token\":\"$second\",\"password\":\"$password\",\"name\":\"Nina Novak\"}" "$work/nina"
check "accepting with a password answers 200" equals "$status" "200"
check "and signs in" equals "$(json_field "$body" 'd["user"]["name"] + "/" + d["user"]["status"]')" "Nina Novak/active"
nina=$(json_field "$body" 'd["csrfToken"]')
request GET /api/v1/organizations "" "$work/nina"
check "the membership is active" equals "$(json_field "$body" 'd["items"][0]["name"] + "/" + ",".join(d["items"][0]["myRoles"])')" "Mercy General/coordinator"
request POST /api/v1/invitations/accept "{\"token\":\"$second\",\"password\":\"$password\"}"
check "a used link says so" equals "$(json_field "$body" 'd["errors"][0]["message"]')" "used"

request POST "/api/v1/organizations/$mercy/invitations" '{"email":"pat@example.org","role":"preceptor"}' "$work/nina" "$nina"
check "a coordinator invites a preceptor" equals "$status" "201"
pat_invitation=$(json_field "$body" 'd["id"]')
pat=$(invitation_token pat@example.org 1)
request POST "/api/v1/organizations/$mercy/invitations" '{"email":"pat@example.org","role":"admin"}' "$work/nina" "$nina"
check "but not an admin" equals "$status" "403"
request DELETE "/api/v1/organizations/$mercy/invitations/$pat_invitation" "" "$work/nina" "$nina"
check "an invitation is withdrawn" equals "$status" "204"
request POST /api/v1/invitations/preview "{\"token\":\"$pat\"}"
check "its link says it was withdrawn" contains "$body" "Mercy General withdrew this invitation"
request DELETE "/api/v1/organizations/$mercy/invitations/$pat_invitation" "" "$work/nina" "$nina"
check "withdrawing twice is 409" equals "$status" "409"
request POST "/api/v1/organizations/$mercy/invitations/$nina_invitation/resend" "" "$work/olivia" "$olivia"
check "an accepted invitation cannot be re-sent" equals "$status" "409"

request POST "/api/v1/organizations/$mercy/invitations" '{"email":"quinn@example.org","role":"preceptor"}' "$work/olivia" "$olivia"
quinn=$(invitation_token quinn@example.org 1)
sqlite3 "$work/var/rotunda.db" "UPDATE invitations SET expires_at = '2020-01-01T00:00:00.000Z' WHERE email = 'quinn@example.org'"
request POST /api/v1/invitations/accept "{\"token\":\"$quinn\",\"password\":\"$password\"}"
check "an expired link says so and what to do" contains "$body" "this invitation has expired; ask Mercy General to send a new one"

request POST "/api/v1/organizations/$mercy/invitations" '{"email":"bob@lakeside.example","role":"preceptor"}' "$work/olivia" "$olivia"
bob_token=$(invitation_token bob@lakeside.example 1)
request POST /api/v1/invitations/accept "{\"token\":\"$bob_token\",\"password\":\"$password\"}"
check "an existing account must sign in first" equals "$status" "409"
check "saying how" contains "$body" "sign in"
request POST /api/v1/invitations/accept "{\"token\":\"$bob_token\"}" "$work/bob"
check "accepting while signed in needs the CSRF header" equals "$status" "403"
request POST /api/v1/invitations/accept "{\"token\":\"$bob_token\"}" "$work/bob" "$bob"
check "the signed-in account accepts" equals "$status" "200"
request GET /api/v1/organizations "" "$work/bob"
check "and joins" equals "$(json_field "$body" '",".join(r for o in d["items"] for r in o["myRoles"])')" "preceptor"
request POST "/api/v1/organizations/$mercy/invitations" '{"email":"bob@lakeside.example","role":"preceptor"}' "$work/olivia" "$olivia"
check "inviting someone to a role they hold is 409" equals "$status" "409"

request POST "/api/v1/organizations/$mercy/invitations" '{"email":"rosa@example.org","role":"preceptor"}' "$work/olivia" "$olivia"
request POST /api/v1/auth/password/forgot '{"email":"rosa@example.org"}'
reset=$(python3 - "$work/var/mail" <<'PY'
import email, glob, os, re, sys, time
deadline = time.time() + 30
while time.time() < deadline:
    for path in glob.glob(sys.argv[1] + "/*.eml"):
        m = email.message_from_binary_file(open(path, "rb"))
        body = next(p for p in m.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
        if "rosa@example.org" in m["To"] and "reset-password.html" in body:
            print(re.search(r"token=([A-Za-z0-9_-]+)", body).group(1)); sys.exit(0)
    time.sleep(0.1)
sys.exit(1)
PY
)
request POST /api/v1/auth/password/reset "{\"token\":\"$reset\",\"password\":\"$password\"}"
request POST /api/v1/auth/login "{\"email\":\"rosa@example.org\",\"password\":\"$password\"}"
check "Forgot password activates an invited account" equals "$status" "200"

for i in $(seq 1 8); do
  request POST "/api/v1/organizations/$mercy/invitations" "{\"email\":\"many$i@example.org\",\"role\":\"preceptor\"}" "$work/olivia" "$olivia"
done
check "invitations per hour are limited" equals "$status" "429"

request GET "/api/v1/organizations/$mercy/invitations" "" "$work/olivia"
check "the admin lists the invitations" test "$(json_field "$body" 'len(d["items"])')" -ge 6
audit_count() { sqlite3 "$work/var/rotunda.db" "SELECT count(*) FROM audit_events WHERE action = '$1'"; }
check "invitations are audited" test "$(audit_count invitation.created)" -ge 5
check "re-sends, withdrawals and acceptances too" equals \
  "$(audit_count invitation.resent)/$(audit_count invitation.revoked)/$(audit_count invitation.accepted)" "1/1/2"
check "no token reaches the log" test "$(grep -c -- "$second\|$bob_token" "$work/server.log" || true)" = "0"

finish
