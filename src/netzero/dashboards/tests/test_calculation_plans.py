"""The dashboard of varied plans, from their records through ``dashboard_for_period``: nested
themes counted against their root, an empty theme, Action ratings, three actions folded into
one, long-list actions with delivery themes, one action and none. A published period shows the
same figures from its frozen basis."""

from __future__ import annotations

import pytest

from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import (
    at_risk_by_theme,
    at_risk_intro,
    long_list_paragraphs,
    priority_paragraphs,
)
from netzero.reporting.status import Change, Status
from netzero.testing.factories import (
    action_rated_plan,
    long_list_delivery_plan,
    nested_themes_plan,
    one_action_plan,
    zero_action_plan,
)

pytestmark = pytest.mark.django_db

G, R, A, N = Status.GOOD, Status.REVIEW, Status.ACTION, Status.NOT_REPORTED


def counts(g=0, r=0, a=0, n=0):
    return {G: g, R: r, A: a, N: n}


def dashboard(built, period):
    return dashboard_for_period(plan=built.plan, period=built.periods[period])


@pytest.fixture(params=[False, True], ids=["open", "published"])
def published(request):
    return request.param


def test_nested_themes_count_against_their_root_and_the_empty_theme_shows_zeros(published):
    d = dashboard(nested_themes_plan(published=published), "2023-24 Q2")
    assert d.frozen is published
    assert [(t.theme, t.counts) for t in d.by_strategy_theme] == [
        ("Estate", counts(1, 1, 1)),
        ("Transport", counts(1, 0, 0, 1)),
        ("Waste", counts()),
    ]
    assert [(t.theme, t.lead, t.counts) for t in d.by_delivery_theme] == [
        ("Property", "Head of Property", counts(1, 1, 1)),
        ("Fleet", "TBC", counts(1)),
    ]
    assert [(t.theme, [r.ref for r in t.rows]) for t in d.priority_tables] == [
        ("Estate", ["1", "2", "3"]),
        ("Transport", ["4", "5"]),
    ]
    assert [(t.theme, [r.ref for r in t.rows]) for t in d.long_list_tables] == [
        ("Transport", ["LL1"])
    ]
    rows = {r.ref: (r.theme, r.strategy_theme) for r in d.rows}
    assert rows["1"] == ("Heat pumps", "Estate")
    assert rows["4"] == ("Fleet", "Transport")
    assert [(m.ref, m.from_status, m.to_status, m.change) for m in d.movements] == [
        ("3", R, A, Change.WORSE),
        ("4", A, G, Change.IMPROVED),
        ("5", G, N, Change.NOT_COMPARABLE),
    ]
    assert [(m.ref, m.change) for m in d.long_list_movements] == [("LL1", Change.WORSE)]
    assert [(t, [r.ref for r in rows]) for t, rows in at_risk_by_theme(d)] == [("Estate", ["3"])]


def test_nested_themes_summary(published):
    d = dashboard(nested_themes_plan(published=published), "2023-24 Q2")
    assert [p.text for p in priority_paragraphs(d)] == [
        f"Overall performance of the five priority actions within the {d.organisation_name} "
        f"{d.plan_name} is presented below.",
        # Ref 5 reported last quarter and not now: the counts are not like for like, so the
        # movements are said of the actions, and the quarters compared among those in both.
        "For this quarter, two priority actions (40%) have been allocated a Good rating, meaning "
        "that they are on track or complete with outcomes in line with expectations. This "
        "includes one action (Ref 4) moving from an Action to Good rating, an improvement for "
        "that action.",
        "One priority action (20%) has been allocated a Review rating, meaning that there is some "
        "risk to achieving timetable and/or outcomes.",
        "One priority action (Ref 3; 20%) has been allocated an Action rating, meaning that it is "
        "unlikely to achieve timetable and/or to deliver the required outcome. This includes one "
        "action (Ref 3) moving from a Review to Action rating, a deterioration for that action.",
        "One priority action (20%) has no reported status for this quarter. One action (Ref 5) "
        "had a Good rating last quarter.",
        "These counts are not like for like with 2023-24 Q1's: every priority action had a "
        "reported status then, and one priority action has no reported status now. Of the four "
        "priority actions reported in both quarters, three actions were rated Review or Action "
        "in 2023-24 Q1 and two actions are now.",
    ]
    assert at_risk_intro(d).text == (
        "Of those actions allocated a Review or Action rating, the action that has the "
        "potentially biggest negative impact on achieving net zero targets if not achieved "
        "(impact High) is:"
    )


def test_three_actions_folded_into_one_and_one_listed_itself(published):
    built = action_rated_plan(published=published)
    d = dashboard(built, "2023-24 Q1")
    assert d.priority.counts == counts(1, 1, 5)
    assert d.priority.percentages == {G: 14, R: 14, A: 71, N: 0}  # 99
    assert [(r.ref, r.reported_by) for r in d.at_risk_high_impact] == [
        ("20", ["21", "22", "23"]),
        ("31", []),
    ]
    assert [(t, [r.ref for r in rows]) for t, rows in at_risk_by_theme(d)] == [
        ("Estate", ["20"]),
        ("Transport", ["31"]),
    ]
    texts = [p.text for p in priority_paragraphs(d)]
    assert texts[-2:] == [
        "Percentages are rounded to whole numbers, so they may not add up to 100.",
        "There is no earlier quarter to compare with.",
    ]
    assert texts[3] == (
        "Five priority actions (Refs 20, 22, 23, 31, 40; 71%) have been allocated an Action "
        "rating, meaning that they are "
        "unlikely to achieve timetable and/or to deliver the required outcome."
    )


def test_long_list_delivery_themes_are_not_counted_with_the_priority_actions(published):
    d = dashboard(long_list_delivery_plan(published=published), "2023-24 Q1")
    assert [(t.theme, t.lead, t.counts) for t in d.by_delivery_theme] == [
        ("Skills", "Head of Skills", counts(1)),
        ("Schools", "TBC", counts()),
    ]
    assert (d.long_list.total, d.long_list.counts) == (3, counts(1, 0, 1, 1))
    assert [p.text for p in long_list_paragraphs(d)] == [
        "One long list action (33%) is scored as being Good (on track or complete with outcomes "
        "in line with expectations).",
        "One action is identified as requiring Action (unlikely to achieve timetable and/or to "
        "deliver required outcome); the actions being taken to bring it back on track are "
        "detailed below.",
        "One long list action (33%) has no reported status for this quarter. Percentages are of "
        "all 3 long list actions.",
        "Percentages are rounded to whole numbers, so they may not add up to 100.",
    ]
    ll1 = next(r for r in d.rows if r.ref == "LL1")
    assert (ll1.delivery_theme, ll1.delivery_theme_lead) == ("Skills", "Head of Skills")


def test_one_action_plan(published):
    d = dashboard(one_action_plan(published=published), "2023-24 Q1")
    assert [p.text for p in priority_paragraphs(d)] == [
        f"Overall performance of the one priority action within the {d.organisation_name} "
        f"{d.plan_name} is presented below.",
        "No priority actions have been allocated a Good or a Review rating for this quarter.",
        "For this quarter, one priority action (Ref 1; 100%) has been allocated an Action rating, "
        "meaning that it is unlikely to achieve timetable and/or to deliver the required outcome.",
        "There is no earlier quarter to compare with.",
    ]
    assert at_risk_intro(d).text == (
        "Of those actions allocated an Action rating, the action that has the potentially "
        "biggest negative impact on achieving net zero targets if not achieved (impact High) is:"
    )
    assert long_list_paragraphs(d) == []


def test_zero_action_plan(published):
    d = dashboard(zero_action_plan(published=published), "2023-24 Q1")
    assert (d.priority.total, d.long_list.total) == (0, 0)
    assert [(t.theme, t.counts) for t in d.by_strategy_theme] == [("Estate", counts())]
    assert d.priority_tables == d.long_list_tables == d.at_risk_high_impact == []
    assert [p.text for p in priority_paragraphs(d)] == [
        f"There are no priority actions within the {d.organisation_name} {d.plan_name} to report "
        "on."
    ]
    assert at_risk_intro(d).text == (
        "No action allocated a Review or Action rating has a High impact on achieving net zero "
        "targets if not achieved."
    )
