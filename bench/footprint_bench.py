"""Footprint benchmark: import N activity rows through `netzero activity import`, against the
floor of a bare insert of the same rows as wide into a scratch table, with the process's memory
after each file; then time the footprint aggregation against a hand-written SQL GROUP BY. All on
the same database in the same run.

    DATABASE_URL=... python bench/footprint_bench.py --rows 1000000 --repeat 5

The floor: the same values the import stores (organisation, year, scope, category, boundary,
tCO2e, method, source, note, quantity, unit, factor, activity, reference, batch) already in
Python, written to a table of the same columns with no index or constraint beyond its key (an
integer key as Django gives every table: AUTOINCREMENT on SQLite, an identity on PostgreSQL):
by ``executemany`` (SQLite and PostgreSQL) and by ``COPY`` (PostgreSQL, psycopg 3's
``cursor.copy``). Also by ``executemany`` into the same table without its key
(``executemany_no_key``), and on SQLite as the import writes, 200 rows a statement, into the
keyed table (``blocks``). Each ratio is the import's rows per second over that floor's.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from itertools import chain
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


def bench_organisation():
    """The database migrated, the six factor sets of YEARS loaded and the "bench" organisation
    (made if missing): what every footprint benchmark imports into. Call after django.setup()."""
    from django.core.management import call_command

    from netzero.factors.services import factor_set_load
    from netzero.organisations.models import Organisation

    call_command("migrate", interactive=False, verbosity=0)
    for year in range(2019, 2025):
        factor_set_load(year=year)
    org, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "Bench Trust"})
    return org


def rss_mb() -> float:
    """The process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def max_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


FLOOR_COLUMNS = [
    ("organisation_id", "bigint NOT NULL"),
    ("reporting_year", "smallint NOT NULL"),
    ("scope", "smallint NULL"),
    ("category", "varchar(30) NOT NULL"),
    ("boundary", "varchar(20) NOT NULL"),
    ("tco2e", "numeric(14, 3) NOT NULL"),
    ("method", "varchar(20) NOT NULL"),
    ("itemises_id", "bigint NULL"),
    ("source", "text NOT NULL"),
    ("quality_note", "text NOT NULL"),
    ("quantity", "numeric(20, 6) NULL"),
    ("unit", "varchar(40) NOT NULL"),
    ("factor_id", "bigint NULL"),
    ("activity", "varchar(40) NOT NULL"),
    ("reference", "varchar(100) NOT NULL"),
    ("supplementary_factor_id", "bigint NULL"),
    ("batch_id", "bigint NULL"),
]


def floor_rows(path: Path, org, batch_id: int, factors: dict) -> list[tuple]:
    """The file's rows as the values a figure stores (worked out here, outside the timing)."""
    from decimal import Decimal

    from netzero.footprints.activities import ACTIVITIES
    from netzero.footprints.calculation import tonnes_co2e
    from netzero.footprints.models import default_boundary

    boundary = default_boundary(org)
    source = f"Activity data import: {path.name}"
    rows = []
    with path.open(newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for year_text, key, quantity_text, unit, reference in reader:
            year = int(year_text[:4])
            factor, ratio = factors[(year, key, unit)]
            quantity = Decimal(quantity_text)
            tco2e = tonnes_co2e(quantity=quantity * ratio, kg_co2e_per_unit=factor.value)
            activity = ACTIVITIES[key]
            rows.append(
                (
                    org.pk,
                    year,
                    activity.scope,
                    activity.category,
                    boundary,
                    tco2e,
                    "calculated",
                    None,
                    source,
                    "",
                    quantity,
                    unit,
                    factor.pk,
                    key,
                    reference,
                    None,
                    batch_id,
                )
            )
    return rows


def floor_insert(connection, rows: list[tuple], how: str) -> float:
    """Seconds to write ``rows`` into an empty scratch table and commit, by ``how``:
    "executemany", "copy", "executemany_no_key" (into a table without a key) or "blocks"
    (``ROWS_PER_STATEMENT`` rows a statement, as an import writes on SQLite)."""
    from django.db import transaction

    names = ", ".join(name for name, _ in FLOOR_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        key = (
            "id integer PRIMARY KEY AUTOINCREMENT"
            if connection.vendor == "sqlite"
            else "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        )
        columns = ", ".join(f"{name} {kind}" for name, kind in FLOOR_COLUMNS)
        keyed = "" if how == "executemany_no_key" else f"{key}, "
        cursor.execute(f"CREATE TABLE bench_floor ({keyed}{columns})")
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if how == "blocks":
            from netzero.footprints import services

            # As an import writes; an older checkout (a "before" run) has no such function.
            blocking = getattr(services, "_rows_per_statement", None)
            per = blocking(len(FLOOR_COLUMNS)) if blocking else 200
            one = "(" + ", ".join(["%s"] * len(FLOOR_COLUMNS)) + ")"
            sql = f"INSERT INTO bench_floor ({names}) VALUES "  # noqa: S608 - names above
            whole = len(rows) - len(rows) % per
            blocks = (list(chain.from_iterable(rows[i : i + per])) for i in range(0, whole, per))
            cursor.executemany(sql + ", ".join([one] * per), blocks)
            if whole < len(rows):
                rest = rows[whole:]
                cursor.execute(sql + ", ".join([one] * len(rest)), list(chain.from_iterable(rest)))
        elif how == "copy":
            raw = cursor.cursor  # psycopg 3's own cursor
            with raw.copy(f"COPY bench_floor ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(FLOOR_COLUMNS))
            sql = f"INSERT INTO bench_floor ({names}) VALUES ({marks})"  # noqa: S608 - names above
            cursor.executemany(sql, rows)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bench_floor")
        assert cursor.fetchone()[0] == len(rows)
        cursor.execute("DROP TABLE bench_floor")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-floor", action="store_true", help="skip the bare-insert floor")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from netzero.footprints.imports import MAX_ROWS
    from netzero.footprints.models import FootprintEntry, ImportBatch
    from netzero.footprints.selectors import footprint_totals

    org = bench_organisation()
    FootprintEntry.objects.filter(organisation=org).delete()
    ImportBatch.objects.filter(organisation=org).delete()

    # A file holds at most MAX_ROWS rows (the documented import limit), so N rows arrive as
    # several files, each imported as one batch by the operator's command.
    from decimal import Decimal

    from netzero.factors.selectors import factor_get, factor_set_for
    from netzero.footprints.activities import ACTIVITIES
    from netzero.footprints.units import to_factor_unit

    factors = {}
    for year_text in YEARS:
        year = int(year_text[:4])
        for key, unit in UNITS.items():
            activity = ACTIVITIES[key]
            factor = factor_get(
                factor_set=factor_set_for(reporting_year=year, organisation=org),
                level_1=activity.level_1,
                level_2=activity.level_2,
                level_3=activity.level_3,
                unit=activity.factor_unit,
                scope=f"Scope {activity.scope}",
            )
            factors[(year, key, unit)] = (factor, to_factor_unit(Decimal(1), unit, factor.unit))
    floors = ["executemany", "executemany_no_key"]
    floors += ["copy"] if connection.vendor == "postgresql" else ["blocks"]
    files = [(start, min(args.rows - start, MAX_ROWS)) for start in range(0, args.rows, MAX_ROWS)]
    saved = 0
    generate_s = import_s = 0.0
    floor_s = dict.fromkeys(floors, 0.0)
    memory = []
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
            memory.append({"file": number, "rss_mb": rss_mb(), "max_rss_mb": max_rss_mb()})
            if not args.no_floor:
                batch = ImportBatch.objects.filter(organisation=org).order_by("-pk").first()
                rows = floor_rows(path, org, batch.pk, factors)
                for how in floors:
                    floor_s[how] += floor_insert(connection, rows, how)
                del rows
    saved = FootprintEntry.objects.filter(organisation=org).count()
    assert saved == args.rows, (saved, args.rows)
    batches = list(ImportBatch.objects.filter(organisation=org).values_list("pk", flat=True))
    history = FootprintEntry.history.filter(batch_id__in=batches, history_type="+").count()
    assert history == args.rows, (history, args.rows)

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
        "floor_rows_per_s": {how: round(saved / t) for how, t in floor_s.items() if t},
        "import_over_floor": {
            how: round(saved / import_s / (saved / t), 3) for how, t in floor_s.items() if t
        },
        "memory_after_each_file": memory,
        "aggregation_rows": saved // len(YEARS),
        "orm_ms": timings["orm"],
        "hand_sql_ms": timings["hand_sql"],
        "ratio": round(timings["orm"] / timings["hand_sql"], 2),
    }
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
