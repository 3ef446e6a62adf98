#!/usr/bin/env bash
# run-local.sh — installs dependencies, builds, and starts rotundad on its embedded
# default: SQLite under var/, HTTP on 127.0.0.1:8080, mail written to var/mail/.
# The first time (no var/rotunda.db yet) it fills the database with demo data
# (rotunda-admin demo-data) and keeps the demo accounts in var/demo-accounts.txt.
# Stop it with Ctrl-C. Extra arguments are passed to rotundad (e.g. --config FILE);
# with them, no demo data is written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/installer/deps-debian.sh"
"$root/installer/build.sh"
mkdir -p var
port=${ROTUNDA_HTTP_PORT:-8080}
if [ $# -eq 0 ] && [ -z "${ROTUNDA_DATABASE_SQLITE_PATH:-}" ] && [ ! -e var/rotunda.db ]; then
  (umask 077 && "$root/build/server/rotunda-admin" demo-data >var/demo-accounts.txt)
  cat var/demo-accounts.txt
elif [ -f var/demo-accounts.txt ]; then
  echo "Demo accounts and their password: var/demo-accounts.txt"
fi
echo
echo "Rotunda is starting on its default configuration (conf/rotunda.properties)."
echo "Open http://127.0.0.1:${port}/ once it says ready; health: http://127.0.0.1:${port}/health"
echo
exec "$root/build/server/rotundad" "$@"
