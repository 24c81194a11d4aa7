"""Nothing changes a published quarter outside the workflow: `netzero loaddata` (raw saves) is
refused like any other save and changes nothing; only import-all's restoring() passes."""

from __future__ import annotations

import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status
from netzero.workflow.guards import restoring
from netzero.workflow.models import PeriodEvent


@pytest.fixture
def plan(council):
    """A council's plan: 2022-23 Q2 and Q3 published, Q4 open (netzero.testing.council)."""
    return council.plan


@pytest.fixture
def q2(council):
    return council.q2


@pytest.fixture
def q3(council):
    return council.q3


@pytest.fixture
def q4(council):
    return council.q4


def _fixture(tmp_path, obj, **fields):
    (row,) = json.loads(serializers.serialize("json", [obj]))
    row["fields"].update(fields)
    path = tmp_path / "fixture.json"
    path.write_text(json.dumps([row]))
    return path


def _state():
    return (
        list(
            ReportingPeriod.objects.order_by("pk").values_list("pk", "state", "notes", "snapshot")
        ),
        list(ActionUpdate.objects.order_by("pk").values_list("pk", "period", "status", "progress")),
        list(PeriodEvent.objects.order_by("pk").values_list("pk", "kind", "reason", "snapshot")),
    )


def test_loaddata_cannot_rewrite_a_published_snapshot(plan, q3, tmp_path):
    before = _state()
    snapshot = json.loads(json.dumps(q3.snapshot))
    snapshot["rows"][0]["status"] = Status.ACTION.value
    path = _fixture(tmp_path, q3, snapshot=snapshot)
    with pytest.raises(ValidationError, match="published and reopened only from its Manage page"):
        call_command("loaddata", str(path), verbosity=0)
    path = _fixture(tmp_path, q3, notes="Rewritten.", published_at=q3.published_at.isoformat())
    with pytest.raises(ValidationError, match="2022-23 Q3 is published: it no longer changes"):
        call_command("loaddata", str(path), verbosity=0)
    assert _state() == before


def test_loaddata_cannot_change_or_add_a_published_update(plan, q2, q3, q4, tmp_path):
    before = _state()
    update = ActionUpdate.objects.get(action__ref="5", period=q3)
    for path in (
        _fixture(tmp_path, update, status=Status.GOOD.value, progress="<p>Rewritten.</p>"),
        _fixture(tmp_path, update, period=q4.pk),  # moved out of the published quarter
    ):
        with pytest.raises(ValidationError, match="2022-23 Q3 is published: its updates no longer"):
            call_command("loaddata", str(path), verbosity=0)
    # Ref 20 (reporting through Ref 16) has no update in Q2: one cannot be slipped in either.
    new = ActionUpdate(action=plan.actions.get(ref="20"), period=q2, status=Status.GOOD)
    (row,) = json.loads(serializers.serialize("json", [new]))
    row["pk"] = 99999
    (tmp_path / "new.json").write_text(json.dumps([row]))
    with pytest.raises(ValidationError, match="2022-23 Q2 is published"):
        call_command("loaddata", str(tmp_path / "new.json"), verbosity=0)
    assert _state() == before


def test_loaddata_cannot_publish_a_period_or_rewrite_its_events(plan, q3, q4, tmp_path):
    before = _state()
    published = _fixture(tmp_path, q4, state="published", snapshot=q3.snapshot)
    with pytest.raises(ValidationError, match="only from its Manage page"):
        call_command("loaddata", str(published), verbosity=0)
    row = json.loads(serializers.serialize("json", [q4]))[0]
    row.update(pk=99999, fields={**row["fields"], "quarter": 1, "year": 2023, "state": "published"})
    (tmp_path / "made-up.json").write_text(json.dumps([row]))
    with pytest.raises(ValidationError, match="A period is created open"):
        call_command("loaddata", str(tmp_path / "made-up.json"), verbosity=0)
    event = q3.events.get(kind=PeriodEvent.Kind.PUBLISHED)
    with pytest.raises(ValidationError, match="A period's recorded events are never changed"):
        call_command("loaddata", str(_fixture(tmp_path, event, snapshot={})), verbosity=0)
    assert _state() == before


def test_loaddata_still_loads_what_the_workflow_leaves_open(plan, q4, tmp_path):
    new = ActionUpdate(action=plan.actions.get(ref="1"), period=q4, status=Status.REVIEW)
    (row,) = json.loads(serializers.serialize("json", [new]))
    row["pk"] = 99999
    row["fields"].update(created_at="2023-04-03T09:00:00Z", updated_at="2023-04-03T09:00:00Z")
    (tmp_path / "open.json").write_text(json.dumps([row]))
    call_command("loaddata", str(tmp_path / "open.json"), verbosity=0)
    assert ActionUpdate.objects.get(pk=99999).period == q4


def test_restoring_lets_only_raw_saves_through(plan, q3):
    with restoring():
        q3.notes = "Restored as backed up."
        with pytest.raises(ValidationError, match="is published"), transaction.atomic():
            q3.save()  # an ordinary save is still checked
        with transaction.atomic():
            q3.save_base(raw=True)  # a restore's raw save passes
            transaction.set_rollback(True)
