#!/usr/bin/env bash
# password-reset.sh — "Forgot password" end to end: the reset mail goes through the
# outbox (as an .eml file, then through a real SMTP server), its link sets a new
# password once, every other session ends; a relay that is down loses nothing and
# delivery resumes when it returns.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

export ROTUNDA_MAIL_OUTBOX_INTERVAL_SECONDS=1
export ROTUNDA_MAIL_OUTBOX_FIRST_RETRY_SECONDS=1
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_HTTP_PUBLIC_URL="$base/" "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

request POST /api/v1/auth/signup '{"email":"sam@example.org","name":"Sam Rivera","password":"first quiet harbour 1"}' "$work/sam"
csrf=$(json_field "$body" 'd["csrfToken"]')
request POST /api/v1/auth/password/forgot '{"email":"nobody@example.org"}'
check "an unknown email gets 202 too" equals "$status" "202"
unknown=$body
request POST /api/v1/auth/password/forgot '{"email":" SAM@example.org "}'
check "a known email gets 202" equals "$status" "202"
check "with the same words as an unknown one" equals "$body" "$unknown"
mail=$(wait_for_mail "$work/var/mail" 1 30)
check "exactly one mail was written (none for the unknown email)" equals "$(ls "$work/var/mail" | grep -c '\.eml$')" "1"
check "the mail goes to the account's address" grep -q "^To: <\?sam@example.org>\?" "$mail"
token=$(token_in "$mail")
check "the link starts with the public URL" contains "$(mail_text "$mail")" "$base/reset-password.html?token="
html=$(python3 -c "import email,sys; m=email.message_from_binary_file(open(sys.argv[1],'rb')); print([p for p in m.walk() if p.get_content_type()=='text/html'][0].get_payload(decode=True).decode())" "$mail")
check "the mail has an HTML alternative with a button" contains "$html" 'Set a new password</a>'

request POST /api/v1/auth/password/reset "{\"token\":\"$token\",\"password\":\"sam rivera is me\"}"
check "a weak new password is refused with the rule" contains "$body" "must not contain your name"
request POST /api/v1/auth/password/reset "{\"token\":\"$token\",\"password\":\"second bright lantern 2\"}"
check "the reset sets the password" equals "$status" "204"
request POST /api/v1/auth/password/reset "{\"token\":\"$token\",\"password\":\"third calm meadow 3\"}"
check "the link works once" equals "$status" "400"
check "and says it was used" contains "$body" "this link was used already"
request POST /api/v1/auth/password/reset '{"token":"made-up","password":"third calm meadow 3"}'
check "a made-up token is refused" contains "$body" "this link is not valid"
request GET /api/v1/me "" "$work/sam"
check "the reset ended the old session" equals "$status" "401"
request POST /api/v1/auth/login '{"email":"sam@example.org","password":"first quiet harbour 1"}'
check "the old password no longer works" equals "$status" "401"
request POST /api/v1/auth/login '{"email":"sam@example.org","password":"second bright lantern 2"}'
check "the new one does" equals "$status" "200"
# Changing the email address: confirmed from the new address, announced to the old one.
jar=$work/sam-new
request POST /api/v1/auth/login '{"email":"sam@example.org","password":"second bright lantern 2"}' "$jar"
csrf=$(json_field "$body" 'd["csrfToken"]')
request POST /api/v1/auth/signup '{"email":"taken@example.org","name":"Kim Park","password":"fourth gentle river 4"}'
request POST /api/v1/me/email '{"email":"taken@example.org"}' "$jar" "$csrf"
check "an email change needs the current password" contains "$body" '"field":"currentPassword","message":"is required"'
request POST /api/v1/me/email '{"email":"taken@example.org","currentPassword":"a wrong guess 9"}' "$jar" "$csrf"
check "and refuses a wrong one" contains "$body" '"field":"currentPassword","message":"is not correct"'
request POST /api/v1/me/email '{"email":"taken@example.org","currentPassword":"second bright lantern 2"}' "$jar" "$csrf"
check "an address another account has is 409" equals "$status" "409"
request POST /api/v1/me/email '{"email":"not an address","currentPassword":"second bright lantern 2"}' "$jar" "$csrf"
check "a malformed address is a field error" contains "$body" '"field":"email"'
request POST /api/v1/me/email '{"email":"sam.rivera@school.example"}' "$jar"
check "an email change needs the CSRF token" equals "$status" "403"
request POST /api/v1/me/email '{"email":"Sam.Rivera@School.example","currentPassword":"second bright lantern 2"}' "$jar" "$csrf"
check "an email change is accepted for confirmation" equals "$status" "202"
wait_for_mail "$work/var/mail" 3 30 >/dev/null
confirm_mail=$(grep -l "Confirm your new Rotunda email" "$work"/var/mail/*.eml)
check "the confirmation goes to the new address" grep -q "sam.rivera@school.example" "$confirm_mail"
check "the old address is told" test -n "$(grep -l "about to change" "$work"/var/mail/*.eml)"
request GET /api/v1/me "" "$jar"
check "nothing changes before confirmation" equals "$(json_field "$body" 'd["email"]')" "sam@example.org"
email_token=$(token_in "$confirm_mail" confirm-email.html)
request POST /api/v1/auth/email/confirm "{\"token\":\"$email_token\"}"
check "the confirmation changes the address" equals "$status" "204"
request POST /api/v1/auth/email/confirm "{\"token\":\"$email_token\"}"
check "a confirmation link works once" contains "$body" "this link was used already"
request POST /api/v1/auth/login '{"email":"sam.rivera@school.example","password":"second bright lantern 2"}'
check "the new address signs in" equals "$status" "200"
request POST /api/v1/auth/email/confirm "{\"token\":\"$token\"}"
check "a reset token does not confirm an email change" contains "$body" "this link is not valid"
check "the confirmation page is served" equals "$(curl -s -o /dev/null -w '%{http_code}' "$base/confirm-email.html")" "200"

check "the reset page is served" equals "$(curl -s -o /dev/null -w '%{http_code}' "$base/reset-password.html")" "200"
check "no token reaches the log" test "$(grep -c -- "$token" "$work/server.log" || true)" = "0"
kill -TERM "$server_pid"
wait_for_exit "$server_pid" 30
server_pid=""

# Through a real SMTP server that goes away and comes back.
. "$ROTUNDA_TEST_SMTP_DIR/smtp.env"
sink() { bash "$ROTUNDA_SOURCE_DIR/tests/integration/smtp-sink.sh" "$1" "$ROTUNDA_TEST_SMTP_DIR"; }
received=$(ls "$ROTUNDA_TEST_SMTP_DIR/maildir/new" 2>/dev/null | grep -c '\.eml$' || true)
port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port ROTUNDA_LOG_FILE= ROTUNDA_MAIL_TRANSPORT=smtp ROTUNDA_MAIL_SMTP_HOST=127.0.0.1 \
  ROTUNDA_MAIL_SMTP_PORT=$ROTUNDA_TEST_SMTP_PORT ROTUNDA_MAIL_FROM=rotunda@hospital.example \
  ROTUNDA_MAIL_SMTP_CONNECT_TIMEOUT_SECONDS=2 "$ROTUNDAD" >"$work/server2.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30
sink pause
request POST /api/v1/auth/password/forgot '{"email":"sam.rivera@school.example"}'
check "the request is accepted while the relay is down" equals "$status" "202"
deadline=$((SECONDS + 30))
until grep -q "RTM0010" "$work/server2.log"; do
  [ $SECONDS -lt $deadline ] || break
  sleep 0.1
done
check "the failed attempt is logged with a retry" grep -q "RTM0010 mail .* not delivered (attempt 1), retrying" "$work/server2.log"
check "the message waits in the outbox" equals "$(sqlite3 "$work/var/rotunda.db" "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")" "1"
sink resume
mail=$(wait_for_mail "$ROTUNDA_TEST_SMTP_DIR/maildir/new" $((received + 1)) 60)
check "once the relay is back the message arrives" grep -q "Set your Rotunda password" "$mail"
deadline=$((SECONDS + 30))
until [ "$(sqlite3 "$work/var/rotunda.db" "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")" = "0" ]; do
  [ $SECONDS -lt $deadline ] || break
  sleep 0.1
done
check "and the outbox records it sent" equals "$(sqlite3 "$work/var/rotunda.db" "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")" "0"
# Lockout never tells which emails have accounts: an unknown one locks the same way.
locks_after_failures() {  # locks_after_failures EMAIL: status and detail of the attempt after five failures
  for attempt in 1 2 3 4 5; do
    request POST /api/v1/auth/login "{\"email\":\"$1\",\"password\":\"not the password $attempt\"}"
  done
  request POST /api/v1/auth/login "{\"email\":\"$1\",\"password\":\"not the password 6\"}"
  echo "$status $(json_field "$body" 'd["detail"]')"
}
known=$(locks_after_failures sam.rivera@school.example)
check "five failures lock an account" contains "$known" "429"
check "and lock an email without an account in the same words" equals "$(locks_after_failures ghost@school.example)" "$known"

finish
