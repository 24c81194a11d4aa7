"""A quarter published with most priority actions not reported: the summary and the home page
say how many were not reported and compare with the quarter before only like for like (issue 9,
point 6)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from netzero.dashboards.presenters import plan_entries
from netzero.dashboards.selectors import dashboard_for_period, plan_overviews
from netzero.dashboards.summary import priority_paragraphs
from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status
from netzero.testing.factories import ActionUpdateFactory, period_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def q4_mostly_missing(council):
    """Q4 published with two of the seven priority actions reported: Ref 10 Good (Review in Q3)
    and Ref 25 Action (Action in Q3). Off track falls from 4 to 1 only because 5 are missing."""
    ActionUpdateFactory(
        action=council.actions["10"],
        period=council.q4,
        status=Status.GOOD,
        state=ActionUpdate.State.APPROVED,
    )
    ActionUpdateFactory(
        action=council.actions["25"],
        period=council.q4,
        status=Status.ACTION,
        reason="Funding late.",
        mitigation="Bid resubmitted.",
        state=ActionUpdate.State.APPROVED,
    )
    period_published(council.q4)
    return council


def test_summary_says_the_counts_are_not_like_for_like(q4_mostly_missing):
    council = q4_mostly_missing
    texts = [
        p.text
        for p in priority_paragraphs(dashboard_for_period(plan=council.plan, period=council.q4))
    ]
    joined = " ".join(texts)
    assert "This is an improvement from the last quarter" not in joined
    assert "Five priority actions (71%) have no reported status for this quarter." in joined
    assert (
        "These counts are not like for like with 2022-23 Q3's: one priority action had no "
        "reported status then, and five priority actions have no reported status now. Of the two "
        "priority actions reported in both quarters, two actions were rated Review or Action in "
        "2022-23 Q3 and one action is now."
    ) in texts
    good = next(t for t in texts if "Good rating" in t)
    assert (
        "This includes one action (Ref 10) moving from a Review to Good rating, an improvement "
        "for that action." in good
    )
    action = next(t for t in texts if "Action rating" in t)
    assert action.startswith(
        "One priority action (Ref 25; 14%) has been allocated an Action rating"
    )


def test_a_like_for_like_quarter_keeps_the_papers_wording(council):
    # Q3 against Q2: the same six actions reported in both (Ref 20 in neither).
    texts = [
        p.text
        for p in priority_paragraphs(dashboard_for_period(plan=council.plan, period=council.q3))
    ]
    joined = " ".join(texts)
    assert "not like for like" not in joined
    assert "This is an improvement from the last quarter due to one action (Ref 10)" in joined


def test_home_page_shows_not_reported_beside_off_track(q4_mostly_missing, client):
    (overview,) = plan_overviews(user=AnonymousUser())
    assert (
        overview.period.name,
        overview.priority_total,
        overview.off_track,
        overview.not_reported,
    ) == ("2022-23 Q4", 7, 1, 5)
    (entry,) = plan_entries([overview])
    assert entry.not_reported_text == (
        "5 of 7 priority actions have no reported status in 2022-23 Q4, so the off-track figure "
        "covers only the 2 that reported"
    )
    page = client.get("/").content.decode()
    assert "1 of 7 priority actions rated Review or Action in 2022-23 Q4" in page
    assert "Not reported this quarter" in page
    assert "5 of 7 priority actions have no reported status in 2022-23 Q4" in page


def test_home_page_not_reported_for_an_open_quarter_counts_drafts(council):
    # The programme manager sees open Q4, where only one draft exists: six of seven missing.
    ActionUpdateFactory(action=council.actions["1"], period=council.q4, status=Status.GOOD)
    overview = next(
        o for o in plan_overviews(user=council.people["manager"]) if o.plan == council.plan
    )
    assert (overview.period, overview.not_reported, overview.off_track) == (council.q4, 6, 0)


def test_home_page_counts_the_action_without_an_update_of_its_own(council):
    (overview,) = plan_overviews(user=AnonymousUser())
    # Q3: Ref 20 has no update of its own (it reports through Ref 16).
    assert (overview.period, overview.not_reported) == (council.q3, 1)
