#!/usr/bin/env bash
# smtp-sink.sh start|stop|pause|resume DIR — a real SMTP server for the tests:
# Debian's aiosmtpd on a free loopback port, storing every message it accepts in
# the maildir DIR/maildir. `start` writes DIR/smtp.env (ROTUNDA_TEST_SMTP_PORT);
# `pause` stops the server and `resume` starts it again on the same port.
set -euo pipefail
command=$1
dir=$2
python=/usr/bin/python3  # Debian's, which has python3-aiosmtpd

launch() {
  local port=$1
  mkdir -p "$dir/maildir/tmp" "$dir/maildir/new" "$dir/maildir/cur"
  nohup "$python" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$dir/maildir" \
    >"$dir/smtp.log" 2>&1 &
  echo $! >"$dir/smtp.pid"
  local deadline=$((SECONDS + 20))
  until "$python" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "smtp-sink.sh: no SMTP server on port $port after 20 s" >&2; cat "$dir/smtp.log" >&2; exit 1; }
    sleep 0.1
  done
}

halt() {
  if [ -f "$dir/smtp.pid" ]; then
    kill "$(cat "$dir/smtp.pid")" 2>/dev/null || true
    rm -f "$dir/smtp.pid"
  fi
}

case $command in
  start)
    mkdir -p "$dir"
    halt
    port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    launch "$port"
    echo "ROTUNDA_TEST_SMTP_PORT=$port" >"$dir/smtp.env"
    echo "smtp-sink.sh: aiosmtpd on 127.0.0.1:$port, maildir $dir/maildir"
    ;;
  stop) halt; rm -rf "$dir" ;;
  pause) halt ;;
  resume) . "$dir/smtp.env"; launch "$ROTUNDA_TEST_SMTP_PORT" ;;
  *) echo "usage: smtp-sink.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
