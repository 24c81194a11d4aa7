#!/usr/bin/env bash
# The whole test suite (`make test`): lint, then every test on the embedded SQLite database, then
# every test again on a real PostgreSQL 15 server. Browser tests drive Debian's headless Chromium.
#
# PostgreSQL: uses NETZERO_TEST_POSTGRES_URL when set (CI starts its own server), otherwise starts
# a throwaway cluster for the run and stops it afterwards. Tests that need the server itself (the
# production profile served by gunicorn, backups moved between databases) are marked
# `postgres_server` and run once, in the PostgreSQL pass.
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

echo "== tests on SQLite"
env -u DATABASE_URL "$BIN/pytest" -p no:cacheprovider -m "not postgres_server" "$@"

echo "== tests on PostgreSQL ($url)"
DATABASE_URL="$url" "$BIN/pytest" -p no:cacheprovider "$@"
