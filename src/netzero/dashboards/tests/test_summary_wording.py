"""The summary's sentences on every path the seed quarter does not take: each count from none to
12, singular and plural, every mix of statuses, movements of every kind, the at-risk intro and
the rounding note. Whole sentences are asserted; the dashboards are built in memory."""

from __future__ import annotations

import pytest

from netzero.dashboards.summary import (
    ROUNDING_NOTE,
    Paragraph,
    at_risk_by_theme,
    at_risk_intro,
    count_words,
    long_list_paragraphs,
    priority_paragraphs,
)
from netzero.plans.impact import Impact
from netzero.plans.models import Action
from netzero.reporting.status import Status
from netzero.testing.dashboards import (
    action_row,
    dashboard_basis,
    dashboard_build,
    status_rows,
)

G, R, A, N = Status.GOOD, Status.REVIEW, Status.ACTION, Status.NOT_REPORTED
LONG = Action.Kind.LONG_LIST
WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
WORDS += ["11", "12"]
PLAN = "Borough Council Climate Change Strategy"
GOOD_MEANS = "they are on track or complete with outcomes in line with expectations"
GOOD_MEANS_ONE = "it is on track or complete with outcomes in line with expectations"
REVIEW_MEANS = "there is some risk to achieving timetable and/or outcomes"
ACTION_MEANS = "they are unlikely to achieve timetable and/or to deliver the required outcome"
ACTION_MEANS_ONE = "it is unlikely to achieve timetable and/or to deliver the required outcome"
GOOD_DEF = "on track or complete with outcomes in line with expectations"
REVIEW_DEF = "some risk to achieving timetable and/or outcomes"
ACTION_DEF = "unlikely to achieve timetable and/or to deliver required outcome"
FIRST = "There is no earlier quarter to compare with."


def texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def priority(rows, previous: str | None = None) -> list[str]:
    return texts(priority_paragraphs(dashboard_build(rows, previous=previous)))


def long_list(**counts) -> list[str]:
    return texts(long_list_paragraphs(dashboard_build(status_rows(kind=LONG, **counts))))


def actions(n: int, noun: str = "priority action") -> str:
    return f"{WORDS[n]} {noun}{'' if n == 1 else 's'}"


# count_words ---------------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(13))
def test_count_words_says_numbers_up_to_ten_and_figures_after(n):
    assert count_words(n, "action") == actions(n, "action")
    capitalised = count_words(n, "action", capital=True)
    assert capitalised == actions(n, "action")[:1].upper() + actions(n, "action")[1:]


def test_count_words_examples():
    assert count_words(1, "priority action", capital=True) == "One priority action"
    assert count_words(0, "action", capital=True) == "No actions"
    assert count_words(10, "action") == "ten actions"
    assert count_words(11, "action", capital=True) == "11 actions"
    assert count_words(32, "priority action") == "32 priority actions"


# The priority actions: one count at a time ---------------------------------------------------


def test_a_plan_with_no_priority_actions_says_so_once():
    assert priority([]) == [
        f"There are no priority actions within the {PLAN} to report on.",
    ]
    assert priority(status_rows(action=3, kind=LONG), previous="2023-24 Q1") == [
        f"There are no priority actions within the {PLAN} to report on.",
    ]


@pytest.mark.parametrize("n", range(1, 13))
def test_every_action_good(n):
    has, means = ("has", GOOD_MEANS_ONE) if n == 1 else ("have", GOOD_MEANS)
    assert priority(status_rows(good=n)) == [
        f"Overall performance of the {actions(n)} within the {PLAN} is presented below.",
        "No priority actions have been allocated a Review or an Action rating for this quarter.",
        f"For this quarter, {actions(n)} (100%) {has} been allocated a Good rating, meaning that "
        f"{means}.",
        FIRST,
    ]


@pytest.mark.parametrize("n", range(1, 13))
def test_every_action_review(n):
    has = "has" if n == 1 else "have"
    assert priority(status_rows(review=n)) == [
        f"Overall performance of the {actions(n)} within the {PLAN} is presented below.",
        "No priority actions have been allocated a Good or an Action rating for this quarter.",
        f"For this quarter, {actions(n)} (100%) {has} been allocated a Review rating, meaning "
        f"that {REVIEW_MEANS}.",
        FIRST,
    ]


def named(*refs: str) -> str:
    """How the summary names up to five actions rated Action before their percentage."""
    return ("Ref " if len(refs) == 1 else "Refs ") + ", ".join(refs) + "; "


@pytest.mark.parametrize("n", range(1, 13))
def test_every_action_rated_action(n):
    has, means = ("has", ACTION_MEANS_ONE) if n == 1 else ("have", ACTION_MEANS)
    refs = named(*[str(i) for i in range(1, n + 1)]) if n <= 5 else ""
    assert priority(status_rows(action=n)) == [
        f"Overall performance of the {actions(n)} within the {PLAN} is presented below.",
        "No priority actions have been allocated a Good or a Review rating for this quarter.",
        f"For this quarter, {actions(n)} ({refs}100%) {has} been allocated an Action rating, "
        f"meaning that {means}.",
        FIRST,
    ]


@pytest.mark.parametrize("n", range(1, 13))
def test_no_action_reported(n):
    has = "has" if n == 1 else "have"
    capital = actions(n)[:1].upper() + actions(n)[1:]
    assert priority(status_rows(not_reported=n)) == [
        f"Overall performance of the {actions(n)} within the {PLAN} is presented below.",
        "No priority actions have been allocated a Good, a Review or an Action rating for this "
        "quarter.",
        f"{capital} (100%) {has} no reported status for this quarter.",
        FIRST,
    ]


def test_one_of_each_status():
    assert priority(status_rows(good=1, review=1, action=1, not_reported=1)) == [
        f"Overall performance of the four priority actions within the {PLAN} is presented below.",
        "For this quarter, one priority action (25%) has been allocated a Good rating, meaning "
        f"that {GOOD_MEANS_ONE}.",
        "One priority action (25%) has been allocated a Review rating, meaning that "
        f"{REVIEW_MEANS}.",
        "One priority action (Ref 3; 25%) has been allocated an Action rating, meaning that "
        f"{ACTION_MEANS_ONE}.",
        "One priority action (25%) has no reported status for this quarter.",
        FIRST,
    ]


def test_several_of_each_status_over_ten():
    rows = status_rows(good=12, review=11, action=2, not_reported=0)
    assert priority(rows) == [
        f"Overall performance of the 25 priority actions within the {PLAN} is presented below.",
        "For this quarter, 12 priority actions (48%) have been allocated a Good rating, meaning "
        f"that {GOOD_MEANS}.",
        "11 priority actions (44%) have been allocated a Review rating, meaning that "
        f"{REVIEW_MEANS}.",
        "Two priority actions (Refs 24, 25; 8%) have been allocated an Action rating, meaning that "
        f"{ACTION_MEANS}.",
        FIRST,
    ]


def test_review_and_not_reported_without_good_or_action():
    assert priority(status_rows(review=3, not_reported=2)) == [
        f"Overall performance of the five priority actions within the {PLAN} is presented below.",
        "No priority actions have been allocated a Good or an Action rating for this quarter.",
        "For this quarter, three priority actions (60%) have been allocated a Review rating, "
        f"meaning that {REVIEW_MEANS}.",
        "Two priority actions (40%) have no reported status for this quarter.",
        FIRST,
    ]


def test_long_list_actions_are_not_counted_among_the_priority_actions():
    rows = status_rows(good=2) + status_rows(action=1, not_reported=1, kind=LONG)
    assert priority(rows)[:3] == [
        f"Overall performance of the two priority actions within the {PLAN} is presented below.",
        "No priority actions have been allocated a Review or an Action rating for this quarter.",
        "For this quarter, two priority actions (100%) have been allocated a Good rating, meaning "
        f"that {GOOD_MEANS}.",
    ]


# Rounding -----------------------------------------------------------------------------------


def test_percentages_adding_to_102_are_explained_once():
    paragraphs = priority(status_rows(good=5, review=1, action=1, not_reported=1))
    assert paragraphs[1:] == [
        "For this quarter, five priority actions (63%) have been allocated a Good rating, meaning "
        f"that {GOOD_MEANS}.",
        "One priority action (13%) has been allocated a Review rating, meaning that "
        f"{REVIEW_MEANS}.",
        "One priority action (Ref 7; 13%) has been allocated an Action rating, meaning that "
        f"{ACTION_MEANS_ONE}.",
        "One priority action (13%) has no reported status for this quarter.",
        "Percentages are rounded to whole numbers, so they may not add up to 100.",
        FIRST,
    ]
    assert paragraphs[-2] == ROUNDING_NOTE


@pytest.mark.parametrize(
    ("counts", "percentages", "noted"),
    [
        ({"good": 1, "review": 1, "action": 1}, "33% 33% 33%", True),  # 99
        ({"good": 1, "review": 1, "action": 4}, "17% 17% 67%", True),  # 101
        ({"good": 1, "review": 2}, "33% 67%", False),  # 100
        ({"good": 17, "review": 15}, "53% 47%", False),  # the seed's quarter: 100
        ({"good": 1, "review": 1}, "50% 50%", False),
    ],
)
def test_the_rounding_note_only_when_the_percentages_do_not_add_up(counts, percentages, noted):
    paragraphs = priority(status_rows(**counts), previous="2023-24 Q1")
    shown = [p.split("(")[1].split(")")[0].split("; ")[-1] for p in paragraphs if "%)" in p]
    assert " ".join(shown) == percentages
    assert paragraphs.count(ROUNDING_NOTE) == (1 if noted else 0)
    if noted:
        assert paragraphs[-2:] == [
            ROUNDING_NOTE,
            "No priority action's rating has changed since 2023-24 Q1.",
        ]


def test_long_list_rounding_note_comes_last():
    assert long_list(good=1, review=1, action=1) == [
        f"One long list action (33%) is scored as being Good ({GOOD_DEF}) with one action (33%) "
        f"requiring Review ({REVIEW_DEF}).",
        f"One action is identified as requiring Action ({ACTION_DEF}); the actions being taken to "
        "bring it back on track are detailed below.",
        ROUNDING_NOTE,
    ]
    assert ROUNDING_NOTE not in long_list(action=2, not_reported=28)  # 7% + 93%


# Movements since the previous period ----------------------------------------------------------


def test_improvements_from_two_statuses_are_one_sentence_in_the_vocabularys_order():
    rows = [
        action_row("1", G, previous=A),
        action_row("2", G, previous=R),
        action_row("3", G, previous=R),
        action_row("4", G, previous=G),
    ]
    paragraphs = priority(rows, previous="2023-24 Q1")
    assert paragraphs[2] == (
        "For this quarter, four priority actions (100%) have been allocated a Good rating, "
        f"meaning that {GOOD_MEANS}. This is an improvement from the last quarter due to two "
        "actions (Refs 2, 3) moving from a Review to Good rating and one action (Ref 1) moving "
        "from an Action to Good rating."
    )
    assert paragraphs[-1] == paragraphs[2]  # nothing says the ratings are unchanged


def test_deteriorations_from_two_statuses():
    rows = [
        action_row("7", A, previous=R),
        action_row("8", A, previous=G),
        action_row("9", A, previous=R),
        action_row("10", A, previous=R),
    ]
    assert priority(rows, previous="2023-24 Q1")[2] == (
        "For this quarter, four priority actions (Refs 7, 8, 9, 10; 100%) have been allocated an "
        "Action rating, "
        f"meaning that {ACTION_MEANS}. This is a deterioration from the last quarter due to one "
        "action (Ref 8) moving from a Good to Action rating and three actions (Refs 7, 9, 10) "
        "moving from a Review to Action rating."
    )


def test_improvement_and_deterioration_into_review():
    rows = [action_row("1", R, previous=G), action_row("2", R, previous=A)]
    assert priority(rows, previous="2023-24 Q1")[2] == (
        "For this quarter, two priority actions (100%) have been allocated a Review rating, "
        f"meaning that {REVIEW_MEANS}. This is an improvement from the last quarter due to one "
        "action (Ref 2) moving from an Action to Review rating. This is a deterioration from the "
        "last quarter due to one action (Ref 1) moving from a Good to Review rating."
    )


def test_actions_that_were_not_reported_or_are_not_reported_now():
    rows = [
        action_row("1", G, previous=N),
        action_row("2", A, previous=N),
        action_row("3", A, previous=N),
        action_row("4", N, previous=R),
        action_row("5", N, previous=G),
        action_row("6", N, previous=R),
    ]
    assert priority(rows, previous="2023-24 Q1")[1:] == [
        "No priority actions have been allocated a Review rating for this quarter.",
        "For this quarter, one priority action (17%) has been allocated a Good rating, meaning "
        f"that {GOOD_MEANS_ONE}. One action (Ref 1) had no reported status last quarter.",
        "Two priority actions (Refs 2, 3; 33%) have been allocated an Action rating, meaning "
        f"that {ACTION_MEANS}. Two actions (Refs 2, 3) had no reported status last quarter.",
        "Three priority actions (50%) have no reported status for this quarter. One action "
        "(Ref 5) had a Good rating last quarter. Two actions (Refs 4, 6) had a Review rating "
        "last quarter.",
        # Different actions reported in each quarter: the counts are not compared.
        "These counts are not like for like with 2023-24 Q1's: three priority actions had no "
        "reported status then, and three priority actions have no reported status now. No "
        "priority action was reported in both quarters, so they cannot be compared.",
    ]


def test_an_unchanged_quarter_names_the_previous_period():
    rows = [action_row("1", G, previous=G), action_row("2", N, previous=N)]
    assert priority(rows, previous="2022-23 Q4")[-1] == (
        "No priority action's rating has changed since 2022-23 Q4."
    )


def test_long_list_movements_are_not_priority_movements():
    rows = [action_row("1", G, previous=G), action_row("LL1", A, previous=G, kind=LONG)]
    assert priority(rows, previous="2023-24 Q1")[-1] == (
        "No priority action's rating has changed since 2023-24 Q1."
    )


# The at-risk intro and list ------------------------------------------------------------------

BIGGEST = "biggest negative impact on achieving net zero targets if not achieved (impact High)"


def intro(rows) -> str:
    return at_risk_intro(dashboard_build(rows)).text


def test_at_risk_intro_review_only():
    rows = [action_row("1", R, impact=Impact.HIGH), action_row("2", R, impact=Impact.HIGH)]
    assert intro(rows) == (
        "Of those actions allocated a Review rating, the actions that have the potentially "
        f"{BIGGEST} are:"
    )


def test_at_risk_intro_action_only_with_one_action_listed():
    rows = [action_row("1", A, impact=Impact.HIGH), action_row("2", A, impact=Impact.LOW)]
    assert intro(rows) == (
        "Of those actions allocated an Action rating, the action that has the potentially "
        f"{BIGGEST} is:"
    )


def test_at_risk_intro_review_and_action():
    rows = [action_row("1", A, impact=Impact.HIGH), action_row("2", R, impact=Impact.LOW)]
    html = str(at_risk_intro(dashboard_build(rows)).html)
    assert html == (
        "Of those actions allocated a <strong>Review or Action</strong> rating, the action that "
        f"has the potentially {BIGGEST} is:"
    )


def test_an_action_folded_into_another_is_one_entry():
    rows = [
        action_row("16", R, impact=Impact.HIGH),
        action_row("20", R, impact=Impact.HIGH, reports_through="16"),
    ]
    assert intro(rows).endswith("the action that has the potentially " + BIGGEST + " is:")
    rows.append(action_row("25", A, impact=Impact.HIGH))
    assert intro(rows) == (
        "Of those actions allocated a Review or Action rating, the actions that have the "
        f"potentially {BIGGEST} are:"
    )


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([action_row("1", R, impact=Impact.LOW)], "a Review"),
        ([action_row("1", A, impact=Impact.MODERATE)], "an Action"),
        ([action_row("1", A, impact=None), action_row("2", R)], "a Review or Action"),
        (status_rows(good=3, not_reported=1, impact=Impact.HIGH), "a Review or Action"),
        ([], "a Review or Action"),
    ],
)
def test_at_risk_intro_when_no_high_impact_action_is_at_risk(rows, words):
    assert intro(rows) == (
        f"No action allocated {words} rating has a High impact on achieving net zero targets if "
        "not achieved."
    )


def test_long_list_actions_never_make_the_at_risk_list():
    rows = [action_row("1", R, impact=Impact.LOW), action_row("LL1", A, kind=LONG)]
    assert intro(rows) == (
        "No action allocated a Review rating has a High impact on achieving net zero targets if "
        "not achieved."
    )


def test_at_risk_by_theme_follows_the_strategy_themes_order_not_the_rows():
    rows = [
        action_row("30", R, impact=Impact.HIGH, strategy_theme="Waste"),
        action_row("21", A, impact=Impact.HIGH, strategy_theme="Transport", theme="Fleet"),
        action_row("2", R, impact=Impact.HIGH, strategy_theme="Estate"),
        action_row("22", R, impact=Impact.HIGH, strategy_theme="Transport"),
        action_row("3", R, impact=Impact.LOW, strategy_theme="Economy"),
    ]
    basis = dashboard_basis(rows, strategy_themes=["Estate", "Economy", "Transport", "Waste"])
    grouped = at_risk_by_theme(dashboard_build(basis=basis))
    assert [(theme, [r.ref for r in rows]) for theme, rows in grouped] == [
        ("Estate", ["2"]),
        ("Transport", ["21", "22"]),
        ("Waste", ["30"]),
    ]


def test_at_risk_by_theme_is_empty_when_nothing_is_at_risk():
    assert at_risk_by_theme(dashboard_build(status_rows(good=2, impact=Impact.HIGH))) == []


# The long list --------------------------------------------------------------------------------


def test_long_list_with_no_actions_says_nothing():
    assert long_list() == []
    assert texts(long_list_paragraphs(dashboard_build(status_rows(review=2)))) == []


@pytest.mark.parametrize("n", range(1, 13))
def test_long_list_all_good(n):
    are = "is" if n == 1 else "are"
    capital = actions(n, "long list action")[:1].upper() + actions(n, "long list action")[1:]
    assert long_list(good=n) == [
        f"{capital} (100%) {are} scored as being Good ({GOOD_DEF}).",
        "No long list actions are identified as requiring Action.",
    ]


@pytest.mark.parametrize(("n", "require"), [(1, "requires"), (2, "require"), (11, "require")])
def test_long_list_all_review(n, require):
    capital = actions(n, "long list action")[:1].upper() + actions(n, "long list action")[1:]
    assert long_list(review=n) == [
        f"{capital} (100%) {require} Review ({REVIEW_DEF}).",
        "No long list actions are identified as requiring Action.",
    ]


def test_long_list_good_and_review():
    assert long_list(good=3, review=2)[0] == (
        f"Three long list actions (60%) are scored as being Good ({GOOD_DEF}) with two actions "
        f"(40%) requiring Review ({REVIEW_DEF})."
    )
    assert long_list(good=1, review=1)[0] == (
        f"One long list action (50%) is scored as being Good ({GOOD_DEF}) with one action (50%) "
        f"requiring Review ({REVIEW_DEF})."
    )


@pytest.mark.parametrize(
    ("n", "sentence"),
    [
        (
            1,
            "One action is identified as requiring Action ({d}); the actions being taken to bring "
            "it back on track are detailed below.",
        ),
        (
            2,
            "Two actions are identified as requiring Action ({d}); the actions being taken to "
            "bring them back on track are detailed below.",
        ),
        (
            12,
            "12 actions are identified as requiring Action ({d}); the actions being taken to "
            "bring them back on track are detailed below.",
        ),
    ],
)
def test_long_list_action_items(n, sentence):
    assert long_list(action=n) == [
        "No long list actions are scored as Good or Review for this quarter.",
        sentence.format(d=ACTION_DEF),
    ]


def test_long_list_not_reported():
    assert long_list(good=1, not_reported=3) == [
        f"One long list action (25%) is scored as being Good ({GOOD_DEF}).",
        "No long list actions are identified as requiring Action.",
        "Three long list actions (75%) have no reported status for this quarter. Percentages are "
        "of all 4 long list actions.",
    ]
    assert long_list(not_reported=1) == [
        "No long list action has a Good or Review status recorded for this quarter.",
        "No long list actions are identified as requiring Action.",
        "One long list action (100%) has no reported status for this quarter.",
    ]


def test_long_list_status_words_are_emphasised():
    paragraphs = long_list_paragraphs(
        dashboard_build(status_rows(review=1, not_reported=1, kind=LONG))
    )
    assert [str(p.html) for p in paragraphs] == [
        f"One long list action (50%) requires <strong>Review</strong> ({REVIEW_DEF}).",
        "No long list actions are identified as requiring <strong>Action</strong>.",
        "One long list action (50%) has <strong>no reported status</strong> for this quarter. "
        "Percentages are of all 2 long list actions.",
    ]


# HTML -------------------------------------------------------------------------------------------


def test_priority_html_emphasises_status_words_and_escapes_names():
    basis = dashboard_basis(
        status_rows(review=1, not_reported=1),
        plan_name="<script>alert(1)</script>",
        organisation_name="Smith & Sons",
    )
    html = [str(p.html) for p in priority_paragraphs(dashboard_build(basis=basis))]
    assert html == [
        "Overall performance of the two priority actions within the Smith &amp; Sons "
        "&lt;script&gt;alert(1)&lt;/script&gt; is presented below.",
        "No priority actions have been allocated a <strong>Good</strong> or an "
        "<strong>Action</strong> rating for this quarter.",
        "For this quarter, one priority action (50%) has been allocated a <strong>Review</strong> "
        f"rating, meaning that {REVIEW_MEANS}.",
        "One priority action (50%) has <strong>no reported status</strong> for this quarter.",
        FIRST,
    ]


@pytest.mark.parametrize(
    ("counts", "html"),
    [
        (
            {"good": 1, "review": 1},
            f"One long list action (50%) is scored as being <strong>Good</strong> ({GOOD_DEF}) "
            f"with one action (50%) requiring <strong>Review</strong> ({REVIEW_DEF}).",
        ),
        (
            {"good": 2},
            f"Two long list actions (100%) are scored as being <strong>Good</strong> ({GOOD_DEF}).",
        ),
        (
            {"action": 1},
            f"One action is identified as requiring <strong>Action</strong> ({ACTION_DEF}); the "
            "actions being taken to bring it back on track are detailed below.",
        ),
    ],
)
def test_long_list_good_review_and_action_words_are_emphasised(counts, html):
    paragraphs = long_list_paragraphs(dashboard_build(status_rows(kind=LONG, **counts)))
    assert html in [str(p.html) for p in paragraphs]
