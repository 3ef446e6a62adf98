#!/usr/bin/env bash
# smtp-sink.sh start|stop|pause|resume DIR — the SMTP server of the mail tests
# (smtp-sink.py on Debian's aiosmtpd), a CTest fixture.
#   start   makes a self-signed certificate for 127.0.0.1, picks three free loopback
#           ports, starts the server, waits until every port answers, and writes
#           DIR/smtp.env: ROTUNDA_TEST_SMTP_PORT, ROTUNDA_TEST_SMTP_STARTTLS_PORT,
#           ROTUNDA_TEST_SMTP_TLS_PORT, ROTUNDA_TEST_SMTP_CA (the certificate to trust).
#   pause   stops the server (to test "mail server unavailable"); resume starts it
#           again on the same ports. stop ends it and removes DIR.
# Received messages land in DIR/maildir/new.
set -euo pipefail
command=${1:-}
dir=${2:-}
[ -n "$dir" ] || { echo "usage: smtp-sink.sh start|stop|pause|resume DIR" >&2; exit 2; }
python=/usr/bin/python3  # Debian's, which has python3-aiosmtpd
here=$(cd "$(dirname "$0")" && pwd)

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

answers() {
  "$python" -c "import socket; socket.create_connection(('127.0.0.1', $1), 1).close()" 2>/dev/null
}

launch() {
  mkdir -p "$dir/maildir/tmp" "$dir/maildir/new" "$dir/maildir/cur"
  . "$dir/smtp.env"
  nohup "$python" "$here/smtp-sink.py" "$dir" "$ROTUNDA_TEST_SMTP_PORT" \
    "$ROTUNDA_TEST_SMTP_STARTTLS_PORT" "$ROTUNDA_TEST_SMTP_TLS_PORT" >>"$dir/smtp.log" 2>&1 &
  echo $! >"$dir/smtp.pid"
  local deadline=$((SECONDS + 20))
  for port in "$ROTUNDA_TEST_SMTP_PORT" "$ROTUNDA_TEST_SMTP_STARTTLS_PORT" "$ROTUNDA_TEST_SMTP_TLS_PORT"; do
    until answers "$port"; do
      if [ $SECONDS -ge $deadline ] || ! kill -0 "$(cat "$dir/smtp.pid")" 2>/dev/null; then
        echo "smtp-sink.sh: the SMTP sink does not answer on 127.0.0.1:$port after 20 s; its log:" >&2
        cat "$dir/smtp.log" >&2
        halt
        exit 1
      fi
      sleep 0.05
    done
  done
}

# Stops the sink and waits until it is gone, so "paused" really means nobody listens.
halt() {
  [ -f "$dir/smtp.pid" ] || return 0
  local pid deadline=$((SECONDS + 10))
  pid=$(cat "$dir/smtp.pid")
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/smtp.pid"
}

case $command in
  start)
    mkdir -p "$dir"
    halt
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
    {
      echo "ROTUNDA_TEST_SMTP_PORT=$(free_port)"
      echo "ROTUNDA_TEST_SMTP_STARTTLS_PORT=$(free_port)"
      echo "ROTUNDA_TEST_SMTP_TLS_PORT=$(free_port)"
      echo "ROTUNDA_TEST_SMTP_CA=$dir/cert.pem"
    } >"$dir/smtp.env"
    launch
    echo "smtp-sink.sh: SMTP sink running ($(tr '\n' ' ' <"$dir/smtp.env")), messages in $dir/maildir/new"
    ;;
  stop) halt; rm -rf "$dir" ;;
  pause) halt ;;
  resume) launch ;;
  *) echo "usage: smtp-sink.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
