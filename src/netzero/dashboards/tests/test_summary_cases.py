"""Summary wording for situations the seed does not show: worse movements, several movements,
Not reported, singulars, nothing at risk."""

from __future__ import annotations

import pytest

from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import at_risk_intro, long_list_paragraphs, priority_paragraphs
from netzero.plans.models import Action
from netzero.plans.services import action_create, organisation_create, plan_create, theme_create
from netzero.reporting.services import period_create
from netzero.workflow.services import update_record_as_published


@pytest.fixture
def small_plan(db):
    org = organisation_create(name="Test Council", slug="test-council")
    plan = plan_create(organisation=org, name="Test Strategy", slug="test-strategy")
    theme = theme_create(plan=plan, name="Estate")
    for i in range(1, 7):
        action_create(plan=plan, ref=str(i), text=f"Action {i}.", theme=theme, impact="Moderate")
    for i in range(1, 3):
        action_create(
            plan=plan,
            ref=f"LL{i}",
            text="x",
            title=f"Long {i}",
            theme=theme,
            kind=Action.Kind.LONG_LIST,
        )
    return plan


def _record(plan, period, statuses: dict[str, str]):
    for ref, status in statuses.items():
        update_record_as_published(action=plan.actions.get(ref=ref), period=period, status=status)


def test_worse_improved_and_not_reported_movements(small_plan):
    q1 = period_create(plan=small_plan, name="2023-24 Q1")
    q2 = period_create(plan=small_plan, name="2023-24 Q2")
    _record(small_plan, q1, {"1": "Good", "2": "Good", "3": "Action", "4": "Review", "5": "Good"})
    _record(
        small_plan,
        q2,
        {"1": "Review", "2": "Review", "3": "Review", "4": "Review", "6": "Good", "LL1": "Good"},
    )
    d = dashboard_for_period(plan=small_plan, period=q2)
    texts = [p.text for p in priority_paragraphs(d)]
    assert "No priority actions have been allocated an Action rating for this quarter." in texts
    good = next(t for t in texts if "Good rating" in t)
    assert good.startswith("For this quarter, one priority action (17%) has been allocated a Good")
    assert "One action (Ref 6) had no reported status last quarter." in good
    review = next(t for t in texts if "Review rating" in t)
    assert review.startswith("Four priority actions (67%) have been allocated a Review rating")
    # Ref 5 reported in Q1 only and Ref 6 in Q2 only: the quarter's counts are not like for
    # like, so the movements are said of the actions, not of the quarter.
    assert (
        "This includes one action (Ref 3) moving from an Action to Review rating, an improvement "
        "for that action." in review
    )
    assert (
        "This includes two actions (Refs 1, 2) moving from a Good to Review rating, a "
        "deterioration for those actions." in review
    )
    assert "This is an improvement" not in " ".join(texts)
    assert (
        "These counts are not like for like with 2023-24 Q1's: one priority action had no "
        "reported status then, and one priority action has no reported status now. Of the four "
        "priority actions reported in both quarters, two actions were rated Review or Action in "
        "2023-24 Q1 and four actions are now." in texts
    )
    missing = next(t for t in texts if "no reported status for this quarter" in t)
    assert missing.startswith("One priority action (17%) has no reported status for this quarter.")
    assert "One action (Ref 5) had a Good rating last quarter." in missing
    assert at_risk_intro(d).text == (
        "No action allocated a Review rating has a High impact on achieving net zero targets if "
        "not achieved."
    )
    long_texts = [p.text for p in long_list_paragraphs(d)]
    assert long_texts[0] == (
        "One long list action (50%) is scored as being Good (on track or complete with outcomes "
        "in line with expectations)."
    )
    assert long_texts[1] == "No long list actions are identified as requiring Action."
    assert long_texts[2] == (
        "One long list action (50%) has no reported status for this quarter. Percentages are of "
        "all 2 long list actions."
    )


def test_first_period_has_nothing_to_compare_with(small_plan):
    q1 = period_create(plan=small_plan, name="2023-24 Q1")
    _record(small_plan, q1, {str(i): "Good" for i in range(1, 7)})
    texts = [p.text for p in priority_paragraphs(dashboard_for_period(plan=small_plan, period=q1))]
    assert texts[-1] == "There is no earlier quarter to compare with."
    assert "No priority actions have been allocated a Review or an Action rating" in texts[1]


def test_unchanged_quarter_says_so(small_plan):
    q1 = period_create(plan=small_plan, name="2023-24 Q1")
    q2 = period_create(plan=small_plan, name="2023-24 Q2")
    for period in (q1, q2):
        _record(small_plan, period, {str(i): "Good" for i in range(1, 7)})
    texts = [p.text for p in priority_paragraphs(dashboard_for_period(plan=small_plan, period=q2))]
    assert texts[-1] == "No priority action's rating has changed since 2023-24 Q1."
