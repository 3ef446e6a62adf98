#!/usr/bin/env bash
# organizations-setup.sh — a facility's set-up through rotundad's API: steps (types,
# field errors, order, versions once in use, archive), services (filters, pages,
# archive), affiliation agreements (draft → pending → active | declined, who may
# take each step, a document both sides read), capacity windows (dates, a school
# without an active agreement refused, overlaps flagged, never below booked), and
# the agreement job: the reminder mail before the end date, once, and expiry.
# Callers: facility admin, coordinator and preceptor, the partner school's admin
# and student, another school's admin, and anonymous.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

cat >"$work/site.properties" <<CONF
plugins.directory = $ROTUNDA_BINARY_DIR/plugins-out
plugins.fs-documents.enabled = true
plugins.fs-documents.root = $work/documents
plugins.fs-documents.minFreeMegabytes = 0
database.sqlite.path = $work/rotunda.db
CONF
export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1 ROTUNDA_AGREEMENTS_CHECK_INTERVAL_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

db() { sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" "$@"; }
declare -A csrf uid
signup() {  # signup NAME: NAME@example.org with the cookie jar $work/NAME
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$1\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {  # as NAME METHOD PATH [JSON]: a request by NAME (anonymous: no jar)
  local who=$1 method=$2 path=$3 data=${4:-}
  if [ "$who" = anonymous ]; then request "$method" "$path" "$data"; else request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"; fi
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }

for name in fadmin fcoord fprec sadmin student outsider; do signup $name; done
as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
stateu=$(json_field "$body" 'd["id"]')
as outsider POST /api/v1/organizations '{"kind":"school","name":"Tech Institute"}'
tech=$(json_field "$body" 'd["id"]')
member "$mercy" fcoord coordinator
member "$mercy" fprec preceptor
member "$stateu" student student

# ---------------------------------------------------------------- step types and steps
as anonymous GET /api/v1/step-types
check "step types need a session" equals "$status" "401"
as student GET /api/v1/step-types
check "step types list the built-in ones" equals "$(json_field "$body" '",".join(i["id"] for i in d["items"] if i["builtIn"])')" "form,document,confirmation"

form='{"phase":"onboarding","name":"Immunizations","instructions":"Dates of your doses","type":"form","completedBy":"student","required":true,"expiryDays":365,"oncePerStudent":true,"fields":[{"name":"mmr","label":"MMR date","type":"date","required":true},{"name":"site","label":"Site","type":"choice","options":["left","right"]},{"name":"ok","label":"Consent","type":"yesno","help":"tick"}]}'
as fadmin POST "/api/v1/organizations/$mercy/steps" "$form"
check "a facility admin adds a form step: 201" equals "$status" "201"
step1=$(json_field "$body" 'd["id"]')
check "with its typed fields, version 1" equals "$(json_field "$body" 'str(len(d["fields"])) + "/" + str(d["version"]) + "/" + str(d["expiryDays"])')" "3/1/365"
as fcoord POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"Badge photo","type":"document","completedBy":"student"}'
check "a coordinator adds a document step" equals "$status" "201"
step2=$(json_field "$body" 'd["id"]')
as fcoord POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"Parking rules","type":"confirmation","completedBy":"student","required":false}'
step3=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"closing","name":"","type":"form","completedBy":"nobody","fields":[{"name":"x","label":"X","type":"choice"}],"colour":1,"expiryDays":0}'
check "bad step input is 422" equals "$status" "422"
check "with a field error for each mistake" equals "$(field_errors)" "colour,completedBy,expiryDays,fields[0].options,name,phase"
as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"X","type":"no-such-plugin-type","completedBy":"student"}'
check "an unknown step type is a field error" equals "$(field_errors)" "type"
as fprec POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"X","type":"confirmation","completedBy":"student"}'
check "a preceptor may not add steps: 403" equals "$status" "403"
as outsider POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"X","type":"confirmation","completedBy":"student"}'
check "another organization's admin gets 404" equals "$status" "404"
as fprec GET "/api/v1/organizations/$mercy/steps?phase=onboarding"
check "a preceptor reads the steps in order" equals "$(json_field "$body" '",".join(i["name"] for i in d["items"])')" "Immunizations,Badge photo,Parking rules"
as student GET "/api/v1/organizations/$mercy/steps"
check "a student of another organization gets 404 for the steps" equals "$status" "404"
as outsider GET "/api/v1/steps/$step1"
check "and for one step" equals "$status" "404"
as sadmin POST "/api/v1/organizations/$stateu/steps" '{"phase":"application","name":"Dean letter","type":"document","completedBy":"school_coordinator"}'
check "a school defines its own steps" equals "$status" "201"

as fadmin POST "/api/v1/organizations/$mercy/steps/order" "{\"phase\":\"onboarding\",\"stepIds\":[\"$step3\",\"$step1\"]}"
check "an order that leaves a step out is a field error" equals "$(field_errors)" "stepIds"
as fadmin POST "/api/v1/organizations/$mercy/steps/order" "{\"phase\":\"onboarding\",\"stepIds\":[\"$step3\",\"$step1\",\"$step2\"]}"
check "reordering answers the new order" equals "$(json_field "$body" '",".join(i["name"] for i in d["items"])')" "Parking rules,Immunizations,Badge photo"

as fadmin PATCH "/api/v1/steps/$step1" '{"name":"Immunization record"}'
check "editing an unused step keeps version 1" equals "$(json_field "$body" 'd["name"] + "/" + str(d["version"])')" "Immunization record/1"
as fadmin PATCH "/api/v1/steps/$step1" '{"type":"form","fields":[]}'
check "a form without fields is a field error" equals "$(field_errors)" "fields"

# ---------------------------------------------------------------- services
as fadmin POST "/api/v1/organizations/$mercy/services" "{\"name\":\"Emergency\",\"specialty\":\"Emergency Medicine\",\"location\":\"Building A\",\"stepIds\":[\"$step1\",\"$step2\"]}"
check "a service with steps: 201" equals "$status" "201"
emergency=$(json_field "$body" 'd["id"]')
as fcoord POST "/api/v1/organizations/$mercy/services" '{"name":"Cardiology","specialty":"Internal Medicine"}'
cardiology=$(json_field "$body" 'd["id"]')
as fcoord POST "/api/v1/organizations/$mercy/services" '{"name":"Pediatrics","specialty":"Pediatrics"}'
pediatrics=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/services" '{"name":"","stepIds":["nope"],"active":"yes"}'
check "bad service input: field errors" equals "$(field_errors)" "active,name,stepIds"
as fprec POST "/api/v1/organizations/$mercy/services" '{"name":"X"}'
check "a preceptor may not add services" equals "$status" "403"
as outsider POST "/api/v1/organizations/$mercy/services" '{"name":"X"}'
check "nor another organization (404)" equals "$status" "404"
as anonymous GET "/api/v1/organizations/$mercy/services"
check "services need a session" equals "$status" "401"
as student GET "/api/v1/organizations/$mercy/services?limit=2"
check "a student browses services, a page at a time" equals "$(json_field "$body" '",".join(i["name"] for i in d["items"])')" "Cardiology,Emergency"
cursor=$(json_field "$body" 'd["nextCursor"]')
as student GET "/api/v1/organizations/$mercy/services?limit=2&cursor=$cursor"
check "the next page goes on from the cursor" equals "$(json_field "$body" '",".join(i["name"] for i in d["items"]) + "/" + str(d["nextCursor"])')" "Pediatrics/None"
as student GET "/api/v1/organizations/$mercy/services?specialty=pediatrics"
check "services filter by specialty" equals "$(json_field "$body" '",".join(i["name"] for i in d["items"])')" "Pediatrics"
as student GET "/api/v1/organizations/$mercy/services?limit=0&active=maybe"
check "bad filters are field errors" equals "$(field_errors)" "limit"
as fadmin DELETE "/api/v1/services/$pediatrics"
check "deleting a service archives it" equals "$(json_field "$body" 'd["active"]')" "False"
as student GET "/api/v1/services/$pediatrics"
check "an archived service is the facility's business (404)" equals "$status" "404"
as fprec GET "/api/v1/organizations/$mercy/services?active=false"
check "the facility lists its archived services" equals "$(json_field "$body" '",".join(i["name"] for i in d["items"])')" "Pediatrics"

# ---------------------------------------------------------------- step versions once in use
as fadmin PATCH "/api/v1/steps/$step1" '{"instructions":"Upload dates of all doses","expiryDays":null}'
check "editing a step a service uses makes version 2" equals "$(json_field "$body" 'str(d["version"]) + "/" + str(d["inUse"]) + "/" + str(d["expiryDays"])')" "2/True/None"
as fprec GET "/api/v1/steps/$step1/versions"
check "the old version stays readable" equals "$(json_field "$body" '"|".join(str(v["version"]) + ":" + v["instructions"] for v in d["items"])')" "1:Dates of your doses|2:Upload dates of all doses"
as fadmin DELETE "/api/v1/steps/$step1"
check "deleting a step in use archives it" equals "$status/$(json_field "$body" 'd["archived"]')" "200/True"
as fadmin DELETE "/api/v1/steps/$step3"
check "an unused step is deleted" equals "$status" "204"
as fadmin PATCH "/api/v1/services/$cardiology" "{\"stepIds\":[\"$step1\"]}"
check "an archived step is not added to a service" equals "$(field_errors)" "stepIds"

# ---------------------------------------------------------------- agreements
today=$(date -u +%F)
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"name\":\"2027 affiliation\",\"startDate\":\"2027-01-01\",\"endDate\":\"2027-12-31\",\"serviceIds\":[\"$emergency\"]}"
check "a facility drafts an agreement" equals "$status/$(json_field "$body" 'd["state"]')" "201/draft"
agreement=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$mercy\",\"startDate\":\"2027-02-30\",\"endDate\":\"2026-01-01\",\"serviceIds\":[\"nope\"],\"documentId\":\"x\"}"
check "bad agreement input: field errors" equals "$(field_errors)" "documentId,schoolId,serviceIds,startDate"
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"startDate\":\"2027-02-01\",\"endDate\":\"2027-01-01\"}"
check "an end before the start is a field error" equals "$(field_errors)" "endDate"
as sadmin GET "/api/v1/agreements/$agreement"
check "the school does not see a draft (404)" equals "$status" "404"
as fprec GET "/api/v1/agreements/$agreement"
check "nor does a preceptor" equals "$status" "404"
as sadmin POST "/api/v1/organizations/$stateu/agreements" "{\"schoolId\":\"$stateu\",\"startDate\":\"2027-01-01\",\"endDate\":\"2027-12-31\"}"
check "a school does not draft agreements" equals "$status" "403"

printf 'agreement text' >"$work/agreement.txt"
upload() {  # upload WHO AGREEMENT: the agreement's document, raw body
  status=$(curl -s -o "$work/body" -w '%{http_code}' -X POST -b "$work/$1" -H "X-CSRF-Token: ${csrf[$1]}" \
    -H "X-Filename: agreement.txt" -H "Content-Type: text/plain" --data-binary "@$work/agreement.txt" \
    "$base/api/v1/documents?recordType=agreement&recordId=$2")
  body=$(cat "$work/body")
}
upload fadmin "$agreement"
check "the facility uploads the agreement's document" equals "$status" "201"
document=$(json_field "$body" 'd["id"]')
upload sadmin "$agreement"
check "the school cannot upload to a draft it cannot see" equals "$status" "404"
as fadmin PATCH "/api/v1/agreements/$agreement" "{\"documentId\":\"$document\",\"notes\":\"signed on paper\"}"
check "the document is attached to the draft" equals "$(json_field "$body" 'd["documentId"]')" "$document"
status=$(curl -s -o "$work/body" -w '%{http_code}' -X DELETE -b "$work/fadmin" -H "X-CSRF-Token: ${csrf[fadmin]}" "$base/api/v1/documents/$document")
check "an attached agreement document is not deleted (409)" equals "$status" "409"

as sadmin POST "/api/v1/agreements/$agreement/approve" ''
check "approving a draft the school cannot see: 404" equals "$status" "404"
as fcoord POST "/api/v1/agreements/$agreement/submit" ''
check "a coordinator submits it to the school" equals "$(json_field "$body" 'd["state"]')" "pending"
as fadmin PATCH "/api/v1/agreements/$agreement" '{"notes":"x"}'
check "a pending agreement is not edited (409)" equals "$status" "409"
as sadmin GET "/api/v1/organizations/$stateu/agreements"
check "the school lists what was submitted to it" equals "$(json_field "$body" '",".join(i["id"] for i in d["items"])')" "$agreement"
as sadmin GET "/api/v1/documents?recordType=agreement&recordId=$agreement"
check "and reads the agreement's document" equals "$status/$(json_field "$body" 'len(d["items"])')" "200/1"
as outsider GET "/api/v1/documents?recordType=agreement&recordId=$agreement"
check "another school does not (404)" equals "$status" "404"
as student GET "/api/v1/agreements/$agreement"
check "nor does a student (404)" equals "$status" "404"
as fadmin POST "/api/v1/agreements/$agreement/approve" ''
check "the facility cannot approve its own agreement (403)" equals "$status" "403"
as sadmin POST "/api/v1/agreements/$agreement/decline" '{"reason":"  "}'
check "declining needs a reason" equals "$status/$(field_errors)" "422/reason"
as sadmin POST "/api/v1/agreements/$agreement/submit" ''
check "the school cannot submit (403)" equals "$status" "403"
as fadmin POST "/api/v1/agreements/$agreement/withdraw" ''
check "the facility withdraws it back to draft" equals "$(json_field "$body" 'd["state"]')" "draft"
as fadmin POST "/api/v1/agreements/$agreement/withdraw" ''
check "withdrawing a draft is a state conflict (409)" equals "$status" "409"
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
as sadmin POST "/api/v1/agreements/$agreement/approve" ''
check "the school approves it: active" equals "$(json_field "$body" 'd["state"]')" "active"
as outsider GET "/api/v1/organizations/$mercy/agreements"
check "another organization cannot list the facility's agreements (404)" equals "$status" "404"
as fprec GET "/api/v1/organizations/$mercy/agreements"
check "a preceptor cannot either (403)" equals "$status" "403"

as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$tech\",\"startDate\":\"2027-01-01\",\"endDate\":\"2027-12-31\"}"
declined=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/agreements/$declined/submit" ''
as outsider POST "/api/v1/agreements/$declined/decline" '{"reason":"we have no students that year"}'
check "a school declines with a reason" equals "$(json_field "$body" 'd["state"] + "/" + d["declineReason"]')" "declined/we have no students that year"
as fadmin POST "/api/v1/agreements/$declined/revise" ''
check "the facility takes a declined agreement back to draft" equals "$(json_field "$body" 'd["state"]')" "draft"

# ---------------------------------------------------------------- capacity windows
as fadmin POST "/api/v1/services/$emergency/capacity" "{\"startDate\":\"2027-03-01\",\"endDate\":\"2027-03-31\",\"capacity\":4,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$tech\"}"
check "a coordinator_scheduled window without an active agreement is refused" equals "$status/$(field_errors)" "422/schoolId"
check "with a clear message" contains "$body" "no active agreement with Tech Institute"
as fadmin POST "/api/v1/services/$emergency/capacity" "{\"startDate\":\"2027-12-01\",\"endDate\":\"2028-01-31\",\"capacity\":4,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
check "or with an agreement that does not cover the dates" equals "$(field_errors)" "schoolId"
as fadmin POST "/api/v1/services/$cardiology/capacity" "{\"startDate\":\"2027-03-01\",\"endDate\":\"2027-03-31\",\"capacity\":4,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
check "or not the service" equals "$(field_errors)" "schoolId"
as fadmin POST "/api/v1/services/$emergency/capacity" "{\"startDate\":\"2027-03-01\",\"endDate\":\"2027-03-31\",\"capacity\":4,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
check "a window covered by the active agreement: 201" equals "$status/$(json_field "$body" 'len(d["overlaps"])')" "201/0"
scheduled=$(json_field "$body" 'd["id"]')
as fcoord POST "/api/v1/services/$emergency/capacity" "{\"startDate\":\"2027-03-15\",\"endDate\":\"2027-04-15\",\"capacity\":2,\"workflow\":\"student_requested\",\"applicationDeadline\":\"2027-02-01\",\"schoolLimits\":{\"$stateu\":1}}"
check "an overlapping window is allowed and flagged" equals "$status/$(json_field "$body" '",".join(d["overlaps"])')" "201/$scheduled"
elective=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/services/$emergency/capacity" "{\"startDate\":\"2027-05-10\",\"endDate\":\"2027-05-01\",\"capacity\":0,\"workflow\":\"student_requested\",\"applicationDeadline\":\"2027-06-01\",\"schoolId\":\"$stateu\"}"
check "bad windows: field errors" equals "$(field_errors)" "applicationDeadline,capacity,endDate,schoolId"
as fadmin POST "/api/v1/services/$emergency/capacity" '{"startDate":"2027-05-01","endDate":"2027-05-10","capacity":1,"workflow":"student_requested","applicationDeadline":"2027-05-01"}'
check "a deadline not before the start is a field error" equals "$(field_errors)" "applicationDeadline"
as fprec POST "/api/v1/services/$emergency/capacity" '{"startDate":"2027-05-01","endDate":"2027-05-10","capacity":1,"workflow":"student_requested"}'
check "a preceptor may not add capacity" equals "$status" "403"
as student GET "/api/v1/services/$emergency/capacity"
check "a student sees only student_requested capacity" equals "$(json_field "$body" '",".join(i["id"] for i in d["items"])')" "$elective"
as student GET "/api/v1/capacity/$scheduled"
check "and gets 404 for the scheduled window" equals "$status" "404"
as sadmin GET "/api/v1/capacity/$scheduled"
check "the linked school reads it" equals "$status" "200"
as outsider GET "/api/v1/capacity/$scheduled"
check "another school does not (404)" equals "$status" "404"
as anonymous GET "/api/v1/capacity/$elective"
check "anonymous: 401" equals "$status" "401"

db "UPDATE capacity_windows SET booked = 3 WHERE id = '$scheduled'"
as fadmin PATCH "/api/v1/capacity/$scheduled" '{"capacity":2}'
check "capacity is not reduced below booked" equals "$status/$(field_errors)" "422/capacity"
check "saying how many are booked" contains "$body" "at least 3"
as fadmin PATCH "/api/v1/capacity/$scheduled" '{"capacity":3}'
check "down to booked is fine" equals "$status/$(json_field "$body" 'd["capacity"]')" "200/3"
as fadmin DELETE "/api/v1/capacity/$scheduled"
check "a booked window is not deleted (409)" equals "$status" "409"
as fadmin DELETE "/api/v1/capacity/$elective"
check "an unbooked one is" equals "$status" "204"

# ---------------------------------------------------------------- the agreement job: reminder, once, then expiry
start=$(date -u -d '-30 days' +%F); end=$(date -u -d '+10 days' +%F)
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"name\":\"Ending soon\",\"startDate\":\"$start\",\"endDate\":\"$end\"}"
ending=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/agreements/$ending/submit" ''
as sadmin POST "/api/v1/agreements/$ending/approve" ''
reminders() { grep -l "^Subject: .*ends on $end" "$work"/var/mail/*.eml 2>/dev/null | wc -l; }
deadline=$((SECONDS + 20))
until [ "$(reminders)" -ge 3 ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
check "the reminder goes to the admins and coordinators of both sides" equals "$(reminders)" "3"
check "fadmin, fcoord and sadmin" equals "$(grep -h '^To:' $(grep -l "^Subject: .*ends on $end" "$work"/var/mail/*.eml) | sort | tr -d '\r' | tr '\n' ' ')" "To: <fadmin@example.org> To: <fcoord@example.org> To: <sadmin@example.org> "
check "the agreement remembers it" equals "$(db "SELECT reminder_sent_at IS NOT NULL FROM agreements WHERE id = '$ending'")" "1"
# a few more rounds of the job: still three
until grep -q "RTG0002" "$work/server.log"; do sleep 0.2; done
sleep 3  # three job rounds at 1 s: proof of "once" needs rounds to pass
check "the reminder is sent once" equals "$(reminders)" "3"
check "the far-off agreement got none" equals "$(grep -l 'ends on 2027-12-31' "$work"/var/mail/*.eml 2>/dev/null | wc -l)" "0"

db "UPDATE agreements SET start_date = '2020-01-01', end_date = '2020-12-31' WHERE id = '$agreement'"
deadline=$((SECONDS + 20))
until [ "$(db "SELECT state FROM agreements WHERE id = '$agreement'")" = expired ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
as fadmin GET "/api/v1/agreements/$agreement"
check "an agreement past its end date expires" equals "$(json_field "$body" 'd["state"]')" "expired"
check "logged as RTG0001" grep -q "RTG0001 agreement $agreement" "$work/server.log"
as fadmin POST "/api/v1/services/$emergency/capacity" "{\"startDate\":\"2027-06-01\",\"endDate\":\"2027-06-30\",\"capacity\":1,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}"
check "an expired agreement no longer covers capacity" equals "$(field_errors)" "schoolId"
as fadmin POST "/api/v1/agreements/$agreement/expire" ''
check "nobody expires an agreement by hand (no such route)" equals "$status" "404"

check "no request failed with a 500" bash -c "! grep -q '\" 500 ' '$work/server.log'"
finish
