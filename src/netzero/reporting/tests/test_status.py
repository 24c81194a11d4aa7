import pytest
from django.core.exceptions import ValidationError

from netzero.reporting.presenters import change_text, status_tag
from netzero.reporting.status import (
    AT_RISK_STATUSES,
    REPORTED_STATUSES,
    STATUS_INFO,
    STATUSES_BEST_FIRST,
    Change,
    Status,
    status_change,
    status_from_text,
)


def test_vocabulary_is_ordered_best_to_worst_with_definitions_and_colours():
    assert [s.label for s in STATUSES_BEST_FIRST] == ["Good", "Review", "Action", "Not reported"]
    assert (
        STATUS_INFO[Status.REVIEW].definition == "Some risk to achieving timetable and/or outcomes"
    )
    assert len({info.tag_class for info in STATUS_INFO.values()}) == 4


def test_tag_always_carries_the_word():
    tag = status_tag(Status.ACTION)
    assert (tag.text, tag.css_class) == ("Action", "govuk-tag--red")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Good", Status.GOOD),
        ("REVIEW", Status.REVIEW),
        ("not reported", Status.NOT_REPORTED),
        ("not_reported", Status.NOT_REPORTED),
    ],
)
def test_status_from_text(text, status):
    assert status_from_text(text) == status


def test_unknown_status_names_the_allowed_words():
    with pytest.raises(ValidationError, match=r"Unknown status 'Amber'\. Use one of: Good, Review"):
        status_from_text("Amber")


def test_change_is_derived():
    assert status_change(Status.ACTION, Status.REVIEW) is Change.IMPROVED
    assert status_change(Status.GOOD, Status.ACTION) is Change.WORSE
    assert status_change(Status.GOOD, Status.GOOD) is Change.NO_CHANGE
    assert status_change(Status.NOT_REPORTED, Status.GOOD) is Change.NOT_COMPARABLE
    assert status_change(None, Status.GOOD) is Change.NOT_COMPARABLE
    assert change_text(Change.IMPROVED, Status.ACTION) == "Improved (was Action)"
    assert change_text(Change.NOT_COMPARABLE, None) == "No previous period"


def test_every_status_has_its_words_rank_colour_and_meaning():
    table = {
        s.label: (
            s.value,
            i.definition,
            i.rank,
            i.tag_class,
            i.reported,
            i.meaning,
            i.meaning_one,
        )
        for s, i in STATUS_INFO.items()
    }
    assert table == {
        "Good": (
            "good",
            "On track or complete with outcomes in line with expectations",
            0,
            "govuk-tag--green",
            True,
            "they are on track or complete with outcomes in line with expectations",
            "it is on track or complete with outcomes in line with expectations",
        ),
        "Review": (
            "review",
            "Some risk to achieving timetable and/or outcomes",
            1,
            "govuk-tag--yellow",
            True,
            "there is some risk to achieving timetable and/or outcomes",
            "there is some risk to achieving timetable and/or outcomes",
        ),
        "Action": (
            "action",
            "Unlikely to achieve timetable and/or to deliver required outcome",
            2,
            "govuk-tag--red",
            True,
            "they are unlikely to achieve timetable and/or to deliver the required outcome",
            "it is unlikely to achieve timetable and/or to deliver the required outcome",
        ),
        "Not reported": (
            "not_reported",
            "No status has been recorded for this action in this period",
            3,
            "govuk-tag--grey",
            False,
            "no status has been recorded for them",
            "no status has been recorded for it",
        ),
    }


def test_reported_and_at_risk_statuses():
    assert REPORTED_STATUSES == (Status.GOOD, Status.REVIEW, Status.ACTION)
    assert frozenset({Status.REVIEW, Status.ACTION}) == AT_RISK_STATUSES
    assert STATUSES_BEST_FIRST == (
        Status.GOOD,
        Status.REVIEW,
        Status.ACTION,
        Status.NOT_REPORTED,
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("good", Status.GOOD),
        ("  Good  ", Status.GOOD),
        ("review", Status.REVIEW),
        ("Action", Status.ACTION),
        ("ACTION", Status.ACTION),
        ("Not Reported", Status.NOT_REPORTED),
        ("NOT_REPORTED", Status.NOT_REPORTED),
        ("not   reported", Status.NOT_REPORTED),
        ("not\treported", Status.NOT_REPORTED),
        (" not_reported ", Status.NOT_REPORTED),
        ("Not_Reported", Status.NOT_REPORTED),
    ],
)
def test_status_from_text_whatever_the_case_spacing_or_underscores(text, status):
    assert status_from_text(text) == status


@pytest.mark.parametrize("text", ["Amber", "", "not", "goods", "notreported", "red", "reported"])
def test_anything_else_is_refused_naming_every_status(text):
    with pytest.raises(ValidationError) as refused:
        status_from_text(text)
    assert refused.value.messages == [
        f"Unknown status {text!r}. Use one of: Good, Review, Action, Not reported."
    ]
    assert refused.value.code == "unknown_status"


G, R, A, N = Status.GOOD, Status.REVIEW, Status.ACTION, Status.NOT_REPORTED


@pytest.mark.parametrize(
    ("previous", "current", "change"),
    [
        (None, G, Change.NOT_COMPARABLE),
        (None, R, Change.NOT_COMPARABLE),
        (None, A, Change.NOT_COMPARABLE),
        (None, N, Change.NOT_COMPARABLE),
        (G, G, Change.NO_CHANGE),
        (R, R, Change.NO_CHANGE),
        (A, A, Change.NO_CHANGE),
        (N, N, Change.NO_CHANGE),
        (R, G, Change.IMPROVED),
        (A, G, Change.IMPROVED),
        (A, R, Change.IMPROVED),
        (G, R, Change.WORSE),
        (G, A, Change.WORSE),
        (R, A, Change.WORSE),
        (N, G, Change.NOT_COMPARABLE),
        (N, R, Change.NOT_COMPARABLE),
        (N, A, Change.NOT_COMPARABLE),
        (G, N, Change.NOT_COMPARABLE),
        (R, N, Change.NOT_COMPARABLE),
        (A, N, Change.NOT_COMPARABLE),
    ],
)
def test_every_change_between_two_statuses(previous, current, change):
    assert status_change(previous, current) is change


def test_change_words():
    assert [c.value for c in Change] == ["no change", "improved", "worse", "not comparable"]
