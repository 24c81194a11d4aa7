"""An action's state as of a period (completed, retired, merged, superseded) and whether it is
overdue: plain functions, no queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from netzero.reporting.models import ActionStateChange, ReportingPeriod


def financial_year_end(year: int) -> date:
    """The last day of the financial year that begins in ``year``: 31 March of the next year."""
    return date(year + 1, 3, 31)


def is_overdue(end_year: int | None, period_end_date: date, completed: bool) -> bool:
    """An action is overdue in a period when the last financial year of its timescale
    (``end_year``, April ``end_year`` to 31 March ``end_year + 1``) ended before the period's end
    and it is not completed as of that period. No timescale: never overdue."""
    if end_year is None or completed:
        return False
    return financial_year_end(end_year) < period_end_date


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
