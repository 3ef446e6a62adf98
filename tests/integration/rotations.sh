#!/usr/bin/env bash
# rotations.sh — students on rotations through rotundad's API: a school
# coordinator schedules a group (all or none), conflicts (capacity, the same
# student twice, an agreement that is no longer active, a preceptor with too
# many students, a school's limit on an elective) refused and overridden by a
# facility admin with an audit event, cancel and reopen, the elective search,
# applications through review (accept, waitlist, decline) and a waitlisted
# student accepted when a place frees, the rotation job's automatic moves (dates
# relative to today, compared with the facility's local date: Pago Pago and
# Kiritimati), and 64 concurrent schedulers on a window with 3 places.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

# ROTUNDA_TEST_PG_DIR set (CTest's integration.rotations-postgres): the same
# script on the PostgreSQL fixture, in a database of its own.
cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
CONF
if [ -n "${ROTUNDA_TEST_PG_DIR:-}" ]; then
  . "$ROTUNDA_TEST_PG_DIR/postgres.env"
  psql_as() { (cd / && runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres "$@"); }
  psql_as -c "DROP DATABASE IF EXISTS rotunda_rotations" -c "CREATE DATABASE rotunda_rotations"
  export ROTUNDA_DATABASE_BACKEND=postgresql ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1 \
    ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT ROTUNDA_DATABASE_POSTGRESQL_NAME=rotunda_rotations \
    ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
  db() { if [ $# -gt 0 ]; then psql_as -d rotunda_rotations -c "$1"; else psql_as -d rotunda_rotations; fi; }
else
  db() { sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" "$@"; }
fi
# The job's first round runs at start-up, then hourly: the rotations of the first
# part stay where the API put them. The job part restarts the server with 1 s.
# 64 requests at once outnumber the pool's 32 connections: the surplus waits for
# one, up to database.busyTimeoutMs, which a machine busy with builds may need.
export ROTUNDA_ROTATIONS_CHECK_INTERVAL_SECONDS=3600 ROTUNDA_ROTATIONS_PRECEPTOR_MAX_STUDENTS=2 \
  ROTUNDA_DATABASE_BUSY_TIMEOUT_MS=60000
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

day() { date -u -d "$1 days" +%F; }
declare -A csrf uid app
signup() {
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {
  local who=$1 method=$2 path=$3 data=${4:-}
  if [ "$who" = anonymous ]; then request "$method" "$path" "$data"; else request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"; fi
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }
booked() { db "SELECT booked FROM capacity_windows WHERE id = '$1'"; }
# wait_for_status ID STATUS SECONDS: polls the rotation (as fadmin) until it has STATUS.
wait_for_status() {
  local deadline=$((SECONDS + $3)) now=""
  while :; do
    now=$(db "SELECT status FROM rotations WHERE id = '$1'")
    [ "$now" = "$2" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "  rotation $1 is $now, not $2, after $3 s" >&2; return 1; }
    sleep 0.2
  done
}

for name in fadmin fcoord fprec sadmin scoord st1 st2 st3 st4 st5 outsider; do signup $name; done
as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
stateu=$(json_field "$body" 'd["id"]')
as outsider POST /api/v1/organizations '{"kind":"school","name":"Tech Institute"}'
member "$mercy" fcoord coordinator
member "$mercy" fprec preceptor
member "$stateu" scoord coordinator
for s in st1 st2 st3 st4 st5; do member "$stateu" $s student; done

# Set-up: steps, services, an active agreement, capacity.
as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"Badge","type":"confirmation","completedBy":"student"}'
badge=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"offboarding","name":"Return badge","type":"confirmation","completedBy":"facility"}'
returnbadge=$(json_field "$body" 'd["id"]')
as sadmin POST "/api/v1/organizations/$stateu/steps" '{"phase":"application","name":"Dean letter","type":"document","completedBy":"school_coordinator","required":false}'
dean=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/services" '{"name":"Cardiology","specialty":"Internal Medicine","location":"Building B"}'
cardiology=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/services" "{\"name\":\"Emergency\",\"specialty\":\"Emergency Medicine\",\"location\":\"Building A\",\"description\":\"Level 1 trauma centre\",\"stepIds\":[\"$badge\",\"$returnbadge\"]}"
emergency=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"startDate\":\"$(day -60)\",\"endDate\":\"$(day 400)\"}"
agreement=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
as sadmin POST "/api/v1/agreements/$agreement/approve" ''
check "set-up: the agreement is active" equals "$(json_field "$body" 'd["state"]')" "active"
window() {  # window SERVICE JSON: a new capacity window's id
  as fadmin POST "/api/v1/services/$1/capacity" "$2"
  [ "$status" = 201 ] || { echo "  window not created: $body" >&2; return 1; }
  json_field "$body" 'd["id"]'
}
w1=$(window "$cardiology" "{\"startDate\":\"$(day -10)\",\"endDate\":\"$(day 30)\",\"capacity\":2,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}")
w3=$(window "$cardiology" "{\"startDate\":\"$(day -10)\",\"endDate\":\"$(day 30)\",\"capacity\":5,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}")
w5=$(window "$emergency" "{\"startDate\":\"$(day -10)\",\"endDate\":\"$(day 30)\",\"capacity\":3,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}")
e1=$(window "$emergency" "{\"startDate\":\"$(day 50)\",\"endDate\":\"$(day 80)\",\"capacity\":1,\"workflow\":\"student_requested\"}")
e2=$(window "$cardiology" "{\"startDate\":\"$(day 100)\",\"endDate\":\"$(day 130)\",\"capacity\":3,\"workflow\":\"student_requested\",\"schoolLimits\":{\"$stateu\":1}}")

# ---------------------------------------------------------------- scheduling
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st1]}\",\"${uid[st2]}\"],\"startDate\":\"$(day 1)\",\"endDate\":\"$(day 10)\",\"preceptorId\":\"${uid[fprec]}\"}"
check "a school admin schedules two students at once: 201" equals "$status" "201"
check "both are onboarding, with the preceptor" equals "$(json_field "$body" '",".join(i["status"] + "/" + str(i["preceptorId"] is not None) for i in d["items"])')" "onboarding/True,onboarding/True"
r1=$(json_field "$body" 'd["items"][0]["id"]')
r2=$(json_field "$body" 'd["items"][1]["id"]')
check "the window has booked 2 of 2" equals "$(booked "$w1")" "2"
as st1 GET "/api/v1/rotations/$r1"
check "the student reads their rotation" equals "$status/$(json_field "$body" 'd["status"]')" "200/onboarding"
check "with the school's step in the version of the day" equals "$(json_field "$body" '",".join(s["stepId"] + ":" + str(s["stepVersion"]) + ":" + s["state"] for s in d["steps"])')" "$dean:1:todo"
as st2 GET "/api/v1/rotations/$r1"
check "another student gets 404" equals "$status" "404"
as outsider GET "/api/v1/rotations/$r1"
check "another school gets 404" equals "$status" "404"
# The people of a rotation may message each other without connecting (issue 8).
as st1 POST /api/v1/threads "{\"userId\":\"${uid[fprec]}\"}"
check "the student writes to the rotation's preceptor without connecting" equals "$status" "201"
as scoord POST /api/v1/threads "{\"userId\":\"${uid[fcoord]}\"}"
check "the school's and the facility's coordinators share it too" equals "$status" "201"
as st1 POST /api/v1/threads "{\"userId\":\"${uid[st2]}\"}"
check "two students of the same window do not (404: an unlisted student is not found)" equals "$status" "404"
as outsider POST /api/v1/threads "{\"userId\":\"${uid[fprec]}\"}"
check "nor does someone without a rotation there (403)" equals "$status" "403"
as fprec GET "/api/v1/rotations?limit=1"
check "the preceptor lists their rotations a page at a time" equals "$(json_field "$body" 'str(len(d["items"])) + "/" + str(d["nextCursor"] is not None)')" "1/True"
cursor=$(json_field "$body" 'd["nextCursor"]')
as fprec GET "/api/v1/rotations?limit=1&cursor=$cursor"
check "and the next page" equals "$(json_field "$body" 'str(len(d["items"])) + "/" + str(d["nextCursor"])')" "1/None"
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st3]}\"]}"
check "a full window refuses: 409 no_capacity" equals "$status/$(field_errors)" "409/no_capacity"
as fadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st3]}\"],\"override\":true}"
check "capacity is never overridden, not even by a facility admin" equals "$status/$(field_errors)" "409/no_capacity"
as st1 POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st3]}\"]}"
check "a student does not even see a coordinator_scheduled window: 404" equals "$status" "404"
as fprec POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st3]}\"]}"
check "a preceptor does not schedule: 403" equals "$status" "403"
as outsider POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st3]}\"]}"
check "another school does not see the window: 404" equals "$status" "404"
as sadmin POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[fadmin]}\"],\"startDate\":\"$(day -20)\",\"preceptorId\":\"${uid[st1]}\",\"colour\":1}"
check "bad scheduling input: field errors" equals "$status/$(field_errors)" "422/colour,preceptorId,startDate,studentIds[0]"
as sadmin POST "/api/v1/capacity/$e1/rotations" "{\"studentIds\":[\"${uid[st3]}\"]}"
check "an elective window is not scheduled onto: 409" equals "$status" "409"

# ---------------------------------------------------------------- conflicts and overrides
as scoord POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[st3]}\",\"${uid[st1]}\"],\"startDate\":\"$(day 5)\",\"endDate\":\"$(day 15)\"}"
check "the same student on overlapping rotations: 409 naming the student" equals "$status/$(field_errors)" "409/studentIds[1].student_overlap"
check "and nothing of the group was scheduled" equals "$(db "SELECT COUNT(*) FROM rotations WHERE window_id = '$w3'")/$(booked "$w3")" "0/0"
as sadmin POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[st1]}\"],\"startDate\":\"$(day 5)\",\"endDate\":\"$(day 15)\",\"override\":true}"
check "a school admin may not override: 403" equals "$status" "403"
as fadmin POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[st1]}\"],\"startDate\":\"$(day 5)\",\"endDate\":\"$(day 15)\",\"override\":true}"
check "a facility admin overrides the overlap" equals "$status/$(json_field "$body" '",".join(d["items"][0]["overriddenConflicts"])')" "201/student_overlap"
r1b=$(json_field "$body" 'd["items"][0]["id"]')
check "the override is audited" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE action = 'rotation.override' AND record_id = '$r1b' AND actor_id = '${uid[fadmin]}'")" "1"
as sadmin POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[st3]}\"],\"startDate\":\"$(day 5)\",\"endDate\":\"$(day 15)\",\"preceptorId\":\"${uid[fprec]}\"}"
check "a preceptor above rotations.preceptorMaxStudents at once: 409" equals "$status/$(field_errors)" "409/studentIds[0].preceptor_limit"
as sadmin POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[st3]}\"],\"startDate\":\"$(day 11)\",\"endDate\":\"$(day 15)\",\"preceptorId\":\"${uid[fprec]}\"}"
check "the same preceptor after those rotations end is fine" equals "$status" "201"
r3=$(json_field "$body" 'd["items"][0]["id"]')
as sadmin PATCH "/api/v1/rotations/$r3" "{\"startDate\":\"$(day 5)\"}"
check "moving it back under the busy preceptor: 409 preceptor_limit" equals "$status/$(field_errors)" "409/preceptor_limit"
as st3 PATCH "/api/v1/rotations/$r3" '{"preceptorId":null}'
check "a student does not change the rotation: 403" equals "$status" "403"
as fcoord PATCH "/api/v1/rotations/$r3" "{\"endDate\":\"$(day 40)\"}"
check "dates outside the window: 422" equals "$status/$(field_errors)" "422/endDate"
as fcoord PATCH "/api/v1/rotations/$r3" "{\"startDate\":\"$(day 5)\",\"preceptorId\":null}"
check "without the preceptor the new dates are fine" equals "$status/$(json_field "$body" 'd["startDate"] + "/" + str(d["preceptorId"])')" "200/$(day 5)/None"
db "UPDATE agreements SET state = 'expired' WHERE id = '$agreement'"
as sadmin POST "/api/v1/capacity/$w3/rotations" "{\"studentIds\":[\"${uid[st4]}\"],\"startDate\":\"$(day 20)\",\"endDate\":\"$(day 25)\"}"
check "an expired agreement: 409 no_agreement" equals "$status/$(field_errors)" "409/no_agreement"
db "UPDATE agreements SET state = 'active' WHERE id = '$agreement'"

# ---------------------------------------------------------------- cancel and reopen
as sadmin POST "/api/v1/rotations/$r2/cancel" ''
check "cancelling needs a reason" equals "$status/$(field_errors)" "422/reason"
as sadmin POST "/api/v1/rotations/$r2/cancel" '{"reason":"student on leave"}'
check "the school cancels with a reason" equals "$status/$(json_field "$body" 'd["status"] + "/" + d["reason"] + "/" + d["cancelledParty"]')" "200/cancelled/student on leave/school"
check "the place is given back" equals "$(booked "$w1")" "1"
as fadmin POST "/api/v1/rotations/$r2/reopen" ''
check "the facility did not cancel it, so may not reopen it: 403" equals "$status" "403"
as st2 POST "/api/v1/rotations/$r2/reopen" ''
check "nor may the student" equals "$status" "403"
as scoord POST "/api/v1/rotations/$r2/reopen" ''
check "the school reopens it to where it was" equals "$status/$(json_field "$body" 'd["status"]')" "200/onboarding"
check "and takes its place again" equals "$(booked "$w1")" "2"
as sadmin POST "/api/v1/rotations/$r2/cancel" '{"reason":"again"}'
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st4]}\"],\"startDate\":\"$(day 1)\",\"endDate\":\"$(day 3)\"}"
check "the freed place is scheduled" equals "$status" "201"
as sadmin POST "/api/v1/rotations/$r2/reopen" ''
check "reopening onto a full window: 409 no_capacity" equals "$status/$(field_errors)" "409/no_capacity"
as fadmin POST "/api/v1/rotations/$r1/pause" ''
check "the facility pauses a rotation" equals "$(json_field "$body" 'd["status"] + "/" + str(d["holdsPlace"])')" "paused/True"
as sadmin POST "/api/v1/rotations/$r1/resume" ''
check "only the facility resumes: 403" equals "$status" "403"
as fadmin POST "/api/v1/rotations/$r1/resume" ''
check "resume goes back to where it was" equals "$(json_field "$body" 'd["status"]')" "onboarding"
as fadmin POST "/api/v1/rotations/$r1/start" ''
check "the job's own moves are not routes" equals "$status" "404"
as fadmin GET "/api/v1/rotations/$r2/events"
check "the activity lists every status change" equals "$(json_field "$body" '",".join(e["action"] + ":" + str(e["toStatus"]) for e in d["items"])')" "schedule:onboarding,cancel:cancelled,reopen:onboarding,cancel:cancelled"

# ---------------------------------------------------------------- electives
as st3 GET "/api/v1/electives?specialty=emergency%20medicine"
check "students search electives by specialty" equals "$(json_field "$body" '",".join(i["windowId"] + ":" + str(i["freePlaces"]) + ":" + i["facilityName"] for i in d["items"])')" "$e1:1:Mercy General"
as st3 GET "/api/v1/electives?q=TRAUMA"
check "by text, in any case" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"])')" "$e1"
as st3 GET "/api/v1/electives?limit=1&sort=-startDate&facilityId=$mercy"
check "latest first, a page at a time" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"]) + "/" + str(d["nextCursor"] is not None)')" "$e2/True"
cursor=$(json_field "$body" 'd["nextCursor"]')
as st3 GET "/api/v1/electives?limit=1&sort=-startDate&facilityId=$mercy&cursor=$cursor"
check "the next page" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"]) + "/" + str(d["nextCursor"])')" "$e1/None"
as st3 GET "/api/v1/electives?from=$(day 90)&location=building%20b"
check "by dates and location" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"])')" "$e2"
as st3 GET "/api/v1/electives?sort=name&available=maybe"
check "bad search parameters: field errors" equals "$status/$(field_errors)" "422/available,sort"

as st3 GET "/api/v1/electives?specialty=Emergency%20Medicine&open=false"
check "the same search before a new window (kept by the server for a few seconds)" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"])')" "$e1"
e3=$(window "$emergency" "{\"startDate\":\"$(day 10)\",\"endDate\":\"$(day 20)\",\"capacity\":1,\"workflow\":\"student_requested\",\"applicationDeadline\":\"$(day -1)\"}")
as st3 GET "/api/v1/electives?specialty=Emergency%20Medicine"
check "a window past its application deadline is not listed" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"])')" "$e1"
as st3 GET "/api/v1/electives?specialty=Emergency%20Medicine&open=false"
check "unless open=false (a write drops the kept search at once)" equals "$(json_field "$body" '",".join(i["windowId"] for i in d["items"])')" "$e3,$e1"
as st3 POST "/api/v1/capacity/$e3/applications" ''
check "and takes no applications: 409" equals "$status" "409"
as st3 POST "/api/v1/capacity/$e1/applications" ''
check "a student applies: a draft" equals "$status/$(json_field "$body" 'd["status"] + "/" + d["origin"]')" "201/draft/application"
a3=$(json_field "$body" 'd["id"]')
as st3 POST "/api/v1/capacity/$e1/applications" ''
check "once per window: 409" equals "$status" "409"
as fadmin GET "/api/v1/rotations/$a3"
check "the facility does not see a draft: 404" equals "$status" "404"
as st3 GET "/api/v1/rotations/$a3"
check "the application got the service's and the school's steps" equals "$(json_field "$body" '",".join(s["phase"] + ":" + s["state"] for s in d["steps"])')" "application:todo,onboarding:todo,offboarding:todo"
as fadmin POST "/api/v1/capacity/$e1/applications" ''
check "only students apply: 403" equals "$status" "403"
as st3 POST "/api/v1/rotations/$a3/submit" ''
check "the student submits" equals "$(json_field "$body" 'd["status"]')" "pending_review"
as fadmin POST "/api/v1/rotations/$a3/accept" ''
check "the facility cannot accept before the school endorses: 409" equals "$status" "409"
as scoord POST "/api/v1/rotations/$a3/endorse" ''
check "the school endorses" equals "$(json_field "$body" 'd["status"]')" "pending_site"
as fcoord POST "/api/v1/rotations/$a3/accept" ''
check "the facility accepts: onboarding, holding a place" equals "$(json_field "$body" 'd["status"] + "/" + str(d["holdsPlace"])')/$(booked "$e1")" "onboarding/True/1"
as st4 POST "/api/v1/capacity/$e1/applications" ''
a4=$(json_field "$body" 'd["id"]')
as st4 POST "/api/v1/rotations/$a4/submit" ''
as sadmin POST "/api/v1/rotations/$a4/endorse" ''
as st4 POST "/api/v1/rotations/$a4/accept" ''
check "a student cannot accept themself: 403" equals "$status" "403"
as fcoord POST "/api/v1/rotations/$a4/accept" ''
check "no place left: 409 no_capacity" equals "$status/$(field_errors)" "409/no_capacity"
as fcoord POST "/api/v1/rotations/$a4/waitlist" ''
check "the facility waitlists" equals "$(json_field "$body" 'd["status"] + "/" + str(d["holdsPlace"])')" "waitlisted/False"
as st3 GET "/api/v1/electives?available=true&specialty=Emergency%20Medicine"
check "a full window is left out of available=true" equals "$(json_field "$body" 'len(d["items"])')" "0"
as fcoord POST "/api/v1/rotations/$a3/cancel" '{"reason":"student withdrew"}'
check "cancelling the accepted student frees the place" equals "$(booked "$e1")" "0"
as fcoord POST "/api/v1/rotations/$a4/accept" ''
check "the waitlisted student is accepted into it" equals "$status/$(json_field "$body" 'd["status"]')/$(booked "$e1")" "200/onboarding/1"
as st5 POST "/api/v1/capacity/$e2/applications" ''
a5=$(json_field "$body" 'd["id"]')
as st5 POST "/api/v1/rotations/$a5/submit" ''
as sadmin POST "/api/v1/rotations/$a5/decline" ''
check "declining needs a reason" equals "$status/$(field_errors)" "422/reason"
as sadmin POST "/api/v1/rotations/$a5/decline" '{"reason":"grades"}'
check "the school declines at review" equals "$(json_field "$body" 'd["status"] + "/" + d["reason"]')" "declined/grades"

# A school's limit on an elective window (State University: 1 of 3 places).
for s in st1 st2; do
  as $s POST "/api/v1/capacity/$e2/applications" ''
  app[$s]=$(json_field "$body" 'd["id"]')
  as $s POST "/api/v1/rotations/${app[$s]}/submit" ''
  as sadmin POST "/api/v1/rotations/${app[$s]}/endorse" ''
done
as fcoord POST "/api/v1/rotations/${app[st1]}/accept" ''
check "the first of the school is accepted" equals "$status" "200"
as fcoord POST "/api/v1/rotations/${app[st2]}/accept" ''
check "the second passes the school's limit: 409 school_limit" equals "$status/$(field_errors)" "409/school_limit"
as fcoord POST "/api/v1/rotations/${app[st2]}/accept" '{"override":true}'
check "a coordinator may not override: 403" equals "$status" "403"
as fadmin POST "/api/v1/rotations/${app[st2]}/accept" '{"override":true}'
check "a facility admin overrides the school limit, audited" equals "$status/$(json_field "$body" '",".join(d["overriddenConflicts"])')/$(db "SELECT COUNT(*) FROM audit_events WHERE action = 'rotation.override' AND record_id = '${app[st2]}'")" "200/school_limit/1"
as fadmin POST "/api/v1/rotations/${app[st1]}/decline" '{"reason":"x"}'
check "an accepted rotation is not declined: 409" equals "$status" "409"

# ---------------------------------------------------------------- the rotation job
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
export ROTUNDA_ROTATIONS_CHECK_INTERVAL_SECONDS=1
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >>"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st5]}\"],\"startDate\":\"$(day -5)\",\"endDate\":\"$(day 0)\"}"
check "(w1 is full)" equals "$status" "409"
as fadmin PATCH "/api/v1/capacity/$w1" '{"capacity":4}'
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st5]}\"],\"startDate\":\"$(day -5)\",\"endDate\":\"$(day 0)\"}"
j1=$(json_field "$body" 'd["items"][0]["id"]')
check "a rotation without required steps that ended today is completed by the job" wait_for_status "$j1" completed 20
as st5 GET "/api/v1/rotations/$j1/events"
check "through ready and active" equals "$(json_field "$body" '",".join(e["action"] for e in d["items"])')" "schedule,mark_ready,start,complete"
check "the job's moves are audited as the system" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE record_id = '$j1' AND COALESCE(actor_id, '') = ''")" "3"
as fadmin PUT "/api/v1/organizations/$mercy/rotation-settings" '{"closeNotReadyAtStart":true}'
check "a facility admin chooses to close rotations not ready at the start" equals "$status/$(json_field "$body" 'd["closeNotReadyAtStart"]')" "200/True"
as fcoord PUT "/api/v1/organizations/$mercy/rotation-settings" '{"closeNotReadyAtStart":false}'
check "a coordinator may not change it: 403" equals "$status" "403"
as sadmin POST "/api/v1/capacity/$w5/rotations" "{\"studentIds\":[\"${uid[st5]}\"],\"startDate\":\"$(day -2)\",\"endDate\":\"$(day 0)\"}"
j2=$(json_field "$body" 'd["items"][0]["id"]')
check "a rotation whose badge step is not done by the start is closed" wait_for_status "$j2" cancelled 20
check "by the system, with the reason, and its place given back" equals "$(db "SELECT cancelled_party || '/' || reason FROM rotations WHERE id = '$j2'")/$(booked "$w5")" "system/not ready by the start date (closed by the facility's setting)/0"
as fadmin PUT "/api/v1/organizations/$mercy/rotation-settings" '{"closeNotReadyAtStart":false}'
as sadmin POST "/api/v1/rotations/$j2/reopen" ''
check "the school did not close it: 403" equals "$status" "403"
as fadmin POST "/api/v1/rotations/$j2/reopen" ''
check "the facility reopens a rotation the job closed" equals "$status/$(json_field "$body" 'd["status"]')" "200/onboarding"
db "UPDATE step_completions SET state = 'verified' WHERE rotation_id = '$j2' AND phase = 'onboarding'"
check "once the badge step is verified: ready, active, then offboarding at the end date" wait_for_status "$j2" offboarding 20
db "UPDATE step_completions SET state = 'waived' WHERE rotation_id = '$j2' AND phase = 'offboarding'"
check "and completed when the offboarding step is waived" wait_for_status "$j2" completed 20
check "the job logs its moves with ids" wait_for_log "RTR0004 rotation $j2 offboarding -> completed" 20
# The job's dates are the facility's (its timeZone): a ready rotation starting on
# Kiritimati's today waits at a facility in Pago Pago (UTC-11, a day or two
# behind Kiritimati) and starts at one in Kiritimati (UTC+14). A job on UTC's
# date would get one of the two wrong at any hour (before or after 10:00 UTC).
kiri_today=$(TZ=Pacific/Kiritimati date +%F)
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Pacific/Pago_Pago"}'
check "the facility is in Pago Pago, where it is $(TZ=Pacific/Pago_Pago date +%F) (UTC: $(date -u +%F))" equals "$status" "200"
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st5]}\"],\"startDate\":\"$kiri_today\",\"endDate\":\"$(day 5)\"}"
j3=$(json_field "$body" 'd["items"][0]["id"]')
check "a rotation starting on $kiri_today is made ready" wait_for_status "$j3" ready 20
check "(the job ran again)" wait_for_job_round rotation-transitions
check "and does not start before the facility's start date" equals "$(db "SELECT status FROM rotations WHERE id = '$j3'")" "ready"
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Pacific/Kiritimati"}'
check "the facility moves to Kiritimati, where it is $kiri_today" equals "$status" "200"
check "and the job starts the rotation on its day there" wait_for_status "$j3" active 20

# ---------------------------------------------------------------- 64 concurrent schedulers
wc=$(window "$cardiology" "{\"startDate\":\"$(day 200)\",\"endDate\":\"$(day 230)\",\"capacity\":3,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}")
{
  echo "BEGIN;"
  for i in $(seq 1 64); do
    echo "INSERT INTO users (id, email, name, status, created_at, updated_at) VALUES ('bulk$i', 'bulk$i@example.org', 'Bulk $i', 'invited', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');"
    echo "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$stateu', 'bulk$i', 'student', 'manual', '2026-01-01T00:00:00.000Z');"
  done
  echo "COMMIT;"
} | db
seq 1 64 | xargs -P 64 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST -b "$work/sadmin" \
  -H "X-CSRF-Token: ${csrf[sadmin]}" -H 'Content-Type: application/json' \
  --data-binary "{\"studentIds\":[\"bulk{}\"]}" "$base/api/v1/capacity/$wc/rotations" >"$work/codes"
echo "answers to the 64 schedulers (count, status): $(sort "$work/codes" | uniq -c | tr -s ' \n' ' ')"
check "64 concurrent schedulers on 3 places: exactly 3 succeed" equals "$(grep -c '^201$' "$work/codes")/$(grep -c '^409$' "$work/codes")" "3/61"
check "and the window has booked 3, as many rotations as hold a place" equals "$(booked "$wc")/$(db "SELECT COUNT(*) FROM rotations WHERE window_id = '$wc' AND holds_place = 1")" "3/3"

check "every window's booked equals its rotations holding a place" equals "$(db "SELECT COUNT(*) FROM capacity_windows w WHERE booked <> (SELECT COUNT(*) FROM rotations r WHERE r.window_id = w.id AND r.holds_place = 1)")" "0"
finish
