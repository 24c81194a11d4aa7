"""Bad input gets a clear error and changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netzero.core.exceptions import NotFound
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.services import period_create
from netzero.reporting.status import Status
from netzero.workflow.services import update_record, update_record_as_published


def _snapshot():
    return list(
        ActionUpdate.objects.order_by("pk").values_list("pk", "status", "progress", "updated_at")
    )


def test_update_for_a_period_that_does_not_exist_is_refused(demo_plan):
    before = _snapshot()
    with pytest.raises(NotFound, match="has no reporting period 2030-31 Q1"):
        update_record(plan=demo_plan, ref="5", period_name="2030-31 Q1", status="Good")
    assert _snapshot() == before


def test_unknown_status_is_refused(demo_plan):
    before = _snapshot()
    with pytest.raises(ValidationError, match="Unknown status 'Amber'"):
        update_record(plan=demo_plan, ref="5", period_name="2022-23 Q3", status="Amber")
    assert _snapshot() == before


def test_malformed_period_name_is_refused(demo_plan):
    before = _snapshot()
    with pytest.raises(NotFound, match="not a reporting period"):
        update_record(plan=demo_plan, ref="5", period_name="Quarter 3", status="Good")
    with pytest.raises(ValidationError, match="not a reporting period"):
        period_create(plan=demo_plan, name="2022 Q3")
    assert _snapshot() == before
    assert ReportingPeriod.objects.filter(plan=demo_plan).count() == 3


def test_unknown_ref_is_refused(demo_plan):
    with pytest.raises(NotFound, match="no action with ref '99'"):
        update_record(plan=demo_plan, ref="99", period_name="2022-23 Q3", status="Good")


def test_duplicate_period_is_refused(demo_plan):
    with pytest.raises(ValidationError, match="already has the period 2022-23 Q3"):
        period_create(plan=demo_plan, name="2022-23-Q3")


def test_recording_an_update_replaces_the_one_for_that_period(demo_plan, q4):
    update_record(
        plan=demo_plan, ref="5", period_name="2022-23-Q4", status="review", reason="Delayed."
    )
    update = update_record(
        plan=demo_plan,
        ref="5",
        period_name="2022-23-Q4",
        status="action",
        progress="<p>Moved.</p><script>x</script>",
        reason="Funding withdrawn.",
        mitigation="Bid to the Levelling Up Fund.",
    )
    assert update.status == Status.ACTION and update.progress == "<p>Moved.</p>"
    assert (
        ActionUpdate.objects.filter(action__plan=demo_plan, action__ref="5", period=q4).count() == 1
    )


def test_a_published_periods_updates_do_not_change(demo_plan, q3):
    before = _snapshot()
    with pytest.raises(ValidationError, match="2022-23 Q3 is published"):
        update_record(plan=demo_plan, ref="5", period_name="2022-23 Q3", status="Good")
    assert _snapshot() == before


def test_period_of_another_plan_is_refused(demo_plan, q4):
    from netzero.testing.synthetic import synthetic_plan_create

    other = synthetic_plan_create(actions=5, periods=1, slug="other")
    action = Action.objects.filter(plan=other).first()
    with pytest.raises(ValidationError, match="belongs to another plan"):
        update_record_as_published(action=action, period=q4, status=Status.GOOD)


def test_database_refuses_two_updates_for_one_action_and_period(demo_plan, q4):
    action = Action.objects.get(plan=demo_plan, ref="1")
    ActionUpdate.objects.create(action=action, period=q4, status=Status.GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionUpdate.objects.create(action=action, period=q4, status=Status.REVIEW)


def test_recording_only_a_status_keeps_the_narrative(demo_plan, q3, q4):
    from_q3 = ActionUpdate.objects.get(action__plan=demo_plan, action__ref="5", period=q3)
    before = ActionUpdate.objects.create(
        action=from_q3.action,
        period=q4,
        status=from_q3.status,
        progress=from_q3.progress,
        reason=from_q3.reason,
        mitigation=from_q3.mitigation,
        note="Carried forward.",
    )
    update = update_record(plan=demo_plan, ref="5", period_name="2022-23 Q4", status="Action")
    assert update.status == Status.ACTION
    assert (update.progress, update.reason, update.mitigation, update.note) == (
        before.progress,
        before.reason,
        before.mitigation,
        before.note,
    )
    assert len(update.progress) > 500


def test_refs_are_found_whatever_their_case(demo_plan):
    update = update_record(
        plan=demo_plan,
        ref="ll15",
        period_name="2022-23 Q4",
        status="Action",
        reason="Supplier withdrew.",
        mitigation="Retendering in Q1.",
    )
    assert update.action.ref == "LL15"
