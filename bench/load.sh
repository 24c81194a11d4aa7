#!/usr/bin/env bash
# Runs bench/load_bench.py against `netzero serve` on a fresh SQLite file and on a throwaway
# PostgreSQL 15 cluster (see bench/README.md). Options go to load_bench.py, e.g.
#   bash bench/load.sh --seconds 15 --readers 20
#   bash bench/load.sh --soak 600        # the 10-minute soak, mixed load, memory sampled
# LOAD_DATABASES=postgresql (or sqlite) runs one database only.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
tmp=$(mktemp -d)
pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then bash scripts/pg-throwaway.sh stop "$pg_dir"; fi; rm -rf "$tmp"; }
trap cleanup EXIT

for database in ${LOAD_DATABASES:-sqlite postgresql}; do
  if [ "$database" = sqlite ]; then
    url="sqlite:///$tmp/load.sqlite3"
  else
    { read -r pg_dir; read -r url; } < <(bash scripts/pg-throwaway.sh start)
  fi
  echo "== load on $database"
  DATABASE_URL="$url" "$BIN/python" bench/load_bench.py --work "$tmp/$database" "$@"
done
