"""The in-memory dashboard builders make what they say, with no database."""

from __future__ import annotations

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


def test_an_action_row_has_sensible_defaults_and_derives_its_change():
    row = action_row()
    assert (row.ref, row.kind, row.status, row.previous_status, row.change) == (
        "1",
        Action.Kind.PRIORITY,
        G,
        None,
        Change.NOT_COMPARABLE,
    )
    assert (row.strategy_theme, row.theme, row.impact) == (
        "Council Estate and Operations",
        "Council Estate and Operations",
        Impact.MODERATE,
    )
    assert (row.delivery_theme, row.delivery_theme_lead, row.reported_by) == (None, None, [])
    moved = action_row("7", R, previous=A, theme="Fleet", strategy_theme="Transport")
    assert (moved.change, moved.theme, moved.strategy_theme) == (
        Change.IMPROVED,
        "Fleet",
        "Transport",
    )
    long = action_row("LL3", N, kind=Action.Kind.LONG_LIST, impact=Impact.HIGH)
    assert (long.impact, long.progress, long.action_id) == (None, "", 100_003)


def test_status_rows_are_numbered_best_status_first():
    rows = status_rows(good=1, review=2, action=1, not_reported=1)
    assert [(r.ref, r.status) for r in rows] == [("1", G), ("2", R), ("3", R), ("4", A), ("5", N)]
    long = status_rows(action=2, kind=Action.Kind.LONG_LIST, start=15)
    assert [(r.ref, r.kind) for r in long] == [("LL15", "long_list"), ("LL16", "long_list")]


def test_a_basis_lists_the_rows_themes_unless_told():
    rows = [
        action_row("1", strategy_theme="Waste", delivery_theme="Waste", delivery_theme_lead="Ann"),
        action_row("2", strategy_theme="Estate", delivery_theme="Planning"),
        action_row("3", strategy_theme="Waste", delivery_theme="Waste", delivery_theme_lead="Ann"),
    ]
    basis = dashboard_basis(rows)
    assert basis.strategy_themes == ["Waste", "Estate"]
    assert basis.delivery_themes == [("Waste", "Ann"), ("Planning", "TBC")]
    told = dashboard_basis(rows, strategy_themes=["Estate", "Waste", "Empty"], delivery_themes=[])
    assert (told.strategy_themes, told.delivery_themes) == (["Estate", "Waste", "Empty"], [])


def test_a_dashboard_is_assembled_without_a_database():
    dashboard = dashboard_build(status_rows(good=2, review=1), previous="2022-23 Q4")
    assert dashboard.period.name == "2023-24 Q2"
    assert dashboard.previous_period.name == "2022-23 Q4"
    assert [p.name for p in dashboard.periods] == ["2022-23 Q4", "2023-24 Q2"]
    assert dashboard.period.pk is None and dashboard.plan.pk is None
    assert (dashboard.plan_name, dashboard.organisation_name) == (
        "Climate Change Strategy",
        "Borough Council",
    )
    assert dashboard.priority.counts == {G: 2, R: 1, A: 0, N: 0}
    first = dashboard_build(period="2024-25 Q1")
    assert (first.previous_period, [p.name for p in first.periods]) == (None, ["2024-25 Q1"])
