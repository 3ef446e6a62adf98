#!/usr/bin/env bash
# deps-debian.sh — installs everything needed to build, run and test Rotunda on
# Debian 12. Idempotent: packages already present are left as they are, and
# apt-get is not called at all when nothing is missing.
# --with-browser adds Debian's chromium, which only the browser UI tests need
# (tests/run-all.sh passes it; installer/run-local.sh does not).
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config git
  # server libraries
  libpoco-dev libboost-dev libldap-dev libargon2-dev libpq-dev libssl-dev
  libxml2-dev libxmlsec1-dev libsqlite3-dev libhowardhinnant-date-dev
  # tests and their real peers
  libcppunit-dev postgresql slapd ldap-utils sqlite3 curl openssl python3 python3-aiosmtpd
  # benchmarks
  wrk
)
if [ "${1:-}" = "--with-browser" ]; then
  packages+=(chromium)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Node.js runs the test peers from npm; a machine may already have it from elsewhere.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps-debian: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps-debian: run as root or install sudo" >&2; exit 1; }
  sudo=sudo
fi
echo "deps-debian: installing ${missing[*]}"
# slapd asks questions on install; the tests write their own configuration.
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
