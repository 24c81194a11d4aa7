"""The dashboard's figures on bases the seed quarter does not have: nested and empty themes,
Action ratings, several actions folded into one, long-list actions with delivery themes. Built in
memory (``netzero.testing.dashboards``) and assembled by the real calculation."""

from __future__ import annotations

import copy
import dataclasses

from netzero.dashboards.calculation import (
    dashboard_assemble,
    priority_off_track,
    tables_filtered,
)
from netzero.dashboards.types import Movement, RowFilter, ThemeTable
from netzero.plans.impact import Impact
from netzero.plans.models import Action
from netzero.reporting.status import Change, Status
from netzero.testing.dashboards import (
    action_row,
    dashboard_basis,
    dashboard_build,
    status_rows,
)

G, R, A, N = Status.GOOD, Status.REVIEW, Status.ACTION, Status.NOT_REPORTED
LONG = Action.Kind.LONG_LIST
HIGH, MODERATE, LOW = Impact.HIGH, Impact.MODERATE, Impact.LOW


def counts(g=0, r=0, a=0, n=0) -> dict[Status, int]:
    return {G: g, R: r, A: a, N: n}


def refs(rows) -> list[str]:
    return [r.ref for r in rows]


def test_status_counts_and_percentages_each_rounded_half_up():
    d = dashboard_build(status_rows(good=5, review=1, action=1, not_reported=1))
    assert d.priority.total == 8
    assert d.priority.counts == counts(5, 1, 1, 1)
    assert d.priority.percentages == {G: 63, R: 13, A: 13, N: 13}  # 102: each rounded on its own
    assert list(d.priority.counts) == [G, R, A, N]


def test_priority_and_long_list_are_counted_apart():
    rows = status_rows(good=1, review=2) + status_rows(action=3, not_reported=1, kind=LONG)
    d = dashboard_build(rows)
    assert (d.priority.total, d.priority.counts) == (3, counts(1, 2))
    assert d.priority.percentages == {G: 33, R: 67, A: 0, N: 0}
    assert (d.long_list.total, d.long_list.counts) == (4, counts(0, 0, 3, 1))
    assert d.long_list.percentages == {G: 0, R: 0, A: 75, N: 25}
    assert refs(d.long_list_action_items) == ["LL1", "LL2", "LL3"]
    assert refs(d.not_reported_rows) == ["LL4"]


def test_no_actions_at_all():
    d = dashboard_build([], previous="2023-24 Q1")
    assert (d.priority.total, d.priority.counts, d.priority.percentages) == (0, counts(), counts())
    assert (d.long_list.total, d.long_list.counts) == (0, counts())
    assert d.by_strategy_theme == d.by_delivery_theme == d.movements == []
    assert d.at_risk_high_impact == d.priority_tables == d.long_list_tables == d.rows == []


def test_nested_themes_count_against_their_root_and_empty_themes_show_zeros():
    rows = [
        action_row("1", G, strategy_theme="Estate", theme="Heat pumps in clinics"),
        action_row("2", R, strategy_theme="Transport", theme="Fleet"),
        action_row("3", A, strategy_theme="Estate", theme="Buildings"),
        action_row("4", N, strategy_theme="Estate"),
        action_row("LL1", A, strategy_theme="Waste", kind=LONG),
    ]
    basis = dashboard_basis(rows, strategy_themes=["Estate", "Economy", "Transport", "Waste"])
    d = dashboard_build(basis=basis)
    by_theme = [(t.theme, t.lead, t.counts, t.total) for t in d.by_strategy_theme]
    assert by_theme == [
        ("Estate", None, counts(1, 0, 1, 1), 3),
        ("Economy", None, counts(), 0),
        ("Transport", None, counts(0, 1), 1),
        ("Waste", None, counts(), 0),  # its only action is on the long list
    ]
    assert [(t.theme, refs(t.rows)) for t in d.priority_tables] == [
        ("Estate", ["1", "3", "4"]),
        ("Transport", ["2"]),
    ]
    assert [(t.theme, refs(t.rows)) for t in d.long_list_tables] == [("Waste", ["LL1"])]


def test_delivery_themes_count_priority_actions_only_every_theme_listed():
    rows = [
        action_row("1", G, delivery_theme="Planning"),
        action_row("2", R, delivery_theme="Fleet", delivery_theme_lead="Fleet Manager"),
        action_row("3", A, delivery_theme="Planning"),
        action_row("4", R),  # no delivery theme
        action_row("LL1", A, delivery_theme="Planning", kind=LONG),
        action_row("LL2", G, delivery_theme="Schools", kind=LONG),
    ]
    themes = [("Fleet", "Fleet Manager"), ("Schools", "TBC"), ("Planning", "TBC")]
    d = dashboard_build(basis=dashboard_basis(rows, delivery_themes=themes))
    assert [(t.theme, t.lead, t.counts) for t in d.by_delivery_theme] == [
        ("Fleet", "Fleet Manager", counts(0, 1)),
        ("Schools", "TBC", counts()),
        ("Planning", "TBC", counts(1, 0, 1)),
    ]


def test_movements_only_where_the_previous_status_differs():
    rows = [
        action_row("1", G, previous=G),
        action_row("2", R, previous=A, title="Heat decarbonisation"),
        action_row("3", A, previous=G),
        action_row("4", N, previous=R),
        action_row("5", G, previous=N),
        action_row("6", N, previous=N),
        action_row("7", R),  # no previous period for this row
        action_row("LL1", G, previous=A, kind=LONG),
        action_row("LL2", A, previous=A, kind=LONG),
    ]
    d = dashboard_build(rows, previous="2023-24 Q1")
    assert d.movements == [
        Movement("2", "Heat decarbonisation", A, R, Change.IMPROVED),
        Movement("3", "Action 3", G, A, Change.WORSE),
        Movement("4", "Action 4", R, N, Change.NOT_COMPARABLE),
        Movement("5", "Action 5", N, G, Change.NOT_COMPARABLE),
    ]
    assert d.long_list_movements == [Movement("LL1", "Action LL1", A, G, Change.IMPROVED)]


def test_at_risk_is_exactly_the_high_impact_review_and_action_priority_actions():
    rows = [
        action_row("1", R, impact=HIGH),
        action_row("2", R, impact=MODERATE),
        action_row("3", A, impact=HIGH),
        action_row("4", A, impact=LOW),
        action_row("5", G, impact=HIGH),
        action_row("6", N, impact=HIGH),
        action_row("7", A, impact=None),
        action_row("LL1", A, kind=LONG),
    ]
    d = dashboard_build(rows)
    assert refs(d.at_risk_high_impact) == ["1", "3"]
    assert all(r.reported_by == [] for r in d.at_risk_high_impact)


def test_several_actions_folded_into_the_one_they_report_through():
    rows = [
        action_row("21", R, impact=HIGH, reports_through="16"),  # before its lead in the rows
        action_row("16", R, impact=HIGH),
        action_row("20", A, impact=HIGH, reports_through="16"),
        action_row("22", R, impact=LOW, reports_through="16"),  # not at risk enough: not listed
        action_row("30", A, impact=HIGH, reports_through="31"),  # 31 is Good: listed itself
        action_row("31", G, impact=HIGH),
        action_row("40", R, impact=HIGH, reports_through="41"),  # 41 is Moderate: listed itself
        action_row("41", A, impact=MODERATE),
        action_row("50", R, impact=HIGH, reports_through="LL1"),  # through a long-list action
        action_row("LL1", A, kind=LONG),
    ]
    d = dashboard_build(rows)
    assert [(r.ref, r.reported_by) for r in d.at_risk_high_impact] == [
        ("16", ["21", "20"]),
        ("30", []),
        ("40", []),
        ("50", []),
    ]
    # Every action is still in its table and counted once.
    assert d.priority.total == 9
    assert refs(d.priority_tables[0].rows) == ["21", "16", "20", "22", "30", "31", "40", "41", "50"]


def test_assembling_never_changes_the_basis():
    rows = [
        action_row("16", R, impact=HIGH, previous=R),
        action_row("20", R, impact=HIGH, reports_through="16", previous=A),
        action_row("LL1", A, kind=LONG, previous=G),
    ]
    basis = dashboard_basis(rows, strategy_themes=["Council Estate and Operations", "Empty"])
    before = copy.deepcopy(basis)
    first = dashboard_build(basis=basis, previous="2023-24 Q1")
    second = dashboard_build(basis=basis, previous="2023-24 Q1")
    assert basis == before
    assert basis.rows[0].reported_by == []
    assert first.at_risk_high_impact[0].reported_by == ["20"]
    assert second.at_risk_high_impact[0].reported_by == ["20"]  # not ["20", "20"]
    assert first.basis is basis
    assert first.rows == second.rows and first.rows[0] is not basis.rows[0]


def test_the_dashboard_carries_what_it_was_given():
    base = dashboard_build(status_rows(good=1), previous="2023-24 Q1")
    again = dashboard_assemble(
        plan=base.plan,
        period=base.period,
        previous=base.previous_period,
        periods=base.periods,
        basis=base.basis,
        frozen=True,
    )
    assert (again.plan, again.period, again.previous_period) == (
        base.plan,
        base.period,
        base.previous_period,
    )
    assert again.periods is base.periods
    assert (again.frozen, base.frozen) == (True, False)


def test_priority_off_track_counts_review_and_action_priority_actions():
    rows = status_rows(good=2, review=3, action=1, not_reported=2) + status_rows(
        review=4, action=5, kind=LONG
    )
    assert priority_off_track(dashboard_basis(rows)) == (8, 4)
    assert priority_off_track(dashboard_basis([])) == (0, 0)


def test_tables_filtered_keeps_matching_rows_and_drops_empty_tables():
    rows = [
        action_row("1", G, strategy_theme="Estate", delivery_theme="Planning", impact=HIGH),
        action_row("2", R, strategy_theme="Estate", delivery_theme="Fleet", impact=LOW),
        action_row("3", R, strategy_theme="Transport", delivery_theme="Fleet", impact=HIGH),
        action_row("4", A, strategy_theme="Waste", impact=HIGH),
    ]
    tables = dashboard_build(rows).priority_tables

    def kept(row_filter):
        return [(t.theme, refs(t.rows)) for t in tables_filtered(tables, row_filter)]

    assert kept(RowFilter()) == [("Estate", ["1", "2"]), ("Transport", ["3"]), ("Waste", ["4"])]
    assert kept(RowFilter(statuses=frozenset({R}))) == [("Estate", ["2"]), ("Transport", ["3"])]
    assert kept(RowFilter(delivery_theme="Fleet", impact="high")) == [("Transport", ["3"])]
    assert kept(RowFilter(theme="Waste", statuses=frozenset({G}))) == []
    assert tables_filtered([ThemeTable("Empty", [])], RowFilter()) == []


def test_rows_past_their_timescale_are_overdue_unless_completed():
    """2023-24 Q2 ends on 30 September 2023: a 2021 timescale ended on 31 March 2022, a 2023 one
    runs to 31 March 2024; a completed action is never overdue."""
    rows = [
        dataclasses.replace(action_row("1"), target="2021"),
        dataclasses.replace(action_row("2"), target="2021"),
        dataclasses.replace(action_row("3"), target="2023"),
        dataclasses.replace(action_row("4"), target=""),
    ]
    base = dashboard_build(rows)
    assert [(r.ref, r.overdue, r.completed) for r in base.rows] == [
        ("1", True, False),
        ("2", True, False),
        ("3", False, False),
        ("4", False, False),
    ]
    done = dashboard_assemble(
        plan=base.plan,
        period=base.period,
        previous=None,
        periods=base.periods,
        basis=base.basis,
        frozen=False,
        completed_ids=frozenset({rows[1].action_id}),
    )
    assert [(r.ref, r.overdue, r.completed) for r in done.rows] == [
        ("1", True, False),
        ("2", False, True),
        ("3", False, False),
        ("4", False, False),
    ]


def test_notes_are_grouped_by_section_and_actions_not_counted_are_carried():
    from netzero.dashboards.types import NotCounted, SectionNote

    base = dashboard_build(status_rows(good=1))
    first = SectionNote(section="long_list", text="Cut to 30.", source="The paper, Q3.")
    second = SectionNote(section="long_list", text="And reviewed.", source="The paper, Q4.")
    other = SectionNote(section="priority", text="Ref 5 rephrased.", source="The paper.")
    gone = NotCounted(
        action_id=9, ref="9", kind=Action.Kind.PRIORITY, title="", change="retired",
        other_ref=None, from_period="2023-24 Q2", reason="Done",
    )  # fmt: skip
    dashboard = dashboard_assemble(
        plan=base.plan,
        period=base.period,
        previous=None,
        periods=base.periods,
        basis=base.basis,
        frozen=False,
        not_counted=[gone],
        notes=[first, other, second],
    )
    assert dashboard.notes_by_section == {"long_list": [first, second], "priority": [other]}
    assert dashboard.not_counted == [gone]


def test_a_period_not_yet_named_has_no_end_and_flags_nothing():
    from netzero.dashboards.calculation import _period_end
    from netzero.reporting.models import ReportingPeriod

    assert _period_end(None) is None
    assert _period_end(ReportingPeriod(year=2023, quarter=None)) is None
    assert _period_end(ReportingPeriod(year=None, quarter=2)) is None
    assert str(_period_end(ReportingPeriod(year=2023, quarter=2))) == "2023-09-30"
