#!/usr/bin/env bash
# run-all.sh — what CI runs: installs what the tests need, builds with warnings as
# errors, and runs every suite through CTest. Suites that need real servers
# (PostgreSQL, slapd, an SMTP sink …) start them on loopback ports themselves as
# CTest fixtures and stop them after. Ends with CTest's summary line.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installer/deps-debian.sh" --with-browser
export ROTUNDA_WARNINGS_AS_ERRORS=ON
"$root/installer/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 600 -j"${ROTUNDA_TEST_JOBS:-2}"
