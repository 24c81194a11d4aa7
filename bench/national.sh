#!/usr/bin/env bash
# Runs bench/national_bench.py on a throwaway PostgreSQL 15 cluster (see bench/README.md).
# Options go to national_bench.py, e.g.
#   bash bench/national.sh --seconds 30 --readers 20
#   bash bench/national.sh --organisations 40 --actions 10 --quarters 8   # a quick look
# NATIONAL_WORK=DIR keeps the folder (and, with PostgreSQL kept by NATIONAL_PG=URL, the
# database) for another run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
work=${NATIONAL_WORK:-$(mktemp -d)}
pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then bash scripts/pg-throwaway.sh stop "$pg_dir"; fi; }
trap cleanup EXIT
url=${NATIONAL_PG:-}
if [ -z "$url" ]; then
  { read -r pg_dir; read -r url; } < <(bash scripts/pg-throwaway.sh start)
  rm -f "$work/made.txt"  # a fresh cluster: the instance is made again
fi
DATABASE_URL="$url" "$BIN/python" bench/national_bench.py --work "$work" "$@"
