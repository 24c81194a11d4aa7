"""The headline test: a backup moves everything exactly, SQLite -> PostgreSQL -> SQLite.

The demo (every organisation, user, plan, period, update, the workflow's Q4, footprints, factor
sets, area statistics) plus activity data calculated from a factor row and a supplementary
factor, an operator's change, an admin log entry and a set-year choice are loaded into a SQLite
file; `export-all` from it, `migrate` + `import-all` into a new PostgreSQL database, `export-all`
from there, `import-all` into a new SQLite file. Every dashboard and footprint the commands print,
every table's row count (history included) and a sign-in are then the same in all three, and the
two files hold the same rows.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from netzero.backup.tests.support import PLAN, env_for, run, snapshot

pytestmark = pytest.mark.postgres_server

EXTRAS = """
from decimal import Decimal
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from netzero.factors.models import Factor, SetYearChoice, SupplementaryFactor
from netzero.footprints.models import FootprintEntry
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan

dchs = Organisation.objects.get(slug="dchs")
electricity = Factor.objects.get(
    factor_set__set_year=2022, level_1="UK electricity", level_2="Electricity generated",
    level_3="Electricity: UK", unit="kWh", gas="CO2e",
)
desflurane = SupplementaryFactor.objects.get(key="desflurane")
for year, quantity, unit, factor, supplementary, value, category in [
    (2022, Decimal(1000000), "kWh", electricity, None, electricity.value, "electricity"),
    (2022, Decimal(12), "kg", None, desflurane, desflurane.kg_co2e_per_unit, "anaesthetic_gases"),
]:
    FootprintEntry.objects.create(
        organisation=dchs, reporting_year=year, scope=2 if factor else 1, category=category,
        boundary="nhs_cf", tco2e=(quantity * value / 1000).quantize(Decimal("0.001")),
        method="calculated", source="Backup test", quantity=quantity, unit=unit, factor=factor,
        supplementary_factor=supplementary, activity=category, reference="Main site",
    )
call_command(
    "update", "--plan", "PLAN", "--ref", "10", "--period", "2022-23-Q4", "--status", "Review",
    "--reason", "Delayed by the board.",
    "--change-reason", "Status corrected after the board meeting.", "--user", "manager",
)
admin = get_user_model().objects.get(username="admin")
LogEntry.objects.log_actions(
    user_id=admin.pk, queryset=Plan.objects.filter(slug="PLAN"), action_flag=CHANGE,
    change_message="Checked."
)
SetYearChoice.objects.create(
    organisation=dchs, reporting_year=2021, set_year=2022,
    reason="The 2022 set, as the trust's report used.",
)
""".replace("PLAN", PLAN)

PRELOAD_FACTOR_SETS = """
from netzero.factors.services import factor_set_load
from netzero.factors.sources import SOURCES
for year in sorted(SOURCES, reverse=True):
    if year != {missing}:
        factor_set_load(year=year)
"""


def _tables(path: Path) -> tuple[dict, dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return {t["model"]: (t["fields"], t["rows"]) for t in data["tables"]}, data


def test_a_backup_moves_everything_from_sqlite_to_postgresql_and_back(
    tmp_path, scratch_postgres_database
):
    started = time.monotonic()
    a = env_for(f"sqlite:///{tmp_path}/a.sqlite3", tmp_path / "a")
    b = env_for(scratch_postgres_database, tmp_path / "b")
    c = env_for(f"sqlite:///{tmp_path}/c.sqlite3", tmp_path / "c")

    def prepare_targets():  # on the second core while the demo loads
        # Each target already has five of the six conversion factor sets, loaded in another
        # order than the demo's (so their factors' ids differ): import-all checks those sets'
        # sha256 and loads the sixth from the shipped file. b lacks 2022, the set a figure uses.
        for target, missing in ((b, 2022), (c, 2024)):
            run(target, "migrate", "-v0")
            run(target, "shell", "-c", PRELOAD_FACTOR_SETS.format(missing=missing))

    with ThreadPoolExecutor(max_workers=2) as pool:
        targets = pool.submit(prepare_targets)
        printed = run(a, "demo", "--no-serve")
        targets.result()
        password = re.search(r"^\s+manager\s+(\S+)\s", printed, re.MULTILINE).group(1)
        run(a, "shell", "-c", EXTRAS)

        run(a, "export-all", str(tmp_path / "a.json.gz"))
        snap_a = pool.submit(snapshot, {**a, "DEMO_PASSWORD": password})
        restored = run(b, "import-all", str(tmp_path / "a.json.gz"))
        assert "from a sqlite database" in restored
        assert "Conversion factors 2022: 8037 rows loaded from ghg-conversion" in restored
        assert "Conversion factors 2023: already loaded (sha256 804885cb9d8f)" in restored
        run(b, "export-all", str(tmp_path / "b.json"))
        snap_b = pool.submit(snapshot, {**b, "DEMO_PASSWORD": password})
        restored = run(c, "import-all", str(tmp_path / "b.json"))
        assert "from a postgresql database" in restored
        assert "Conversion factors 2024: 8740 rows loaded from ghg-conversion" in restored
        assert "Conversion factors 2022: already loaded (sha256 c77abb4c9c00)" in restored
        snap_c = pool.submit(snapshot, {**c, "DEMO_PASSWORD": password})
        first, second, third = (s.result() for s in (snap_a, snap_b, snap_c))
    elapsed = time.monotonic() - started

    # Every dashboard of every period (the council's three quarters and the Green Plan's first),
    # every footprint of every organisation and year.
    assert sorted(first["dashboards"]) == [
        "dcc-climate-change-strategy 2022-23-Q2",
        "dcc-climate-change-strategy 2022-23-Q3",
        "dcc-climate-change-strategy 2022-23-Q4",
        "jucd-green-plan 2022-23-Q4",
    ]
    assert len(first["footprints"]) >= 7 * 4
    assert first["dashboards"] == second["dashboards"] == third["dashboards"]
    # Identical as printed, on either database (a blank scope sorts last on both).
    assert first["footprints"] == second["footprints"] == third["footprints"]
    dchs = first["footprints"]["dchs 2022-23"]
    assert {e["method"] for e in dchs["entries"]} == {"calculated"}
    # Every table the same size in all three, every historical table included.
    assert first["history"] == second["history"] == third["history"]
    assert first["history"]["reporting.historicalactionupdate"] > 99
    assert first["tables"] == second["tables"] == third["tables"]
    assert first["tables"]["admin.logentry"] == 1
    assert first["tables"]["factors.factor"] == 46919
    assert first["operator_changes"] == second["operator_changes"] == third["operator_changes"]
    assert first["operator_changes"][0][1] == "manager"
    assert first["signed_in"] == second["signed_in"] == third["signed_in"] == "manager"

    # The file PostgreSQL wrote holds exactly the rows SQLite's did, value for value.
    from_sqlite, header_a = _tables(tmp_path / "a.json.gz")
    from_postgresql, header_b = _tables(tmp_path / "b.json")
    assert (header_a["database_vendor"], header_b["database_vendor"]) == ("sqlite", "postgresql")
    assert header_a["counts"] == header_b["counts"]
    assert from_sqlite == from_postgresql
    print(f"round trip: {elapsed:.1f} s")
