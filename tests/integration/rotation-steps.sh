#!/usr/bin/env bash
# rotation-steps.sh — steps on a rotation through rotundad's API, on SQLite: a
# rotation on a service with form, document, confirmation and plugin steps and a
# school's own step; the student submits each (bad answers → field errors; a
# document uploaded to the completion with the fs-documents plugin); the facility
# verifies, rejects with a reason, the student resubmits; waive; the school
# verifies its own step and the facility cannot; progress views; the rotation job
# makes the rotation ready, expires a lapsed verification on the facility's local
# date (Pago Pago and Kiritimati) and takes the ready rotation back to onboarding
# (event, mail) until it is verified again; a once-per-student step carries over
# to the student's next rotation; a plugin step's settings the plugin refuses
# when it is saved (422, or 503 when the plugin throws; nothing saved); a plugin
# step type verified automatically with an expiry; a throwing plugin step type answers 503 "step
# type unavailable" while the other steps work, and so does a disabled plugin's
# step after a restart; non-parties get 404. ROTUNDA_TEST_PG_DIR set (CTest's
# integration.rotation-steps-postgres): the same on the PostgreSQL fixture.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

# The plugins: fs-documents, and the fixture step types (badge-check verifies by
# itself, exploding throws), in a directory of this test's own.
mkdir -p "$work/plugins" "$work/documents"
ln -s "$ROTUNDA_BINARY_DIR/plugins-out/fs-documents.so" "$work/plugins/fs-documents.so"
ln -s "$ROTUNDA_BINARY_DIR/tests/fixtures/step-plugins-out/step-types.so" "$work/plugins/step-types.so"
cat >"$work/site.properties" <<CONF
database.sqlite.path = $work/rotunda.db
plugins.directory = $work/plugins
plugins.fs-documents.enabled = true
plugins.fs-documents.root = $work/documents
plugins.fs-documents.minFreeMegabytes = 0
plugins.step-types.enabled = true
CONF
if [ -n "${ROTUNDA_TEST_PG_DIR:-}" ]; then
  . "$ROTUNDA_TEST_PG_DIR/postgres.env"
  psql_as() { (cd / && runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres "$@"); }
  psql_as -c "DROP DATABASE IF EXISTS rotunda_rotation_steps" -c "CREATE DATABASE rotunda_rotation_steps"
  export ROTUNDA_DATABASE_BACKEND=postgresql ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1 \
    ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT ROTUNDA_DATABASE_POSTGRESQL_NAME=rotunda_rotation_steps \
    ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
  db() { psql_as -d rotunda_rotation_steps -c "$1"; }
else
  db() { sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" "$@"; }
fi
# The job runs every second: rotations in this script start in the future, so
# it makes them ready (or not) and expires lapsed verifications, nothing else.
export ROTUNDA_ROTATIONS_CHECK_INTERVAL_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

day() { date -u -d "$1 days" +%F; }
declare -A csrf uid
signup() {
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {
  local who=$1 method=$2 path=$3 data=${4:-}
  request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }
state_of() { db "SELECT state FROM step_completions WHERE rotation_id = '$1' AND step_id = '$2'"; }
completion_of() { db "SELECT id FROM step_completions WHERE rotation_id = '$1' AND step_id = '$2'"; }
# step_field JSON STEP EXPR: EXPR on the item of the steps list for STEP (as s)
step_field() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); s=[i for i in d['items'] if i['stepId']==sys.argv[2]][0]; print($3)" "$1" "$2"; }
upload() {  # upload WHO COMPLETION FILE: a raw-body upload to a step completion; sets $status, $body
  status=$(curl -s -o "$work/body" -w '%{http_code}' -X POST -b "$work/$1" -H "X-CSRF-Token: ${csrf[$1]}" \
    -H "X-Filename: record.pdf" -H "Content-Type: application/pdf" --data-binary "@$3" \
    "$base/api/v1/documents?recordType=step_completion&recordId=$2")
  body=$(cat "$work/body")
}
wait_for_state() {  # wait_for_state ROTATION STEP STATE SECONDS
  local deadline=$((SECONDS + $4)) now=""
  while :; do
    now=$(state_of "$1" "$2")
    [ "$now" = "$3" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "  step $2 is $now, not $3, after $4 s" >&2; return 1; }
    sleep 0.2
  done
}
wait_for_status() {  # wait_for_status ROTATION STATUS SECONDS
  local deadline=$((SECONDS + $3)) now=""
  while :; do
    now=$(db "SELECT status FROM rotations WHERE id = '$1'")
    [ "$now" = "$2" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "  rotation $1 is $now, not $2, after $3 s" >&2; return 1; }
    sleep 0.2
  done
}

for name in fadmin fcoord fprec sadmin scoord sfac st1 st2 outsider; do signup $name; done
as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
stateu=$(json_field "$body" 'd["id"]')
as outsider POST /api/v1/organizations '{"kind":"school","name":"Tech Institute"}'
member "$mercy" fcoord coordinator
member "$mercy" fprec preceptor
member "$stateu" scoord coordinator
member "$stateu" sfac faculty
member "$stateu" st1 student
member "$stateu" st2 student

# ---------------------------------------------------------------- set-up
newstep() {  # newstep ORG JSON: a new step's id
  local who=fadmin
  [ "$1" = "$stateu" ] && who=sadmin
  as $who POST "/api/v1/organizations/$1/steps" "$2"
  [ "$status" = 201 ] || { echo "  step not created: $body" >&2; return 1; }
  json_field "$body" 'd["id"]'
}
health=$(newstep "$mercy" '{"phase":"onboarding","name":"Health form","type":"form","completedBy":"student","fields":[
  {"name":"fullName","label":"Full name","type":"text","required":true},
  {"name":"shots","label":"Shots","type":"number"},
  {"name":"lastShot","label":"Last shot","type":"date"},
  {"name":"size","label":"Scrubs size","type":"choice","options":["S","M","L"],"required":true},
  {"name":"allergic","label":"Latex allergy","type":"yesno","required":true}]}')
immun=$(newstep "$mercy" '{"phase":"onboarding","name":"Immunization record","type":"document","completedBy":"student","expiryDays":30,"oncePerStudent":true}')
conduct=$(newstep "$mercy" '{"phase":"onboarding","name":"Code of conduct","type":"confirmation","completedBy":"student"}')
as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"Badge","type":"badge-check","completedBy":"student","settings":{"validDays":"ten"}}'
check "a setting the plugin cannot use (checkSettings): 422 settings.validDays" equals \
  "$status/$(json_field "$body" '",".join(e["field"] + ": " + e["message"] for e in d["errors"])')" \
  '422/settings.validDays: is "ten": expected a whole number of days'
as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"Badge","type":"badge-check","completedBy":"student","settings":{"validDays":"explode"}}'
check "a plugin that throws while checking the settings: 503 step type unavailable" equals \
  "$status/$(json_field "$body" 'd["title"]')" "503/Step type unavailable"
check "neither is saved" equals "$(db "SELECT COUNT(*) FROM step_versions WHERE name = 'Badge'")" "0"
badge=$(newstep "$mercy" '{"phase":"onboarding","name":"Badge","type":"badge-check","completedBy":"student","settings":{"validDays":"10"}}')
boom=$(newstep "$mercy" '{"phase":"onboarding","name":"Exploding check","type":"exploding","completedBy":"student"}')
background=$(newstep "$stateu" '{"phase":"onboarding","name":"Background check","type":"confirmation","completedBy":"school_coordinator"}')
as fadmin POST "/api/v1/organizations/$mercy/services" "{\"name\":\"Cardiology\",\"specialty\":\"Internal Medicine\",\"stepIds\":[\"$health\",\"$immun\",\"$conduct\",\"$badge\",\"$boom\"]}"
cardiology=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"startDate\":\"$(day -60)\",\"endDate\":\"$(day 400)\"}"
agreement=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
as sadmin POST "/api/v1/agreements/$agreement/approve" ''
as fadmin POST "/api/v1/services/$cardiology/capacity" "{\"startDate\":\"$(day 10)\",\"endDate\":\"$(day 100)\",\"capacity\":3,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
window=$(json_field "$body" 'd["id"]')
as scoord POST "/api/v1/capacity/$window/rotations" "{\"studentIds\":[\"${uid[st1]}\"],\"startDate\":\"$(day 20)\",\"endDate\":\"$(day 30)\",\"preceptorId\":\"${uid[fprec]}\"}"
check "set-up: a rotation is scheduled" equals "$status" "201"
r1=$(json_field "$body" 'd["items"][0]["id"]')

# ---------------------------------------------------------------- the list
as st1 GET "/api/v1/rotations/$r1/steps"
check "the student lists the rotation's six steps, every one todo" equals "$status/$(json_field "$body" '",".join(i["name"] + ":" + i["state"] for i in d["items"])')" \
  "200/Health form:todo,Immunization record:todo,Code of conduct:todo,Badge:todo,Exploding check:todo,Background check:todo"
check "each says whom it waits on and who owns it" equals "$(json_field "$body" '",".join(i["waitingOn"] + "/" + i["owner"] for i in d["items"])')" \
  "student/facility,student/facility,student/facility,student/facility,student/facility,school_coordinator/school"
check "a form step shows its fields, a plugin step its plugin's" equals "$(step_field "$body" "$health" 'len(s["fields"])')/$(step_field "$body" "$badge" 's["fields"][0]["name"]')" "5/badgeNumber"
check "the throwing plugin's step is listed as unavailable, with the reason" equals "$(step_field "$body" "$boom" 's["available"]')/$(step_field "$body" "$boom" 's["actions"]')" "False/[]"
check "and the reason says so" contains "$(step_field "$body" "$boom" 's["unavailableReason"]')" "step type unavailable"
check "the others are available, and the student may submit them" equals "$(step_field "$body" "$health" 's["available"]')/$(step_field "$body" "$health" 's["actions"]')" "True/['submit']"
check "the summary counts what waits on whom" equals "$(json_field "$body" 'd["summary"]["waitingOn"]["student"]')/$(json_field "$body" 'd["summary"]["requiredOutstanding"]')" "5/6"
for who in st2 outsider; do
  as $who GET "/api/v1/rotations/$r1/steps"
  check "$who (not a party) gets 404 for the steps" equals "$status" "404"
  as $who POST "/api/v1/rotations/$r1/steps/$conduct/submit" '{"confirmed":true}'
  check "$who gets 404 submitting" equals "$status" "404"
done
as fprec GET "/api/v1/rotations/$r1/steps"
check "the preceptor reads the steps" equals "$status" "200"
as st1 POST "/api/v1/rotations/$r1/steps/no-such-step/submit" '{"confirmed":true}'
check "a step the rotation does not have: 404" equals "$status" "404"

# ---------------------------------------------------------------- form
as st1 POST "/api/v1/rotations/$r1/steps/$health/submit" '{"answers":{"fullName":" ","shots":"two","lastShot":"2026-13-01","size":"XL","colour":"red"},"confirmed":true}'
check "bad answers: 422 with an error per field" equals "$status/$(field_errors)" \
  "422/answers.allergic,answers.colour,answers.fullName,answers.lastShot,answers.shots,answers.size,confirmed"
check "and nothing is stored" equals "$(state_of "$r1" "$health")" "todo"
as fprec POST "/api/v1/rotations/$r1/steps/$health/submit" '{"answers":{"fullName":"St One","size":"M","allergic":false}}'
check "the preceptor reads but does not submit: 403" equals "$status" "403"
as sfac POST "/api/v1/rotations/$r1/steps/$health/submit" '{"answers":{"fullName":"St One","size":"M","allergic":false}}'
check "the school's faculty does not submit a student's step: 403" equals "$status" "403"
as st1 POST "/api/v1/rotations/$r1/steps/$health/submit" '{"answers":{"fullName":"St One","shots":2,"lastShot":"2026-01-15","size":"M","allergic":false}}'
check "good answers: submitted, now waiting on the facility" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["waitingOn"]')" "200/submitted/facility"
check "the answers are kept" equals "$(json_field "$body" 'd["answers"]["size"] + "/" + str(d["answers"]["shots"])')" "M/2"
as st1 POST "/api/v1/rotations/$r1/steps/$health/submit" '{"answers":{"fullName":"St One","size":"M","allergic":false}}'
check "a submitted step is not submitted again: 409" equals "$status" "409"
as st1 POST "/api/v1/rotations/$r1/steps/$health/verify" ''
check "the student does not verify: 403" equals "$status" "403"
as fcoord POST "/api/v1/rotations/$r1/steps/$health/verify" ''
check "the facility's coordinator verifies" equals "$status/$(json_field "$body" 'd["state"] + "/" + str(d["waitingOn"]) + "/" + str(d["verifiedBy"] is not None)')" "200/verified/None/True"
as fcoord POST "/api/v1/rotations/$r1/steps/$health/verify" ''
check "verifying twice: 409" equals "$status" "409"

# ---------------------------------------------------------------- document
immun1=$(completion_of "$r1" "$immun")
printf '%%PDF-1.4\n%% immunization record\n' >"$work/record.pdf"
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" '{}'
check "a document step without documents: 422 documentIds" equals "$status/$(field_errors)" "422/documentIds"
upload st1 "$immun1" "$work/record.pdf"
check "the student uploads a document to the step" equals "$status" "201"
doc=$(json_field "$body" 'd["id"]')
upload fadmin "$immun1" "$work/record.pdf"
check "the facility reads the step's documents but does not add to them: 403" equals "$status" "403"
upload outsider "$immun1" "$work/record.pdf"
check "another school does not see the step: 404" equals "$status" "404"
as fcoord GET "/api/v1/documents?recordType=step_completion&recordId=$immun1"
check "the facility lists the step's documents" equals "$status/$(json_field "$body" 'len(d["items"])')" "200/1"
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" '{"documentIds":["not-uploaded-here"]}'
check "a document not uploaded to the step: 422 documentIds[0]" equals "$status/$(field_errors)" "422/documentIds[0]"
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" "{\"documentIds\":[\"$doc\"]}"
check "with the uploaded document: submitted" equals "$status/$(json_field "$body" 'd["state"] + "/" + ",".join(d["documentIds"])')" "200/submitted/$doc"
as st1 DELETE "/api/v1/documents/$doc"
check "a document a submitted step relies on is not deleted: 409" equals "$status" "409"
as fcoord POST "/api/v1/rotations/$r1/steps/$immun/reject" ''
check "rejecting needs a reason: 422" equals "$status/$(field_errors)" "422/reason"
as fcoord POST "/api/v1/rotations/$r1/steps/$immun/reject" '{"reason":"the scan is unreadable"}'
check "the facility rejects with a reason; the student is asked again" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["reason"] + "/" + d["waitingOn"]')" "200/rejected/the scan is unreadable/student"
check "the student is mailed about it, without the reason" equals \
  "$(db "SELECT COUNT(*) FROM outbox WHERE recipient = 'st1@example.org' AND subject LIKE 'A step needs your attention:%' AND text_body NOT LIKE '%unreadable%'")" "1"
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" "{\"documentIds\":[\"$doc\"]}"
check "the student resubmits" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["reason"]')" "200/submitted/"
as fadmin POST "/api/v1/rotations/$r1/steps/$immun/verify" ''
check "verified, expiring after the step's 30 days" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["expiresAt"]')" "200/verified/$(day 30)"

# ---------------------------------------------------------------- confirmation and waive
as st1 POST "/api/v1/rotations/$r1/steps/$conduct/submit" '{"confirmed":false}'
check "an unticked confirmation: 422 confirmed" equals "$status/$(field_errors)" "422/confirmed"
as st1 POST "/api/v1/rotations/$r1/steps/$conduct/submit" '{"confirmed":true}'
check "a ticked one is submitted" equals "$status/$(json_field "$body" 'd["state"]')" "200/submitted"
as fcoord POST "/api/v1/rotations/$r1/steps/$conduct/waive" '{"reason":"signed on paper"}'
check "the facility waives it" equals "$status/$(json_field "$body" 'd["state"] + "/" + str(d["waitingOn"])')" "200/waived/None"
as fcoord POST "/api/v1/rotations/$r1/steps/$conduct/waive" ''
check "waiving a waived step: 409" equals "$status" "409"

# ---------------------------------------------------------------- the school's own step
as st1 POST "/api/v1/rotations/$r1/steps/$background/submit" '{"confirmed":true}'
check "the student does not submit a school coordinator's step: 403" equals "$status" "403"
as scoord POST "/api/v1/rotations/$r1/steps/$background/submit" '{"confirmed":true}'
check "the school's coordinator submits it" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["waitingOn"]')" "200/submitted/school"
as fadmin POST "/api/v1/rotations/$r1/steps/$background/verify" ''
check "the facility does not verify the school's step: 403" equals "$status" "403"
as sadmin POST "/api/v1/rotations/$r1/steps/$background/verify" ''
check "the school's admin verifies it" equals "$status/$(json_field "$body" 'd["state"]')" "200/verified"

# ---------------------------------------------------------------- plugin step types
as st1 POST "/api/v1/rotations/$r1/steps/$badge/submit" '{"answers":{"badgeNumber":"12a"}}'
check "the plugin's field errors come back per field: 422" equals "$status/$(field_errors)" "422/answers.badgeNumber"
check "and nothing is stored" equals "$(state_of "$r1" "$badge")" "todo"
as st1 POST "/api/v1/rotations/$r1/steps/$badge/submit" '{"answers":{"badgeNumber":"9001"}}'
check "the plugin rejects a revoked badge by itself, with its reason" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["reason"]')" "200/rejected/badge 9001 is revoked"
as st1 POST "/api/v1/rotations/$r1/steps/$badge/submit" '{"answers":{"badgeNumber":"1234"}}'
check "and verifies a good one by itself, with its expiry (the step's 10 days)" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["expiresAt"] + "/" + str(d["verifiedBy"])')" "200/verified/$(day 10)/None"
check "which lapses before the rotation ends" equals "$(json_field "$body" 'd["expiresBeforeEnd"]')" "True"
as st1 GET "/api/v1/rotations/$r1/events"
check "the activity marks the verdict as the plugin's" equals "$(json_field "$body" 'str([e for e in d["items"] if e["kind"] == "step"][-1]["detail"].get("automatic")) + "/" + [e for e in d["items"] if e["kind"] == "step"][-1]["detail"]["plugin"]')" "True/step-types"
as st1 POST "/api/v1/rotations/$r1/steps/$boom/submit" '{"answers":{"x":"1"}}'
check "a throwing plugin step type: 503 step type unavailable" equals "$status/$(json_field "$body" 'd["title"]')" "503/Step type unavailable"
check "and nothing is stored" equals "$(state_of "$r1" "$boom")" "todo"
as st1 GET "/api/v1/rotations/$r1/steps"
check "the other steps are unaffected" equals "$status/$(json_field "$body" '",".join(i["state"] for i in d["items"])')" "200/verified,verified,waived,verified,todo,verified"
check "the guard counted the failures" contains "$(curl -s "$base/metrics")" 'step-types'

# ---------------------------------------------------------------- progress and readiness
check "while one required step is open, the rotation stays onboarding" equals "$(db "SELECT status FROM rotations WHERE id = '$r1'")" "onboarding"
as st1 GET "/api/v1/students/${uid[st1]}/progress"
check "the student's progress: one rotation, the exploding step open" equals "$status/$(json_field "$body" '",".join(s["name"] + ":" + s["waitingOn"] for r in d["rotations"] for s in r["open"])')" "200/Exploding check:student"
check "and what expires before the rotation ends" equals "$(json_field "$body" '",".join(s["name"] for r in d["rotations"] for s in r["expiringBeforeEnd"])')" "Badge"
for who in sadmin scoord sfac; do
  as $who GET "/api/v1/students/${uid[st1]}/progress"
  check "$who (the student's school) reads the progress" equals "$status/$(json_field "$body" 'len(d["rotations"])')" "200/1"
done
for who in fadmin st2 outsider; do
  as $who GET "/api/v1/students/${uid[st1]}/progress"
  check "$who does not: 404" equals "$status" "404"
done
as fcoord GET "/api/v1/organizations/$mercy/onboarding"
check "the facility's onboarding board: the rotation, its open step and whom it waits on" equals "$status/$(json_field "$body" '",".join(i["rotationId"] + ":" + ",".join(s["name"] + "@" + s["waitingOn"] for s in i["open"]) for i in d["items"])')" "200/$r1:Exploding check@student"
as sfac GET "/api/v1/organizations/$stateu/onboarding?status=onboarding"
check "the school's board, for its faculty too" equals "$status/$(json_field "$body" 'len(d["items"])')/$(json_field "$body" 'd["items"][0]["summary"]["requiredOutstanding"]')" "200/1/1"
as fprec GET "/api/v1/organizations/$mercy/onboarding"
check "a preceptor does not read the board: 403" equals "$status" "403"
as outsider GET "/api/v1/organizations/$mercy/onboarding"
check "another organization: 404" equals "$status" "404"
as fadmin POST "/api/v1/rotations/$r1/steps/$boom/waive" '{"reason":"the badge office is down; checked by phone"}'
check "the facility waives the unavailable step" equals "$status/$(json_field "$body" 'd["state"]')" "200/waived"
check "the job makes the rotation ready" wait_for_status "$r1" ready 20
as st1 GET "/api/v1/rotations/$r1/events"
check "the activity shows every step move" equals "$(json_field "$body" '",".join(e["action"] for e in d["items"] if e["kind"] == "step")')" \
  "step.submitted,step.verified,step.submitted,step.rejected,step.submitted,step.verified,step.submitted,step.waived,step.submitted,step.verified,step.rejected,step.verified,step.waived"
check "with the rejection's reason" contains "$body" '"body":"the scan is unreadable"'
check "every move is audited" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE record_id = '$r1' AND action LIKE 'step.%'")" "13"

# ---------------------------------------------------------------- carry-over and expiry
as scoord POST "/api/v1/capacity/$window/rotations" "{\"studentIds\":[\"${uid[st1]}\"],\"startDate\":\"$(day 70)\",\"endDate\":\"$(day 80)\"}"
r2=$(json_field "$body" 'd["items"][0]["id"]')
as st1 GET "/api/v1/rotations/$r2/steps"
check "a second rotation of the student: the once-per-student step carries over verified" equals \
  "$(step_field "$body" "$immun" 's["state"] + "/" + s["carriedFrom"] + "/" + s["expiresAt"] + "/" + ",".join(s["documentIds"])')" "verified/$immun1/$(day 30)/$doc"
check "and it lapses before this rotation ends" equals "$(step_field "$body" "$immun" 's["expiresBeforeEnd"]')" "True"
check "other steps start again" equals "$(step_field "$body" "$health" 's["state"]')/$(step_field "$body" "$badge" 's["state"]')" "todo/todo"
as st1 GET "/api/v1/rotations/$r2/events"
check "the carry-over is in the activity" contains "$(json_field "$body" '",".join(e["action"] for e in d["items"])')" "step.carried_over"
# The job's dates are the facility's. Pago Pago (UTC-11) is a day or two behind
# Kiritimati (UTC+14) at every hour, and UTC's date lies between theirs: a
# verification good through Pago Pago's today holds at a facility there, and
# has lapsed at one in Kiritimati. A job on UTC's date would get one of the two
# wrong at any hour (the first before 11:00 UTC, the second after).
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Pacific/Pago_Pago"}'
check "the facility is in Pago Pago (UTC-11)" equals "$status/$(json_field "$body" 'd["timeZone"]')" "200/Pacific/Pago_Pago"
pago_today=$(TZ=Pacific/Pago_Pago date +%F)
db "UPDATE step_completions SET expires_at = '$pago_today' WHERE id = '$immun1'"
check "(the job ran after the change)" wait_for_job_round rotation-transitions
check "a verification good through the facility's today ($pago_today, UTC's is $(date -u +%F)) holds" equals \
  "$(state_of "$r1" "$immun")/$(db "SELECT status FROM rotations WHERE id = '$r1'")" "verified/ready"
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Pacific/Kiritimati"}'
check "the facility moves to Kiritimati (UTC+14), where it is $(TZ=Pacific/Kiritimati date +%F)" equals "$status" "200"
check "the job expires the same verification: its last day is over there" wait_for_state "$r1" "$immun" expired 20
check "in the activity and the audit trail, as the job" equals "$(db "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '$r1' AND action = 'step.expired' AND actor_id IS NULL")/$(db "SELECT COUNT(*) FROM audit_events WHERE record_id = '$r1' AND action = 'step.expired'")" "1/1"
check "logged with its id" wait_for_log "RTR0007 step $immun of rotation $r1 expired" 20
check "the ready rotation goes back to onboarding" wait_for_status "$r1" onboarding 20
check "once" equals "$(db "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '$r1' AND action = 'unready'")" "1"
as st1 GET "/api/v1/rotations/$r1/events"
check "its event says why, as the job" equals \
  "$(json_field "$body" '[str(e["actorId"]) + "|" + e["fromStatus"] + ">" + e["toStatus"] + "|" + e["detail"]["reason"] + "|" + ",".join(s["stepId"] + ":" + s["state"] for s in e["detail"]["steps"]) for e in d["items"] if e["action"] == "unready"][0]')" \
  "None|ready>onboarding|the required step \"Immunization record\" expired|$immun:expired"
check "audited as the job's" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE record_id = '$r1' AND action = 'rotation.unready' AND actor_name = 'rotation job'")" "1"
check "logged with its id and the reason" wait_for_log "RTR0008 rotation $r1 ready -> onboarding (unready: the required step \"Immunization record\" expired)" 20
check "the student, who completes the step, is mailed, naming the step but no answers" equals \
  "$(db "SELECT COUNT(*) FROM outbox WHERE recipient = 'st1@example.org' AND subject = 'Your rotation is no longer ready: Cardiology at Mercy General' AND text_body LIKE '%is back in onboarding: the required step \"Immunization record\" expired%' AND text_body NOT LIKE '%$doc%'")" "1"
check "nobody else (the step is the student's)" equals "$(db "SELECT COUNT(*) FROM outbox WHERE subject LIKE '%no longer ready%' AND recipient <> 'st1@example.org'")" "0"
check "the place stays with the rotation" equals "$(db "SELECT holds_place FROM rotations WHERE id = '$r1'")" "1"
as st1 GET "/api/v1/rotations/$r1/steps"
check "the expired step waits on the student again" equals "$(step_field "$body" "$immun" 's["state"] + "/" + s["waitingOn"] + "/" + str(s["actions"])')" "expired/student/['submit']"
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" "{\"documentIds\":[\"$doc\"]}"
check "the student renews it" equals "$status/$(json_field "$body" 'd["state"]')" "200/submitted"
check "submitted is not enough: the rotation stays onboarding" equals "$(db "SELECT status FROM rotations WHERE id = '$r1'")" "onboarding"
as fcoord POST "/api/v1/rotations/$r1/steps/$immun/verify" ''
check "the facility verifies it again, expiring after 30 days of the facility's" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["expiresAt"]')" "200/verified/$(TZ=Pacific/Kiritimati date -d '30 days' +%F)"
check "and the job makes the rotation ready again" wait_for_status "$r1" ready 20
as sadmin POST "/api/v1/rotations/$r1/cancel" '{"reason":"the student withdrew"}'
as st1 POST "/api/v1/rotations/$r1/steps/$health/submit" '{"answers":{"fullName":"St One","size":"M","allergic":false}}'
check "the steps of a cancelled rotation are not changed: 409" equals "$status" "409"

# ---------------------------------------------------------------- plugin API 1.2: time zone, facts, reasons, carry-over
as sadmin GET "/api/v1/organizations/$stateu"
check "an organization's time zone is UTC until its admins choose one" equals "$status/$(json_field "$body" 'd["timeZone"]')" "200/UTC"
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Mars/Olympus_Mons"}'
check "a zone the system's database does not know: 422 naming the field" equals "$status/$(field_errors)" "422/timeZone"
check "with an example of a good one" contains "$body" 'Europe/Berlin'
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"../../etc/passwd"}'
check "a path is not a zone" equals "$status/$(field_errors)" "422/timeZone"
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":42}'
check "nor a number" equals "$status/$(field_errors)" "422/timeZone"
as fcoord PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Europe/Berlin"}'
check "a coordinator does not change it: 403" equals "$status" "403"
# UTC+14: its date differs from UTC's for most of the day, so "today" shows whose date it is.
as fadmin PATCH "/api/v1/organizations/$mercy" '{"timeZone":"Pacific/Kiritimati"}'
check "the facility's admin sets it" equals "$status/$(json_field "$body" 'd["timeZone"]')" "200/Pacific/Kiritimati"
lday() { TZ=Pacific/Kiritimati date -d "$1 days" +%F; }
pass=$(newstep "$mercy" '{"phase":"onboarding","name":"Pass","type":"pass-check","completedBy":"student","oncePerStudent":true,"settings":{"series":"1","validDays":"30"}}')
badge2=$(newstep "$mercy" '{"phase":"onboarding","name":"Badge photo","type":"badge-check","completedBy":"student"}')
as fadmin POST "/api/v1/organizations/$mercy/services" "{\"name\":\"Radiology\",\"specialty\":\"Radiology\",\"stepIds\":[\"$pass\",\"$badge2\"]}"
radiology=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/services/$radiology/capacity" "{\"startDate\":\"$(day 10)\",\"endDate\":\"$(day 100)\",\"capacity\":5,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
rwindow=$(json_field "$body" 'd["id"]')
schedule_st2() {  # schedule_st2 FROM TO: a new rotation of st2 on the radiology window; its id
  as scoord POST "/api/v1/capacity/$rwindow/rotations" "{\"studentIds\":[\"${uid[st2]}\"],\"startDate\":\"$(day $1)\",\"endDate\":\"$(day $2)\"}"
  [ "$status" = 201 ] || { echo "  rotation not scheduled: $body" >&2; return 1; }
  json_field "$body" 'd["items"][0]["id"]'
}
r3=$(schedule_st2 20 30)
as st2 GET "/api/v1/rotations/$r3/steps"
check "a plugin form may show a statement to read, labelled by the step's settings" equals \
  "$(step_field "$body" "$pass" 's["fields"][0]["type"] + "/" + s["fields"][0]["label"]')" "statement/Pass rules, series 1"
as st2 POST "/api/v1/rotations/$r3/steps/$pass/submit" '{"answers":{"rules":"read","passNumber":"1001"}}'
check "a statement takes no answer: 422 for it" equals "$status/$(field_errors)/$(state_of "$r3" "$pass")" "422/answers.rules/todo"
as st2 POST "/api/v1/rotations/$r3/steps/$badge2/submit" '{"answers":{"badgeNumber":"7001"}}'
check "a plugin whose record() gives a bad fact name: 503, nothing stored" equals "$status/$(json_field "$body" 'd["title"]')/$(state_of "$r3" "$badge2")" "503/Step type unavailable/todo"
check "saying what was wrong" contains "$(json_field "$body" 'd["detail"]')" "a fact named 'badge number!'"
check "logged with its id" wait_for_log "RTP0042 badge-check" 10
as st2 POST "/api/v1/rotations/$r3/steps/$badge2/submit" '{"answers":{"badgeNumber":"8001"}}'
check "a plugin whose record() throws: 503, nothing stored" equals "$status/$(json_field "$body" 'd["title"]')/$(state_of "$r3" "$badge2")" "503/Step type unavailable/todo"
as st2 POST "/api/v1/rotations/$r3/steps/$badge2/submit" '{"answers":{"badgeNumber":"5001"}}'
check "a badge the plugin leaves for review: submitted" equals "$status/$(json_field "$body" 'd["state"]')" "200/submitted"
check "the facts it recorded show the facility's zone, its today and the rotation's dates" equals \
  "$(json_field "$body" '",".join(f["name"] + "=" + f["value"] for f in d["facts"])')" \
  "badge=5001,timeZone=Pacific/Kiritimati,today=$(lday 0),rotationStart=$(day 20),rotationEnd=$(day 30)"
check "the student does not see the reviewer's reasons" equals "$(json_field "$body" 'str(d["reviewReasons"])')" "None"
as fcoord GET "/api/v1/rotations/$r3/steps"
check "the facility's coordinator sees why it went to review, one reason a line" equals \
  "$(step_field "$body" "$badge2" '"|".join(s["reviewReasons"])')" "badge 5001 is not in the badge office's list|check the photo against the ID"
as fcoord GET "/api/v1/dashboard?organizationId=$mercy"
check "and on their dashboard's steps to verify" equals \
  "$(json_field "$body" '"|".join(r for i in d["attention"]["items"] if i["kind"] == "step_to_verify" and i["step"]["name"] == "Badge photo" for r in i["step"]["reviewReasons"])')" \
  "badge 5001 is not in the badge office's list|check the photo against the ID"
as fcoord POST "/api/v1/rotations/$r3/steps/$badge2/verify" ''
check "once verified, no reasons are left, the facts stay" equals "$status/$(json_field "$body" 'str(d["reviewReasons"]) + "/" + d["facts"][0]["value"]')" "200/[]/5001"
as st2 POST "/api/v1/rotations/$r3/steps/$pass/submit" '{"answers":{"passNumber":"1001"}}'
check "a pass of the step's series is verified, valid 30 days from the facility's today" equals \
  "$status/$(json_field "$body" 'd["state"] + "/" + d["expiresAt"] + "/" + ",".join(f["name"] + "=" + f["value"] for f in d["facts"])')" \
  "200/verified/$(lday 30)/pass=1001,series=1"
as st2 GET "/api/v1/rotations/$r3/events"
check "the facts are in the activity, as the submission's history" equals \
  "$(json_field "$body" '[e for e in d["items"] if e["kind"] == "step"][-1]["detail"]["facts"][0]["value"]')" "1001"
pass3=$(completion_of "$r3" "$pass")
db "UPDATE step_completions SET expires_at = '$(day 35)' WHERE id = '$pass3'"
r4=$(schedule_st2 40 50)
as st2 GET "/api/v1/rotations/$r4/steps"
check "a once-per-student plugin step carries over when its plugin verifies it again, with the new expiry" equals \
  "$(step_field "$body" "$pass" 's["state"] + "/" + s["carriedFrom"] + "/" + s["expiresAt"] + "/" + s["facts"][0]["value"]')" \
  "verified/$pass3/$(lday 30)/1001"
check "the other plugin step (not once per student) starts again" equals "$(step_field "$body" "$badge2" 's["state"]')" "todo"
as st2 GET "/api/v1/rotations/$r4/events"
check "the activity says it was verified again" equals "$(json_field "$body" 'str([e for e in d["items"] if e["action"] == "step.carried_over"][0]["detail"].get("reverified"))')" "True"
as fadmin PATCH "/api/v1/steps/$pass" '{"settings":{"series":"2","validDays":"30"}}'
check "the facility publishes version 2, accepting series 2 only" equals "$status/$(json_field "$body" 'str(d["version"])')" "200/2"
r5=$(schedule_st2 60 70)
as st2 GET "/api/v1/rotations/$r5/steps"
check "a pass the new version's plugin no longer verifies does not carry over: todo" equals \
  "$(step_field "$body" "$pass" 's["state"] + "/" + str(s["carriedFrom"]) + "/" + str(s["stepVersion"])')" "todo/None/2"
check "the log says why" wait_for_log "does not carry over to a new rotation: the plugin no longer verifies it (pass 1001 is not of series 2)" 10
as fadmin PATCH "/api/v1/steps/$pass" '{"settings":{"series":"1","validDays":"30"}}'
check "version 3 accepts series 1 again" equals "$status/$(json_field "$body" 'str(d["version"])')" "200/3"

# ---------------------------------------------------------------- a disabled plugin
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
sed -i 's/^plugins.step-types.enabled = true$/plugins.step-types.enabled = false/' "$work/site.properties"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >>"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
as st1 GET "/api/v1/rotations/$r2/steps"
check "with its plugin disabled, a plugin step is still listed, as unavailable" equals "$status/$(step_field "$body" "$badge" 's["state"] + "/" + str(s["available"])')" "200/todo/False"
check "saying why" contains "$(step_field "$body" "$badge" 's["unavailableReason"]')" "step type unavailable: no enabled plugin provides the step type badge-check"
as st1 POST "/api/v1/rotations/$r2/steps/$badge/submit" '{"answers":{"badgeNumber":"1234"}}'
check "submitting it: 503 step type unavailable, nothing stored" equals "$status/$(json_field "$body" 'd["title"]')/$(state_of "$r2" "$badge")" "503/Step type unavailable/todo"
as st1 POST "/api/v1/rotations/$r2/steps/$conduct/submit" '{"confirmed":true}'
check "other steps of the rotation still work" equals "$status/$(json_field "$body" 'd["state"]')" "200/submitted"
r6=$(schedule_st2 80 90)
as st2 GET "/api/v1/rotations/$r6/steps"
check "a once-per-student plugin step whose plugin is unavailable does not carry over: todo" equals \
  "$(step_field "$body" "$pass" 's["state"] + "/" + str(s["carriedFrom"])')" "todo/None"
check "the log says why" wait_for_log "does not carry over to a new rotation: no enabled plugin provides the step type pass-check" 10

finish
