#!/usr/bin/env bash
# The whole test suite (`make test`): lint, then every test on the embedded SQLite database, then
# every test again on a real PostgreSQL 15 server. Browser tests drive Debian's headless Chromium.
#
# PostgreSQL: uses NETZERO_TEST_POSTGRES_URL when set (CI starts its own server), otherwise starts
# a throwaway cluster for the run and stops it afterwards. Tests that need the server itself (the
# production profile served by gunicorn, backups moved between databases) are marked
# `postgres_server` and run once, in the SQLite pass (they make scratch databases on the server
# themselves, so they need the server, not the pass's database; the PostgreSQL pass is the longer
# one, so they even the two out).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin

bash scripts/system-deps.sh

echo "== ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .

echo "== import contracts between the apps (pyproject.toml [tool.importlinter])"
"$BIN/lint-imports"

echo "== views query nothing directly"
"$BIN/python" tools/check_view_queries.py

echo "== migrations are up to date"
env -u DATABASE_URL NETZERO_DATA_DIR="$(mktemp -d)" "$BIN/netzero" makemigrations --check --dry-run >/dev/null

pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then bash scripts/pg-throwaway.sh stop "$pg_dir"; fi; }
trap cleanup EXIT
url=${NETZERO_TEST_POSTGRES_URL:-}
if [ -z "$url" ]; then
  { read -r pg_dir; read -r url; } < <(bash scripts/pg-throwaway.sh start)
fi
export NETZERO_TEST_POSTGRES_URL="$url" NETZERO_REQUIRE_POSTGRES=1

# The two passes share nothing but the machine (each has its own database; live servers take
# free ports; files go to their own temporary folders), so they run side by side: on two cores
# the SQLite pass keeps one busy while the PostgreSQL pass shares the other with its server.
# Each pass's output is kept in a log and printed whole when both have finished.
# NETZERO_TEST_SERIAL=1 runs them one after the other instead, printing as they go. Each pass
# ends with its 15 slowest tests: where the time goes.
sqlite_pass() { env -u DATABASE_URL "$BIN/pytest" -p no:cacheprovider --durations=15 "$@"; }
postgres_pass() { DATABASE_URL="$url" "$BIN/pytest" -p no:cacheprovider --durations=15 -m "not postgres_server" "$@"; }

if [ "${NETZERO_TEST_SERIAL:-0}" = 1 ]; then
  echo "== tests on SQLite"
  sqlite_pass "$@"
  echo "== tests on PostgreSQL ($url)"
  postgres_pass "$@"
  exit 0
fi

logs=$(mktemp -d)
echo "== tests on SQLite and on PostgreSQL ($url), side by side (each log follows when both end)"
sqlite_pass "$@" >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
postgres_pass "$@" >"$logs/postgresql.log" 2>&1 &
postgres_pid=$!
trap 'kill "$sqlite_pid" "$postgres_pid" 2>/dev/null || true; cleanup' EXIT
sqlite_rc=0
wait "$sqlite_pid" || sqlite_rc=$?
postgres_rc=0
wait "$postgres_pid" || postgres_rc=$?
trap cleanup EXIT
echo "== tests on SQLite (exit $sqlite_rc)"
cat "$logs/sqlite.log"
echo "== tests on PostgreSQL ($url) (exit $postgres_rc)"
cat "$logs/postgresql.log"
rm -rf "$logs"
[ "$sqlite_rc" = 0 ] && [ "$postgres_rc" = 0 ]
