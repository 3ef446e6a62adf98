#!/usr/bin/env bash
# rotation-activity.sh — a rotation's activity and its mail through rotundad's
# API: comments by every party (the student, the preceptor, school staff and
# faculty, facility staff) and 404 for everyone else, the feed newest first and
# paged back in time, mail (written as .eml files by the default file transport)
# when a rotation is scheduled, an application accepted, waitlisted or declined,
# a comment made, a rotation's preceptor changed (the new one, the previous one
# and the student), and a rotation about to start with steps not done (once), the
# weekly digest (once a period, nothing without open items), nobody mailed who
# turned rotation_action off, and never a comment's text in a log or a mail.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

# ROTUNDA_TEST_PG_DIR set (CTest's integration.rotation-activity-postgres): the
# same script on the PostgreSQL fixture, in a database of its own.
if [ -n "${ROTUNDA_TEST_PG_DIR:-}" ]; then
  . "$ROTUNDA_TEST_PG_DIR/postgres.env"
  psql_as() { (cd / && runuser -u postgres -- psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$ROTUNDA_TEST_PG_PORT" -U postgres "$@"); }
  psql_as -c "DROP DATABASE IF EXISTS rotunda_activity" -c "CREATE DATABASE rotunda_activity"
  export ROTUNDA_DATABASE_BACKEND=postgresql ROTUNDA_DATABASE_POSTGRESQL_HOST=127.0.0.1 \
    ROTUNDA_DATABASE_POSTGRESQL_PORT=$ROTUNDA_TEST_PG_PORT ROTUNDA_DATABASE_POSTGRESQL_NAME=rotunda_activity \
    ROTUNDA_DATABASE_POSTGRESQL_USER=$ROTUNDA_TEST_PG_USER
  db() { psql_as -d rotunda_activity -c "$1"; }
else
  db() { sqlite3 -cmd ".timeout 5000" "$work/var/rotunda.db" "$@"; }
fi
# The notice job looks every second; the digest period stays an hour, so each
# person gets at most one digest however many rounds run.
export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1 ROTUNDA_ROTATIONS_CHECK_INTERVAL_SECONDS=3600 \
  ROTUNDA_ROTATIONS_NOTICE_INTERVAL_SECONDS=1 ROTUNDA_ROTATIONS_REMINDER_DAYS=7 \
  ROTUNDA_ROTATIONS_DIGEST_INTERVAL_SECONDS=3600
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_HTTP_PUBLIC_URL="$base" "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

day() { date -u -d "$1 days" +%F; }
declare -A csrf uid
signup() {
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$2\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {
  local who=$1 method=$2 path=$3 data=${4:-}
  request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }

# mails TO SUBJECT: how many mails to TO@example.org have SUBJECT in their subject.
mails() {
  python3 - "$work/var/mail" "$1@example.org" "$2" <<'PY'
import email, email.header, glob, sys
directory, to, subject = sys.argv[1:]
count = 0
for name in glob.glob(directory + "/*.eml"):
    m = email.message_from_binary_file(open(name, "rb"))
    s = str(email.header.make_header(email.header.decode_header(m.get("Subject", ""))))
    if to in m.get("To", "") and subject in s:
        count += 1
print(count)
PY
}
# mail_to TO SUBJECT: the texts of every such mail, one after another.
mail_to() {
  local file
  for file in $(grep -l "^To: .*$1@example.org" "$work"/var/mail/*.eml | xargs -r grep -l "^Subject: .*$2"); do
    mail_text "$file"
  done
}
# all_mail: every header and decoded text and HTML part of every mail so far.
all_mail() {
  python3 - "$work/var/mail" <<'PY'
import email, glob, sys
for name in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(name, "rb"))
    print("\n".join(k + ": " + str(v) for k, v in m.items()))
    for part in m.walk():
        if part.get_content_maintype() == "text":
            print(part.get_payload(decode=True).decode("utf-8"))
PY
}
# wait_for_mails TO SUBJECT COUNT: polls (up to 30 s) until COUNT such mails arrived.
wait_for_mails() {
  local deadline=$((SECONDS + 30)) n=0
  while :; do
    n=$(mails "$1" "$2")
    [ "$n" -ge "$3" ] && return 0
    [ $SECONDS -lt $deadline ] || { echo "  $1 has $n mails '$2', not $3, after 30 s" >&2; return 1; }
    sleep 0.2
  done
}

signup fadmin "Fiona Admin"; signup fcoord "Frank Coordinator"; signup fprec "Pat Preceptor"
signup otherprec "Paula Otherpreceptor"; signup sadmin "Sally Admin"; signup scoord "Scott Coordinator"
signup sfac "Felix Faculty"; signup st1 "Sam Student"; signup st2 "Quiet Student"; signup st3 "Ada Applicant"
signup st4 "Wes Waitlisted"; signup st5 "Late Student"; signup st6 "Dee Draft"; signup outsider "Olga Outsider"
as fadmin POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as sadmin POST /api/v1/organizations '{"kind":"school","name":"State University"}'
stateu=$(json_field "$body" 'd["id"]')
as outsider POST /api/v1/organizations '{"kind":"school","name":"Tech Institute"}'
member "$mercy" fcoord coordinator
member "$mercy" fprec preceptor
member "$mercy" otherprec preceptor
member "$stateu" scoord coordinator
member "$stateu" sfac faculty
for s in st1 st2 st3 st4 st5 st6; do member "$stateu" $s student; done

as fadmin POST "/api/v1/organizations/$mercy/steps" '{"phase":"onboarding","name":"Badge","type":"confirmation","completedBy":"student"}'
badge=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/services" "{\"name\":\"Emergency\",\"specialty\":\"Emergency Medicine\",\"stepIds\":[\"$badge\"]}"
emergency=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/services" '{"name":"Cardiology","specialty":"Internal Medicine"}'
cardiology=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/organizations/$mercy/agreements" "{\"schoolId\":\"$stateu\",\"startDate\":\"$(day -60)\",\"endDate\":\"$(day 400)\"}"
agreement=$(json_field "$body" 'd["id"]')
as fadmin POST "/api/v1/agreements/$agreement/submit" ''
as sadmin POST "/api/v1/agreements/$agreement/approve" ''
window() {  # window SERVICE JSON: a new capacity window's id
  as fadmin POST "/api/v1/services/$1/capacity" "$2"
  [ "$status" = 201 ] || { echo "  window not created: $body" >&2; return 1; }
  json_field "$body" 'd["id"]'
}
w1=$(window "$emergency" "{\"startDate\":\"$(day -10)\",\"endDate\":\"$(day 30)\",\"capacity\":5,\"workflow\":\"coordinator_scheduled\",\"schoolId\":\"$stateu\"}")
e1=$(window "$cardiology" "{\"startDate\":\"$(day 50)\",\"endDate\":\"$(day 80)\",\"capacity\":3,\"workflow\":\"student_requested\"}")

# ---------------------------------------------------------------- scheduled
as st2 PATCH /api/v1/me/notifications '{"rotation_action":false}'
check "a student turns rotation mail off" equals "$status" "200"
as scoord POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st1]}\",\"${uid[st2]}\"],\"startDate\":\"$(day 3)\",\"endDate\":\"$(day 10)\",\"preceptorId\":\"${uid[fprec]}\"}"
check "a school coordinator schedules two students" equals "$status" "201"
r1=$(json_field "$body" 'd["items"][0]["id"]')
r2=$(json_field "$body" 'd["items"][1]["id"]')
what="Sam Student, Emergency at Mercy General, $(day 3) to $(day 10)"
check "the student is mailed that they are scheduled" wait_for_mails st1 "You are scheduled" 1
check "the preceptor too, once per student" wait_for_mails fprec "A student is scheduled with you" 2
text=$(mail_to st1 "You are scheduled")
check "the mail names the student, service, facility and dates" contains "$text" "$what"
check "and links to the start page" contains "$text" "$base/"
check "the coordinator who scheduled is not mailed" equals "$(mails scoord "scheduled")" "0"

# ---------------------------------------------------------------- comments
n=0
for who in st1 fprec scoord sfac fcoord; do
  n=$((n + 1))
  as $who POST "/api/v1/rotations/$r1/comments" "{\"body\":\"  SECRET-$n: bed 4 needs a chaperone  \"}"
  check "$who comments on the rotation: 201" equals "$status/$(json_field "$body" 'd["kind"] + "|" + d["body"]')" "201/comment|SECRET-$n: bed 4 needs a chaperone"
done
for who in outsider otherprec st2; do
  as $who POST "/api/v1/rotations/$r1/comments" '{"body":"SECRET-X hello"}'
  check "$who is no party of the rotation: 404" equals "$status" "404"
  as $who GET "/api/v1/rotations/$r1/activity"
  check "nor reads its activity: 404" equals "$status" "404"
done
as st1 POST "/api/v1/rotations/$r1/comments" '{"body":"  \n\t "}'
check "an empty comment: 422 body" equals "$status/$(field_errors)" "422/body"
long=$(python3 -c 'print("x" * 4001)')
as st1 POST "/api/v1/rotations/$r1/comments" "{\"body\":\"$long\"}"
check "a comment over 4000 bytes: 422 body" equals "$status/$(field_errors)" "422/body"
as st1 POST "/api/v1/rotations/$r1/comments" '{"body":42,"colour":"red"}'
check "a body that is no string, an unknown member: 422" equals "$status/$(field_errors)" "422/body,colour"
as st1 POST "/api/v1/rotations/$r1/comments" 'not json'
check "a body that is no JSON: 400, never 500" equals "$status" "400"
check "every comment is audited, naming the rotation and the event only" \
  equals "$(db "SELECT COUNT(*) FROM audit_events WHERE action = 'rotation.commented' AND record_id = '$r1' AND detail LIKE '%eventId%'")/$(db "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%SECRET%'")" "5/0"

# Who hears of a comment: every person of the rotation but its author; faculty
# comment but are not mailed.
check "the student hears of the 4 comments of others" wait_for_mails st1 "New comment" 4
check "the preceptor of the 4 of others" wait_for_mails fprec "New comment" 4
check "the school's admin of all 5" wait_for_mails sadmin "New comment" 5
check "the school's coordinator of 4" wait_for_mails scoord "New comment" 4
check "the facility's admin of all 5" wait_for_mails fadmin "New comment" 5
check "the facility's coordinator of 4" wait_for_mails fcoord "New comment" 4
check "faculty are not mailed, nor other students" equals "$(mails sfac "New comment")/$(mails st2 "New comment")/$(mails otherprec "New comment")" "0/0/0"
text=$(mail_to st1 "New comment")
check "the comment mail says who commented on which rotation" contains "$text" "Frank Coordinator commented on the rotation $what."
check "and links to the start page" contains "$text" "$base/"

# ---------------------------------------------------------------- the activity feed
# The reminder (below) adds an event to the feed: wait for it, so the feed holds still.
wait_for_mails st1 "Your rotation starts on" 1
as st1 POST "/api/v1/rotations/$r1/comments" '{"body":"SECRET-6 last word"}'
total=$(db "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '$r1'")
as fprec GET "/api/v1/rotations/$r1/activity"
check "the feed starts with the newest: the student's last comment, with their name" \
  equals "$(json_field "$body" 'd["items"][0]["kind"] + "|" + d["items"][0]["actorName"] + "|" + d["items"][0]["body"]')" "comment|Sam Student|SECRET-6 last word"
check "and holds every event, newest first" \
  equals "$(json_field "$body" 'str(len(d["items"])) + "/" + str([i["id"] for i in d["items"]] == sorted([i["id"] for i in d["items"]], reverse=True))')" "$total/True"
check "the scheduling is in the same feed" contains "$(json_field "$body" '",".join(i["kind"] + ":" + i["action"] for i in d["items"])')" "status:schedule"
seen=""
cursor=""
pages=0
while :; do
  as sfac GET "/api/v1/rotations/$r1/activity?limit=2${cursor:+&cursor=$cursor}"
  [ "$status" = 200 ] || break
  seen="$seen$(json_field "$body" '"".join(str(i["id"]) + "," for i in d["items"])')"
  pages=$((pages + 1))
  cursor=$(json_field "$body" 'd["nextCursor"] or ""')
  [ -n "$cursor" ] || break
done
as sfac GET "/api/v1/rotations/$r1/activity"
check "two at a time, back in time, every event once" equals "$seen" "$(json_field "$body" '"".join(str(i["id"]) + "," for i in d["items"])')"
check "in $(( (total + 1) / 2 )) pages" equals "$pages" "$(( (total + 1) / 2 ))"
as st1 GET "/api/v1/rotations/$r1/activity?cursor=yesterday"
check "a cursor this server did not give: 422" equals "$status/$(field_errors)" "422/cursor"

# ---------------------------------------------------------------- decisions on applications
apply() {  # apply STUDENT: the id of a submitted application on e1
  as $1 POST "/api/v1/capacity/$e1/applications" ''
  local id
  id=$(json_field "$body" 'd["id"]')
  as $1 POST "/api/v1/rotations/$id/submit" ''
  echo "$id"
}
a3=$(apply st3)
as sadmin POST "/api/v1/rotations/$a3/endorse" ''
as fcoord POST "/api/v1/rotations/$a3/accept" ''
check "the facility accepts an application" equals "$status/$(json_field "$body" 'd["status"]')" "200/onboarding"
check "the student is mailed it was accepted" wait_for_mails st3 "Your application was accepted" 1
check "naming the rotation" contains "$(mail_to st3 "Your application was accepted")" "Ada Applicant, Cardiology at Mercy General, $(day 50) to $(day 80)"
a4=$(apply st4)
as scoord POST "/api/v1/rotations/$a4/endorse" ''
as fcoord POST "/api/v1/rotations/$a4/waitlist" ''
check "waitlisted: mailed" wait_for_mails st4 "Your application was waitlisted" 1
as fadmin POST "/api/v1/rotations/$a4/decline" '{"reason":"SECRET-REASON no supervisor"}'
check "declined: mailed" wait_for_mails st4 "Your application was declined" 1
check "without the reason's text" equals "$(all_mail | grep -c 'SECRET-REASON' || true)" "0"
a6=$(apply st6)
check "a submitted application waits for the school" equals "$(db "SELECT status FROM rotations WHERE id = '$a6'")" "pending_review"
check "and submitting mails nobody" equals "$(mails st6 "Your application")/$(mails sadmin "Your application")" "0/0"

# ---------------------------------------------------------------- start reminder
check "the rotation starting in 3 days with its badge not done: one reminder to the student" \
  wait_for_mails st1 "Your rotation starts on $(day 3)" 1
check "naming the rotation" contains "$(mail_to st1 "Your rotation starts on")" "Your rotation $what starts on $(day 3)"
check "it is in the rotation's activity" equals "$(db "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '$r1' AND kind = 'notice' AND action = 'start_reminder'")" "1"
# More rounds: a student scheduled later gets theirs; the first gets no second one.
as sadmin POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st5]}\"],\"startDate\":\"$(day 5)\",\"endDate\":\"$(day 12)\"}"
check "a later student gets their reminder in a later round" wait_for_mails st5 "Your rotation starts on $(day 5)" 1
check "a rotation starting beyond reminderDays gets none" equals "$(mails st3 "Your rotation starts")" "0"

# ---------------------------------------------------------------- weekly digest
for who in st1 sadmin fcoord; do as $who PATCH /api/v1/me/notifications '{"weekly_digest":true}'; done
check "the student's digest arrives" wait_for_mails st1 "Your open items" 1
check "listing the step they have to do" contains "$(mail_to st1 "Your open items")" "1 step to complete: $what"
check "the school admin's digest lists the application to review" wait_for_mails sadmin "Your open items" 1
check "naming it" contains "$(mail_to sadmin "Your open items")" "An application to review for your school: Dee Draft, Cardiology at Mercy General"
as scoord POST "/api/v1/capacity/$w1/rotations" "{\"studentIds\":[\"${uid[st6]}\"],\"startDate\":\"$(day 6)\",\"endDate\":\"$(day 12)\"}"
check "(more rounds ran)" wait_for_mails st6 "Your rotation starts on $(day 6)" 1
check "one digest per period, however many rounds" equals "$(mails st1 "Your open items")/$(mails sadmin "Your open items")" "1/1"
check "nothing for someone without open items" equals "$(mails fcoord "Your open items")" "0"
check "nor for those who did not ask (weekly_digest is off by default)" equals "$(mails st5 "Your open items")/$(mails scoord "Your open items")" "0/0"

# ---------------------------------------------------------------- a new preceptor
as scoord PATCH "/api/v1/rotations/$r1" "{\"preceptorId\":\"${uid[otherprec]}\"}"
check "the school's coordinator gives the rotation another preceptor" equals "$status/$(json_field "$body" 'd["preceptorId"]')" "200/${uid[otherprec]}"
check "the new preceptor is mailed" wait_for_mails otherprec "A student is assigned to you: Sam Student, Emergency" 1
check "naming the rotation" contains "$(mail_to otherprec "A student is assigned to you")" "You are now the preceptor of the rotation $what."
check "the previous one, that they were removed" wait_for_mails fprec "You are no longer the preceptor of Sam Student, Emergency" 1
check "and the student, with the new preceptor's name" wait_for_mails st1 "Your preceptor changed: Emergency at Mercy General" 1
check "naming them" contains "$(mail_to st1 "Your preceptor changed")" "Your preceptor on the rotation $what is now Paula Otherpreceptor."
as st1 GET "/api/v1/rotations/$r1/activity"
check "the change is in the activity, with the previous preceptor" equals \
  "$(json_field "$body" '[i["detail"]["preceptorId"] + "/" + i["detail"]["previousPreceptorId"] for i in d["items"] if i["kind"] == "update"][0]')" "${uid[otherprec]}/${uid[fprec]}"
as fcoord PATCH "/api/v1/rotations/$r2" "{\"preceptorId\":\"${uid[otherprec]}\"}"
check "the other student's rotation too (they turned rotation_action off)" equals "$status" "200"
check "both preceptors are mailed" wait_for_mails fprec "You are no longer the preceptor of Quiet Student" 1
check "(the new one too)" wait_for_mails otherprec "A student is assigned to you: Quiet Student" 1
as fcoord PATCH "/api/v1/rotations/$r1" "{\"endDate\":\"$(day 10)\",\"preceptorId\":\"${uid[otherprec]}\"}"
check "a change that keeps the preceptor" equals "$status" "200"
as fcoord PATCH "/api/v1/rotations/$r1" '{"preceptorId":null}'
check "removing the preceptor" equals "$status/$(json_field "$body" 'str(d["preceptorId"])')" "200/None"
check "mails the removed one" wait_for_mails otherprec "You are no longer the preceptor of Sam Student" 1
check "and the student, that there is none for now" wait_for_mails st1 "Your preceptor changed" 2
check "the change that kept the preceptor mailed nobody" equals "$(mails otherprec "A student is assigned to you: Sam Student")/$(mails fprec "You are no longer the preceptor of Sam Student")" "1/1"
check "the student's last letter says there is no preceptor" contains "$(mail_to st1 "Your preceptor changed")" "Your rotation $what has no preceptor at the moment."

# ---------------------------------------------------------------- settings and privacy
check "the student who turned rotation_action off got nothing" equals "$(ls "$work"/var/mail/*.eml | xargs grep -l "^To: .*st2@example.org" | wc -l)" "0"
check "yet their rotation was scheduled and reached the reminder time" equals "$(db "SELECT status FROM rotations WHERE id = '$r2'")/$(db "SELECT COUNT(*) FROM rotation_events WHERE rotation_id = '$r2' AND kind = 'notice'")" "onboarding/1"
check "no comment text in any mail (text or HTML, decoded)" equals "$(all_mail | grep -c 'SECRET-' || true)" "0"
check "(the mails were read: $(ls "$work"/var/mail/*.eml | wc -l) of them)" contains "$(all_mail)" "commented on the rotation"
check "nor in the server's log" equals "$(grep -c 'SECRET-' "$work/server.log" || true)" "0"
check "the job's log ids are there" wait_for_log "RTN0102" 10
check "and no error" equals "$(grep -cE ' (Error|Critical|Fatal) ' "$work/server.log" || true)" "0"

finish
