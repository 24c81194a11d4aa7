"""Where an activity import's time goes: the check, the figures' write (COPY on PostgreSQL,
executemany on SQLite), the history rows' INSERT ... SELECT and the commit, for N rows into an
organisation that may already hold figures.

    DATABASE_URL=... python bench/import_steps.py --rows 100000 --first 0

``--first`` numbers the file's meters, so that a second run adds new figures rather than
being refused as already recorded. Point DATABASE_URL at a scratch database: the script
migrates it and adds a "bench" organisation, factor sets and figures to it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
sys.path.insert(0, str(Path(__file__).parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--first", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.backends.utils import CursorWrapper
    from footprint_bench import bench_organisation, make_csv

    from netzero.footprints import imports, services
    from netzero.footprints.models import FootprintEntry, ImportBatch

    org = bench_organisation()
    held = FootprintEntry.objects.filter(organisation=org).count()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "steps.csv"
        make_csv(path, args.rows, first=args.first)
        content = path.read_bytes()
    t0 = time.perf_counter()
    header, rows = imports.read_rows(path.name, content)
    _result, figures = imports.activity_rows_check(
        organisation=org, header=header, rows=rows, source="steps"
    )
    check_s = time.perf_counter() - t0

    statements: list[tuple[float, str]] = []
    execute = CursorWrapper.execute

    def timed(self, sql, params=None):
        t = time.perf_counter()
        try:
            return execute(self, sql, params)
        finally:
            statements.append((time.perf_counter() - t, sql))

    CursorWrapper.execute = timed
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                organisation=org,
                channel=ImportBatch.Channel.COMMAND_LINE,
                who="bench",
                file_name=path.name,
                figures_created=len(figures),
            )
            t1 = time.perf_counter()
            services._figures_add(batch, figures, None)
            t2 = time.perf_counter()
        t3 = time.perf_counter()
    finally:
        CursorWrapper.execute = execute
    history_s = sum(t for t, sql in statements if "historical" in sql and "INSERT" in sql)
    report = {
        "database": connection.vendor,
        "rows": args.rows,
        "figures_held_before": held,
        "check_s": round(check_s, 3),
        "figures_write_s": round(t2 - t1 - history_s, 3),
        "history_s": round(history_s, 3),
        "commit_s": round(t3 - t2, 3),
    }
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
