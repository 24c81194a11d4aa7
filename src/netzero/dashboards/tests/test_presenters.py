"""How a dashboard row and an action's history look on a page, and that working the figures
out never changes the basis they come from."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from django.utils.safestring import SafeString

from netzero.dashboards.calculation import dashboard_assemble
from netzero.dashboards.presenters import ActionRowView, history_rows, overview, status_key
from netzero.dashboards.snapshot import basis_to_snapshot
from netzero.dashboards.types import ActionRow, DashboardBasis
from netzero.plans.impact import Impact
from netzero.reporting.presenters import Tag
from netzero.reporting.selectors import HistoryEntry
from netzero.reporting.status import Change, Status


def _row(**changes) -> ActionRow:
    row = ActionRow(
        action_id=1,
        ref="16",
        kind="priority",
        title="",
        text="<p>Heat &amp; power</p><p>Second</p>",
        strategy_theme="Energy",
        theme="Energy",
        delivery_theme="Buildings",
        delivery_theme_lead="TBC",
        target="2030",
        success_measure="",
        impact=Impact.HIGH,
        status=Status.REVIEW,
        previous_status=Status.GOOD,
        change=Change.WORSE,
        progress="<p>Going well</p>",  # as stored: sanitised when it was saved
        reason="Late",
        mitigation="Hire",
        note="",
        reports_through=None,
    )
    return replace(row, **changes)


def test_a_row_view_shows_tags_words_and_plain_text():
    view = ActionRowView(_row())
    assert view.status_tag == Tag(
        "Review", "govuk-tag--yellow", "Some risk to achieving timetable and/or outcomes"
    )
    assert view.previous_status_tag.text == "Good"
    assert view.change_text == "Worse (was Good)"
    assert view.impact_text == "High"
    assert view.text_plain == "Heat & power\nSecond"  # worked out: the row came without it
    assert view.progress_html == "<p>Going well</p>"
    assert isinstance(view.progress_html, SafeString)  # printed as stored, not escaped
    assert view.label == "Ref 16"
    assert view.ref == "16" and view.mitigation == "Hire"  # the row's own fields


def test_a_row_view_without_previous_period_or_impact():
    view = ActionRowView(
        _row(previous_status=None, change=Change.NOT_COMPARABLE, impact=None, title="Grid")
    )
    assert view.previous_status_tag is None
    assert view.change_text == "No previous period"
    assert view.impact_text == "Not stated"
    assert view.label == "16 Grid"


def test_a_not_reported_row_view():
    row = _row(
        status=Status.NOT_REPORTED, previous_status=Status.ACTION, change=Change.NOT_COMPARABLE
    )
    view = ActionRowView(row)
    assert (view.status_tag.text, view.status_tag.css_class) == ("Not reported", "govuk-tag--grey")
    assert view.change_text == "Not reported (was Action)"


def test_a_row_view_has_no_made_up_fields():
    with pytest.raises(AttributeError):
        ActionRowView(_row()).colour  # noqa: B018


def test_status_key_lists_every_status_best_first():
    assert [(tag.text, tag.css_class) for tag, _ in status_key()] == [
        ("Good", "govuk-tag--green"),
        ("Review", "govuk-tag--yellow"),
        ("Action", "govuk-tag--red"),
        ("Not reported", "govuk-tag--grey"),
    ]


def test_history_rows_newest_first_with_words():
    entries = [
        HistoryEntry("Q1", None, Status.NOT_REPORTED, Change.NOT_COMPARABLE, None),
        HistoryEntry("Q2", None, Status.GOOD, Change.NOT_COMPARABLE, Status.NOT_REPORTED),
    ]
    rows = history_rows(entries)
    assert [r.period for r in rows] == ["Q2", "Q1"]
    assert [(r.tag.text, r.change, r.progress) for r in rows] == [
        ("Good", "Not reported last period", ""),
        ("Not reported", "No previous period", ""),
    ]


def _basis() -> DashboardBasis:
    return DashboardBasis(
        previous_period_id=None,
        strategy_themes=["Energy"],
        delivery_themes=[("Buildings", "TBC")],
        rows=[
            _row(),
            _row(action_id=2, ref="20", reports_through="16", impact=Impact.HIGH),
            _row(action_id=3, ref="LL1", kind="long_list", status=Status.ACTION),
        ],
        plan_name="Plan",
        organisation_name="Council",
        notes="",
    )


def test_working_the_figures_out_leaves_the_basis_as_it_was():
    basis = _basis()
    before = copy.deepcopy(basis)
    snapshot = basis_to_snapshot(basis)
    dashboard = dashboard_assemble(
        plan=None, period=None, previous=None, periods=[], basis=basis, frozen=False
    )
    again = dashboard_assemble(
        plan=None, period=None, previous=None, periods=[], basis=basis, frozen=False
    )
    assert basis == before and basis_to_snapshot(basis) == snapshot
    assert [r.ref for r in dashboard.at_risk_high_impact] == ["16"]
    assert dashboard.at_risk_high_impact[0].reported_by == ["20"]
    assert again.at_risk_high_impact[0].reported_by == ["20"]  # not folded in twice
    assert all(r.reported_by == [] for r in basis.rows)


def test_overview_leaves_out_not_reported_when_no_action_has_it():
    dashboard = dashboard_assemble(
        plan=None, period=None, previous=None, periods=[], basis=_basis(), frozen=False
    )
    shown = overview(dashboard)
    assert shown.statuses == [Status.GOOD, Status.REVIEW, Status.ACTION]
    assert shown.strategy_rows == [("Energy", [0, 2, 0])]
    assert shown.delivery_rows == [("Buildings", "TBC", [0, 2, 0])]
    assert shown.total_counts == [0, 2, 0]
