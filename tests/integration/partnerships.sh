#!/usr/bin/env bash
# partnerships.sh — the schools a facility works with, through rotundad's API and
# the mail the outbox writes: linking a school already in Rotunda (its staff are
# told), inviting one by email (the school exists once its first admin accepts),
# both sides' lists, who may do what, bad input, an agreement linking its school,
# the mails of an agreement's submit / decline / approve, ending a partnership
# (refused while agreements are open) and linking again, and the audit trail.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_HTTP_PUBLIC_URL="$base" "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

db() { sqlite3 -cmd ".timeout 5000" "$work/var/rotunda.db" "$@"; }
password='violet stapler orbit 42'
declare -A csrf uid
signup() {  # signup NAME: NAME@example.org with the cookie jar $work/NAME
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"$password\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {  # as NAME METHOD PATH [JSON]
  local who=$1 method=$2 path=$3 data=${4:-}
  if [ "$who" = anonymous ]; then request "$method" "$path" "$data"; else request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"; fi
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }
# mail_to ADDRESS SUBJECT-PART: waits for a mail to ADDRESS whose subject has SUBJECT-PART; prints its file.
mail_to() {
  local deadline=$((SECONDS + 30)) file
  until file=$(grep -l "^To: .*$1" "$work"/var/mail/*.eml 2>/dev/null | xargs -r grep -l "^Subject: .*$2" | head -1) &&
        [ -n "$file" ]; do
    [ $SECONDS -lt $deadline ] || { echo "FAIL: no mail to $1 about '$2'" >&2; return 1; }
    sleep 0.1
  done
  echo "$file"
}
partner_names() { json_field "$body" '",".join(i["partner"]["name"] + ":" + i["state"] for i in d["items"])'; }

for name in fadmin fcoord fprec sadmin scoord student other; do signup $name; done
as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
stateu=$(json_field "$body" 'd["id"]')
as other POST /api/v1/organizations '{"kind":"facility","name":"Lakeside Clinic"}'
lakeside=$(json_field "$body" 'd["id"]')
member "$mercy" fcoord coordinator
member "$mercy" fprec preceptor
member "$stateu" scoord coordinator
member "$stateu" student student

# ---------------------------------------------------------------- linking a school in Rotunda
as fcoord POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$stateu\"}"
check "a facility coordinator links a school: 201" equals "$status" "201"
check "the answer names the partner" equals "$(json_field "$body" 'd["partner"]["name"] + "/" + d["state"]')" "State University/active"
file=$(mail_to sadmin@example.org "added State University as a partner school")
check "the school's admin is told" contains "$(mail_text "$file")" "Mercy General added State University to its partner schools"
mail_to scoord@example.org "as a partner school" >/dev/null
check "and its coordinator, not its students" equals "$(grep -l '^To: .*student@example.org' "$work"/var/mail/*.eml 2>/dev/null | wc -l)" "0"
as fadmin POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$stateu\"}"
check "linking twice: 409" equals "$status" "409"
as fadmin POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$lakeside\"}"
check "a facility is not a school: 422" equals "$status/$(field_errors)" "422/schoolId"
as fadmin POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$stateu\",\"email\":\"x@example.org\",\"colour\":1}"
check "schoolId with email, and unknown members: field errors" equals "$(field_errors)" "colour,schoolId"
as fadmin POST "/api/v1/organizations/$mercy/partners" '{"email":"not an address"}'
check "a bad email, no school name: field errors" equals "$(field_errors)" "email,schoolName"
as fadmin POST "/api/v1/organizations/$mercy/partners" '{}'
check "nothing given: says what to give" contains "$body" "give schoolId to link a school already in Rotunda"
as fadmin POST "/api/v1/organizations/$mercy/partners" '[1,2]'
check "a JSON array is refused: 400" equals "$status" "400"
as fprec POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$stateu\"}"
check "a preceptor may not add partners: 403" equals "$status" "403"
as other POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$stateu\"}"
check "another facility's admin gets 404" equals "$status" "404"
as sadmin POST "/api/v1/organizations/$stateu/partners" "{\"schoolId\":\"$stateu\"}"
check "a school does not add partners: 403" equals "$status" "403"
as anonymous GET "/api/v1/organizations/$mercy/partners"
check "the list needs a session" equals "$status" "401"

as fprec GET "/api/v1/organizations/$mercy/partners"
check "facility members see the partner schools" equals "$(partner_names)" "State University:active"
as student GET "/api/v1/organizations/$stateu/partners"
check "the school's members see the facility" equals "$(partner_names)" "Mercy General:active"
as other GET "/api/v1/organizations/$stateu/partners"
check "outsiders get 404" equals "$status" "404"
as fadmin GET "/api/v1/organizations/$mercy/partners?state=some"
check "a bad filter is a field error" equals "$(field_errors)" "state"

# ---------------------------------------------------------------- inviting a school by email
as fadmin POST "/api/v1/organizations/$mercy/partners" '{"email":"Dean@Riverbend.example","schoolName":"Riverbend College"}'
check "a facility admin invites a school by email: 201" equals "$status" "201"
riverbend=$(json_field "$body" 'd["schoolId"]')
check "with the invitation pending" equals "$(json_field "$body" 'd["invitation"]["email"] + "/" + d["invitation"]["state"]')" "dean@riverbend.example/pending"
file=$(mail_to dean@riverbend.example "join Riverbend College")
check "the dean's mail says who invites and why" contains "$(mail_text "$file")" "fadmin of Mercy General invites Riverbend College to work with them"
as fadmin POST "/api/v1/organizations/$mercy/partners" '{"email":"dean@riverbend.example","schoolName":"Riverbend College"}'
check "inviting again re-sends the link (200), no second school" equals "$status/$(json_field "$body" 'd["schoolId"]')" "200/$riverbend"
check "one school of that name" equals "$(db "SELECT COUNT(*) FROM organizations WHERE name = 'Riverbend College'")" "1"
sleep 1.2
token=$(until f=$(grep -l '^To: .*dean@riverbend.example' "$work"/var/mail/*.eml | xargs ls -t | head -1) &&
        [ "$(grep -l '^To: .*dean@riverbend.example' "$work"/var/mail/*.eml | wc -l)" -ge 2 ]; do sleep 0.1; done
        token_in "$f" accept-invitation.html)
request POST /api/v1/invitations/accept "{\"token\":\"$token\",\"password\":\"$password\",\"name\":\"Dana Dean\"}" "$work/dean"
check "the dean accepts with a password" equals "$status" "200"
dean=$(json_field "$body" 'd["csrfToken"]')
request GET /api/v1/organizations "" "$work/dean" "$dean"
check "and is the new school's admin" equals "$(json_field "$body" '",".join(o["name"] + ":" + ",".join(o["myRoles"]) for o in d["items"])')" "Riverbend College:admin"
request PATCH "/api/v1/organizations/$riverbend" '{"orgType":"School of Nursing"}' "$work/dean" "$dean"
check "who completes its profile" equals "$status" "200"
request GET "/api/v1/organizations/$riverbend/partners" "" "$work/dean" "$dean"
check "and sees Mercy among its partners" equals "$(partner_names)" "Mercy General:active"
check "without the invitation's details" equals "$(json_field "$body" '"invitation" in d["items"][0]')" "False"
as fcoord GET "/api/v1/organizations/$mercy/partners"
check "the facility sees the invitation accepted" equals "$(json_field "$body" '",".join(i["partner"]["name"] + ":" + i.get("invitation", {}).get("state", "-") for i in d["items"])')" "State University:-,Riverbend College:accepted"

# ---------------------------------------------------------------- agreements: linking and mail
as other POST /api/v1/organizations '{"kind":"school","name":"Tech Institute"}'
tech=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$tech\",\"name\":\"Nursing 2027\",\"startDate\":\"2027-01-01\",\"endDate\":\"2027-12-31\"}"
check "drafting an agreement with a school: 201" equals "$status" "201"
agreement=$(json_field "$body" 'd["id"]')
as other GET "/api/v1/organizations/$tech/partners"
check "links that school as a partner" equals "$(partner_names)" "Mercy General:active"
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
file=$(mail_to other@example.org "asks Tech Institute to approve")
check "submitting tells the school what to decide" contains "$(mail_text "$file")" "submitted the affiliation agreement \"Nursing 2027\" between Mercy General and Tech Institute"
as other POST "/api/v1/agreements/$agreement/decline" '{"reason":"Liability clause <b>missing</b>"}'
file=$(mail_to fcoord@example.org "declined the affiliation agreement")
check "declining tells the facility's staff the reason" contains "$(mail_text "$file")" "Their reason: Liability clause <b>missing</b>"
check "escaped in the HTML part" grep -q "Liability clause &lt;b&gt;missing&lt;/b&gt;" "$file"
as fadmin POST "/api/v1/agreements/$agreement/revise" ''
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
as other POST "/api/v1/agreements/$agreement/approve" ''
file=$(mail_to fadmin@example.org "approved the affiliation agreement")
check "approving tells the facility it is active" contains "$(mail_text "$file")" "It is active now"

# ---------------------------------------------------------------- ending, and linking again
as fadmin DELETE "/api/v1/organizations/$mercy/partners/$tech" ''
check "ending while an agreement is active: 409 naming it" equals "$status/$(json_field "$body" '"'"$agreement"'" in d["detail"]')" "409/True"
as student DELETE "/api/v1/organizations/$stateu/partners/$mercy" ''
check "a student may not end it: 403" equals "$status" "403"
as other DELETE "/api/v1/organizations/$stateu/partners/$mercy" ''
check "an outsider gets 404" equals "$status" "404"
as scoord DELETE "/api/v1/organizations/$stateu/partners/$mercy" ''
check "the school's coordinator ends it: 204" equals "$status" "204"
as scoord DELETE "/api/v1/organizations/$stateu/partners/$mercy" ''
check "ending twice: 404" equals "$status" "404"
as fadmin GET "/api/v1/organizations/$mercy/partners"
check "the facility's list leaves it out" equals "$(partner_names)" "Riverbend College:active,Tech Institute:active"
as fadmin GET "/api/v1/organizations/$mercy/partners?state=all"
check "?state=all shows it ended" equals "$(partner_names)" "Riverbend College:active,Tech Institute:active,State University:ended"
as fadmin POST "/api/v1/organizations/$mercy/partners" "{\"schoolId\":\"$stateu\"}"
check "linking again makes it active: 201" equals "$status/$(json_field "$body" 'd["state"]')" "201/active"

check "every change is audited" equals \
  "$(db "SELECT action FROM audit_events WHERE action LIKE 'partnership.%' ORDER BY id" | sort | uniq -c | awk '{print $2 "=" $1}' | paste -sd,)" \
  "partnership.ended=1,partnership.invited=1,partnership.linked=3"
check "no invitation token in the log" equals "$(grep -c -- "$token" "$work/server.log" || true)" "0"
finish
