"""Actions completed, retired, merged or superseded from a period on, and when one is overdue.

The services' refusals and effects use the small council (``netzero.testing.council``): 2022-23
Q2 and Q3 published, Q4 open and empty, seven priority actions and LL1.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from netzero.core.exceptions import Refused
from netzero.dashboards.selectors import dashboard_for_period
from netzero.reporting.lifecycle import is_overdue, state_as_of
from netzero.reporting.models import ActionStateChange
from netzero.reporting.selectors import action_history
from netzero.reporting.services import (
    action_complete,
    action_merge,
    action_retire,
    action_state_record,
    action_state_undo,
    action_supersede,
)
from netzero.reporting.status import Status
from netzero.testing.factories import ActionFactory, ActionUpdateFactory, ReportingPeriodFactory
from netzero.workflow.services import period_publish

# --- is_overdue: a timescale ends on 31 March after its last financial year; a date on itself ---


@pytest.mark.parametrize(
    ("target", "period_end", "completed", "overdue"),
    [
        ("2021", date(2022, 12, 31), False, True),  # Refs 13 and 14 in 2022-23 Q3
        ("2022", date(2022, 12, 31), False, False),  # 2022/23 has not ended
        ("2021", date(2022, 3, 31), False, False),  # the period ends on the year's last day
        ("2021", date(2022, 4, 1), False, True),  # one day after it
        ("2021", date(2022, 3, 30), False, False),
        ("2022/23", date(2023, 3, 31), False, False),  # 2022-23 Q4 for a 2022/23 timescale
        ("2022/23", date(2023, 6, 30), False, True),  # 2023-24 Q1
        ("2022/2023", date(2023, 6, 30), False, True),  # the same financial year, written out
        ("2022-2025", date(2026, 3, 31), False, False),  # runs to 2025/26
        ("2022-2025", date(2026, 6, 30), False, True),
        ("2022-06-30", date(2022, 12, 31), False, True),  # a date passed months before Q3 ended
        ("2023-01-15", date(2023, 3, 31), False, True),  # and one passed within Q4
        ("2023-03-31", date(2023, 3, 31), False, False),  # due on the period's last day
        ("2021", date(2022, 12, 31), True, False),  # completed: never overdue
        ("", date(2030, 3, 31), False, False),  # no timescale
        ("by and by", date(2030, 3, 31), False, False),  # not a timescale (an old record)
    ],
)
def test_is_overdue_at_the_boundaries(target, period_end, completed, overdue):
    assert is_overdue(target, period_end, completed) is overdue


# --- the services ---------------------------------------------------------------------------


@pytest.fixture
def manager(council):
    return council.people["manager"]


def _counted_refs(council, period, *, live=False) -> list[str]:
    return [r.ref for r in dashboard_for_period(plan=council.plan, period=period, live=live).rows]


def test_retiring_leaves_the_counts_from_its_period_on_and_keeps_the_history(council, manager):
    ref24 = council.actions["24"]
    before = dashboard_for_period(plan=council.plan, period=council.q4)
    assert before.priority.total == 7
    assert "24" in [r.ref for r in before.rows]

    change = action_retire(
        action=ref24, period=council.q4, reason="Absorbed into the travel plan", user=manager
    )

    assert change.recorded_by == manager and change.kind == ActionStateChange.Kind.RETIRED
    after = dashboard_for_period(plan=council.plan, period=council.q4)
    assert after.priority.total == 6
    assert "24" not in [r.ref for r in after.rows]
    assert sum(t.total for t in after.by_strategy_theme) == 6
    assert [(n.ref, n.reason, n.from_period) for n in after.not_counted] == [
        ("24", "Absorbed into the travel plan", "2022-23 Q4")
    ]
    # Earlier periods still count it, as published and as recomputed.
    assert "24" in _counted_refs(council, council.q3)
    assert "24" in _counted_refs(council, council.q3, live=True)
    assert dashboard_for_period(plan=council.plan, period=council.q3).not_counted == []
    # Its history stays.
    history = {e.period.name: e.status for e in action_history(action=ref24)}
    assert history["2022-23 Q3"] == Status.GOOD and history["2022-23 Q2"] == Status.GOOD


def test_a_retirement_holds_in_later_periods(council, manager):
    action_retire(
        action=council.actions["24"], period=council.q4, reason="Done elsewhere", user=manager
    )
    q1 = ReportingPeriodFactory(plan=council.plan, name="2023-24 Q1")
    assert "24" not in _counted_refs(council, q1)


def test_a_completed_action_stays_counted_and_is_not_overdue(council, manager):
    ref1 = council.actions["1"]
    ref1.target = "2021"
    ref1.save()
    assert next(
        r for r in dashboard_for_period(plan=council.plan, period=council.q4).rows if r.ref == "1"
    ).overdue

    action_complete(action=ref1, period=council.q4, reason="Heat pumps installed", user=manager)

    dashboard = dashboard_for_period(plan=council.plan, period=council.q4)
    row = next(r for r in dashboard.rows if r.ref == "1")
    assert dashboard.priority.total == 7
    assert row.completed and not row.overdue
    assert dashboard.not_counted == []


def test_merging_and_superseding_name_the_other_action(council, manager):
    merged = action_merge(
        action=council.actions["10"],
        into=council.actions["16"],
        period=council.q4,
        reason="One planning action now",
        user=manager,
    )
    superseded = action_supersede(
        action=council.actions["5"],
        by=council.actions["24"],
        period=council.q4,
        reason="Replaced by the fleet strategy",
        user=manager,
    )
    assert merged.other == council.actions["16"] and superseded.other == council.actions["24"]
    dashboard = dashboard_for_period(plan=council.plan, period=council.q4)
    assert {(n.ref, n.change, n.other_ref) for n in dashboard.not_counted} == {
        ("10", "merged", "16"),
        ("5", "superseded", "24"),
    }
    assert dashboard.priority.total == 5


def test_undo_puts_the_action_back_in_the_counts(council, manager):
    ref24 = council.actions["24"]
    action_retire(action=ref24, period=council.q4, reason="Done elsewhere", user=manager)
    action_state_undo(action=ref24, user=manager)
    assert "24" in _counted_refs(council, council.q4)
    assert not ActionStateChange.objects.filter(action=ref24).exists()
    # The history table keeps the record of the undone change.
    assert ActionStateChange.history.filter(action_id=ref24.pk).count() == 2


def test_undo_with_nothing_recorded_is_refused(council, manager):
    with pytest.raises(Refused, match="no recorded change"):
        action_state_undo(action=council.actions["24"], user=manager)


def test_state_as_of_is_the_latest_change_on_or_before_the_period(council, manager):
    ref1 = council.actions["1"]
    q1 = ReportingPeriodFactory(plan=council.plan, name="2023-24 Q1")
    done = action_complete(action=ref1, period=council.q4, reason="Finished", user=manager)
    retired = action_retire(action=ref1, period=q1, reason="No longer reported", user=manager)
    changes = list(ActionStateChange.objects.filter(action=ref1).select_related("period"))
    assert state_as_of(changes, council.q3) is None
    assert state_as_of(changes, council.q4) == done
    assert state_as_of(changes, q1) == retired


# --- refusals ---------------------------------------------------------------------------------


def test_a_reason_is_required(council, manager):
    with pytest.raises(Refused) as caught:
        action_retire(action=council.actions["24"], period=council.q4, reason="  ", user=manager)
    assert "Give the reason" in str(caught.value.message_dict["reason"])
    assert not ActionStateChange.objects.exists()


def test_merging_needs_another_action_of_the_same_plan_not_itself(council, manager):
    ref10 = council.actions["10"]
    with pytest.raises(Refused) as caught:
        action_state_record(
            action=ref10, period=council.q4, kind="merged", reason="x", user=manager
        )
    assert "Name the action it is merged into" in caught.value.message_dict["other"][0]
    with pytest.raises(Refused) as caught:
        action_merge(action=ref10, into=ref10, period=council.q4, reason="x", user=manager)
    assert "itself" in caught.value.message_dict["other"][0]
    elsewhere = ActionFactory()  # in a plan of its own
    with pytest.raises(Refused) as caught:
        action_supersede(action=ref10, by=elsewhere, period=council.q4, reason="x", user=manager)
    assert "another plan" in caught.value.message_dict["other"][0]
    assert not ActionStateChange.objects.exists()


def test_a_period_of_another_plan_is_refused(council, manager):
    other_period = ReportingPeriodFactory(name="2022-23 Q4")  # another plan's
    with pytest.raises(Refused) as caught:
        action_retire(action=council.actions["24"], period=other_period, reason="x", user=manager)
    assert "another plan" in caught.value.message_dict["period"][0]


def test_a_change_holding_in_a_published_period_is_refused_saying_what_to_do(council, manager):
    for period in (council.q3, council.q2):  # Q2's change would hold in Q3 as well
        with pytest.raises(Refused) as caught:
            action_retire(action=council.actions["24"], period=period, reason="x", user=manager)
        message = caught.value.message_dict["period"][0]
        assert "published and its figures are frozen" in message
        assert "Record it from 2022-23 Q4" in message
    assert not ActionStateChange.objects.exists()


def test_the_guard_refuses_a_change_in_a_published_period_by_any_path(council, manager):
    with pytest.raises(ValidationError, match="frozen"):
        ActionStateChange.objects.create(
            action=council.actions["24"], period=council.q3, kind="retired", reason="x"
        )


def test_a_second_change_in_the_same_period_is_refused(council, manager):
    ref24 = council.actions["24"]
    action_complete(action=ref24, period=council.q4, reason="Done", user=manager)
    with pytest.raises(Refused, match="already has a change from 2022-23 Q4"):
        action_retire(action=ref24, period=council.q4, reason="Retired too", user=manager)
    assert ActionStateChange.objects.filter(action=ref24).count() == 1


def test_a_retired_action_takes_no_further_change_until_undone(council, manager):
    ref24 = council.actions["24"]
    q1 = ReportingPeriodFactory(plan=council.plan, name="2023-24 Q1")
    action_retire(action=ref24, period=council.q4, reason="Done elsewhere", user=manager)
    with pytest.raises(Refused, match="is retired from 2022-23 Q4"):
        action_complete(action=ref24, period=q1, reason="x", user=manager)
    with pytest.raises(Refused) as caught:
        action_merge(action=council.actions["1"], into=ref24, period=q1, reason="x", user=manager)
    assert "itself retired" in caught.value.message_dict["other"][0]


def test_only_a_manager_of_the_plan_records_changes(council):
    for username in ("viewer", "planning", "outsider"):
        with pytest.raises(PermissionDenied):
            action_retire(
                action=council.actions["24"],
                period=council.q4,
                reason="x",
                user=council.people[username],
            )
    with pytest.raises(PermissionDenied):
        action_retire(action=council.actions["24"], period=council.q4, reason="x", user=None)


# --- publishing -------------------------------------------------------------------------------


def test_publishing_does_not_wait_for_updates_of_retired_actions(council, manager):
    draft = ActionUpdateFactory(action=council.actions["24"], period=council.q4, status=Status.GOOD)
    assert draft.state == draft.State.DRAFT
    with pytest.raises(Refused, match=r"not approved yet: Ref 24 "):
        period_publish(period=council.q4, user=manager)

    action_retire(action=council.actions["24"], period=council.q4, reason="Done", user=manager)
    published = period_publish(period=council.q4, user=manager)

    assert published.is_published
    assert "24" not in [row["ref"] for row in published.snapshot["rows"]]
    # Once published, the retirement is frozen with it.
    with pytest.raises(Refused, match="frozen"):
        action_state_undo(action=council.actions["24"], user=manager)


def test_an_action_named_by_a_merger_is_kept_but_its_plan_can_still_be_deleted(council, manager):
    from django.db.models import RestrictedError

    from netzero.testing.factories import PlanFactory

    plan = PlanFactory(organisation=council.plan.organisation, slug="draft-plan")
    kept, merged = ActionFactory(plan=plan), ActionFactory(plan=plan)
    period = ReportingPeriodFactory(plan=plan, name="2022-23 Q4")
    action_merge(action=merged, into=kept, period=period, reason="One action now", user=manager)
    with pytest.raises(RestrictedError):
        kept.delete()
    plan.delete()
    assert not ActionStateChange.objects.filter(action=merged).exists()


def test_deleting_a_period_does_not_silently_undo_the_changes_recorded_from_it(council, manager):
    from django.db.models import RestrictedError

    from netzero.reporting.models import ActionStateChange

    action_retire(action=council.actions["24"], period=council.q4, reason="Done", user=manager)
    with pytest.raises(RestrictedError):
        council.q4.delete()
    assert ActionStateChange.objects.filter(period=council.q4).count() == 1
