"""An action's state as of a period (completed, retired, merged, superseded) and whether it is
overdue: plain functions, no queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from netzero.plans.targets import timescale_end
from netzero.reporting.models import ActionStateChange, ReportingPeriod


def is_overdue(target: str, period_end_date: date, completed: bool) -> bool:
    """An action is overdue in a period when the last day its timescale allows (a date target's
    own date; otherwise 31 March after its last financial year, ``plans.targets.timescale_end``)
    is before the period's end, and it is not completed as of that period. No timescale: never
    overdue."""
    end = timescale_end(target)
    if end is None or completed:
        return False
    return end < period_end_date


def _key(period: ReportingPeriod) -> tuple[int, int]:
    return (period.year, period.quarter)


def state_as_of(
    changes: Iterable[ActionStateChange], period: ReportingPeriod
) -> ActionStateChange | None:
    """The action's current change as of ``period``: the latest one whose period is on or before
    it; None when nothing has changed yet. ``changes`` are one action's, their periods loaded."""
    current = None
    for change in changes:
        if _key(change.period) <= _key(period) and (
            current is None or _key(change.period) > _key(current.period)
        ):
            current = change
    return current


def states_as_of(
    changes: Iterable[ActionStateChange], period: ReportingPeriod
) -> dict[int, ActionStateChange]:
    """Each action's current change as of ``period`` (actions with none are left out)."""
    by_action: dict[int, list[ActionStateChange]] = {}
    for change in changes:
        by_action.setdefault(change.action_id, []).append(change)
    states = {}
    for action_id, own in by_action.items():
        state = state_as_of(own, period)
        if state is not None:
            states[action_id] = state
    return states
