#!/usr/bin/env bash
# social.sh — the staff directory, connections, endorsements, blocks and messages
# through rotundad's API: who is found and what each viewer sees (listed by
# default or by choice, shared email), ranking and paging, the connection
# lifecycle with its duplicate and rate-limit refusals, endorsements (free text,
# a facility's list, hiding), threads with unread counts, read markers, paging
# back in time, attachments and size limits, blocks, a privacy matrix of
# outsiders against a pair's thread, the audit trail without message bodies,
# and the batched message mail through the outbox, respecting the setting.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

cat >"$work/site.properties" <<CONF
plugins.directory = $ROTUNDA_BINARY_DIR/plugins-out
plugins.fs-documents.enabled = true
plugins.fs-documents.root = $work/documents
plugins.fs-documents.minFreeMegabytes = 0
documents.allowedTypes = application/pdf, image/png, text/plain
database.sqlite.path = $work/rotunda.db
social.connectionRequestsPerHour = 5
social.messageMailIntervalSeconds = 1
CONF
export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_HTTP_PUBLIC_URL="$base" "$ROTUNDAD" --config "$work/site.properties" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
mail_dir="$work/var/mail"

db() { sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" "$@"; }
declare -A csrf uid
signup() {  # signup NAME "Display Name": NAME@example.org with the cookie jar $work/NAME
  request POST /api/v1/auth/signup "{\"email\":\"$1@example.org\",\"name\":\"$2\",\"password\":\"a long enough passphrase 1\"}" "$work/$1"
  csrf[$1]=$(json_field "$body" 'd["csrfToken"]')
  uid[$1]=$(json_field "$body" 'd["user"]["id"]')
}
as() {  # as NAME METHOD PATH [JSON]: a request by NAME (anonymous: no jar)
  local who=$1 method=$2 path=$3 data=${4:-}
  if [ "$who" = anonymous ]; then request "$method" "$path" "$data"; else request "$method" "$path" "$data" "$work/$who" "${csrf[$who]}"; fi
}
member() { db "INSERT INTO memberships (organization_id, user_id, role, source, created_at) VALUES ('$1', '${uid[$2]}', '$3', 'manual', '2026-01-01T00:00:00.000Z')"; }
field_errors() { json_field "$body" '",".join(sorted(e["field"] for e in d.get("errors", [])))'; }
names() { json_field "$body" '",".join(p["name"] for p in d["items"])'; }
# mail_to ADDRESS: the names of mail files addressed to ADDRESS (one a line).
mail_to() { grep -l "^To: .*$1" "$mail_dir"/*.eml 2>/dev/null || true; }
# wait_for_mail_to ADDRESS SUBJECT-PART COUNT: polls until COUNT mails to ADDRESS mention SUBJECT-PART.
wait_for_mail_to() {
  local deadline=$((SECONDS + 30))
  until [ "$(mail_to "$1" | xargs -r grep -l "$2" | wc -l)" -ge "$3" ]; do
    [ $SECONDS -lt $deadline ] || { echo "FAIL: no mail $3 to $1 about $2" >&2; return 1; }
    sleep 0.1
  done
}

signup ada "Ada Admin"          # facility admin: staff, listed by default
signup cole "Cole Coordinator"  # facility coordinator
signup petra "Petra Preceptor"  # facility preceptor
signup sam "Sam Student"        # student: not listed by default
signup stella "Stella Student"  # student who chooses to be listed
signup otto "Otto Outsider"     # no organization: not listed
signup mar "Mar"                # three staff for the ranking
signup mara "Mara Lee"
signup omar "Omar Khan"
signup rex "Rex Requester"      # sends too many requests
as ada POST /api/v1/organizations '{"kind":"facility","name":"Mercy General"}'
mercy=$(json_field "$body" 'd["id"]')
as otto POST /api/v1/organizations '{"kind":"school","name":"Lakeside College"}'
lakeside=$(json_field "$body" 'd["id"]')
db "DELETE FROM memberships WHERE user_id = '${uid[otto]}'"
member "$mercy" cole coordinator
member "$mercy" petra preceptor
member "$mercy" mar preceptor
member "$mercy" mara preceptor
member "$mercy" omar preceptor
member "$mercy" rex preceptor
member "$lakeside" sam student
member "$lakeside" stella student

# --- directory -----------------------------------------------------------------
as sam GET "/api/v1/directory?q=mar"
check "exact, then prefix, then substring matches" equals "$(names)" "Mar,Mara Lee,Omar Khan"
check "each item says how it matched" equals "$(json_field "$body" '",".join(p["match"] for p in d["items"])')" "exact,prefix,substring"
as sam GET "/api/v1/directory?q=MARA%20lee"
check "the query is case-insensitive" equals "$(names)" "Mara Lee"
as sam GET "/api/v1/directory?q=mercy&limit=100"
check "an organization's name finds its staff" equals "$(names)" "Ada Admin,Cole Coordinator,Mar,Mara Lee,Omar Khan,Petra Preceptor,Rex Requester"
as sam GET "/api/v1/directory?role=coordinator"
check "filtered by role" equals "$(names)" "Cole Coordinator"
as sam GET "/api/v1/directory?q=student"
check "students are not listed by default" equals "$(names)" ""
as ada GET "/api/v1/directory?q=otto"
check "people without a role are not listed" equals "$(names)" ""
as ada GET "/api/v1/people/${uid[sam]}"
check "an unlisted person's card is 404" equals "$status" "404"
as stella PATCH /api/v1/me '{"listed":true,"specialty":"Pediatrics","location":"Ward 3"}'
check "a student chooses to be listed" equals "$status/$(json_field "$body" 'd["listed"]')" "200/True"
as ada GET "/api/v1/directory?q=student"
check "…and is found" equals "$(names)" "Stella Student"
as ada GET "/api/v1/directory?specialty=pediat&location=ward"
check "specialty and location filter" equals "$(names)" "Stella Student"
as petra PATCH /api/v1/me '{"listed":false}'
as sam GET "/api/v1/directory?q=petra"
check "staff who choose not to be listed are not found" equals "$(names)" ""
as petra PATCH /api/v1/me '{"listed":null}'
as sam GET "/api/v1/directory?q=petra"
check "null goes back to the default" equals "$(names)" "Petra Preceptor"
as ada PATCH /api/v1/me '{"phone":"+1 555 0100"}'
as sam GET "/api/v1/people/${uid[ada]}"
check "no email or phone unless shared" equals "$(json_field "$body" 'str(d["email"])+"/"+str(d["phone"])')" "None/None"
as ada PATCH /api/v1/me '{"shareEmail":true}'
as sam GET "/api/v1/people/${uid[ada]}"
check "a shared email shows, the phone still not" equals "$(json_field "$body" 'str(d["email"])+"/"+str(d["phone"])')" "ada@example.org/None"
check "the card names organizations and roles" equals "$(json_field "$body" 'd["organizations"][0]["name"]+":"+d["organizations"][0]["roles"][0]')" "Mercy General:admin"
as ada GET /api/v1/me
check "the profile shows the directory fields" equals "$(json_field "$body" 'str(d["listed"])+"/"+str(d["shareEmail"])')" "None/True"
as ada PATCH /api/v1/me '{"listed":"yes","specialty":7,"shareEmail":1}'
check "bad directory fields are field errors" equals "$(field_errors)" "listed,shareEmail,specialty"
# Paging: one at a time, the cursor carries across the tiers.
all=""; cursor=""
for _ in 1 2 3 4; do
  as sam GET "/api/v1/directory?q=mar&limit=1${cursor:+&cursor=$cursor}"
  all="$all$(names);"
  cursor=$(json_field "$body" 'd["nextCursor"] or ""')
  [ -n "$cursor" ] || break
done
check "pages of one follow the ranking" equals "$all" "Mar;Mara Lee;Omar Khan;"
as sam GET "/api/v1/directory?cursor=nonsense&limit=0"
check "bad cursor and limit are field errors" equals "$(field_errors)" "cursor,limit"
as anonymous GET "/api/v1/directory?q=ada"
check "the directory needs a sign-in" equals "$status" "401"

# --- connections ---------------------------------------------------------------
as sam POST /api/v1/connections "{\"userId\":\"${uid[ada]}\",\"note\":\"I start in the ED in March\"}"
check "a student asks to connect" equals "$status/$(json_field "$body" 'd["state"]')" "201/pending"
request1=$(json_field "$body" 'd["id"]')
as sam POST /api/v1/connections "{\"userId\":\"${uid[ada]}\"}"
check "no duplicate pending request" equals "$status" "409"
as ada POST /api/v1/connections "{\"userId\":\"${uid[sam]}\"}"
check "asking someone who asked you is 409 (accept theirs)" equals "$status" "409"
as ada GET "/api/v1/people/${uid[sam]}"
check "the person asked sees the unlisted requester's card" equals "$status" "200"
as cole GET "/api/v1/people/${uid[sam]}"
check "others still do not" equals "$status" "404"
as sam POST /api/v1/connections "{\"userId\":\"${uid[otto]}\"}"
check "requests to people one cannot see are 404" equals "$status" "404"
as sam POST /api/v1/connections "{\"userId\":\"${uid[sam]}\"}"
check "no request to oneself" equals "$(field_errors)" "userId"
as sam POST "/api/v1/connections/$request1/accept"
check "the requester cannot accept" equals "$status" "403"
as cole POST "/api/v1/connections/$request1/accept"
check "someone else's connection is 404" equals "$status" "404"
as ada GET "/api/v1/connections?filter=incoming"
check "incoming requests list" equals "$(json_field "$body" 'd["items"][0]["otherName"]+"/"+d["items"][0]["note"]')" "Sam Student/I start in the ED in March"
as ada POST "/api/v1/connections/$request1/accept"
check "the person asked accepts" equals "$status/$(json_field "$body" 'd["state"]')" "200/accepted"
as sam POST "/api/v1/connections/$request1/withdraw"
check "an accepted connection is not withdrawn" equals "$status" "409"
wait_for_mail_to sam@example.org "accepted your request" 1
check "the requester is mailed about the acceptance" true
as sam GET "/api/v1/connections?filter=accepted"
check "accepted connections list" equals "$(json_field "$body" '",".join(c["otherName"] for c in d["items"])')" "Ada Admin"
as sam POST /api/v1/connections "{\"userId\":\"${uid[ada]}\"}"
check "no request to someone already connected" equals "$status" "409"
as sam POST /api/v1/connections "{\"userId\":\"${uid[cole]}\"}"
request2=$(json_field "$body" 'd["id"]')
as sam POST "/api/v1/connections/$request2/withdraw"
check "the requester withdraws" equals "$(json_field "$body" 'd["state"]')" "withdrawn"
as sam POST /api/v1/connections "{\"userId\":\"${uid[cole]}\"}"
request3=$(json_field "$body" 'd["id"]')
check "after a withdrawal a new request may follow" equals "$status" "201"
as cole POST "/api/v1/connections/$request3/decline"
check "the person asked declines" equals "$(json_field "$body" 'd["state"]')" "declined"
as sam POST /api/v1/connections "{\"userId\":\"${uid[mar]}\"}"
request4=$(json_field "$body" 'd["id"]')
as mar POST "/api/v1/connections/$request4/accept"
as mar DELETE "/api/v1/connections/$request4"
check "either side removes a connection" equals "$status" "204"
as sam GET "/api/v1/connections/$request4"
check "…which stays as history" equals "$(json_field "$body" 'd["state"]')" "removed"
for who in ada cole petra mar mara; do as rex POST /api/v1/connections "{\"userId\":\"${uid[$who]}\"}"; done
as rex POST /api/v1/connections "{\"userId\":\"${uid[omar]}\"}"
check "the sixth request in an hour is 429" equals "$status" "429"
retry=$(curl -s -D - -o /dev/null -b "$work/rex" -H "X-CSRF-Token: ${csrf[rex]}" -H 'Content-Type: application/json' \
  --data "{\"userId\":\"${uid[omar]}\"}" "$base/api/v1/connections" | tr -d '\r' | awk -F': ' 'tolower($1)=="retry-after" {print $2}')
check "…with Retry-After" test "${retry:-0}" -gt 0

# --- endorsements --------------------------------------------------------------
as sam POST "/api/v1/people/${uid[ada]}/endorsements" '{"skill":"  Suturing  "}'
check "a connection endorses a skill" equals "$status/$(json_field "$body" 'd["skill"]')" "201/Suturing"
free_text=$(json_field "$body" 'd["id"]')
as sam POST "/api/v1/people/${uid[ada]}/endorsements" '{"skill":"suturing"}'
check "the same skill twice is 409" equals "$status" "409"
as sam POST "/api/v1/people/${uid[petra]}/endorsements" '{"skill":"Teaching"}'
check "no endorsement without a connection" equals "$status" "403"
as sam POST "/api/v1/people/${uid[ada]}/endorsements" "{\"skill\":\"$(printf 'x%.0s' $(seq 61))\"}"
check "a skill has a length limit" equals "$(field_errors)" "skill"
as ada POST "/api/v1/organizations/$mercy/skills" '{"name":"Triage"}'
check "a facility lists a skill" equals "$status" "201"
triage=$(json_field "$body" 'd["id"]')
as ada POST "/api/v1/organizations/$mercy/skills" '{"name":"triage"}'
check "…once" equals "$status" "409"
as petra POST "/api/v1/organizations/$mercy/skills" '{"name":"Charting"}'
check "a preceptor does not keep the list" equals "$status" "403"
as sam GET "/api/v1/organizations/$mercy/skills"
check "everyone reads the list" equals "$(json_field "$body" 'd["items"][0]["name"]')" "Triage"
as sam POST "/api/v1/people/${uid[ada]}/endorsements" "{\"skillId\":\"$triage\"}"
check "an endorsement from the list" equals "$status/$(json_field "$body" 'd["skill"]')" "201/Triage"
as cole PATCH "/api/v1/me/endorsements/$free_text" '{"hidden":true}'
check "only the endorsed person hides an endorsement" equals "$status" "404"
as ada PATCH "/api/v1/me/endorsements/$free_text" '{"hidden":true}'
check "the endorsed person hides one" equals "$status/$(json_field "$body" 'd["hidden"]')" "200/True"
as cole GET "/api/v1/people/${uid[ada]}/endorsements"
check "hidden endorsements are not shown to others" equals "$(json_field "$body" '",".join(e["skill"] for e in d["items"])')" "Triage"
as ada GET "/api/v1/people/${uid[ada]}/endorsements"
check "…but to the person" equals "$(json_field "$body" '",".join(e["skill"]+":"+str(e["hidden"]) for e in d["items"])')" "Suturing:True,Triage:False"

# --- messages ------------------------------------------------------------------
# The mail job is held by "someone else" until the messages are written, so that
# they arrive in one round.
db "INSERT INTO job_leases (job, holder, lease_until, acquired_at) VALUES ('message-mail', 'test', '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') ON CONFLICT (job) DO UPDATE SET holder = 'test', lease_until = '2999-01-01T00:00:00.000Z'"
as sam POST /api/v1/threads "{\"userId\":\"${uid[ada]}\"}"
check "connected people open a thread" equals "$status" "201"
thread=$(json_field "$body" 'd["id"]')
as ada POST /api/v1/threads "{\"userId\":\"${uid[sam]}\"}"
check "the pair has one thread" equals "$status/$(json_field "$body" 'd["id"]')" "200/$thread"
as sam POST /api/v1/threads "{\"userId\":\"${uid[petra]}\"}"
check "no thread without a connection (or a shared rotation)" equals "$status" "403"
for n in 1 2 3; do as sam POST "/api/v1/threads/$thread/messages" "{\"body\":\"confidential-body-$n\"}"; done
check "messages are sent" equals "$status" "201"
last=$(json_field "$body" 'd["id"]')
as ada GET /api/v1/threads
check "the recipient has 3 unread" equals "$(json_field "$body" 'str(d["items"][0]["unread"])+"/"+str(d["unreadTotal"])')" "3/3"
as sam GET /api/v1/me/unread
check "the sender has none" equals "$(json_field "$body" 'd["messages"]')" "0"
as ada GET "/api/v1/threads/$thread/messages?limit=2"
check "newest first" equals "$(json_field "$body" '",".join(m["body"] for m in d["items"])')" "confidential-body-3,confidential-body-2"
before=$(json_field "$body" 'd["nextCursor"]')
as ada GET "/api/v1/threads/$thread/messages?limit=2&before=$before"
check "paging goes back in time" equals "$(json_field "$body" '",".join(m["body"] for m in d["items"])+"/"+str(d["nextCursor"])')" "confidential-body-1/None"
first=$(json_field "$body" 'd["items"][0]["id"]')
as ada POST "/api/v1/threads/$thread/read" "{\"upTo\":$first}"
check "a read marker lowers the unread count" equals "$(json_field "$body" 'str(d["unread"])+"/"+str(d["lastReadId"])')" "2/$first"
as ada POST "/api/v1/threads/$thread/read" "{\"upTo\":0}"
check "the marker never moves back" equals "$(json_field "$body" 'd["lastReadId"]')" "$first"
as sam POST "/api/v1/threads/$thread/messages" "{\"body\":\"$(head -c 8001 /dev/zero | tr '\0' 'a')\"}"
check "a body over 8000 bytes is refused" equals "$status/$(field_errors)" "422/body"
as sam POST "/api/v1/threads/$thread/messages" '{"body":"   "}'
check "an empty message is refused" equals "$(field_errors)" "body"
# Attachments: a document of the thread.
printf 'discharge summary template' >"$work/note.txt"
upload() {  # upload WHO RECORD-TYPE RECORD-ID: sets $status and $body
  status=$(curl -s -o "$work/body" -w '%{http_code}' -b "$work/$1" -H "X-CSRF-Token: ${csrf[$1]}" \
    -H "X-Filename: note.txt" -H "Content-Type: text/plain" --data-binary "@$work/note.txt" \
    "$base/api/v1/documents?recordType=$2&recordId=$3")
  body=$(cat "$work/body")
}
upload sam message "$thread"
check "a party uploads an attachment to the thread" equals "$status" "201"
attachment=$(json_field "$body" 'd["id"]')
upload petra message "$thread"
check "nobody else does" equals "$status" "404"
upload sam user "${uid[sam]}"
own_doc=$(json_field "$body" 'd["id"]')
as sam POST "/api/v1/threads/$thread/messages" "{\"body\":\"see attached\",\"documentId\":\"$own_doc\"}"
check "only the thread's documents are attached" equals "$(field_errors)" "documentId"
as sam POST "/api/v1/threads/$thread/messages" "{\"documentId\":\"$attachment\"}"
check "a message may be just an attachment" equals "$status" "201"
last=$(json_field "$body" 'd["id"]')
download() { curl -s -o /dev/null -w '%{http_code}' -b "$work/$1" "$base/api/v1/documents/$attachment"; }
check "the other party downloads it" equals "$(download ada)" "200"
as sam DELETE "/api/v1/documents/$attachment"
check "an attachment in use is not deleted" equals "$status" "409"

# --- privacy matrix: nobody reads another pair's thread --------------------------
for who in cole petra otto stella; do
  as $who GET "/api/v1/threads/$thread"; s1=$status
  as $who GET "/api/v1/threads/$thread/messages"; s2=$status
  as $who POST "/api/v1/threads/$thread/messages" '{"body":"hi"}'; s3=$status
  as $who POST "/api/v1/threads/$thread/read" '{"upTo":1}'; s4=$status
  check "$who cannot touch the thread of sam and ada" equals "$s1,$s2,$s3,$s4,$(download $who)" "404,404,404,404,404"
  as $who GET /api/v1/threads
  check "$who does not list it" equals "$(json_field "$body" 'len(d["items"])')" "0"
done
as anonymous GET "/api/v1/threads/$thread/messages"
check "anonymous gets 401" equals "$status" "401"

# --- batched mail ----------------------------------------------------------------
db "DELETE FROM job_leases WHERE job = 'message-mail'"
wait_for_mail_to ada@example.org "new messages" 1
summary=$(mail_to ada@example.org | xargs grep -l "new messages")
check "one summary for several messages, naming the sender" contains "$(mail_text "$summary")" "Sam Student (3)"
check "the mail never carries a message body" test -z "$(grep -l confidential-body "$mail_dir"/*.eml || true)"
as ada PATCH /api/v1/me/notifications '{"messages":false}'
check "a kind of mail is turned off" equals "$(json_field "$body" 'str(d["messages"])+"/"+str(d["rotation_action"])+"/"+str(d["weekly_digest"])')" "False/True/False"
as ada PATCH /api/v1/me/notifications '{"gossip":true,"connections":"no"}'
check "unknown kinds and non-booleans are field errors" equals "$(field_errors)" "connections,gossip"
as sam POST "/api/v1/threads/$thread/messages" '{"body":"confidential-body-5"}'
last=$(json_field "$body" 'd["id"]')
deadline=$((SECONDS + 30))
until [ "$(db "SELECT notified_id FROM thread_members WHERE thread_id = '$thread' AND user_id = '${uid[ada]}'")" = "$last" ]; do
  [ $SECONDS -lt $deadline ] || break
  sleep 0.1
done
check "with messages mail off, a round passes without a mail" equals "$(mail_to ada@example.org | xargs grep -l "new message" | wc -l)" "1"

# --- blocks ----------------------------------------------------------------------
as ada PUT "/api/v1/me/blocks/${uid[sam]}"
check "a user blocks another" equals "$status" "201"
as sam POST "/api/v1/threads/$thread/messages" '{"body":"are you there?"}'
check "a blocked user's message is refused" equals "$status" "403"
as sam POST /api/v1/connections "{\"userId\":\"${uid[ada]}\"}"
check "…and their request" equals "$status" "403"
as sam GET "/api/v1/connections/$request1"
check "blocking ended the connection" equals "$(json_field "$body" 'd["state"]')" "removed"
as sam GET "/api/v1/directory?q=ada"
check "the blocker is not found by the blocked" equals "$(names)" ""
as sam GET "/api/v1/threads/$thread/messages?limit=1"
check "the history stays readable" equals "$status" "200"
as ada GET /api/v1/me/blocks
check "blocks are listed" equals "$(json_field "$body" 'd["items"][0]["name"]')" "Sam Student"
as ada DELETE "/api/v1/me/blocks/${uid[sam]}"
check "unblocking" equals "$status" "204"
as sam GET "/api/v1/directory?q=ada"
check "…makes them findable again" equals "$(names)" "Ada Admin"
as sam POST "/api/v1/threads/$thread/messages" '{"body":"hello again"}'
check "messages need a connection again" equals "$status" "403"

# --- audit -----------------------------------------------------------------------
actions=$(db "SELECT DISTINCT action FROM audit_events ORDER BY action" | tr '\n' ',')
for action in connection.requested connection.accepted connection.declined connection.withdrawn connection.removed \
              block.added block.removed endorsement.added endorsement.hidden skill.added message.sent; do
  check "audited: $action" contains "$actions" "$action"
done
check "no message body in the audit trail" equals "$(db "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%confidential-body%'")" "0"
check "no message body in the log" test -z "$(grep -l confidential-body "$work/server.log" || true)"

# --- merge ---------------------------------------------------------------------
# Two accounts that wrote to each other become one: the shared thread keeps one
# member row, and every new table moves with the account.
dry=$("$ROTUNDA_ADMIN" --config "$work/site.properties" users merge --from mara@example.org --into mar@example.org --dry-run)
check "a merge plan lists the new records" contains "$dry" "connections received"
as mar POST /api/v1/connections "{\"userId\":\"${uid[mara]}\"}"
connection=$(json_field "$body" 'd["id"]')
as mara POST "/api/v1/connections/$connection/accept"
as mar POST /api/v1/threads "{\"userId\":\"${uid[mara]}\"}"
pair=$(json_field "$body" 'd["id"]')
as mara POST "/api/v1/threads/$pair/messages" '{"body":"before the merge"}'
as mara PATCH /api/v1/me/notifications '{"weekly_digest":true}'
as mar PATCH /api/v1/me/notifications '{"weekly_digest":false}'
# The mail job is held again, so that rotundad writes nothing while rotunda-admin merges.
db "INSERT INTO job_leases (job, holder, lease_until, acquired_at) VALUES ('message-mail', 'test', '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') ON CONFLICT (job) DO UPDATE SET holder = 'test', lease_until = '2999-01-01T00:00:00.000Z'"
merge_status=0
"$ROTUNDA_ADMIN" --config "$work/site.properties" users merge --from mara@example.org --into mar@example.org >"$work/merge.out" 2>&1 || merge_status=$?
[ "$merge_status" = 0 ] || cat "$work/merge.out" >&2
check "accounts that share a thread merge" equals "$merge_status" "0"
check "…leaving one member row per thread" equals "$(db "SELECT COUNT(*) FROM thread_members WHERE thread_id = '$pair'")" "1"
check "…and one notification choice per kind" equals "$(db "SELECT COUNT(*) FROM notification_settings WHERE user_id = '${uid[mar]}' AND kind = 'weekly_digest'")" "1"
check "…and the messages" equals "$(db "SELECT COUNT(*) FROM messages WHERE sender_id = '${uid[mara]}'")" "0"

finish
