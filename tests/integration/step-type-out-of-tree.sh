#!/usr/bin/env bash
# step-type-out-of-tree.sh — the "Write your own step type" walkthrough of
# docs/plugins.md, as a plugin author and a facility follow it: install the
# plugin API package, build docs/examples/step-type (orientation-code) from a
# directory of its own with find_package(RotundaPluginApi 1.2), enable it in
# rotundad, add a step of that type to a service (a session name of two lines is
# refused by the plugin's checkSettings: 422, nothing saved), and put a student through it
# on a rotation: a wrong field and a badly formed code are field errors (422,
# nothing stored), an unreadable code list makes the plugin throw in validate
# (503, nothing stored), a known code is verified by the plugin with its facts,
# and the rotation becomes ready.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/steps-lib.sh"
enter_workdir

cmake --install "$ROTUNDA_BINARY_DIR" --component plugin-api --prefix "$work/prefix" >/dev/null
cp -r "$ROTUNDA_SOURCE_DIR/docs/examples/step-type" "$work/src"
cmake -S "$work/src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >"$work/cmake.log" 2>&1 \
  || { cat "$work/cmake.log" >&2; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
check "the step type is built as orientation-code.so" test -f "$work/build/orientation-code.so"
exported=$(nm -D --defined-only "$work/build/orientation-code.so" | awk '{print $3}' | grep -v '^_' | sort | tr '\n' ' ')
check "it exports only the descriptor" equals "$exported" "rotunda_plugin "

mkdir -p "$work/plugins"
cp "$work/build/orientation-code.so" "$work/plugins/"
printf 'K7Q2MX\nB4T9ZP\n' >"$work/codes.txt"
set +e
listing=$("$ROTUNDA_ADMIN" --config <(printf 'plugins.directory = %s\nplugins.orientation-code.enabled = true\nplugins.orientation-code.codesFile = %s\n' "$work/plugins" "$work/codes.txt") plugins 2>&1)
set -e
check "rotunda-admin lists it with its step type" contains "$listing" "StepType:orientation-code"
start_rotundad rotunda_step_type_example "$work/plugins" "plugins.orientation-code.enabled = true
plugins.orientation-code.codesFile = $work/codes.txt"
check "rotundad loads it" equals "$(json_field "$(curl -s "$base/health")" "[p for p in d['plugins'] if p['id']=='orientation-code'][0]['state']")" "ok"

# ---------------------------------------------------------------- the facility adds the step
facility_and_school
as fadmin GET /api/v1/step-types
check "the new type is offered with its settings" equals \
  "$(json_field "$body" '",".join(s["name"] for t in d["items"] if t["id"] == "orientation-code" for s in t["settings"])')" "session"
as fadmin POST "/api/v1/organizations/$facility/steps" '{"phase":"onboarding","name":"Orientation","type":"orientation-code","completedBy":"student","settings":{"session":"March\norientation"}}'
check "a session the plugin cannot use (two lines): 422 settings.session, nothing saved" equals \
  "$status/$(field_errors)/$(db "SELECT COUNT(*) FROM step_versions WHERE name = 'Orientation'")" "422/settings.session/0"
orientation=$(newstep '{"phase":"onboarding","name":"Orientation","type":"orientation-code","completedBy":"student","settings":{"session":"March orientation"}}')
service_with Cardiology "$orientation"
r1=$(schedule st1 20 30)

# ---------------------------------------------------------------- the student completes it
as st1 GET "/api/v1/rotations/$r1/steps"
check "the student's form comes from the plugin" equals \
  "$status/$(step_field "$body" "$orientation" '",".join(f["name"] + ":" + f["type"] for f in s["fields"]) + "/" + s["fields"][0]["label"]')" \
  "200/about:statement,code:text/March orientation"
as st1 POST "/api/v1/rotations/$r1/steps/$orientation/submit" '{"answers":{"code":"K7Q2MX","colour":"red"}}'
check "a field the step does not have: a field error, nothing stored" equals "$status/$(field_errors)/$(state_of "$r1" "$orientation")" "422/answers.colour/todo"
as st1 POST "/api/v1/rotations/$r1/steps/$orientation/submit" '{"answers":{"code":"K7-Q2"}}'
check "a badly formed code: a field error, nothing stored" equals "$status/$(field_errors)/$(state_of "$r1" "$orientation")" "422/answers.code/todo"
mv "$work/codes.txt" "$work/codes.moved"
as st1 POST "/api/v1/rotations/$r1/steps/$orientation/submit" '{"answers":{"code":"K7Q2MX"}}'
check "the code list gone, the plugin throws in validate: 503 step type unavailable" equals "$status/$(json_field "$body" 'd["title"]')" "503/Step type unavailable"
check "nothing stored" equals "$(state_of "$r1" "$orientation")/$(db "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '$r1' AND kind = 'step'")" "todo/0"
check "the failure is logged with the plugin's error" wait_for_log "cannot read the code list" 10
mv "$work/codes.moved" "$work/codes.txt"
as st1 POST "/api/v1/rotations/$r1/steps/$orientation/submit" '{"answers":{"code":"ZZZZZZ"}}'
check "an unknown code is rejected by the plugin, with its reason" equals "$status/$(json_field "$body" 'd["state"] + "/" + d["reason"]')" \
  "200/rejected/the code ZZZZZZ is not one of a session; check it and try again"
as st1 POST "/api/v1/rotations/$r1/steps/$orientation/submit" '{"answers":{"code":" k7q2mx "}}'
check "a known code is verified by the plugin" equals "$status/$(json_field "$body" 'd["state"] + "/" + str(d["verifiedBy"])')" "200/verified/None"
check "with the facts it keeps" equals "$(json_field "$body" '",".join(f["name"] + "=" + f["value"] for f in d["facts"])')" \
  "code=K7Q2MX,session=March orientation,checkedOn=$(date -u +%F)"
check "its only step done, the rotation becomes ready" wait_for_status "$r1" ready 20

finish
