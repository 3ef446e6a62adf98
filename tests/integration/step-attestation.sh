#!/usr/bin/env bash
# step-attestation.sh — the step-attestation plugin on a rotation, through
# rotundad's API: a facility adds a policy attestation (HIPAA, version 2027.1) to
# a service's onboarding; a student reads it in the step's form, types their name
# and agrees; it is verified by itself and keeps the name, the version, the
# SHA-256 of the exact text and the time; the rotation becomes ready. Settings the
# plugin cannot use (a blank text, a version of two lines) are refused when the
# step is saved or changed, 422 naming each, nothing saved. Then the
# facility publishes version 2027.2: the same student's later rotation asks to
# attest again (the old attestation does not carry over), while another rotation
# made before the change keeps its own. ROTUNDA_TEST_PG_DIR set (CTest's
# integration.step-attestation-postgres): the same on the PostgreSQL fixture.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/steps-lib.sh"
enter_workdir

mkdir -p "$work/plugins"
ln -s "$ROTUNDA_BINARY_DIR/plugins-out/step-attestation.so" "$work/plugins/step-attestation.so"
start_rotundad rotunda_step_attestation "$work/plugins" "plugins.step-attestation.enabled = true"
facility_and_school

# ---------------------------------------------------------------- the step
as fadmin GET /api/v1/step-types
check "the attestation is offered next to the built-in step types, with its settings" equals \
  "$status/$(json_field "$body" '",".join(s["name"] for t in d["items"] if t["id"] == "policy-attestation" for s in t["settings"])')" \
  "200/policyTitle,policyVersion,policyText"
as fadmin POST "/api/v1/organizations/$facility/steps" '{"phase":"onboarding","name":"HIPAA","type":"policy-attestation","completedBy":"student","settings":{"policyTitle":"HIPAA Privacy"}}'
check "a step without the policy's version and text: 422 per setting" equals "$status/$(field_errors)" "422/settings.policyText,settings.policyVersion"
as fadmin POST "/api/v1/organizations/$facility/steps" '{"phase":"onboarding","name":"HIPAA","type":"policy-attestation","completedBy":"student","settings":{"policyTitle":"HIPAA Privacy","policyVersion":"","policyText":"  \n "}}'
check "blank version and text, which the plugin cannot use: 422 per setting (checkSettings)" equals \
  "$status/$(field_errors)/$(json_field "$body" '"|".join(e["message"] for e in d["errors"])')" \
  "422/settings.policyText,settings.policyVersion/is required|is required"
check "and nothing is saved" equals "$(db "SELECT count(*) FROM step_versions WHERE name = 'HIPAA'")" "0"
text1='Patient information stays inside the hospital.
Report a breach to the privacy officer at once.'
settings1=$(python3 -c 'import json,sys; print(json.dumps({"policyTitle":"HIPAA Privacy","policyVersion":"2027.1","policyText":sys.argv[1]}))' "$text1")
hipaa=$(newstep "{\"phase\":\"onboarding\",\"name\":\"HIPAA attestation\",\"type\":\"policy-attestation\",\"completedBy\":\"student\",\"oncePerStudent\":true,\"settings\":$settings1}")
service_with Cardiology "$hipaa"
r1=$(schedule st1 20 30)
r1b=$(schedule st2 20 30)

# ---------------------------------------------------------------- the student attests
as st1 GET "/api/v1/rotations/$r1/steps"
check "the form shows the policy to read, then asks for the name and agreement" equals \
  "$status/$(step_field "$body" "$hipaa" '",".join(f["type"] for f in s["fields"])')" "200/statement,text,boolean"
check "the statement's help is the exact policy text" equals \
  "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); s=[i for i in d["items"] if i["stepId"]==sys.argv[2]][0]; print(s["fields"][0]["label"] + "|" + str(s["fields"][0]["help"] == sys.argv[3]))' "$body" "$hipaa" "$text1")" \
  "HIPAA Privacy, version 2027.1|True"
agree=$(step_field "$body" "$hipaa" 's["fields"][2]["name"]')
as st1 POST "/api/v1/rotations/$r1/steps/$hipaa/submit" "{\"answers\":{\"fullName\":\"St One\",\"$agree\":true,\"policy\":\"read\"}}"
check "an answer to the statement: 422 for it (the host refuses it), nothing stored" equals \
  "$status/$(field_errors)/$(state_of "$r1" "$hipaa")" "422/answers.policy/todo"
as st1 POST "/api/v1/rotations/$r1/steps/$hipaa/submit" "{\"answers\":{\"fullName\":\"  \",\"$agree\":false}}"
check "a blank name and an unticked agreement: 422 per field, nothing stored" equals \
  "$status/$(field_errors)/$(state_of "$r1" "$hipaa")" "422/$(printf 'answers.%s\n' "$agree" fullName | LC_ALL=C sort | paste -sd,)/todo"
as st1 POST "/api/v1/rotations/$r1/steps/$hipaa/submit" "{\"answers\":{\"fullName\":\"St One\",\"${agree}x\":true}}"
check "an agreement to another version of the policy: 422 saying so" equals "$status/$(field_errors)" "422/$(printf 'answers.%s\n' "$agree" "${agree}x" | LC_ALL=C sort | paste -sd,)"
check "and what to do" contains "$body" "read it again"
as st1 POST "/api/v1/rotations/$r1/steps/$hipaa/submit" "{\"answers\":{\"fullName\":\"St One\",\"$agree\":true}}"
check "a signed agreement is verified by the plugin" equals "$status/$(json_field "$body" 'd["state"] + "/" + str(d["verifiedBy"])')" "200/verified/None"
sha1=$(printf '%s' "$text1" | sha256sum | cut -d' ' -f1)
check "it keeps the name, the version, the SHA-256 of the exact text and the time" equals \
  "$(json_field "$body" '"|".join(f["name"] + "=" + f["value"] for f in d["facts"] if f["name"] != "attestedAt")')" \
  "signedName=St One|policyTitle=HIPAA Privacy|policyVersion=2027.1|policySha256=$sha1|timeZone=UTC"
check "the time is the submission's" equals "$(json_field "$body" '[f["value"] for f in d["facts"] if f["name"] == "attestedAt"][0] == d["submittedAt"]')" "True"
as fadmin GET "/api/v1/rotations/$r1/steps"
check "the facility sees the same facts" equals "$(step_field "$body" "$hipaa" '[f["value"] for f in s["facts"] if f["name"] == "policySha256"][0]')" "$sha1"
as st1 GET "/api/v1/rotations/$r1/events"
check "the activity keeps the attestation's facts" equals "$(json_field "$body" '[e for e in d["items"] if e["kind"] == "step"][-1]["detail"]["facts"][3]["value"]')" "$sha1"
check "the attestation was the last required step: the rotation becomes ready" wait_for_status "$r1" ready 20

# ---------------------------------------------------------------- a new policy version
as fadmin PATCH "/api/v1/steps/$hipaa" "{\"settings\":{\"policyTitle\":\"HIPAA Privacy\",\"policyVersion\":\"2027.2\\nbeta\",\"policyText\":\"short\"}}"
check "a new version the plugin cannot use (a version of two lines): 422 naming it" equals \
  "$status/$(field_errors)/$(json_field "$body" 'd["errors"][0]["message"]')" \
  "422/settings.policyVersion/must be one line of text, without control characters"
as fadmin GET "/api/v1/steps/$hipaa/versions"
check "and no version is added" equals "$(json_field "$body" '",".join(str(v["version"]) + ":" + v["settings"]["policyVersion"] for v in d["items"])')" "1:2027.1"
text2="$text1
Photos of patients are never taken."
settings2=$(python3 -c 'import json,sys; print(json.dumps({"policyTitle":"HIPAA Privacy","policyVersion":"2027.2","policyText":sys.argv[1]}))' "$text2")
as fadmin PATCH "/api/v1/steps/$hipaa" "{\"settings\":$settings2}"
check "the facility publishes version 2027.2 (a new step version)" equals "$status/$(json_field "$body" 'str(d["version"])')" "200/2"
as st1 GET "/api/v1/rotations/$r1/steps"
check "the rotation made before keeps its attestation of 2027.1" equals "$(step_field "$body" "$hipaa" 's["state"] + "/" + str(s["stepVersion"])')" "verified/1"
r2=$(schedule st1 40 50)
as st1 GET "/api/v1/rotations/$r2/steps"
check "a later rotation of the same student asks to attest 2027.2: todo, not carried over" equals \
  "$(step_field "$body" "$hipaa" 's["state"] + "/" + str(s["carriedFrom"]) + "/" + s["fields"][0]["label"]')" "todo/None/HIPAA Privacy, version 2027.2"
check "the log says why" wait_for_log "does not carry over to a new rotation: the old submission is not valid for the current version" 10
agree2=$(step_field "$body" "$hipaa" 's["fields"][2]["name"]')
check "the agreement of 2027.2 is another field than 2027.1's" equals "$([ "$agree2" != "$agree" ] && echo different)" "different"
as st1 POST "/api/v1/rotations/$r2/steps/$hipaa/submit" "{\"answers\":{\"fullName\":\"St One\",\"$agree\":true}}"
check "the old version's agreement is refused: 422" equals "$status/$(field_errors)" "422/$(printf 'answers.%s\n' "$agree" "$agree2" | LC_ALL=C sort | paste -sd,)"
as st1 POST "/api/v1/rotations/$r2/steps/$hipaa/submit" "{\"answers\":{\"fullName\":\"St One\",\"$agree2\":true}}"
sha2=$(printf '%s' "$text2" | sha256sum | cut -d' ' -f1)
check "attesting 2027.2 is verified, with the new text's hash" equals \
  "$status/$(json_field "$body" 'd["state"] + "/" + [f["value"] for f in d["facts"] if f["name"] == "policyVersion"][0] + "/" + [f["value"] for f in d["facts"] if f["name"] == "policySha256"][0]')" \
  "200/verified/2027.2/$sha2"
r3=$(schedule st1 60 70)
as st1 GET "/api/v1/rotations/$r3/steps"
check "and that attestation carries over to the next rotation while the version stands" equals \
  "$(step_field "$body" "$hipaa" 's["state"] + "/" + str(s["carriedFrom"] is not None)')" "verified/True"
as st2 GET "/api/v1/rotations/$r1b/steps"
check "another student's rotation made before the change still shows version 2027.1 to attest" equals \
  "$(step_field "$body" "$hipaa" 's["state"] + "/" + s["fields"][0]["label"]')" "todo/HIPAA Privacy, version 2027.1"

finish
