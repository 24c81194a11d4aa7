"""import-all refuses, with a message, a database that is not empty and a file that is not a good
backup; a refused restore writes nothing, reference data included."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from netzero.backup.services import EMPTY_DATABASE_NEEDED, backup_export, backup_import
from netzero.backup.tables import copied_tables
from netzero.demo.services import demo_load, demo_users_create
from netzero.factors.models import FactorSet
from netzero.factors.services import factor_set_load
from netzero.organisations.models import Organisation


def _rows() -> dict[str, int]:
    return {t.label: t.model._base_manager.count() for t in copied_tables()}


def test_import_all_refuses_a_database_that_already_holds_data(council, tmp_path):
    backup_export(path=tmp_path / "netzero.json")
    before = _rows()
    with pytest.raises(ValidationError) as refused:
        backup_import(path=tmp_path / "netzero.json")
    assert refused.value.messages == [
        "import-all restores into an empty database: run netzero migrate on a new database "
        "first. This database already holds users (8), organisations (3), memberships (8), "
        "plans (1) and 18 more tables. Nothing was restored."
    ]
    with pytest.raises(CommandError, match=EMPTY_DATABASE_NEEDED):
        call_command("import-all", str(tmp_path / "netzero.json"))
    assert _rows() == before


def _write(path: Path, data) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def _damaged_copies(good: dict, tmp_path: Path) -> list[tuple[Path, str]]:
    """(file, the start of the message that refuses it)."""
    raw = (tmp_path / "good.json.gz").read_bytes()
    (tmp_path / "truncated.json.gz").write_bytes(raw[: len(raw) // 2])
    copies = [
        (_write(tmp_path / "notes.txt", "Quarterly notes, not a backup.\n"), "notes.txt is not a "),
        (tmp_path / "truncated.json.gz", "truncated.json.gz is not a Net Zero Tracker backup: it "),
        (
            _write(tmp_path / "dumpdata.json", [{"model": "plans.plan", "pk": 1, "fields": {}}]),
            "dumpdata.json is not a Net Zero Tracker backup (no format",
        ),
        (_write(tmp_path / "v2.json", {**good, "version": 2}), "v2.json is a version 2 backup"),
    ]

    def changed(name: str, change) -> Path:
        data = json.loads(json.dumps(good))
        change(data)
        return _write(tmp_path / name, data)

    def table(data, label):
        return next(t for t in data["tables"] if t["model"] == label)

    def lose_a_row(data):
        table(data, "auth.user")["rows"].pop()

    def point_nowhere(data):
        t = table(data, "reporting.actionupdate")
        t["rows"][0][t["fields"].index("period")] = 999999

    def bad_date(data):
        t = table(data, "workflow.periodevent")
        t["rows"][0][t["fields"].index("at")] = "the day before yesterday"

    def other_factors(data):
        data["reference_data"]["factor_sets"][0]["sha256"] = "0" * 64

    def newer_schema(data):
        data["migrations"]["workflow"].append("0099_from_the_future")

    def unknown_factor(data):
        t = table(data, "footprints.footprintentry")
        t["rows"][0][t["fields"].index("factor")] = [2022, 999999]

    copies += [
        (changed("short.json", lose_a_row), "short.json is damaged: auth.user should have 6 rows"),
        (changed("dangling.json", point_nowhere), "dangling.json is damaged: its rows do not fit"),
        (changed("date.json", bad_date), "date.json is damaged: workflow.periodevent row 1 has"),
        (
            changed("factors.json", other_factors),
            "The backup's 2022 conversion factors came from a file with sha256 000000000000",
        ),
        (
            changed("schema.json", newer_schema),
            "The backup was made by Net Zero Tracker 0.1.0 with another database schema: it has "
            "migrations this version lacks (workflow.0099_from_the_future)",
        ),
        (
            changed("factor.json", unknown_factor),
            "factor.json is damaged: it refers to a factor [2022, 999999] not in this database",
        ),
    ]
    return copies


@pytest.mark.django_db(transaction=True)
def test_a_foreign_or_damaged_file_is_refused_and_nothing_is_written(tmp_path):
    plan = demo_load()
    demo_users_create(plan=plan)
    factor_set_load(year=2022)
    from netzero.factors.models import Factor
    from netzero.footprints.models import FootprintEntry

    FootprintEntry.objects.create(
        organisation=plan.organisation,
        reporting_year=2022,
        category="gas",
        boundary="council_net_zero",
        tco2e=1,
        method="calculated",
        source="Test",
        factor=Factor.objects.filter(factor_set__set_year=2022).first(),
    )
    backup_export(path=tmp_path / "good.json.gz")
    with gzip.open(tmp_path / "good.json.gz", "rt") as handle:
        good = json.load(handle)
    call_command("flush", interactive=False, verbosity=0)
    assert not any(_rows().values()) and not FactorSet.objects.exists()

    for path, message in _damaged_copies(good, tmp_path):
        with pytest.raises(ValidationError) as refused:
            backup_import(path=path)
        assert refused.value.messages[0].startswith(message), refused.value.messages
        assert not any(_rows().values()), path.name
        assert not FactorSet.objects.exists(), path.name
    with pytest.raises(CommandError, match=r"notes\.txt is not a Net Zero Tracker backup"):
        call_command("import-all", str(tmp_path / "notes.txt"))
    with pytest.raises(CommandError, match="No file at"):
        call_command("import-all", str(tmp_path / "missing.json"))

    out = StringIO()  # the good file still restores into the same, still empty, database
    call_command("import-all", str(tmp_path / "good.json.gz"), stdout=out)
    assert "Restored" in out.getvalue()
    assert Organisation.objects.get().slug == "derbyshire-county-council"
