"""Hypothesis strategies for dashboards: random plans' rows as the dashboard sees them.

``dashboard_bases()`` draws a ``DashboardBasis`` that the records could have produced: unique
refs (whatever their case), unique theme and delivery theme names, every action under one of the
plan's strategy themes, a previous status only when there is a previous period, the change
derived from the two statuses, and "reports through" one level deep (an action reports through
an action that reports for itself, as ``Action.clean`` requires).

``dashboard_figures`` turns a dashboard into plain data, so two dashboards can be compared whole.
"""

from __future__ import annotations

from dataclasses import asdict
from itertools import product
from typing import Any

from hypothesis import strategies as st

from netzero.dashboards.types import (
    ActionRow,
    Dashboard,
    DashboardBasis,
    Movement,
    StatusSummary,
    ThemeCount,
    ThemeTable,
)
from netzero.plans.impact import Impact
from netzero.plans.models import Action
from netzero.reporting.status import AT_RISK_STATUSES, Status, status_change

# High impact and priority drawn more often, so that the at-risk list is rarely empty.
IMPACTS = [None, Impact.HIGH, Impact.HIGH, Impact.MODERATE, Impact.LOW]
KINDS = [Action.Kind.PRIORITY, Action.Kind.PRIORITY, Action.Kind.LONG_LIST]
# Refs as people type them ("16", "LL15", "ll15"): one per plan whatever its case.
refs = st.sampled_from([f"{prefix}{n}" for n in range(1, 61) for prefix in ("", "LL", "ll")])
names = st.sampled_from(
    ["Buildings", "Transport", "Energy", "Waste", "Nature", "Procurement", "Fleet", "TBC", "16"]
)
# What a row shows beyond its figures: (title, objective, target, success measure, progress,
# reason, mitigation, note); the figures never depend on them.
TEXTS = [
    ("Heat pumps", "Cut building energy", "2025", "kWh saved", "<p>Fitted.</p>", "", "", ""),
    ("EV fleet", "Clean fleet", "2022-2030", "", "", "Late contract", "New supplier", ""),
    ("", "Less waste", "", "Tonnes", "", "", "", "From the published summary"),
]


@st.composite
def dashboard_bases(draw, *, max_rows: int = 20) -> DashboardBasis:
    strategy_themes = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    delivery_names = draw(st.lists(names, max_size=4, unique=True))
    delivery_themes = [
        (name, draw(st.sampled_from(["TBC", "Head of " + name]))) for name in delivery_names
    ]
    has_previous = draw(st.booleans())
    size = draw(st.sampled_from([*range(1, max_rows + 1), 0]))  # lists alone: mostly tiny
    row_refs = draw(st.lists(refs, min_size=size, max_size=size, unique_by=str.casefold))
    # One draw per row for its figures and one for where it sits: quick to draw, so that the
    # properties can try many plans.
    previous_statuses = list(Status) if has_previous else [None]
    all_figures = list(product(KINDS, IMPACTS, list(Status), previous_statuses))
    figures = {ref: draw(st.sampled_from(all_figures)) for ref in row_refs}
    places = st.sampled_from(list(product(strategy_themes, [None, *delivery_themes], TEXTS)))

    def risky(ref: str) -> bool:  # what the at-risk list folds: priority, High, Review or Action
        kind, impact, status, _ = figures[ref]
        return kind == Action.Kind.PRIORITY and impact == Impact.HIGH and status in AT_RISK_STATUSES

    # Which actions report through another: only through one that reports for itself, often
    # between two risky actions so that the at-risk list's folding is tried.
    reporters: dict[str, str] = {}
    for ref in row_refs:
        if ref in reporters.values():  # others report through it: it reports for itself
            continue
        targets = [r for r in row_refs if r != ref and r not in reporters]
        if risky(ref) and draw(st.booleans()):
            targets = [r for r in targets if risky(r)] or targets
        if targets and draw(st.booleans()):
            reporters[ref] = draw(st.sampled_from(targets))
    rows = []
    for number, ref in enumerate(row_refs, start=1):
        kind, impact, status, previous = figures[ref]
        strategy_theme, delivery, (title, theme, target, measure, *words) = draw(places)
        progress, reason, mitigation, note = words
        rows.append(
            ActionRow(
                action_id=number,
                ref=ref,
                kind=kind,
                title=title,
                text=f"<p>What Ref {ref} will do.</p>",
                strategy_theme=strategy_theme,
                theme=theme,
                delivery_theme=delivery[0] if delivery else None,
                delivery_theme_lead=delivery[1] if delivery else None,
                target=target,
                success_measure=measure,
                impact=impact,
                status=status,
                previous_status=previous,
                change=status_change(previous, status),
                progress=progress,
                reason=reason,
                mitigation=mitigation,
                note=note,
                reports_through=reporters.get(ref),
                text_plain=f"What Ref {ref} will do.",  # as the action keeps it when saved
            )
        )
    return DashboardBasis(
        previous_period_id=draw(st.integers(1, 10**6)) if has_previous else None,
        strategy_themes=strategy_themes,
        delivery_themes=delivery_themes,
        rows=rows,
        plan_name=draw(names),
        organisation_name=draw(names),
        notes=draw(st.sampled_from(["", "Two leads did not report."])),
    )


def dashboard_figures(dashboard: Dashboard) -> dict[str, Any]:
    """Every figure a dashboard shows, as plain data: two dashboards show the same thing exactly
    when these are equal (counts, percentages, movements, the at-risk list with what is folded
    into each entry, the theme tables and every row as shown)."""

    def summary(s: StatusSummary) -> tuple:
        return (s.total, dict(s.counts), dict(s.percentages))

    def counts(items: list[ThemeCount]) -> list[tuple]:
        return [(t.theme, t.lead, dict(t.counts)) for t in items]

    def movements(items: list[Movement]) -> list[tuple]:
        return [(m.ref, m.title, m.from_status, m.to_status, m.change) for m in items]

    def tables(items: list[ThemeTable]) -> list[tuple]:
        return [(t.theme, [r.ref for r in t.rows]) for t in items]

    return {
        "priority": summary(dashboard.priority),
        "long_list": summary(dashboard.long_list),
        "by_strategy_theme": counts(dashboard.by_strategy_theme),
        "by_delivery_theme": counts(dashboard.by_delivery_theme),
        "movements": movements(dashboard.movements),
        "long_list_movements": movements(dashboard.long_list_movements),
        "at_risk_high_impact": [
            (r.ref, list(r.reported_by)) for r in dashboard.at_risk_high_impact
        ],
        "priority_tables": tables(dashboard.priority_tables),
        "long_list_tables": tables(dashboard.long_list_tables),
        "rows": [asdict(r) for r in dashboard.rows],
        "plan_name": dashboard.plan_name,
        "organisation_name": dashboard.organisation_name,
        "notes": dashboard.notes,
        "previous_period_id": dashboard.basis.previous_period_id,
    }
