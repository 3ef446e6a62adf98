#!/usr/bin/env bash
# organizations-people.sh — members and roles, and a school's student roster, through
# rotundad's API: who sees and changes what (admin, coordinator, faculty, student,
# another organization, anonymous), the last admin, directory-granted roles, CSV
# import (dry run, hostile files, re-import), adding, filtering, paging, and the
# export's quoting and formula neutralising, with the audit trail.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_HTTP_PUBLIC_URL="$base" "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
password='violet stapler orbit 42'
db="$work/var/rotunda.db"

# signup NAME EMAIL: signs up into the jar $work/NAME and sets $csrf_NAME and $id_NAME.
signup() {
  request POST /api/v1/auth/signup "{\"email\":\"$2\",\"name\":\"$1\",\"password\":\"$password\"}" "$work/$1"
  printf -v "csrf_$1" '%s' "$(json_field "$body" 'd["csrfToken"]')"
  printf -v "id_$1" '%s' "$(json_field "$body" 'd["user"]["id"]')"
}
# csv NAME PATH FILE [DRYRUN]: posts FILE as text/csv to PATH as NAME; sets $status and $body.
csv() {
  local jar="$work/$1" token_var="csrf_$1"
  status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$jar" -c "$jar" -H "X-CSRF-Token: ${!token_var}" \
    -H 'Content-Type: text/csv' --data-binary "@$3" "$base$2")
  body=$(cat "$work/body")
}

signup ada ada@lakeside.example      # school admin
signup cole cole@lakeside.example    # coordinator
signup fay fay@lakeside.example      # faculty
signup sam sam@lakeside.example      # student
signup dan dan@lakeside.example      # faculty (only)
signup out out@mercy.example         # another organization's admin
request POST /api/v1/organizations '{"kind":"school","name":"Lakeside College"}' "$work/ada" "$csrf_ada"
school=$(json_field "$body" 'd["id"]')
request POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}' "$work/out" "$csrf_out"
mercy=$(json_field "$body" 'd["id"]')
now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
for pair in "$id_cole:coordinator" "$id_fay:faculty" "$id_sam:student" "$id_dan:faculty"; do
  sqlite3 -cmd ".timeout 5000" "$db" "INSERT INTO memberships VALUES ('$school', '${pair%%:*}', '${pair##*:}', 'manual', '$now')"
done

# --- members -----------------------------------------------------------------
request GET "/api/v1/organizations/$school/members" "" "$work/ada"
check "an admin lists the members with roles" equals "$(json_field "$body" '",".join(m["roles"][0]["role"] for m in d["items"])')" "admin,coordinator,faculty,faculty,student"
check "each role shows its source" equals "$(json_field "$body" 'd["items"][0]["roles"][0]["source"]')" "manual"
request GET "/api/v1/organizations/$school/members?limit=2" "" "$work/ada"
check "members are paged" equals "$(json_field "$body" 'len(d["items"])')" "2"
cursor=$(json_field "$body" 'd["nextCursor"]')
request GET "/api/v1/organizations/$school/members?limit=2&cursor=$cursor" "" "$work/ada"
check "the cursor continues in a stable order" equals "$(json_field "$body" '",".join(m["email"] for m in d["items"])')" "dan@lakeside.example,fay@lakeside.example"
request GET "/api/v1/organizations/$school/members?limit=0" "" "$work/ada"
check "a bad limit is a field error" contains "$body" '"field":"limit"'
request GET "/api/v1/organizations/$school/members" "" "$work/sam"
check "a student sees the staff but not the student body" equals "$(json_field "$body" 'len(d["items"])')" "4"
request GET "/api/v1/organizations/$school/members" "" "$work/out"
check "another organization's user gets 404" equals "$status" "404"
request GET "/api/v1/organizations/$school/members" ""
check "anonymous gets 401" equals "$status" "401"

request PUT "/api/v1/organizations/$school/members/$id_fay/roles/coordinator" "" "$work/cole" "$csrf_cole"
check "a coordinator grants a non-admin role: 201" equals "$status" "201"
request PUT "/api/v1/organizations/$school/members/$id_fay/roles/coordinator" "" "$work/cole" "$csrf_cole"
check "granting again is 200" equals "$status" "200"
request PUT "/api/v1/organizations/$school/members/$id_fay/roles/admin" "" "$work/cole" "$csrf_cole"
check "a coordinator cannot make admins" equals "$status" "403"
request PUT "/api/v1/organizations/$school/members/$id_fay/roles/preceptor" "" "$work/ada" "$csrf_ada"
check "a role the kind lacks is a field error" contains "$body" '"field":"role"'
request PUT "/api/v1/organizations/$school/members/$id_out/roles/faculty" "" "$work/ada" "$csrf_ada"
check "only members get roles (others are invited)" equals "$status" "404"
request PUT "/api/v1/organizations/$school/members/$id_fay/roles/faculty" "" "$work/sam" "$csrf_sam"
check "a student cannot change roles" equals "$status" "403"
request PUT "/api/v1/organizations/$school/members/$id_fay/roles/faculty" "" "$work/out" "$csrf_out"
check "another organization's admin gets 404" equals "$status" "404"
request DELETE "/api/v1/organizations/$school/members/$id_fay/roles/coordinator" "" "$work/ada" "$csrf_ada"
check "an admin removes a role" equals "$status" "204"

request DELETE "/api/v1/organizations/$school/members/$id_ada/roles/admin" "" "$work/ada" "$csrf_ada"
check "the last admin cannot be demoted: 409" equals "$status" "409"
check "with the reason" contains "$body" "last admin"
request DELETE "/api/v1/organizations/$school/members/$id_ada" "" "$work/ada" "$csrf_ada"
check "nor removed" equals "$status" "409"
request DELETE "/api/v1/organizations/$school/members/$id_ada" "" "$work/cole" "$csrf_cole"
check "a coordinator cannot remove an admin" equals "$status" "403"
request PUT "/api/v1/organizations/$school/members/$id_cole/roles/admin" "" "$work/ada" "$csrf_ada"
request PUT "/api/v1/organizations/$school/members/$id_ada/roles/faculty" "" "$work/ada" "$csrf_ada"  # stays a member
# Two admins demoting each other at once: exactly one wins.
( request DELETE "/api/v1/organizations/$school/members/$id_cole/roles/admin" "" "$work/ada" "$csrf_ada"; echo "$status" >"$work/race1" ) &
race1=$!
( request DELETE "/api/v1/organizations/$school/members/$id_ada/roles/admin" "" "$work/cole" "$csrf_cole"; echo "$status" >"$work/race2" ) &
race2=$!
wait "$race1" "$race2"
check "two admins demoting each other leave one admin" equals "$(sqlite3 -cmd ".timeout 5000" "$db" "SELECT count(*) FROM memberships WHERE organization_id = '$school' AND role = 'admin'")" "1"
check "the other was refused (409, or 403 once no longer admin)" grep -qE '^204,40[39],$' <(sort "$work/race1" "$work/race2" | tr '\n' ,)
request PUT "/api/v1/organizations/$school/members/$id_ada/roles/admin" "" "$work/cole" "$csrf_cole"
request PUT "/api/v1/organizations/$school/members/$id_cole/roles/admin" "" "$work/ada" "$csrf_ada"

sqlite3 -cmd ".timeout 5000" "$db" "INSERT INTO memberships VALUES ('$school', '$id_fay', 'coordinator', 'directory:ldap-auth', '$now')"
request GET "/api/v1/organizations/$school/members" "" "$work/ada"
check "a directory role is shown with its source" contains "$body" '"source":"directory:ldap-auth"'
request DELETE "/api/v1/organizations/$school/members/$id_fay/roles/coordinator" "" "$work/ada" "$csrf_ada"
check "a directory role cannot be removed by hand: 409" equals "$status" "409"
check "the directory group decides" contains "$body" "directory group"
request DELETE "/api/v1/organizations/$school/members/$id_fay" "" "$work/ada" "$csrf_ada"
check "nor the member who holds one" equals "$status" "409"

# --- students ----------------------------------------------------------------
printf '\xEF\xBB\xBFE-Mail,Full Name,Program,Graduation Year\r\nana@students.example,"Lima, Ana",Nursing,2027\r\n"ben@students.example","Ben ""The Brain"" Okafor","Physician Assistant, PA",2026\r\nsam@lakeside.example,Sam Student,Nursing,2027\r\ncarl@students.example,=HYPERLINK("http://evil.example"),-2+3,2028\r\n' >"$work/good.csv"
csv cole "/api/v1/organizations/$school/students/import?dryRun=true" "$work/good.csv"
check "a dry run answers 200" equals "$status" "200"
check "and counts new, existing and current students" equals "$(json_field "$body" '"%d/%d/%d/%d" % (d["summary"]["valid"], d["summary"]["newAccounts"], d["summary"]["existingAccounts"], d["summary"]["alreadyStudents"])')" "4/3/1/1"
check "a dry run writes nothing" equals "$(sqlite3 -cmd ".timeout 5000" "$db" "SELECT count(*) FROM users WHERE email LIKE '%@students.example'")" "0"

long=$(python3 -c 'print("x" * 10000)')
{ printf 'name,email,program,year\n'; printf ',noname@students.example\n'; printf 'Bad Mail,not-an-email\n'
  printf 'Dup,ana@students.example\nDup Again,ANA@students.example\n'; printf '%s,long@students.example\n' "$long"
  printf 'Bad \xff Bytes,bytes@students.example\n'; printf 'Old,old@students.example,,1850\n'
  printf 'Two Lines,two@students.example,"Nursing\r\nEvening"\n'; printf 'Fine,fine@students.example\n'; } >"$work/bad.csv"
csv cole "/api/v1/organizations/$school/students/import?dryRun=true" "$work/bad.csv"
problems=$(json_field "$body" '" ".join("%d:%s" % (p["line"], p["field"]) for p in d["problems"])')
check "a dry run lists each row's problem with its line" equals "$problems" "2:name 3:email 5:email 6:name 7:file 8:graduationYear 9:program"
csv cole "/api/v1/organizations/$school/students/import?dryRun=false" "$work/bad.csv"
check "a real import of a file with problems is refused as a validation problem" equals "$status/$(json_field "$body" 'd["errors"][0]["field"]')" "422/line 2.name"
printf '' >"$work/empty.csv"
csv cole "/api/v1/organizations/$school/students/import" "$work/empty.csv"
check "an empty file is a field error" equals "$status/$(json_field "$body" 'd["errors"][0]["field"]')" "422/file"
printf 'Name,Email\r\n' >"$work/header.csv"
csv cole "/api/v1/organizations/$school/students/import" "$work/header.csv"
check "a header only is a field error" contains "$body" "header but no students"
printf 'name,email\n"unterminated,x@students.example\n' >"$work/open.csv"
csv cole "/api/v1/organizations/$school/students/import" "$work/open.csv"
check "an unclosed quote names its line" contains "$body" "opened on line 2"
status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/cole" -H "X-CSRF-Token: $csrf_cole" -H 'Content-Type: application/json' --data '{}' "$base/api/v1/organizations/$school/students/import")
check "a body that is not CSV is 415" equals "$status" "415"
csv dan "/api/v1/organizations/$school/students/import" "$work/good.csv"
check "faculty cannot import" equals "$status" "403"
csv sam "/api/v1/organizations/$school/students/import" "$work/good.csv"
check "a student does not see the roster at all" equals "$status" "404"
csv out "/api/v1/organizations/$school/students/import" "$work/good.csv"
check "another organization gets 404" equals "$status" "404"

csv cole "/api/v1/organizations/$school/students/import?dryRun=false" "$work/good.csv"
check "the import answers 200" equals "$status" "200"
check "creating invited accounts, linking the existing one, inviting the new" equals "$(json_field "$body" '"%d/%d/%d" % (d["summary"]["newAccounts"], d["summary"]["existingAccounts"], d["summary"]["invited"])')" "3/1/3"
check "new accounts are invited" equals "$(sqlite3 -cmd ".timeout 5000" "$db" "SELECT group_concat(status) FROM users WHERE email LIKE '%@students.example'")" "invited,invited,invited"
check "an existing user is linked, not duplicated" equals "$(sqlite3 -cmd ".timeout 5000" "$db" "SELECT count(*) FROM users WHERE email = 'sam@lakeside.example'")" "1"
csv cole "/api/v1/organizations/$school/students/import?dryRun=false" "$work/good.csv"
check "importing again creates and invites nobody" equals "$(json_field "$body" '"%d/%d/%d" % (d["summary"]["newAccounts"], d["summary"]["alreadyStudents"], d["summary"]["invited"])')" "0/4/0"

# The invitation mail works like any invitation.
deadline=$((SECONDS + 30))
until file=$(grep -l "^To: .*ana@students.example" "$work"/var/mail/*.eml 2>/dev/null | head -1) && [ -n "$file" ]; do
  [ $SECONDS -lt $deadline ] || { echo "FAIL: no invitation mail" >&2; break; }
  sleep 0.2
done
token=$(token_in "$file" accept-invitation.html)
request POST /api/v1/invitations/accept "{\"token\":\"$token\",\"password\":\"$password\"}" "$work/ana"
check "an imported student accepts the invitation and is active" equals "$status/$(json_field "$body" 'd["user"]["status"]')" "200/active"

request POST "/api/v1/organizations/$school/students" '{"name":"Dee Diaz","email":"DEE@students.example","program":"Nursing","graduationYear":2029}' "$work/cole" "$csrf_cole"
check "a coordinator adds one student: 201" equals "$status/$(json_field "$body" 'd["email"] + "/" + str(d["graduationYear"])')" "201/dee@students.example/2029"
request POST "/api/v1/organizations/$school/students" '{"name":"Dee Diaz","email":"dee@students.example"}' "$work/cole" "$csrf_cole"
check "adding a current student again is 409" equals "$status" "409"
request POST "/api/v1/organizations/$school/students" '{"name":"","email":"nope","graduationYear":"soon"}' "$work/cole" "$csrf_cole"
check "bad input is field errors" equals "$status/$(json_field "$body" '",".join(sorted(e["field"] for e in d["errors"]))')" "422/graduationYear"
request POST "/api/v1/organizations/$school/students" '{"name":"","email":"nope"}' "$work/cole" "$csrf_cole"
check "name and email are checked as in a roster" equals "$status/$(json_field "$body" '",".join(sorted(e["field"] for e in d["errors"]))')" "422/email,name"

request GET "/api/v1/organizations/$school/students?program=Nursing&year=2027" "" "$work/dan"
check "faculty read the roster, filtered by program and year" equals "$(json_field "$body" '",".join(s["email"] for s in d["items"])')" "ana@students.example,sam@lakeside.example"
request GET "/api/v1/organizations/$school/students?q=BRAIN" "" "$work/cole"
check "q finds part of a name, in any case" equals "$(json_field "$body" '",".join(s["email"] for s in d["items"])')" "ben@students.example"
request GET "/api/v1/organizations/$school/students?q=%25" "" "$work/cole"
check "q's wildcards are literal" equals "$(json_field "$body" 'len(d["items"])')" "0"
request GET "/api/v1/organizations/$school/students?limit=2" "" "$work/cole"
cursor=$(json_field "$body" 'd["nextCursor"]')
request GET "/api/v1/organizations/$school/students?limit=2&cursor=$cursor" "" "$work/cole"
check "students are paged" equals "$(json_field "$body" '",".join(s["email"] for s in d["items"])')" "carl@students.example,dee@students.example"
request GET "/api/v1/organizations/$school/students?year=19" "" "$work/cole"
check "a bad year is a field error" contains "$body" '"field":"year"'
for who in sam out; do
  request GET "/api/v1/organizations/$school/students" "" "$work/$who"
  check "$who cannot see the roster (404)" equals "$status" "404"
done
request GET "/api/v1/organizations/$mercy/students" "" "$work/out"
check "a facility has no roster" equals "$status" "404"
request GET "/api/v1/organizations/$school/students" ""
check "anonymous gets 401" equals "$status" "401"

curl -s -D "$work/headers" -o "$work/export.csv" -b "$work/cole" "$base/api/v1/organizations/$school/students.csv"
check "the export is CSV" grep -qi '^Content-Type: text/csv' "$work/headers"
check "a formula is neutralised" grep -q "'=HYPERLINK(\"\"http://evil.example\"\")" "$work/export.csv"
check "a leading minus too" grep -q ",'-2+3," "$work/export.csv"
check "quotes, commas and line breaks round-trip" python3 - "$work/export.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
names = {r[1]: r for r in rows[1:]}
assert rows[0] == ["name", "email", "program", "graduation year", "status"], rows[0]
assert names["ana@students.example"][0] == "Lima, Ana"
assert names["ben@students.example"][0] == 'Ben "The Brain" Okafor'
assert names["ben@students.example"][2] == "Physician Assistant, PA"
PY
status=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/sam" "$base/api/v1/organizations/$school/students.csv")
check "a student cannot export" equals "$status" "404"

audit_count() { sqlite3 -cmd ".timeout 5000" "$db" "SELECT count(*) FROM audit_events WHERE action = '$1'"; }
check "role changes are audited" test "$(audit_count membership.role_added)" -ge 4
check "removals too" test "$(audit_count membership.role_removed)" -ge 2
check "imports, additions and exports too" equals "$(audit_count students.imported)/$(audit_count student.added)/$(audit_count students.exported)" "2/1/1"
check "no 500 in the log" test "$(grep -c '" 500 ' "$work/server.log" || true)" = "0"

finish
