"""Footprint benchmark: import N activity rows, then time the footprint aggregation against a
hand-written SQL GROUP BY on the same database in the same run.

    DATABASE_URL=... python bench/footprint_bench.py --rows 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]
UNITS = {
    "electricity": "kWh",
    "electricity_td": "MWh",
    "natural_gas": "kWh",
    "burning_oil": "litres",
    "gas_oil": "litres",
    "diesel": "litres",
    "petrol": "litres",
    "water_supply": "m3",
    "water_treatment": "m3",
}


def make_csv(path: Path, rows: int, seed: int = 1, first: int = 0) -> None:
    rng = random.Random(seed + first)
    keys = list(UNITS)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reporting_year", "activity", "quantity", "unit", "reference"])
        for i in range(first, first + rows):
            activity = keys[i % len(keys)]
            writer.writerow(
                [
                    YEARS[i % len(YEARS)],
                    activity,
                    f"{rng.uniform(1, 100000):.2f}",
                    UNITS[activity],
                    f"meter-{i}",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from netzero.factors.services import factor_set_load
    from netzero.footprints.imports import MAX_ROWS
    from netzero.footprints.models import FootprintEntry, ImportBatch
    from netzero.footprints.selectors import footprint_totals
    from netzero.organisations.models import Organisation

    call_command("migrate", interactive=False, verbosity=0)
    for year in range(2019, 2025):
        factor_set_load(year=year)
    org, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench Trust"})
    FootprintEntry.objects.filter(organisation=org).delete()
    ImportBatch.objects.filter(organisation=org).delete()

    # A file holds at most MAX_ROWS rows (the documented import limit), so N rows arrive as
    # several files, each imported as one batch by the operator's command.
    files = [(start, min(args.rows - start, MAX_ROWS)) for start in range(0, args.rows, MAX_ROWS)]
    saved = 0
    generate_s = import_s = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for number, (start, count) in enumerate(files, start=1):
            path = Path(tmp) / f"activity-{number}.csv"
            t0 = time.perf_counter()
            make_csv(path, count, first=start)
            generate_s += time.perf_counter() - t0
            sys.stderr.write(f"  file {number} of {len(files)}: {count:,} rows\n")
            t0 = time.perf_counter()
            call_command("activity", "import", str(path), "--org", org.slug, stderr=sys.stderr)
            import_s += time.perf_counter() - t0
    saved = FootprintEntry.objects.filter(organisation=org).count()
    assert saved == args.rows, (saved, args.rows)

    year = 2022
    assert FootprintEntry._meta.db_table == "footprints_footprintentry"
    sql = [
        "SELECT scope, SUM(tco2e) FROM footprints_footprintentry"
        " WHERE organisation_id = %s AND reporting_year = %s GROUP BY scope ORDER BY scope",
        "SELECT category, SUM(tco2e) FROM footprints_footprintentry"
        " WHERE organisation_id = %s AND reporting_year = %s GROUP BY category ORDER BY category",
        "SELECT boundary, SUM(tco2e) FROM footprints_footprintentry"
        " WHERE organisation_id = %s AND reporting_year = %s GROUP BY boundary ORDER BY boundary",
        "SELECT COUNT(*) FROM footprints_footprintentry"
        " WHERE organisation_id = %s AND reporting_year = %s",
    ]

    def orm() -> None:
        footprint_totals(organisation=org, reporting_year=year)

    def hand() -> None:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement, [org.pk, year])
                cursor.fetchall()

    timings = {}
    for name, fn in (("orm", orm), ("hand_sql", hand)):
        fn()
        samples = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        timings[name] = round(statistics.median(samples) * 1000, 1)
    report = {
        "database": connection.vendor,
        "rows": args.rows,
        "generate_s": round(generate_s, 1),
        "import_s": round(import_s, 1),
        "files": len(files),
        "import_rows_per_s": round(saved / import_s),
        "aggregation_rows": saved // len(YEARS),
        "orm_ms": timings["orm"],
        "hand_sql_ms": timings["hand_sql"],
        "ratio": round(timings["orm"] / timings["hand_sql"], 2),
    }
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
