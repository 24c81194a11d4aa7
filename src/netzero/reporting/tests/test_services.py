"""Bad input gets a clear error and changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netzero.core.exceptions import NotFound, Refused
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.services import period_create
from netzero.reporting.status import Status
from netzero.testing.factories import ActionFactory
from netzero.workflow.services import update_record, update_record_as_published


@pytest.fixture
def plan(council):
    """The small council's plan (netzero.testing.council): 2022-23 Q2 and Q3 published, Q4 open;
    refs 1, 5, 10, 16, 20, 24, 25 and LL1."""
    return council.plan


@pytest.fixture
def q3(council):
    return council.q3


@pytest.fixture
def q4(council):
    return council.q4


def _snapshot():
    return list(
        ActionUpdate.objects.order_by("pk").values_list("pk", "status", "progress", "updated_at")
    )


def test_update_for_a_period_that_does_not_exist_is_refused(plan):
    before = _snapshot()
    with pytest.raises(NotFound, match="has no reporting period 2030-31 Q1"):
        update_record(plan=plan, ref="5", period_name="2030-31 Q1", status="Good")
    assert _snapshot() == before


def test_unknown_status_is_refused(plan):
    before = _snapshot()
    with pytest.raises(ValidationError, match="Unknown status 'Amber'"):
        update_record(plan=plan, ref="5", period_name="2022-23 Q3", status="Amber")
    assert _snapshot() == before


def test_malformed_period_name_is_refused(plan):
    before = _snapshot()
    with pytest.raises(NotFound, match="not a reporting period"):
        update_record(plan=plan, ref="5", period_name="Quarter 3", status="Good")
    with pytest.raises(ValidationError, match="not a reporting period"):
        period_create(plan=plan, name="2022 Q3")
    assert _snapshot() == before
    assert ReportingPeriod.objects.filter(plan=plan).count() == 3


def test_unknown_ref_is_refused(plan):
    with pytest.raises(NotFound, match="no action with ref '99'"):
        update_record(plan=plan, ref="99", period_name="2022-23 Q3", status="Good")


def test_duplicate_period_is_refused(plan):
    with pytest.raises(ValidationError, match="already has the period 2022-23 Q3"):
        period_create(plan=plan, name="2022-23-Q3")


def test_recording_an_update_replaces_the_one_for_that_period(plan, q4):
    update_record(plan=plan, ref="5", period_name="2022-23-Q4", status="review", reason="Delayed.")
    update = update_record(
        plan=plan,
        ref="5",
        period_name="2022-23-Q4",
        status="action",
        progress="<p>Moved.</p><script>x</script>",
        reason="Funding withdrawn.",
        mitigation="Bid to the Levelling Up Fund.",
    )
    assert update.status == Status.ACTION and update.progress == "<p>Moved.</p>"
    assert ActionUpdate.objects.filter(action__plan=plan, action__ref="5", period=q4).count() == 1


def test_a_published_periods_updates_do_not_change(plan, q3):
    before = _snapshot()
    with pytest.raises(ValidationError, match="2022-23 Q3 is published"):
        update_record(plan=plan, ref="5", period_name="2022-23 Q3", status="Good")
    assert _snapshot() == before


def test_period_of_another_plan_is_refused(plan, q4):
    action = ActionFactory()
    with pytest.raises(ValidationError, match="belongs to another plan"):
        update_record_as_published(action=action, period=q4, status=Status.GOOD)


def test_database_refuses_two_updates_for_one_action_and_period(plan, q4):
    action = Action.objects.get(plan=plan, ref="1")
    ActionUpdate.objects.create(action=action, period=q4, status=Status.GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionUpdate.objects.create(action=action, period=q4, status=Status.REVIEW)


def test_recording_only_a_status_keeps_the_narrative(plan, q4):
    paragraph = "<p>Heat pumps fitted at three depots; the fourth waits for its survey.</p>"
    before = ActionUpdate.objects.create(
        action=Action.objects.get(plan=plan, ref="5"),
        period=q4,
        status=Status.REVIEW,
        progress=paragraph * 8,
        reason="Survey delayed.",
        mitigation="Second surveyor booked.",
        note="Carried forward.",
    )
    update = update_record(plan=plan, ref="5", period_name="2022-23 Q4", status="Action")
    assert update.status == Status.ACTION
    assert (update.progress, update.reason, update.mitigation, update.note) == (
        before.progress,
        before.reason,
        before.mitigation,
        before.note,
    )
    assert len(update.progress) > 500


def test_refs_are_found_whatever_their_case(plan):
    update = update_record(
        plan=plan,
        ref="ll1",
        period_name="2022-23 Q4",
        status="Action",
        reason="Supplier withdrew.",
        mitigation="Retendering in Q1.",
    )
    assert update.action.ref == "LL1"


@pytest.mark.parametrize("name", ["2022-23 Q3", "2022-23-Q4", "2022-23 q2"])
def test_a_quarter_the_plan_already_has_is_refused_and_nothing_written(plan, name):
    periods = list(ReportingPeriod.objects.order_by("pk").values())
    with pytest.raises(Refused) as refused:
        period_create(plan=plan, name=name, notes="Again.")
    assert refused.value.code == "duplicate_period"
    quarter = name.replace("-Q", " Q").replace("q", "Q")
    assert refused.value.messages == [f"Borough Climate Strategy already has the period {quarter}."]
    assert list(ReportingPeriod.objects.order_by("pk").values()) == periods


def test_a_new_period_is_open_with_its_notes_and_another_plan_may_have_the_same_quarter(plan):
    period = period_create(plan=plan, name="2023-24-Q1", notes="Fleet data late.")
    period.refresh_from_db()
    assert (period.plan, period.year, period.quarter, period.state, period.notes) == (
        plan,
        2023,
        1,
        "open",
        "Fleet data late.",
    )
    other = ActionFactory().plan
    assert period_create(plan=other, name="2023-24 Q1").plan == other
