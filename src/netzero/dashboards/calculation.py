"""The dashboard's figures, worked out in memory from a basis: no queries, no display.

``dashboard_assemble`` never changes the basis it is given (a published period's basis is the
record of what was published): the rows it annotates are copies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from netzero.core.percent import whole_percent
from netzero.dashboards.types import (
    ActionRow,
    Dashboard,
    DashboardBasis,
    Movement,
    NotCounted,
    RowFilter,
    SectionNote,
    StatusSummary,
    ThemeCount,
    ThemeTable,
)
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Plan
from netzero.reporting.lifecycle import is_overdue
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.status import STATUSES_BEST_FIRST, Status


def dashboard_assemble(
    *,
    plan: Plan,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    periods: list[ReportingPeriod],
    basis: DashboardBasis,
    frozen: bool,
    completed_ids: frozenset[int] = frozenset(),
    not_counted: list[NotCounted] | None = None,
    notes: list[SectionNote] | None = None,
) -> Dashboard:
    """All the dashboard's figures, from the basis alone (no queries; the basis is unchanged).

    ``completed_ids`` (actions completed as of the period) and the period's end decide each row's
    overdue flag; ``not_counted`` (actions retired, merged or superseded, already left out of the
    basis) and ``notes`` are shown as given. None of them changes a figure.
    """
    end = _period_end(period)
    # One timescale reading per distinct target, not per row (most actions share a few).
    overdue_for: dict[tuple[str, bool], bool] = {}
    rows = []
    for row in basis.rows:
        completed = row.action_id in completed_ids
        key = (row.target, completed)
        overdue = overdue_for.get(key)
        if overdue is None:
            overdue = overdue_for[key] = end is not None and is_overdue(row.target, end, completed)
        rows.append(_annotated(row, completed=completed, overdue=overdue))
    priority_rows = [r for r in rows if r.kind == Action.Kind.PRIORITY]
    long_rows = [r for r in rows if r.kind == Action.Kind.LONG_LIST]
    roots = basis.strategy_themes
    by_root = _grouped(priority_rows, "strategy_theme")
    by_delivery = _grouped(priority_rows, "delivery_theme")
    return Dashboard(
        plan=plan,
        period=period,
        previous_period=previous,
        periods=periods,
        priority=_summary(priority_rows),
        by_strategy_theme=[
            ThemeCount(root, None, _counts(by_root.get(root, ()))) for root in roots
        ],
        by_delivery_theme=[
            ThemeCount(name, lead, _counts(by_delivery.get(name, ())))
            for name, lead in basis.delivery_themes
        ],
        movements=_movements(priority_rows),
        at_risk_high_impact=_at_risk_high_impact(priority_rows),
        priority_tables=_tables(priority_rows, roots),
        long_list=_summary(long_rows),
        long_list_movements=_movements(long_rows),
        long_list_tables=_tables(long_rows, roots),
        rows=rows,
        basis=basis,
        frozen=frozen,
        not_counted=list(not_counted or []),
        notes_by_section=_by_section(notes or []),
    )


def _annotated(row: ActionRow, *, completed: bool, overdue: bool) -> ActionRow:
    """A copy of ``row`` (the basis keeps its own) with what is worked out when it is read:
    ``dataclasses.replace`` without its per-field checks, which cost more than the copy."""
    copy = object.__new__(ActionRow)
    copy.__dict__.update(row.__dict__)
    copy.reported_by = []
    copy.completed = completed
    copy.overdue = overdue
    return copy


def _grouped(rows: list[ActionRow], attribute: str) -> dict[str | None, list[ActionRow]]:
    groups: dict[str | None, list[ActionRow]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, attribute)].append(row)
    return groups


def _period_end(period: ReportingPeriod | None) -> date | None:
    """The period's last day; None for a period not yet named (some tests assemble one)."""
    if period is None or period.year is None or period.quarter is None:
        return None
    return period.end


def _by_section(notes: list[SectionNote]) -> dict[str, list[SectionNote]]:
    grouped: dict[str, list[SectionNote]] = defaultdict(list)
    for note in notes:
        grouped[note.section].append(note)
    return dict(grouped)


def priority_off_track(basis: DashboardBasis) -> tuple[int, int]:
    """(priority actions, of which off track: Review or Action), the home page's figures."""
    priority_rows = [r for r in basis.rows if r.kind == Action.Kind.PRIORITY]
    return len(priority_rows), sum(1 for r in priority_rows if r.is_at_risk)


def tables_filtered(tables: list[ThemeTable], row_filter: RowFilter) -> list[ThemeTable]:
    """The theme tables with only the rows the filter keeps; empty tables dropped."""
    kept = [ThemeTable(t.theme, [r for r in t.rows if row_filter.matches(r)]) for t in tables]
    return [t for t in kept if t.rows]


def _counts(rows: Iterable[ActionRow]) -> dict[Status, int]:
    counts = dict.fromkeys(STATUSES_BEST_FIRST, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def _summary(rows: list[ActionRow]) -> StatusSummary:
    counts = _counts(rows)
    total = len(rows)
    return StatusSummary(
        total=total,
        counts=counts,
        percentages={status: whole_percent(n, total) for status, n in counts.items()},
    )


def _movements(rows: list[ActionRow]) -> list[Movement]:
    return [
        Movement(r.ref, r.title, r.previous_status, r.status, r.change)
        for r in rows
        if r.previous_status is not None and r.previous_status != r.status
    ]


def _at_risk_high_impact(rows: list[ActionRow]) -> list[ActionRow]:
    """Review or Action with High impact; an action reporting through another listed action is
    folded into that action's entry instead of being listed twice."""
    at_risk = [r for r in rows if r.is_at_risk and r.impact == Impact.HIGH]
    listed = {r.ref: r for r in at_risk}
    result: list[ActionRow] = []
    for row in at_risk:
        if row.reports_through and row.reports_through in listed:
            listed[row.reports_through].reported_by.append(row.ref)
        else:
            result.append(row)
    return result


def _tables(rows: list[ActionRow], roots: list[str]) -> list[ThemeTable]:
    by_root: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        by_root[row.strategy_theme].append(row)
    return [ThemeTable(root, by_root[root]) for root in roots if by_root.get(root)]
