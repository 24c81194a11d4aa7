"""Reads for reporting periods and action histories."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from netzero.plans.models import Action, Plan
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.status import Change, Status, status_change


def period_get(*, plan: Plan, name: str) -> ReportingPeriod:
    """The plan's period called ``name``; ValidationError if malformed or not in the plan."""
    quarter = parse_quarter(name)
    period = ReportingPeriod.objects.filter(
        plan=plan, year=quarter.year, quarter=quarter.quarter
    ).first()
    if period is None:
        raise ValidationError(
            f"{plan.name} has no reporting period {quarter.name}.", code="unknown_period"
        )
    return period


def period_latest(*, plan: Plan) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(plan=plan).order_by("-year", "-quarter").first()


def periods_for_plan(*, plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter"))


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


def action_history(*, action: Action) -> list[HistoryEntry]:
    """The action's status in every period of its plan, oldest first, in two queries."""
    periods = periods_for_plan(plan=action.plan)
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
