import pytest
from django.core.exceptions import ValidationError

from netzero.reporting.presenters import change_text, status_tag
from netzero.reporting.status import (
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
