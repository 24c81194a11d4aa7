"""Reads for reporting periods and action histories."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from netzero.core.exceptions import NotFound
from netzero.core.permissions import Permission
from netzero.plans.models import Action, Plan
from netzero.reporting.lifecycle import is_overdue, states_as_of
from netzero.reporting.models import ActionStateChange, ActionUpdate, PlanNote, ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.status import Change, Status, status_change


def period_get(*, plan: Plan, name: str) -> ReportingPeriod:
    """The plan's period called ``name`` ("2022-23 Q3" or "2022-23-Q3"); NotFound if the name
    is not a period's (saying how to write one) or the plan has no such period."""
    try:
        quarter = parse_quarter(name)
    except ValidationError as exc:
        raise NotFound(" ".join(exc.messages), code="malformed_period") from exc
    period = ReportingPeriod.objects.filter(
        plan=plan, year=quarter.year, quarter=quarter.quarter
    ).first()
    if period is None:
        raise NotFound(
            f"{plan.name} has no reporting period {quarter.name}.", code="unknown_period"
        )
    period.plan = plan  # the rules read the plan's organisation; no further query
    return period


def period_latest(*, plan: Plan, published_only: bool = False) -> ReportingPeriod | None:
    periods = ReportingPeriod.objects.filter(plan=plan)
    if published_only:
        periods = periods.filter(state=ReportingPeriod.State.PUBLISHED)
    return periods.order_by("-year", "-quarter").first()


def period_to_read(*, plan: Plan, name: str | None) -> ReportingPeriod | None:
    """The period a reader asked for by ``name``; without one, the plan's latest published
    period, else its latest (None when it has none). What the commands show by default."""
    if name:
        return period_get(plan=plan, name=name)
    return period_latest(plan=plan, published_only=True) or period_latest(plan=plan)


def periods_for_plan(*, plan: Plan, snapshots: bool = True) -> list[ReportingPeriod]:
    """The plan's periods, oldest first. ``snapshots=False`` leaves out each published
    period's frozen dashboard (read again if asked for): a plan of many years' quarters then
    costs a few bytes a quarter, not a whole dashboard each."""
    found = ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter")
    periods = list(found if snapshots else found.defer("snapshot"))
    for period in periods:
        period.plan = plan  # the rules read the plan's organisation; no query per period
    return periods


def period_previous(
    *, period: ReportingPeriod, periods: list[ReportingPeriod]
) -> ReportingPeriod | None:
    """The plan's latest period before ``period`` (not necessarily the adjacent quarter)."""
    earlier = [p for p in periods if (p.year, p.quarter) < (period.year, period.quarter)]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class HistoryEntry:
    period: ReportingPeriod
    update: ActionUpdate | None
    status: Status
    change: Change
    previous_status: Status | None


def visible_periods(*, user, periods: list[ReportingPeriod]) -> list[ReportingPeriod]:
    """The periods this user may read (rule ``netzero.view_period``), in the order given."""
    return [p for p in periods if user.has_perm(Permission.VIEW_PERIOD, p)]


def action_history(*, action: Action, include_open: bool = True) -> list[HistoryEntry]:
    """The action's status in every period of its plan, oldest first, in two queries.

    ``include_open`` False leaves out open periods (drafts), for readers outside the organisation.
    """
    periods = periods_for_plan(plan=action.plan, snapshots=False)
    if not include_open:
        periods = [p for p in periods if p.is_published]
    updates = {u.period_id: u for u in ActionUpdate.objects.filter(action=action)}
    entries: list[HistoryEntry] = []
    previous: Status | None = None
    for period in periods:
        update = updates.get(period.pk)
        status = Status(update.status) if update else Status.NOT_REPORTED
        entries.append(
            HistoryEntry(period, update, status, status_change(previous, status), previous)
        )
        previous = status
    return entries


def state_changes_for_plan(*, plan: Plan) -> list[ActionStateChange]:
    """Every action's completions, retirements, mergers and supersessions in the plan (one
    query), with their periods and the actions they name."""
    return list(
        ActionStateChange.objects.filter(action__plan=plan)
        .select_related("period", "action", "other")
        .order_by("period__year", "period__quarter", "action__ref_sort")
    )


def action_state_changes(*, action: Action) -> list[ActionStateChange]:
    """The action's changes, oldest first."""
    return list(
        ActionStateChange.objects.filter(action=action)
        .select_related("period", "other")
        .order_by("period__year", "period__quarter")
    )


def plan_notes_for_plan(*, plan: Plan) -> list[PlanNote]:
    return list(PlanNote.objects.filter(plan=plan).select_related("from_period"))


@dataclass(frozen=True)
class ActionStanding:
    """Where an action stands as of a period: its state and whether it is overdue."""

    state: str  # "current", or an ActionStateChange kind: completed, retired, merged, superseded
    overdue: bool


def action_standings(*, plan: Plan, period: ReportingPeriod) -> dict[int, ActionStanding]:
    """Every action of ``plan`` as of ``period`` (two queries)."""
    changes = states_as_of(
        ActionStateChange.objects.filter(action__plan=plan).select_related("period"), period
    )
    standings: dict[int, ActionStanding] = {}
    for action_id, target in plan.actions.values_list("id", "target"):
        change = changes.get(action_id)
        state = "current" if change is None else change.kind
        completed = state == ActionStateChange.Kind.COMPLETED
        overdue = state in {"current", "completed"} and is_overdue(target, period.end, completed)
        standings[action_id] = ActionStanding(state=state, overdue=overdue)
    return standings
