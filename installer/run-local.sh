#!/usr/bin/env bash
# run-local.sh — installs dependencies, builds, and starts rotundad on its embedded
# default: SQLite under var/, HTTP on 127.0.0.1:8080, mail written to var/mail/.
# Stop it with Ctrl-C. Extra arguments are passed to rotundad (e.g. --config FILE).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/installer/deps-debian.sh"
"$root/installer/build.sh"
mkdir -p var
port=${ROTUNDA_HTTP_PORT:-8080}
echo
echo "Rotunda is starting on its default configuration (conf/rotunda.properties)."
echo "Open http://127.0.0.1:${port}/ once it says ready; health: http://127.0.0.1:${port}/health"
echo
exec "$root/build/server/rotundad" "$@"
