"""The generated summary text reads like the seed paper, word for word where the figures agree."""

from __future__ import annotations

import re

import pytest

from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import (
    at_risk_intro,
    count_words,
    long_list_paragraphs,
    priority_paragraphs,
)
from netzero.demo.services import DATA_DIR


def _seed_text() -> str:
    raw = (DATA_DIR / "seeds/000_f5bb49f435e2e682.txt").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", raw.replace("**", ""))


@pytest.fixture
def q3_dashboard(demo_plan, q3):
    return dashboard_for_period(plan=demo_plan, period=q3)


def test_status_sentences_are_the_seeds_own(q3_dashboard):
    seed = _seed_text()
    texts = [p.text for p in priority_paragraphs(q3_dashboard)]
    good = (
        "For this quarter, 17 priority actions (53%) have been allocated a Good rating, meaning "
        "that they are on track or complete with outcomes in line with expectations."
    )
    review = (
        "15 priority actions (47%) have been allocated a Review rating, meaning that there is "
        "some risk to achieving timetable and/or outcomes. This is an improvement from the last "
        "quarter due to one action (Ref 3) moving from an Action to Review rating."
    )
    assert good in texts and good in seed
    assert review in texts and review in seed
    no_action = "No priority actions have been allocated an Action rating for this quarter."
    assert no_action in texts and no_action in seed


def test_at_risk_intro_matches_the_seed(q3_dashboard):
    intro = at_risk_intro(q3_dashboard).text
    assert intro.startswith("Of those actions allocated a Review rating, the actions that have the")
    assert "Of those actions allocated a Review rating, the actions that have the" in _seed_text()


def test_status_words_are_emphasised_in_html_and_input_is_escaped(q3_dashboard):
    html = str(priority_paragraphs(q3_dashboard)[2].html)
    assert "<strong>Good</strong>" in html
    q3_dashboard.plan.name = "<script>alert(1)</script>"
    assert "<script>" not in str(priority_paragraphs(q3_dashboard)[0].html)


def test_long_list_summary_states_the_gap(q3_dashboard):
    texts = [p.text for p in long_list_paragraphs(q3_dashboard)]
    assert texts[1].startswith("Two actions are identified as requiring Action")
    assert texts[2].startswith("28 long list actions (93%) have no reported status")


@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, "no actions"), (1, "one action"), (2, "two actions"), (17, "17 actions")],
)
def test_count_words(n, expected):
    assert count_words(n, "action") == expected
