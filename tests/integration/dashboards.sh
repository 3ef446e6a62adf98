#!/usr/bin/env bash
# dashboards.sh — issue 7's dashboards and exports through rotundad's API: a few
# rotations scheduled and applied for as rotations.sh does, then each role's
# dashboard (counts by status, what needs their attention, upcoming starts a page
# at a time), the CSV export (filters, RFC 4180 quoting, a hostile student name
# kept as text) and the personal iCalendar feed (content, replaced, revoked,
# never another's), and bad query parameters answered 422 with field errors.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

# The script changes step states in the database behind the server's back, which
# kept dashboards would not see for api.readCacheSeconds: this server keeps none.
cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
api.readCacheSeconds = 0
CONF
if [ -n "${ROTUNDA_TEST_PG_DIR:-}" ]; then
  . "$ROTUNDA_TEST_PG_DIR/postgres.env"
  psql_as() { (cd / && runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres "$@"); }
  psql_as -c "DROP DATABASE IF EXISTS rotunda_dashboards" -c "CREATE DATABASE rotunda_dashboards"
  export ROTUNDA_DATABASE_BACKEND=postgresql ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1 \
    ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT ROTUNDA_DATABASE_POSTGRESQL_NAME=rotunda_dashboards \
    ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
  db() { psql_as -d rotunda_dashboards -c "$1"; }
else
  db() { sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" "$@"; }
fi
# The rotation job runs hourly: the rotations stay where the API put them.
export ROTUNDA_ROTATIONS_CHECK_INTERVAL_SECONDS=3600
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

day() { date -u -d "$1 days" +%F; }
compact() { date -u -d "$1 days" +%Y%m%d; }
declare -A csrf uid
signup() {  # signup LOGIN [DISPLAY-NAME-AS-JSON-STRING]
  local name=${2:-\"$1\"}
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":$name,\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  [ "$status" = 201 ] || { echo "  signup of $1: $status $body" >&2; return 1; }
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {
  local who=$1 method=$2 path=$3 data=${4:-}
  if [ "$who" = anonymous ]; then request "$method" "$path" "$data"; else request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"; fi
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }
counts() { json_field "$body" '",".join(k + "=" + str(v) for k, v in sorted(d["counts"]["byStatus"].items()) if v) + "/" + str(d["counts"]["total"])'; }
attention() { json_field "$body" '",".join(k + "=" + str(v) for k, v in sorted(d["attention"]["byKind"].items()) if v) + "/" + str(d["attention"]["total"])'; }

# A student whose name is a spreadsheet formula with a comma and quotes in it.
hostile='=HYPERLINK("http://evil.example","Doe, Jane")'
for name in fadmin fcoord fprec sadmin scoord sfac st2 st3 outsider; do signup $name; done
signup st1 "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$hostile")"
as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
stateu=$(json_field "$body" 'd["id"]')
as outsider POST /api/v1/organizations '{"kind":"school","name":"Tech Institute"}'
tech=$(json_field "$body" 'd["id"]')
member "$mercy" fcoord coordinator
member "$mercy" fprec preceptor
member "$stateu" scoord coordinator
member "$stateu" sfac faculty
for s in st1 st2 st3; do member "$stateu" $s student; done

# Set-up: the school's own application step (students complete it; optional so
# applications can be submitted), a service, an active agreement, two windows.
as sadmin POST "/api/v1/organizations/$stateu/steps" '{"phase":"application","name":"Personal statement","type":"confirmation","completedBy":"student","required":false}'
check "set-up: a student step" equals "$status" "201"
as fadmin POST "/api/v1/organizations/$mercy/services" '{"name":"Cardiology","specialty":"Internal Medicine","location":"Building B, floor 2; east"}'
cardiology=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"startDate\":\"$(day -60)\",\"endDate\":\"$(day 400)\"}"
agreement=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
as sadmin POST "/api/v1/agreements/$agreement/approve" ''
check "set-up: the agreement is active" equals "$(json_field "$body" 'd["state"]')" "active"
as fadmin POST "/api/v1/services/$cardiology/capacity" "{\"startDate\":\"$(day -10)\",\"endDate\":\"$(day 60)\",\"capacity\":5,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
w1=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/services/$cardiology/capacity" "{\"startDate\":\"$(day 70)\",\"endDate\":\"$(day 120)\",\"capacity\":3,\"workflow\":\"student_requested\"}"
e1=$(json_field "$body" 'd["id"]')

# Rotations: st1 and st2 start in 3 days with the preceptor, st3 in 30 days
# (onboarding); st2 drafts an application, st3 submits one (pending_review), st1
# submits one the school endorses (pending_site).
as scoord POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st1]}\",\"${uid[st2]}\"],\"startDate\":\"$(day 3)\",\"endDate\":\"$(day 12)\",\"preceptorId\":\"${uid[fprec]}\"}"
check "set-up: two students scheduled" equals "$status" "201"
r1=$(json_field "$body" 'd["items"][0]["id"]')
r2=$(json_field "$body" 'd["items"][1]["id"]')
as scoord POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st3]}\"],\"startDate\":\"$(day 30)\",\"endDate\":\"$(day 40)\"}"
check "set-up: a third, later" equals "$status" "201"
r3=$(json_field "$body" 'd["items"][0]["id"]')
as st2 POST "/api/v1/capacity/$e1/applications" '{}'
check "set-up: st2 drafts an application" equals "$status" "201"
a2=$(json_field "$body" 'd["id"]')
as st3 POST "/api/v1/capacity/$e1/applications" '{}'
a3=$(json_field "$body" 'd["id"]')
as st3 POST "/api/v1/rotations/$a3/submit" ''
check "set-up: st3 submits" equals "$status/$(json_field "$body" 'd["status"]')" "200/pending_review"
as st1 POST "/api/v1/capacity/$e1/applications" '{}'
a1=$(json_field "$body" 'd["id"]')
as st1 POST "/api/v1/rotations/$a1/submit" ''
as sadmin POST "/api/v1/rotations/$a1/endorse" ''
check "set-up: the school endorses st1's" equals "$status/$(json_field "$body" 'd["status"]')" "200/pending_site"

# ---------------------------------------------------------------- dashboards
as fadmin GET /api/v1/dashboard
check "facility admin: counts by status (never the student's draft)" equals "$status/$(counts)" "200/onboarding=3,pending_review=1,pending_site=1/5"
check "facility admin: an application to decide, two onboarding rotations starting within 7 days" \
  equals "$(attention)" "application_to_decide=1,onboarding_starting_soon=2/3"
check "each item names the kind and the actions" \
  equals "$(json_field "$body" '"|".join(i["kind"] + ":" + ",".join(i["actions"]) for i in d["attention"]["items"])')" \
  "application_to_decide:accept,waitlist,decline|onboarding_starting_soon:verify_steps|onboarding_starting_soon:verify_steps"
check "the application to decide is st1's" equals "$(json_field "$body" 'd["attention"]["items"][0]["rotation"]["id"]')" "$a1"
check "the onboarding items are st1's and st2's rotations" \
  equals "$(json_field "$body" '",".join(sorted(i["rotation"]["id"] for i in d["attention"]["items"][1:]))')" "$(printf '%s\n' "$r1" "$r2" | sort | paste -sd,)"
check "upcoming in the next 14 days: the two starting in 3 days, with names" \
  equals "$(json_field "$body" '",".join(sorted(i["student"]["email"] + "@" + i["service"]["name"] + "@" + i["facility"]["name"] for i in d["upcoming"]["items"]))')" \
  "st1@example.org@Cardiology@Mercy General,st2@example.org@Cardiology@Mercy General"
as fadmin GET "/api/v1/dashboard?days=60&limit=2"
check "60 days ahead: three upcoming, two on the first page" \
  equals "$(json_field "$body" 'str(len(d["upcoming"]["items"])) + "/" + str(d["upcoming"]["nextCursor"] is not None)')" "2/True"
cursor=$(json_field "$body" 'd["upcoming"]["nextCursor"]')
as fadmin GET "/api/v1/dashboard?days=60&limit=2&cursor=$cursor"
check "and st3's on the next page" equals "$(json_field "$body" '",".join(i["id"] for i in d["upcoming"]["items"]) + "/" + str(d["upcoming"]["nextCursor"])')" "$r3/None"
as fadmin GET "/api/v1/dashboard?attentionLimit=1"
check "attentionLimit bounds the items, not the totals" equals "$(json_field "$body" 'str(len(d["attention"]["items"])) + "/" + str(d["attention"]["total"])')" "1/3"
as fcoord GET "/api/v1/dashboard?organizationId=$mercy"
check "a facility coordinator, for the facility: the same counts" equals "$status/$(counts)" "200/onboarding=3,pending_review=1,pending_site=1/5"

as sadmin GET /api/v1/dashboard
check "school admin: every rotation of the school, drafts too" equals "$status/$(counts)" "200/draft=1,onboarding=3,pending_review=1,pending_site=1/6"
check "school admin: one application to review" equals "$(attention)" "application_to_review=1/1"
check "naming st3's application and the actions" \
  equals "$(json_field "$body" '",".join(i["rotation"]["id"] + ":" + ",".join(i["actions"]) for i in d["attention"]["items"])')" "$a3:endorse,decline"
as sfac GET /api/v1/dashboard
check "faculty read the school's counts but have nothing to act on" equals "$status/$(counts)/$(attention)" "200/draft=1,onboarding=3,pending_review=1,pending_site=1/6//0"

as st2 GET /api/v1/dashboard
check "student: their own rotations" equals "$status/$(counts)" "200/draft=1,onboarding=1/2"
check "student: a draft to submit and the steps to do on both rotations" equals "$(attention)" "application_to_submit=1,step_to_complete=2/3"
check "a step item names the step, its rotation and the action" \
  equals "$(json_field "$body" '"|".join(i["rotation"]["id"] + ":" + i["step"]["name"] + ":" + i["step"]["state"] + ":" + i["actions"][0] for i in d["attention"]["items"] if i["kind"] == "step_to_complete")')" \
  "$r2:Personal statement:todo:complete_step|$a2:Personal statement:todo:complete_step"
# Another engineer builds submit and verify; until then the state is set here.
completion=$(db "SELECT id FROM step_completions WHERE rotation_id = '$r2'")
db "UPDATE step_completions SET state = 'rejected', reason = 'too short' WHERE id = '$completion'"
as st2 GET /api/v1/dashboard
check "a rejected step is to do again" equals "$(json_field "$body" '",".join(i["step"]["state"] + ":" + i["step"]["reason"] + ":" + i["actions"][0] for i in d["attention"]["items"] if i["kind"] == "step_to_complete")')" \
  "rejected:too short:resubmit_step,todo::complete_step"
db "UPDATE step_completions SET state = 'submitted' WHERE id = '$completion'"
as st2 GET /api/v1/dashboard
check "a submitted step is no longer the student's to do" equals "$(attention)" "application_to_submit=1,step_to_complete=1/2"
as sadmin GET /api/v1/dashboard
check "the school, which owns the step, has it to verify" equals "$(attention)" "application_to_review=1,step_to_verify=1/2"
check "naming the step, its rotation and the actions" \
  equals "$(json_field "$body" '"|".join(i["rotation"]["id"] + ":" + i["step"]["name"] + ":" + ",".join(i["actions"]) for i in d["attention"]["items"] if i["kind"] == "step_to_verify")')" \
  "$r2:Personal statement:verify_step,reject_step,waive_step"
as fadmin GET /api/v1/dashboard
check "the facility does not own it" equals "$(attention)" "application_to_decide=1,onboarding_starting_soon=2/3"
as st2 GET "/api/v1/dashboard?organizationId=$stateu"
check "a student, for their school" equals "$status/$(counts)" "200/draft=1,onboarding=1/2"

as fprec GET /api/v1/dashboard
check "preceptor: the two rotations they precept" equals "$status/$(counts)/$(attention)" "200/onboarding=2/2//0"
as outsider GET /api/v1/dashboard
check "someone with no rotations: zero everywhere" equals "$status/$(counts)/$(attention)" "200//0//0"
as fadmin GET "/api/v1/dashboard?organizationId=$tech"
check "another organization's dashboard: 404" equals "$status" "404"
as anonymous GET /api/v1/dashboard
check "without a session: 401" equals "$status" "401"
as fadmin GET "/api/v1/dashboard?days=0&soonDays=x&attentionLimit=1000&limit=500"
check "bad query parameters: 422 naming each" equals "$status/$(field_errors)" "422/attentionLimit,days,soonDays"
as fadmin GET "/api/v1/dashboard?limit=500"
check "a bad limit: 422" equals "$status/$(field_errors)" "422/limit"

# ---------------------------------------------------------------- CSV export
csv_get() {  # csv_get WHO PATH: the body in $work/export.csv, headers in $work/export.headers
  status=$(curl -s -D "$work/export.headers" -o "$work/export.csv" -w '%{http_code}' -b "$work/$1" "$base$2")
}
csv_cells() {  # csv_cells PYTHON-EXPRESSION-ON-rows [ARG]: rows parsed by Python's csv module; ARG is sys.argv[2]
  local expression=$1; shift
  python3 -c "import csv,sys; rows=list(csv.reader(open(sys.argv[1], newline=''))); print($expression)" "$work/export.csv" "$@"
}
csv_get fadmin /api/v1/rotations.csv
check "facility admin exports: 200 text/csv as an attachment" \
  equals "$status/$(grep -i '^content-type:' "$work/export.headers" | tr -d '\r' | cut -d' ' -f2-)/$(grep -ci '^content-disposition: attachment; filename="rotations-.*\.csv"' "$work/export.headers")" \
  "200/text/csv; charset=utf-8/1"
check "a header and one row per rotation the facility sees" equals "$(csv_cells 'len(rows)')" "6"
check "the columns" equals "$(csv_cells '"|".join(rows[0])')" "rotation id|student name|student email|school|facility|service|location|start date|end date|status|preceptor"
check "records end in CRLF" equals "$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); print(d.count(b'\\r\\n') >= 6 and b'\\n' not in d.replace(b'\\r\\n', b''))" "$work/export.csv")" "True"
check "the hostile name is one cell, prefixed with an apostrophe" \
  equals "$(csv_cells '[r[1] for r in rows if r[0] == sys.argv[2]][0]' "$r1")" "'$hostile"
check "and quoted as RFC 4180 says" contains "$(cat "$work/export.csv")" "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Doe, Jane\"\")\""
check "the row carries the school, facility, service, location, dates, status and preceptor" \
  equals "$(csv_cells '"|".join([r for r in rows if r[0] == sys.argv[2]][0][3:])' "$r2")" \
  "State University|Mercy General|Cardiology|Building B, floor 2; east|$(day 3)|$(day 12)|onboarding|fprec"
csv_get fadmin "/api/v1/rotations.csv?status=onboarding&from=$(day 20)"
check "the filters of GET /api/v1/rotations apply" equals "$(csv_cells '",".join(r[0] for r in rows[1:])')" "$r3"
csv_get st2 /api/v1/rotations.csv
check "a student exports only their own" equals "$(csv_cells '",".join(sorted(r[0] for r in rows[1:]))')" "$(printf '%s\n' "$r2" "$a2" | sort | paste -sd,)"
csv_get outsider /api/v1/rotations.csv
check "someone with none gets the header alone" equals "$status/$(csv_cells 'len(rows)')" "200/1"
as fadmin GET "/api/v1/rotations.csv?status=bogus&to=tomorrow"
check "bad filters: 422 naming each" equals "$status/$(field_errors)" "422/status,to"
as anonymous GET /api/v1/rotations.csv
check "without a session: 401" equals "$status" "401"
check "the export is audited with its row count" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE action = 'rotations.exported' AND actor_id = '${uid[fadmin]}' AND detail LIKE '%\"rows\":5%'")" "1"

# ---------------------------------------------------------------- calendar feeds
as st1 POST /api/v1/me/calendar ''
check "a student creates their calendar feed: 201" equals "$status" "201"
feed1=$(json_field "$body" 'd["path"]')
token1=$(basename "$feed1" .ics)
check "the URL is the public URL and the path" equals "$(json_field "$body" 'd["url"].endswith(d["path"])')" "True"
ics_get() { status=$(curl -s -D "$work/feed.headers" -o "$work/feed.ics" -w '%{http_code}' "$base$1"); }
ics_get "$feed1"
check "the feed answers without a session: 200 text/calendar" \
  equals "$status/$(grep -i '^content-type:' "$work/feed.headers" | tr -d '\r' | cut -d' ' -f2-)" "200/text/calendar; charset=utf-8"
unfold() { python3 -c "import sys; print(open(sys.argv[1], newline='').read().replace('\r\n ', ''), end='')" "$work/feed.ics"; }
check "every line ends in CRLF and none is longer than 75 octets" \
  equals "$(python3 -c "
import sys
data = open(sys.argv[1], 'rb').read()
lines = data.split(b'\r\n')
print(data.endswith(b'\r\n') and b'\n' not in data.replace(b'\r\n', b'') and max(len(l) for l in lines) <= 75)" "$work/feed.ics")" "True"
check "one VEVENT: st1's scheduled rotation (applications are not on the calendar)" \
  equals "$(unfold | grep -c '^BEGIN:VEVENT')/$(unfold | grep -c "^UID:rotation-$r1@rotunda")" "1/1"
check "all-day dates with DTEND the day after the last" \
  equals "$(unfold | grep -E '^DT(START|END)' | tr -d '\r' | paste -sd' ')" "DTSTART;VALUE=DATE:$(compact 3) DTEND;VALUE=DATE:$(compact 13)"
check "the location is the service's, escaped" contains "$(unfold)" 'LOCATION:Building B\, floor 2\; east'
check "the description names the status" contains "$(unfold)" 'DESCRIPTION:Status: onboarding\nStudent: '
check "the summary names the service and facility" contains "$(unfold)" 'SUMMARY:Rotation: Cardiology at Mercy General'
as fprec POST /api/v1/me/calendar ''
ics_get "$(json_field "$body" 'd["path"]')"
check "the preceptor's feed holds both students they precept" equals "$(unfold | grep -c '^BEGIN:VEVENT')" "2"
check "named by student" contains "$(unfold)" "SUMMARY:=HYPERLINK(\"http://evil.example\"\\,\"Doe\\, Jane\"): Cardiology at Mercy General"
as fadmin POST /api/v1/me/calendar ''
ics_get "$(json_field "$body" 'd["path"]')"
check "a facility admin's feed holds the facility's rotations with places" equals "$(unfold | grep -c '^BEGIN:VEVENT')" "3"
as st2 POST /api/v1/me/calendar ''
feed2=$(json_field "$body" 'd["path"]')
ics_get "$feed2"
check "another student's feed shows theirs, not st1's" equals "$(unfold | grep -c "UID:rotation-$r2@")/$(unfold | grep -c "UID:rotation-$r1@")" "1/0"
ics_get "/api/v1/calendar/${token1:0:20}AAAAAAAAAAAAAAAAAAAAAAA.ics"
check "an unknown token: 404" equals "$status" "404"
ics_get "/api/v1/calendar/$token1"
check "the token without .ics: 404" equals "$status" "404"
as st1 POST /api/v1/me/calendar ''
feed1b=$(json_field "$body" 'd["path"]')
ics_get "$feed1"
check "a new feed replaces the old URL: 404" equals "$status" "404"
ics_get "$feed1b"
check "the new one answers" equals "$status" "200"
as st1 DELETE /api/v1/me/calendar ''
check "revoking: 204" equals "$status" "204"
ics_get "$feed1b"
check "a revoked feed: 404" equals "$status" "404"
as st1 DELETE /api/v1/me/calendar ''
check "revoking again: 404" equals "$status" "404"
ics_get "$feed2"
check "st2's feed still answers" equals "$status" "200"
as anonymous POST /api/v1/me/calendar ''
check "creating a feed needs a session: 401" equals "$status" "401"
check "creating and revoking are audited" \
  equals "$(db "SELECT action FROM audit_events WHERE actor_id = '${uid[st1]}' AND action LIKE 'calendar_feed.%' ORDER BY id" | paste -sd,)" \
  "calendar_feed.created,calendar_feed.created,calendar_feed.revoked"
token2=$(basename "$feed2" .ics)
check "only the token's SHA-256 is stored" equals "$(db "SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = '$(printf '%s' "$token2" | sha256sum | cut -d' ' -f1)'")" "1"
check "no token in the audit trail" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%$token2%'")" "0"
check "no token in the server's log" equals "$(grep -c -- "$token2" "$work/server.log" || true)" "0"

finish
