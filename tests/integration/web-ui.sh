#!/usr/bin/env bash
# web-ui.sh — the browser UI in Debian's chromium through Playwright (tests/web),
# against rotundad filled by `rotunda-admin demo-data`. Playwright comes from npm
# (tests/web/package-lock.json), installed into the build tree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
enter_workdir

modules="$ROTUNDA_BINARY_DIR/web-tests"
mkdir -p "$modules"
cp "$ROTUNDA_SOURCE_DIR/tests/web/package.json" "$ROTUNDA_SOURCE_DIR/tests/web/package-lock.json" "$modules/"
(cd "$modules" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

export ROTUNDA_DATABASE_SQLITE_PATH=$work/rotunda.db
"$ROTUNDA_ADMIN" demo-data >"$work/demo.txt"
password=$(sed -n 's/.*all with the password \([^)]*\)).*/\1/p' "$work/demo.txt")
# A facility whose name is markup: the page must show it as text.
sqlite3 -cmd ".timeout 5000" "$work/rotunda.db" \
  "UPDATE organizations SET name = 'Riverside General Hospital <img src=x onerror=alert(1)>' WHERE kind = 'facility'"

port=$(free_port)
base="http://127.0.0.1:$port"
ROTUNDA_HTTP_PORT=$port "$ROTUNDAD" >"$work/server.log" 2>&1 &
server_pid=$!
wait_for_http "$base/health" 30

check "the start page in a browser" env NODE_PATH="$modules/node_modules" \
  node "$ROTUNDA_SOURCE_DIR/tests/web/overview.test.js" "$base" sam.patel@northfield.example "$password"
check "connections and messages in a browser" env NODE_PATH="$modules/node_modules" \
  node "$ROTUNDA_SOURCE_DIR/tests/web/messages.test.js" "$base" priya.shah@riverside.example lee.chen@riverside.example "$password"
check "the rotations dashboard and elective search in a browser" env NODE_PATH="$modules/node_modules" \
  node "$ROTUNDA_SOURCE_DIR/tests/web/rotations.test.js" "$base" avery.johnson@students.northfield.example \
  priya.shah@riverside.example "$password"
finish
