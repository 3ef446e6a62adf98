#!/usr/bin/env bash
# merge.sh — merging a duplicate account through the admin API and rotunda-admin:
# dry run first (nothing changes), conflicts refused, then the merge moves
# memberships, documents and invitations, drops duplicates, ends B's sessions,
# disables B pointing at A, and audits it on both accounts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_PLUGINS_FS_DOCUMENTS_ENABLED=true "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
password='violet stapler orbit 42'

echo "$password" | "$ROTUNDA_ADMIN" users create-admin --email admin@hospital.example --name "Ada Admin" >/dev/null
request POST /api/v1/auth/login "{\"email\":\"admin@hospital.example\",\"password\":\"$password\"}" "$work/admin"
admin_csrf=$(json_field "$body" 'd["csrfToken"]')
admin_id=$(json_field "$body" 'd["user"]["id"]')
signup() {  # signup NAME EMAIL: sets $csrf and $uid
  request POST /api/v1/auth/signup "{\"email\":\"$2\",\"name\":\"$1\",\"password\":\"$password\"}" "$work/$1"
  csrf=$(json_field "$body" 'd["csrfToken"]')
  uid=$(json_field "$body" 'd["user"]["id"]')
}
signup keep sam@school.example
keep_csrf=$csrf keep=$uid
signup dup sam.rivera@gmail.example
dup_csrf=$csrf dup=$uid

request POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}' "$work/keep" "$keep_csrf"
mercy=$(json_field "$body" 'd["id"]')
request POST /api/v1/organizations '{"kind":"school","name":"Lakeside School of Nursing"}' "$work/dup" "$dup_csrf"
request POST "/api/v1/organizations/$mercy/invitations" '{"email":"sam.rivera@gmail.example","role":"admin"}' "$work/keep" "$keep_csrf"
token=$(python3 - "$work/var/mail" <<'PY'
import email, glob, re, sys, time
deadline = time.time() + 30
while time.time() < deadline:
    for path in glob.glob(sys.argv[1] + "/*.eml"):
        m = email.message_from_binary_file(open(path, "rb"))
        if "sam.rivera@gmail.example" in m["To"]:
            text = next(p for p in m.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
            print(re.search(r"token=([A-Za-z0-9_-]+)", text).group(1)); sys.exit(0)
    time.sleep(0.1)
sys.exit(1)
PY
)
request POST /api/v1/invitations/accept "{\"token\":\"$token\"}" "$work/dup" "$dup_csrf"
printf 'immunization record\n' >"$work/record.txt"
curl -s -o "$work/up.json" -b "$work/dup" -H "X-CSRF-Token: $dup_csrf" -H "X-Filename: record.txt" -H "Content-Type:" \
  --data-binary "@$work/record.txt" "$base/api/v1/documents?recordType=user&recordId=$dup"
document=$(json_field "$(cat "$work/up.json")" 'd["id"]')

request POST /api/v1/admin/users/merge "{\"from\":\"$dup\",\"into\":\"$keep\"}" "$work/keep" "$keep_csrf"
check "only administrators can merge (others get 404)" equals "$status" "404"
request POST /api/v1/admin/users/merge "{\"from\":\"$dup\",\"into\":\"$keep\"}" "$work/admin" "$admin_csrf"
check "a merge is a dry run unless told otherwise" equals "$(json_field "$body" 'd["merged"]')" "False"
check "the dry run counts what moves" equals "$(json_field "$body" 'str(d["moves"]["memberships"]) + "/" + str(d["moves"]["documents"])')" "1/1"
check "and notes the membership A already has" contains "$body" "1 memberships that keep"
request GET /api/v1/me "" "$work/dup"
check "a dry run changes nothing" equals "$status" "200"
request POST /api/v1/admin/users/merge "{\"from\":\"$admin_id\",\"into\":\"$keep\",\"dryRun\":false}" "$work/admin" "$admin_csrf"
check "merging an administrator into a non-administrator is refused" equals "$status" "409"
check "with the conflict named" contains "$body" "is an administrator"
request POST /api/v1/admin/users/merge "{\"from\":\"$keep\",\"into\":\"$keep\",\"dryRun\":false}" "$work/admin" "$admin_csrf"
check "an account cannot be merged into itself" contains "$body" "cannot be merged into itself"
request POST /api/v1/admin/users/merge '{"from":"nobody","into":"x","dryRun":"yes"}' "$work/admin" "$admin_csrf"
check "bad input is a field error" equals "$status" "422"

dry=$("$ROTUNDA_ADMIN" users merge --from sam.rivera@gmail.example --into sam@school.example --dry-run)
check "rotunda-admin shows the plan" contains "$dry" "moves 1 documents"
"$ROTUNDA_ADMIN" users merge --from sam.rivera@gmail.example --into sam@school.example >"$work/merge.out"
check "rotunda-admin merges" contains "$(cat "$work/merge.out")" "merged"

request GET /api/v1/me "" "$work/dup"
check "the duplicate's sessions are ended" equals "$status" "401"
request POST /api/v1/auth/login "{\"email\":\"sam.rivera@gmail.example\",\"password\":\"$password\"}"
check "and it can no longer sign in" equals "$status" "401"
check "it is disabled and points to the account kept" equals \
  "$(sqlite3 "$work/var/rotunda.db" "SELECT status || ' ' || merged_into FROM users WHERE id = '$dup'")" "disabled $keep"
request GET /api/v1/organizations "" "$work/keep"
check "the kept account has both organizations, roles de-duplicated" equals \
  "$(json_field "$body" '";".join(o["name"] + ":" + ",".join(o["myRoles"]) for o in d["items"])')" \
  "Lakeside School of Nursing:admin;Mercy General:admin"
check "and the duplicate's documents" equals "$(curl -s -b "$work/keep" "$base/api/v1/documents/$document")" "immunization record"
check "the merge is audited on both accounts" equals \
  "$(sqlite3 "$work/var/rotunda.db" "SELECT count(*) FROM audit_events WHERE action = 'user.merged'")" "2"
"$ROTUNDA_ADMIN" users merge --from sam.rivera@gmail.example --into sam@school.example >"$work/again.out" 2>&1 || merge_status=$?
check "merging again is refused (exit 65)" equals "${merge_status:-0}" "65"
check "saying it was merged already" contains "$(cat "$work/again.out")" "merged into $keep already"

finish
