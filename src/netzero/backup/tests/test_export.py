"""What export-all writes: the header, every copied table with its rows and counts, reference data
by reference, and nothing it should leave out. Read back without restoring anything."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from netzero.backup import services
from netzero.backup.services import FORMAT, VERSION, backup_export, backup_read
from netzero.backup.tables import (
    BY_REFERENCE,
    EXCLUDED_APPS,
    EXCLUDED_MODELS,
    copied_tables,
    excluded_reason,
)
from netzero.demo.green_plan import green_plan_load
from netzero.demo.services import demo_workflow_load
from netzero.factors.models import Factor, FactorSet
from netzero.factors.services import factor_set_load, supplementary_factors_load
from netzero.factors.sources import SOURCES
from netzero.footprints.models import FootprintEntry


@pytest.fixture
def rich(people, demo_plan):
    """The demo with its users, Q4 workflow and the Green Plan's footprints, a figure calculated
    from the 2023 factors, the supplementary factors, and an admin log entry."""
    demo_workflow_load(plan=demo_plan)
    green_plan_load()
    factor_set_load(year=2023)
    supplementary_factors_load()
    factor = Factor.objects.filter(factor_set__set_year=2023, unit="kWh", gas="CO2e").first()
    organisation = demo_plan.organisation
    FootprintEntry.objects.create(
        organisation=organisation,
        reporting_year=2023,
        category="electricity",
        boundary="council_net_zero",
        tco2e=Decimal("1.234"),
        method="calculated",
        source="Test",
        quantity=Decimal("1000"),
        unit="kWh",
        factor=factor,
    )
    LogEntry.objects.log_actions(
        user_id=people["admin"].pk,
        queryset=type(demo_plan).objects.all(),
        action_flag=CHANGE,
        change_message="Checked.",
    )
    return factor


def _table(data: dict, label: str) -> list[dict]:
    (entry,) = [t for t in data["tables"] if t["model"] == label]
    return [dict(zip(entry["fields"], row, strict=True)) for row in entry["rows"]]


def test_the_file_holds_every_copied_table_and_says_what_it_is(rich, tmp_path):
    result = backup_export(path=tmp_path / "netzero.json.gz")
    data = backup_read(path=tmp_path / "netzero.json.gz")

    assert (data["format"], data["version"]) == (FORMAT, VERSION) == ("netzero-tracker-backup", 1)
    assert data["app_version"] and data["database_vendor"] == connection.vendor
    assert datetime.fromisoformat(data["created_at"]).tzinfo is not None
    assert "0002_periodevent_changed_by_an_operator" in data["migrations"]["workflow"]
    # Counts per table, every one matching the database and the rows in the file.
    counts = {t.label: t.model._base_manager.count() for t in copied_tables()}
    assert data["counts"] == result.counts == counts
    assert {t["model"]: len(t["rows"]) for t in data["tables"]} == counts
    for label in (
        "auth.user",
        "auth.group_permissions",
        "access.membership",
        "access.historicalmembership_delivery_themes",
        "reporting.historicalactionupdate",
        "workflow.periodevent",
        "footprints.statedtotal",
        "factors.supplementaryfactor",
        "admin.logentry",
    ):
        assert counts[label] > 0, label
    # Not copied: sessions, sign-in attempts, content types and permissions, the factor sets.
    copied = set(counts)
    for label in (
        "sessions.session",
        "axes.accessattempt",
        "contenttypes.contenttype",
        "auth.permission",
        "factors.factorset",
        "factors.factor",
        "factors.historicalfactorset",
    ):
        assert label not in copied and label in data["not_copied"] + data["by_reference"]
    assert data["reference_data"]["factor_sets"] == [
        {
            "set_year": 2023,
            "edition": SOURCES[2023].edition,
            "source_file": SOURCES[2023].filename,
            "sha256": SOURCES[2023].sha256,
            "origin": "shipped",
        }
    ]


def test_rows_keep_their_keys_and_values_and_point_at_reference_data_by_natural_key(rich, tmp_path):
    backup_export(path=tmp_path / "netzero.json")
    data = json.loads((tmp_path / "netzero.json").read_text())  # plain JSON, not gzipped

    (entry,) = [e for e in _table(data, "footprints.footprintentry") if e["factor"]]
    assert entry["factor"] == [2023, rich.source_row]
    assert entry["tco2e"] == "1.234" and entry["quantity"] == "1000.000000"
    history = [e for e in _table(data, "footprints.historicalfootprintentry") if e["factor"]]
    assert history[0]["factor"] == [2023, rich.source_row]
    assert sorted(tuple(r["permission"]) for r in _table(data, "auth.group_permissions")) == sorted(
        p.natural_key() for group in Group.objects.all() for p in group.permissions.all()
    )
    (log,) = _table(data, "admin.logentry")
    assert log["content_type"] == ["plans", "plan"]
    users = {u["username"]: u for u in _table(data, "auth.user")}
    manager = get_user_model().objects.get(username="manager")
    assert users["manager"]["id"] == manager.pk
    assert users["manager"]["password"] == manager.password  # the hash, as stored
    periods = {p["id"]: p for p in _table(data, "reporting.reportingperiod")}
    q3 = rich.entries.get().organisation.plans.get().periods.get(year=2022, quarter=3)
    assert periods[q3.pk]["snapshot"] == q3.snapshot and periods[q3.pk]["state"] == "published"
    events = _table(data, "workflow.periodevent")
    assert {e["kind"] for e in events} >= {"opened", "published"}
    assert all(e["history_user"] is None or isinstance(e["history_user"], int) for e in history)


def test_every_installed_table_is_copied_or_left_out_with_a_reason():
    copied = {t.label for t in copied_tables()}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        assert (label in copied) != bool(excluded_reason(model)), label
    not_copied = set(EXCLUDED_MODELS) | {
        m._meta.label_lower for m in apps.get_models() if m._meta.app_label in EXCLUDED_APPS
    }
    assert not_copied >= BY_REFERENCE
    # A table is written after the tables it points at, where there is no cycle.
    order = [t.label for t in copied_tables()]
    assert order.index("organisations.organisation") < order.index("plans.plan")
    assert order.index("reporting.reportingperiod") < order.index("reporting.actionupdate")


def test_the_command_and_a_failed_export_leaves_no_file(rich, tmp_path, monkeypatch):
    out = StringIO()
    call_command("export-all", str(tmp_path / "a.json.gz"), stdout=out)
    assert out.getvalue().startswith("Wrote ") and "a.json.gz" in out.getvalue()
    with gzip.open(tmp_path / "a.json.gz", "rt") as handle:
        assert json.load(handle)["format"] == FORMAT

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_write_table", broken)
    with pytest.raises(RuntimeError):
        backup_export(path=tmp_path / "b.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json.gz"]
    assert FactorSet.objects.count() == 1
