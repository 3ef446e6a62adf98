# lib.sh — helpers shared by the integration scripts (sourced, not run).

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_http URL SECONDS: polls until URL answers at all, or fails after SECONDS.
wait_for_http() {
  local url=$1 deadline=$((SECONDS + $2))
  until curl -s -o /dev/null "$url"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "FAIL: $url did not answer within $2 s" >&2
      return 1
    fi
    sleep 0.1
  done
}

# wait_for_exit PID SECONDS: waits for the child PID to end, or fails after SECONDS.
# Sets exit_status to its exit status. (Not for use in $(...): only this shell can wait.)
wait_for_exit() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null && ! [ -z "$(ps -o stat= -p "$pid" | grep -v Z)" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "FAIL: process $pid still running after $2 s" >&2
      return 1
    fi
    sleep 0.1
  done
  exit_status=0
  wait "$pid" || exit_status=$?
}

failures=0
check() {  # check DESCRIPTION COMMAND...: runs COMMAND, records a failure if it fails
  local description=$1; shift
  if "$@"; then
    echo "ok: $description"
  else
    echo "FAIL: $description" >&2
    failures=$((failures + 1))
  fi
}

contains() { [[ "$1" == *"$2"* ]] || { echo "  expected to contain: $2" >&2; echo "  got: $1" >&2; return 1; }; }
equals() { [ "$1" = "$2" ] || { echo "  expected: $2" >&2; echo "  got: $1" >&2; return 1; }; }

json_field() {  # json_field JSON PYTHON-EXPRESSION-ON-d
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); print($2)" "$1"
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed" >&2
    # What the server said about it (errors and warnings), for whoever reads the CI log.
    [ -f "$work/server.log" ] && grep -E ' (Error|Warning|Critical|Fatal) ' "$work/server.log" | tail -n 20 >&2
    exit 1
  fi
  echo "all checks passed"
}

# enter_workdir: makes a temporary directory, cds into it as $work, and removes it
# on exit after stopping $server_pid (the rotundad a script started, if any) and
# waiting for it to go, so it writes nothing more into the directory being removed.
enter_workdir() {
  work=$(mktemp -d)
  server_pid=""
  trap 'stop_server_quietly; rm -rf "$work"' EXIT
  cd "$work"
}

stop_server_quietly() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || return 0
  local tries=0
  while kill -0 "$server_pid" 2>/dev/null && [ $tries -lt 100 ]; do sleep 0.1; tries=$((tries + 1)); done
}

# request METHOD PATH JSON [JAR [CSRF]]: one API call to $base with curl; sets $status
# and $body. JAR is a cookie jar (read and written); CSRF goes in X-CSRF-Token.
request() {
  local method=$1 path=$2 data=$3 jar=${4:-} csrf=${5:-}
  local args=(-s -o "$work/body" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json')
  [ -n "$jar" ] && args+=(-b "$jar" -c "$jar")
  [ -n "$csrf" ] && args+=(-H "X-CSRF-Token: $csrf")
  [ -n "$data" ] && args+=(--data-binary "$data")
  status=$(curl "${args[@]}" "$base$path")
  body=$(cat "$work/body")
}

# wait_for_log TEXT SECONDS [FILE]: waits until FILE (default $work/server.log) holds
# TEXT. rotundad writes its log in batches, so a line can arrive after the request
# that followed it was answered.
# wait_for_job_round JOB: until the leased job JOB (job_leases.job) has run a
# whole round that began after this call (its lease is taken again at the start
# of every round: two new takings mean the first of them finished). Needs the
# script's db function.
wait_for_job_round() {
  local deadline=$((SECONDS + 20)) last now seen=0
  last=$(db "SELECT acquired_at FROM job_leases WHERE job = '$1'")
  while [ $seen -lt 2 ]; do
    now=$(db "SELECT acquired_at FROM job_leases WHERE job = '$1'")
    [ "$now" = "$last" ] || { seen=$((seen + 1)); last=$now; }
    [ $SECONDS -lt $deadline ] || { echo "  the job $1 ran no whole round in 20 s" >&2; return 1; }
    sleep 0.2
  done
}

wait_for_log() {
  local deadline=$((SECONDS + $2)) file=${3:-$work/server.log}
  until grep -qF -- "$1" "$file" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "  no '$1' in $file after $2 s" >&2; return 1; }
    sleep 0.1
  done
}

# wait_for_mail DIR COUNT SECONDS: waits until DIR holds COUNT .eml files and prints the newest.
wait_for_mail() {
  local dir=$1 want=$2 deadline=$((SECONDS + $3))
  while [ "$(ls "$dir" 2>/dev/null | grep -c '\.eml$' || true)" -lt "$want" ]; do
    [ $SECONDS -lt $deadline ] || { echo "FAIL: no mail number $want in $dir after $3 s" >&2; return 1; }
    sleep 0.1
  done
  ls -t "$dir"/*.eml | head -n 1
}
# mail_text FILE: the plain-text part of a mail file, decoded.
mail_text() {
  python3 - "$1" <<'PY'
import email, sys
message = email.message_from_binary_file(open(sys.argv[1], "rb"))
for part in message.walk():
    if part.get_content_type() == "text/plain":
        print(part.get_payload(decode=True).decode("utf-8"))
        break
PY
}
# token_in FILE [PAGE]: the token of the link to PAGE (default reset-password.html) in a mail file.
token_in() {
  mail_text "$1" | python3 -c '
import re, sys
print(re.search(re.escape(sys.argv[1]) + r"\?token=([A-Za-z0-9_-]+)", sys.stdin.read()).group(1))' "${2:-reset-password.html}"
}
