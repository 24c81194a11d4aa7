#!/usr/bin/env bash
# Runs bench/dashboard_bench.py on a fresh SQLite file and on a throwaway PostgreSQL 15 cluster,
# printing one JSON line each and a Markdown table, then bench/report_bench.py (SQLite) and
# bench/footprint_bench.py. Usage: bash bench/run.sh [--repeat N]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
tmp=$(mktemp -d)
pg_dir=""
cleanup() { if [ -n "$pg_dir" ]; then bash scripts/pg-throwaway.sh stop "$pg_dir"; fi; rm -rf "$tmp"; }
trap cleanup EXIT

DATABASE_URL="sqlite:///$tmp/bench.sqlite3" "$BIN/python" bench/dashboard_bench.py "$@" | tee "$tmp/sqlite.json"
{ read -r pg_dir; read -r url; } < <(bash scripts/pg-throwaway.sh start)
DATABASE_URL="$url" "$BIN/python" bench/dashboard_bench.py "$@" | tee "$tmp/postgresql.json"

echo "== reports: every download format of one quarter of a 2,000-action plan (SQLite)"
DATABASE_URL="sqlite:///$tmp/bench-report.sqlite3" "$BIN/python" bench/report_bench.py "$@"

echo "== footprints: ${FOOTPRINT_ROWS:=1000000} activity rows"
DATABASE_URL="sqlite:///$tmp/bench-fp.sqlite3" "$BIN/python" bench/footprint_bench.py --rows "$FOOTPRINT_ROWS"
DATABASE_URL="$url" "$BIN/python" bench/footprint_bench.py --rows "$FOOTPRINT_ROWS"

"$BIN/python" - "$tmp/sqlite.json" "$tmp/postgresql.json" <<'PY'
import json, sys
print("\n| database | actions × periods | floor median (ms) | service median (ms) | service / floor "
      "| service queries | page median (ms) | page queries | published page, cached (ms) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for path in sys.argv[1:]:
    r = json.load(open(path))
    cached = r.get("published_page", {}).get("median_ms", "not measured")
    print(f"| {r['database']} | {r['actions']} × {r['periods']} | {r['floor']['median_ms']} "
          f"| {r['service']['median_ms']} | {r['service_over_floor']}x | {r['service']['queries']} "
          f"| {r['page']['median_ms']} | {r['page']['queries']} | {cached} |")
PY
