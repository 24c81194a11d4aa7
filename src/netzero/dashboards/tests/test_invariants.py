"""Property-based tests of the dashboard's arithmetic, in memory: whatever the plan's actions and
their statuses, the figures a committee reads agree with one another and with the rows.

Each property draws a random ``DashboardBasis`` (``netzero.testing.strategies``) and checks
``dashboard_assemble``'s result against a count made here independently, row by row. No
database: the plan and period are unsaved instances, which the calculation never reads.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from netzero.core.percent import whole_percent
from netzero.dashboards.calculation import dashboard_assemble, priority_off_track, tables_filtered
from netzero.dashboards.snapshot import basis_from_snapshot, basis_to_snapshot
from netzero.dashboards.types import ActionRow, Dashboard, DashboardBasis, RowFilter, StatusSummary
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.status import AT_RISK_STATUSES, STATUSES_BEST_FIRST, Status
from netzero.testing.strategies import dashboard_bases, dashboard_figures

IN_MEMORY = settings(max_examples=100, deadline=None, database=None)
KINDS = (Action.Kind.PRIORITY, Action.Kind.LONG_LIST)


def _assemble(basis: DashboardBasis) -> Dashboard:
    return dashboard_assemble(
        plan=Plan(), period=ReportingPeriod(), previous=None, periods=[], basis=basis, frozen=False
    )


def _of_kind(basis: DashboardBasis, kind: str) -> list[ActionRow]:
    return [r for r in basis.rows if r.kind == kind]


def _summary(dashboard: Dashboard, kind: str) -> StatusSummary:
    return dashboard.priority if kind == Action.Kind.PRIORITY else dashboard.long_list


def _half_up(value: Fraction) -> int:
    """The nearest whole number, a half going up: an exact reference, no Decimal involved."""
    return int((value + Fraction(1, 2)).__floor__())


@IN_MEMORY
@given(basis=dashboard_bases())
def test_counts_sum_to_the_totals(basis):
    """Per status, per strategy theme and per delivery theme, for priority and long-list actions
    separately, the counts are the rows' own and add up to the totals."""
    dashboard = _assemble(basis)
    for kind in KINDS:
        rows = _of_kind(basis, kind)
        summary = _summary(dashboard, kind)
        assert summary.total == len(rows)
        assert list(summary.counts) == list(STATUSES_BEST_FIRST)
        assert summary.counts == {s: sum(r.status == s for r in rows) for s in STATUSES_BEST_FIRST}
        assert sum(summary.counts.values()) == summary.total

    priority = _of_kind(basis, Action.Kind.PRIORITY)
    assert [t.theme for t in dashboard.by_strategy_theme] == basis.strategy_themes
    for count in dashboard.by_strategy_theme:
        mine = [r for r in priority if r.strategy_theme == count.theme]
        assert count.counts == {s: sum(r.status == s for r in mine) for s in STATUSES_BEST_FIRST}
    # Every action sits under one of the plan's strategy themes, so they add up to the total.
    assert sum(t.total for t in dashboard.by_strategy_theme) == dashboard.priority.total
    assert sum((Counter(t.counts) for t in dashboard.by_strategy_theme), Counter()) == +Counter(
        dashboard.priority.counts
    )

    assert [(t.theme, t.lead) for t in dashboard.by_delivery_theme] == basis.delivery_themes
    for count in dashboard.by_delivery_theme:
        mine = [r for r in priority if r.delivery_theme == count.theme]
        assert count.counts == {s: sum(r.status == s for r in mine) for s in STATUSES_BEST_FIRST}
    with_delivery_theme = [r for r in priority if r.delivery_theme is not None]
    assert sum(t.total for t in dashboard.by_delivery_theme) == len(with_delivery_theme)


@IN_MEMORY
@given(basis=dashboard_bases())
def test_percentages_are_whole_and_add_up_within_the_rounding_bound(basis):
    """Each percentage is a whole number from 0 to 100, its count's share rounded half up on its
    own. So they need not add up to 100: each is off by more than -1/2 and at most +1/2, and
    with k statuses that have any actions the sum minus 100 lies in (-k/2, k/2] (1, 1, 1 and 5
    of 8 show 13 + 13 + 13 + 63 = 102). With no actions at all every percentage is 0."""
    dashboard = _assemble(basis)
    for kind in KINDS:
        summary = _summary(dashboard, kind)
        assert list(summary.percentages) == list(STATUSES_BEST_FIRST)
        for status, percent in summary.percentages.items():
            assert type(percent) is int and 0 <= percent <= 100
            count = summary.counts[status]
            expected = _half_up(Fraction(100 * count, summary.total)) if summary.total else 0
            assert percent == expected
        if summary.total == 0:
            assert set(summary.percentages.values()) == {0}
            continue
        k = sum(1 for n in summary.counts.values() if n)
        excess = sum(summary.percentages.values()) - 100
        assert Fraction(-k, 2) < excess <= Fraction(k, 2)


def test_the_rounding_bound_is_reached_and_within_one_of_100_is_not_a_rule():
    counts = {Status.GOOD: 1, Status.REVIEW: 1, Status.ACTION: 1, Status.NOT_REPORTED: 5}
    percentages = [whole_percent(n, 8) for n in counts.values()]
    assert percentages == [13, 13, 13, 63]
    assert sum(percentages) == 102  # k = 4: the bound (-2, 2] is reached


@IN_MEMORY
@given(basis=dashboard_bases())
def test_movements_are_exactly_the_changed_statuses(basis):
    """A movement for each action whose status differs from a previous one, from that previous
    status to this one, in the rows' order; none where they are equal or there is no previous."""
    dashboard = _assemble(basis)
    for kind, movements in (
        (Action.Kind.PRIORITY, dashboard.movements),
        (Action.Kind.LONG_LIST, dashboard.long_list_movements),
    ):
        moved = [
            r
            for r in _of_kind(basis, kind)
            if r.previous_status is not None and r.previous_status != r.status
        ]
        assert [(m.ref, m.title) for m in movements] == [(r.ref, r.title) for r in moved]
        for movement, row in zip(movements, moved, strict=True):
            assert movement.from_status == row.previous_status
            assert movement.to_status == row.status
            assert movement.from_status != movement.to_status
            assert movement.change == row.change
    if basis.previous_period_id is None:
        assert dashboard.movements == [] and dashboard.long_list_movements == []


@IN_MEMORY
@given(basis=dashboard_bases())
def test_at_risk_list_is_the_high_impact_review_and_action_priority_rows_each_once(basis):
    """Listed: the priority actions at Review or Action with High impact, in the rows' order,
    except those reporting through another listed action: each of those appears in exactly one
    entry's ``reported_by``, its own reports-through action's."""
    dashboard = _assemble(basis)
    at_risk = [
        r
        for r in _of_kind(basis, Action.Kind.PRIORITY)
        if r.status in AT_RISK_STATUSES and r.impact == Impact.HIGH
    ]
    at_risk_refs = {r.ref for r in at_risk}
    folded = [r for r in at_risk if r.reports_through in at_risk_refs]
    listed = [r for r in at_risk if r not in folded]

    entries = dashboard.at_risk_high_impact
    assert [e.ref for e in entries] == [r.ref for r in listed]
    for entry, row in zip(entries, listed, strict=True):
        assert replace(entry, reported_by=[]) == row
        assert entry.reported_by == [r.ref for r in folded if r.reports_through == entry.ref]
    mentions = Counter(ref for e in entries for ref in e.reported_by)
    assert mentions == Counter(r.ref for r in folded)
    assert all(n == 1 for n in mentions.values())
    # Listed or folded, every at-risk High-impact action is shown once, and nothing else.
    assert sorted([e.ref for e in entries] + list(mentions)) == sorted(at_risk_refs)
    # Only the listed entries carry folded refs.
    assert all(r.reported_by == [] for r in dashboard.rows if r.ref not in {e.ref for e in entries})


@IN_MEMORY
@given(basis=dashboard_bases())
def test_theme_tables_hold_each_row_once_under_its_strategy_theme_in_the_plans_order(basis):
    dashboard = _assemble(basis)
    for kind, tables in (
        (Action.Kind.PRIORITY, dashboard.priority_tables),
        (Action.Kind.LONG_LIST, dashboard.long_list_tables),
    ):
        rows = _of_kind(basis, kind)
        used = [t for t in basis.strategy_themes if any(r.strategy_theme == t for r in rows)]
        assert [t.theme for t in tables] == used  # the plan's order, no empty table
        for table in tables:
            assert [r.ref for r in table.rows] == [
                r.ref for r in rows if r.strategy_theme == table.theme
            ]
        assert Counter(r.ref for t in tables for r in t.rows) == Counter(r.ref for r in rows)


@IN_MEMORY
@given(basis=dashboard_bases())
def test_the_home_pages_off_track_figures_are_the_dashboards(basis):
    """The home page's (priority actions, off track) pair is the dashboard's own: its priority
    total and its Review plus Action counts."""
    dashboard = _assemble(basis)
    counts = dashboard.priority.counts
    assert priority_off_track(basis) == (
        dashboard.priority.total,
        sum(counts[s] for s in AT_RISK_STATUSES),
    )


@IN_MEMORY
@given(
    basis=dashboard_bases(),
    chosen=st.sets(st.sampled_from(list(Status))),
    theme_index=st.integers(-1, 4),
    impact=st.sampled_from(["", *Impact.values]),
    by_delivery=st.booleans(),
)
def test_filtered_tables_keep_exactly_the_matching_rows(
    basis, chosen, theme_index, impact, by_delivery
):
    """Filtering the tables keeps each matching row once, in place, drops tables left empty,
    and changes no count."""
    dashboard = _assemble(basis)
    before = dashboard_figures(dashboard)
    themes = basis.strategy_themes
    theme = themes[theme_index] if 0 <= theme_index < len(themes) else ""
    delivery = basis.delivery_themes[0][0] if by_delivery and basis.delivery_themes else ""
    row_filter = RowFilter(
        theme=theme, delivery_theme=delivery, statuses=frozenset(chosen), impact=impact
    )
    for tables in (dashboard.priority_tables, dashboard.long_list_tables):
        filtered = tables_filtered(tables, row_filter)
        expected = [
            (t.theme, [r.ref for r in t.rows if row_filter.matches(r)])
            for t in tables
            if any(row_filter.matches(r) for r in t.rows)
        ]
        assert [(t.theme, [r.ref for r in t.rows]) for t in filtered] == expected
        for table in filtered:
            for row in table.rows:
                assert not theme or row.strategy_theme == theme
                assert not delivery or row.delivery_theme == delivery
                assert not chosen or row.status in chosen
                assert not impact or (row.impact is not None and row.impact.value == impact)
    assert dashboard_figures(dashboard) == before


@IN_MEMORY
@given(basis=dashboard_bases())
def test_assembling_leaves_the_basis_unchanged(basis):
    before = copy.deepcopy(basis)
    first = _assemble(basis)
    assert basis == before
    assert first.basis is basis
    # And so assembling it again gives the same figures (nothing folded twice).
    assert dashboard_figures(_assemble(basis)) == dashboard_figures(first)
    assert basis == before


@IN_MEMORY
@given(basis=dashboard_bases(), frozen=st.booleans(), earlier=st.booleans())
def test_the_dashboard_names_the_plan_and_periods_it_was_given(basis, frozen, earlier):
    plan, period = Plan(name="Climate Change Strategy"), ReportingPeriod(year=2024, quarter=2)
    previous = ReportingPeriod(year=2024, quarter=1) if earlier else None
    periods = [p for p in (previous, period) if p is not None]
    dashboard = dashboard_assemble(
        plan=plan, period=period, previous=previous, periods=periods, basis=basis, frozen=frozen
    )
    assert dashboard.plan is plan and dashboard.period is period
    assert dashboard.previous_period is previous and dashboard.periods is periods
    assert dashboard.frozen is frozen


@IN_MEMORY
@given(basis=dashboard_bases())
def test_the_stored_snapshot_gives_back_a_basis_with_the_same_figures(basis):
    stored = json.loads(json.dumps(basis_to_snapshot(basis)))  # as the JSON column keeps it
    restored = basis_from_snapshot(stored)
    assert restored == basis
    assert dashboard_figures(_assemble(restored)) == dashboard_figures(_assemble(basis))
