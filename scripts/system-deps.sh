#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: PostgreSQL 15 (a real
# server for the second run of the suite), Chromium (the browser tests) and sqlite3 (the
# documented SQLite backup command, exercised by a test), Pango (WeasyPrint's text layout, for the
# PDF reports) and LibreOffice Writer without its GUI (a test opens the Word report in it and
# converts it to PDF, as a council's own office software would open it). Needs root; without it,
# prints the apt-get command instead. Never downloads a browser from anywhere but Debian.
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=(postgresql-15)
[ -x /usr/bin/chromium ] || [ -n "${NETZERO_CHROMIUM:-}" ] || missing+=(chromium)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The test suite needs: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
