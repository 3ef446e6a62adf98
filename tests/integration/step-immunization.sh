#!/usr/bin/env bash
# step-immunization.sh — the immunization-record step type (plugins/step-immunization)
# through rotundad's API, on SQLite: an operator enables the plugin; the facility
# (in Pacific/Kiritimati, UTC+14, so its date is often not UTC's) sees the type with
# its settings and fields, adds an immunization step to a service's onboarding
# (settings the plugin cannot use are refused when the step is saved, 422 naming
# each; one stored with a bad value anyway shows as unavailable with the plugin's
# reason in the log); a student's bad answers come back as field errors judged by the
# facility's date; a complete record is verified by the plugin with the expiry its
# rules give (the earliest lapse), keeps what met each rule, and the rotation job
# makes the rotation ready; an incomplete record waits for the facility with every
# reason, shown to the coordinator and not to the student, until the coordinator
# verifies it; once per student, the record carries over to a later rotation only
# while it still verifies for that rotation's start. ROTUNDA_TEST_PG_DIR set (CTest's integration.step-immunization-postgres):
# the same on the PostgreSQL fixture.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/steps-lib.sh"
enter_workdir

mkdir -p "$work/plugins" "$work/documents"
ln -s "$ROTUNDA_BINARY_DIR/plugins-out/fs-documents.so" "$work/plugins/fs-documents.so"
ln -s "$ROTUNDA_BINARY_DIR/plugins-out/step-immunization.so" "$work/plugins/step-immunization.so"
# The rotation job (every second, set by start_rotundad): these rotations start in
# the future, so it only makes them ready once their required steps are verified.
start_rotundad rotunda_step_immunization "$work/plugins" "plugins.fs-documents.enabled = true
plugins.fs-documents.root = $work/documents
plugins.fs-documents.minFreeMegabytes = 0
plugins.step-immunization.enabled = true"

lday() { TZ=Pacific/Kiritimati date -d "$1 days" +%F; }  # day (steps-lib.sh) from the facility's today
field_error() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print([e['message'] for e in d.get('errors', []) if e['field']==sys.argv[2]][0])" "$body" "$1"; }
# fact JSON NAME: the value of the fact NAME the plugin recorded with a completion
fact() { python3 -c "import json,sys; d=json.loads(sys.argv[1]); print([f['value'] for f in d['facts'] if f['name']==sys.argv[2]][0])" "$1" "$2"; }

# fadmin, sadmin, scoord, st1, st2; the facility $facility (Mercy General), the
# school $school (State University), an active agreement between them.
facility_and_school
signup fcoord
member "$facility" fcoord coordinator
as fadmin PATCH "/api/v1/organizations/$facility" '{"timeZone":"Pacific/Kiritimati"}'
check "set-up: the facility keeps its dates in Pacific/Kiritimati" equals "$status/$(json_field "$body" 'd["timeZone"]')" "200/Pacific/Kiritimati"

# ---------------------------------------------------------------- the step type
as fadmin GET /api/v1/step-types
type_json=$(json_field "$body" 'json.dumps([i for i in d["items"] if i["id"] == "immunization-record"][0])')
check "the enabled plugin offers immunization-record beside the built-in types" equals \
  "$(json_field "$type_json" 'str(d["builtIn"]) + "/" + d["plugin"]')" "False/step-immunization"
check "with the settings a facility chooses" equals "$(json_field "$type_json" '",".join(s["name"] for s in d["settings"])')" \
  "requireMmr,requireVaricella,requireHepatitisB,requireTb,tbValidityDays,requireInfluenza,fluSeasonStartMonth,requireTdap,tdapValidityYears,askBirthDate,requireDocument"
check "each with its default" equals "$(json_field "$type_json" '",".join(s["default"] for s in d["settings"])')" \
  "true,false,false,true,365,true,8,false,10,true,false"
check "and the default form, which a client renders from the fields alone" equals \
  "$(json_field "$type_json" '",".join(f["name"] + ":" + f["type"] for f in d["fields"])')" \
  "birthDate:date,mmr.dose1:date,mmr.dose2:date,mmr.titerDate:date,mmr.titerResult:choice,tb.kind:choice,tb.date:date,tb.result:choice,influenza.date:date,documentIds:document"
check "choices listed" equals "$(json_field "$type_json" '",".join([f for f in d["fields"] if f["name"] == "tb.kind"][0]["options"])')" "tst,igra,chest-xray"

# Influenza seasons that start on the 1st of the month 40 days ago, so the season
# holds both today and the rotation start (day 20) whatever the date of the run.
season_month=$(date -u -d "$(day -40)" +%-m)
season_start=$(date -u -d "$(day -40)" +%Y-%m-01)
season_end=$(date -u -d "$season_start + 1 year - 1 day" +%F)
as fadmin POST "/api/v1/organizations/$facility/steps" '{"phase":"onboarding","name":"Immunizations","type":"immunization-record","completedBy":"student","settings":{"tbDays":"30"}}'
check "a setting the type does not declare: 422 settings.tbDays" equals "$status/$(field_errors)" "422/settings.tbDays"
immun=$(newstep "{\"phase\":\"onboarding\",\"name\":\"Immunizations\",\"type\":\"immunization-record\",\"completedBy\":\"student\",\"oncePerStudent\":true,\"settings\":{\"requireTdap\":\"true\",\"fluSeasonStartMonth\":\"$season_month\"}}")
as fadmin POST "/api/v1/organizations/$facility/steps" '{"phase":"onboarding","name":"Immunizations (draft)","type":"immunization-record","completedBy":"student","required":false,"settings":{"tbValidityDays":"a year","requireTdap":"ture"}}'
check "values the plugin cannot use: 422 naming each setting (checkSettings)" equals "$status/$(field_errors)" \
  "422/settings.requireTdap,settings.tbValidityDays"
check "saying what is allowed" equals "$(field_error settings.tbValidityDays)" 'is "a year": expected a whole number of days from 1 to 3650'
check "and nothing is saved" equals "$(db "SELECT count(*) FROM steps s JOIN step_versions v ON v.step_id = s.id WHERE v.name = 'Immunizations (draft)'")" "0"
broken=$(newstep '{"phase":"onboarding","name":"Immunizations (draft)","type":"immunization-record","completedBy":"student","required":false,"settings":{"tbValidityDays":"90"}}')
as fadmin PATCH "/api/v1/steps/$broken" '{"settings":{"tbValidityDays":"90","requireMmr":"false","requireTb":"false","requireInfluenza":"false"}}'
check "a change to settings that require nothing: 422 on the settings" equals "$status/$(field_errors)" "422/settings"
as fadmin GET "/api/v1/steps/$broken"
check "and the step keeps its settings" equals "$(json_field "$body" 'json.dumps(d["settings"])')" '{"tbValidityDays": "90"}'
# A step saved with a bad value before the server asked the plugin (ABI 1.1 and
# earlier hosts) is refused by the plugin when it is used.
db "UPDATE step_versions SET definition = '{\"settings\":{\"tbValidityDays\":\"a year\"}}' WHERE step_id = '$broken'"
as fadmin POST "/api/v1/organizations/$facility/services" "{\"name\":\"Cardiology\",\"specialty\":\"Internal Medicine\",\"stepIds\":[\"$immun\",\"$broken\"]}"
cardiology=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/services/$cardiology/capacity" "{\"startDate\":\"$(day 10)\",\"endDate\":\"$(day 100)\",\"capacity\":3,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$school\"}"
window=$(json_field "$body" 'd["id"]')
as scoord POST "/api/v1/capacity/$window/rotations" "{\"studentIds\":[\"${uid[st1]}\",\"${uid[st2]}\"],\"startDate\":\"$(day 20)\",\"endDate\":\"$(day 30)\"}"
check "set-up: two students are scheduled, onboarding" equals "$status/$(json_field "$body" '",".join(i["status"] for i in d["items"])')" "201/onboarding,onboarding"
r1=$(json_field "$body" "[i['id'] for i in d['items'] if i['studentId'] == '${uid[st1]}'][0]")
r2=$(json_field "$body" "[i['id'] for i in d['items'] if i['studentId'] == '${uid[st2]}'][0]")

# ---------------------------------------------------------------- the student's form
as st1 GET "/api/v1/rotations/$r1/steps"
check "the step's form has the fields of the requirements it enables" equals \
  "$(step_field "$body" "$immun" '",".join(f["name"] for f in s["fields"])')" \
  "birthDate,mmr.dose1,mmr.dose2,mmr.titerDate,mmr.titerResult,tb.kind,tb.date,tb.result,influenza.date,tdap.date,documentIds"
check "and the student may submit it" equals "$(step_field "$body" "$immun" 's["state"] + "/" + str(s["available"]) + "/" + str(s["actions"])')" "todo/True/['submit']"
check "the step with a bad setting is listed as unavailable" equals "$(step_field "$body" "$broken" 'str(s["available"])')" "False"
check "saying so" contains "$(step_field "$body" "$broken" 's["unavailableReason"]')" "step type unavailable"
check "the log has the plugin's reason: the setting, the value, what is allowed" \
  wait_for_log 'step setting tbValidityDays is "a year": expected a whole number of days from 1 to 3650' 10

# ---------------------------------------------------------------- bad input
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" "{\"answers\":{\"mmr.dose1\":\"2025-02-30\",\"mmr.dose2\":\"2003/09/01\",\"mmr.titerResult\":\"positive\",\"tb.kind\":\"PPD\",\"tb.date\":\"$(day -30)\",\"tb.result\":\"negative\",\"tdap.date\":\"$(lday 1)\",\"colour\":\"red\"}}"
check "bad answers: 422 with an error per field" equals "$status/$(field_errors)" \
  "422/answers.colour,answers.mmr.dose1,answers.mmr.dose2,answers.mmr.titerResult,answers.tb.kind,answers.tdap.date"
check "an impossible date says so" equals "$(field_error answers.mmr.dose1)" "is not a date of the calendar (2025-02-30)"
check "a future date is judged by the facility's today, not UTC's" equals "$(field_error answers.tdap.date)" "is after today ($(lday 0))"
check "a result without its date" equals "$(field_error answers.mmr.titerResult)" "a titer result needs the titer's date (mmr.titerDate)"
check "an unknown field" equals "$(field_error answers.colour)" "is not a field of the immunization record"
check "and nothing is stored" equals "$(state_of "$r1" "$immun")" "todo"
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" '{"answers":{}}'
check "an empty record: 422 documentIds" equals "$status/$(field_errors)" "422/documentIds"

# ---------------------------------------------------------------- a complete record
# The facility's today (lday 0) is a valid date even when UTC is still on the day before.
as st1 POST "/api/v1/rotations/$r1/steps/$immun/submit" "{\"answers\":{\"birthDate\":\"1998-05-10\",\"mmr.dose1\":\"1999-06-01\",\"mmr.dose2\":\"2003-09-01\",\"mmr.titerDate\":\"\",\"tb.kind\":\"igra\",\"tb.date\":\"$(day -30)\",\"tb.result\":\"negative\",\"influenza.date\":\"$(lday 0)\",\"tdap.date\":\"2020-06-15\"}}"
tb_lapse=$(day 335)
expected_expiry=$tb_lapse
[[ "$season_end" < "$expected_expiry" ]] && expected_expiry=$season_end
check "a complete record is verified by the plugin, expiring with its earliest lapse (TB test + 365 days, or the season's end)" \
  equals "$status/$(json_field "$body" 'd["state"] + "/" + d["expiresAt"] + "/" + str(d["verifiedBy"])')" "200/verified/$expected_expiry/None"
check "it keeps what met each requirement" equals "$(fact "$body" rule.mmr)" "met: two doses, 1999-06-01 and 2003-09-01 (1553 days apart)"
check "the TB test's validity" equals "$(fact "$body" rule.tb)" "met: igra negative on $(day -30), valid through $tb_lapse"
check "the influenza season" equals "$(fact "$body" rule.influenza)" "met: vaccinated on $(lday 0), for the season from $season_start to $season_end"
check "Tdap" equals "$(fact "$body" rule.tdap)" "met: given on 2020-06-15, valid through 2030-06-15"
check "judged against the facility's today and the rotation's start" equals "$(fact "$body" today)/$(fact "$body" rotationStart)" \
  "$(lday 0) (the facility's date)/$(day 20)"
as st1 GET "/api/v1/rotations/$r1/events"
check "the activity marks the verdict as the plugin's" equals \
  "$(json_field "$body" 'str([e for e in d["items"] if e["kind"] == "step"][-1]["detail"].get("automatic")) + "/" + [e for e in d["items"] if e["kind"] == "step"][-1]["detail"]["plugin"]')" \
  "True/step-immunization"
check "the rotation job makes the rotation ready (the draft step is optional)" wait_for_status "$r1" ready 20

# ---------------------------------------------------------------- an incomplete record
as st2 POST "/api/v1/rotations/$r2/steps/$immun/submit" "{\"answers\":{\"birthDate\":\"1998-05-10\",\"mmr.dose1\":\"1999-06-01\",\"tb.kind\":\"tst\",\"tb.date\":\"$(day -30)\",\"tb.result\":\"positive\",\"tdap.date\":\"2010-06-15\"}}"
check "an incomplete record is accepted and waits for the facility" equals \
  "$status/$(json_field "$body" 'd["state"] + "/" + d["waitingOn"] + "/" + str(d["expiresAt"])')" "200/submitted/facility/None"
check "the student does not see the reviewer's reasons" equals "$(json_field "$body" 'str(d["reviewReasons"])')" "None"
check "what was found is kept for the reviewer" equals "$(fact "$body" rule.influenza)" \
  "for review: Influenza: no vaccination recorded for the season from $season_start to $season_end"
as fcoord GET "/api/v1/rotations/$r2/steps"
check "the facility's coordinator sees every reason, one a line" equals "$(step_field "$body" "$immun" '"|".join(s["reviewReasons"])')" \
  "MMR: one dose recorded (1999-06-01); two doses or a positive titer are needed|TB test (tst) on $(day -30) is positive: a clinician reviews it (follow-up, chest X-ray)|Influenza: no vaccination recorded for the season from $season_start to $season_end|Tdap on 2010-06-15 lapsed on 2020-06-15 (10 years), before the rotation start ($(day 20))"
check "and may verify it" equals "$(step_field "$body" "$immun" 'str(s["actions"])')" "['verify', 'reject', 'waive']"
check "meanwhile the rotation stays onboarding" equals "$(db "SELECT status FROM rotations WHERE id = '$r2'")" "onboarding"
as fcoord POST "/api/v1/rotations/$r2/steps/$immun/verify" ''
check "the coordinator verifies it after review" equals "$status/$(json_field "$body" 'd["state"] + "/" + str(d["verifiedBy"] is not None) + "/" + str(d["reviewReasons"])')" "200/verified/True/[]"
check "and the job makes that rotation ready too" wait_for_status "$r2" ready 20

# ---------------------------------------------------------------- once per student: asked again
r3=$(schedule st1 40 50)
as st1 GET "/api/v1/rotations/$r3/steps"
check "a later rotation: the record still verifies for its start, so it carries over" equals \
  "$(step_field "$body" "$immun" 's["state"] + "/" + str(s["carriedFrom"] is not None) + "/" + s["expiresAt"]')" "verified/True/$expected_expiry"
as fadmin POST "/api/v1/services/$cardiology/capacity" "{\"startDate\":\"$(day 300)\",\"endDate\":\"$(day 400)\",\"capacity\":3,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$school\"}"
window2=$(json_field "$body" 'd["id"]')
as scoord POST "/api/v1/capacity/$window2/rotations" "{\"studentIds\":[\"${uid[st1]}\"],\"startDate\":\"$(day 340)\",\"endDate\":\"$(day 350)\"}"
r4=$(json_field "$body" 'd["items"][0]["id"]')
as st1 GET "/api/v1/rotations/$r4/steps"
check "a rotation starting 370 days after the TB test: it does not carry over, the student submits again" equals \
  "$(step_field "$body" "$immun" 's["state"] + "/" + str(s["carriedFrom"])')" "todo/None"
check "the log says why, in the plugin's words" \
  wait_for_log "TB test (igra) on $(day -30) is 370 days before the rotation start ($(day 340)); at most 365 are allowed" 10

finish
