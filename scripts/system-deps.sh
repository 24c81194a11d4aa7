#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: PostgreSQL 15 (a real
# server for the second run of the suite), Chromium (the browser tests) and sqlite3 (the
# documented SQLite backup command, exercised by a test). Needs root; without it,
# prints the apt-get command instead. Never downloads a browser from anywhere but Debian.
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=(postgresql-15)
[ -x /usr/bin/chromium ] || [ -n "${NETZERO_CHROMIUM:-}" ] || missing+=(chromium)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The test suite needs: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
