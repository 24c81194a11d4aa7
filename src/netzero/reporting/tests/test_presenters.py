"""Status → tag text and class, change wording and impact wording: exact texts, every case."""

from __future__ import annotations

import pytest

from netzero.plans.impact import Impact
from netzero.reporting.presenters import Tag, change_text, impact_label, status_tag
from netzero.reporting.status import Change, Status


@pytest.mark.parametrize(
    ("status", "text", "css_class", "definition"),
    [
        (
            Status.GOOD,
            "Good",
            "govuk-tag--green",
            "On track or complete with outcomes in line with expectations",
        ),
        (
            Status.REVIEW,
            "Review",
            "govuk-tag--yellow",
            "Some risk to achieving timetable and/or outcomes",
        ),
        (
            Status.ACTION,
            "Action",
            "govuk-tag--red",
            "Unlikely to achieve timetable and/or to deliver required outcome",
        ),
        (
            Status.NOT_REPORTED,
            "Not reported",
            "govuk-tag--grey",
            "No status has been recorded for this action in this period",
        ),
    ],
)
def test_status_tag_text_class_and_definition(status, text, css_class, definition):
    assert status_tag(status) == Tag(text=text, css_class=css_class, definition=definition)
    assert status_tag(status.value) == status_tag(status)  # a stored value reads the same


def test_status_tag_refuses_a_word_that_is_not_a_status():
    with pytest.raises(ValueError):
        status_tag("amber")


@pytest.mark.parametrize(
    ("change", "previous", "text"),
    [
        (Change.NO_CHANGE, Status.GOOD, "No change"),
        (Change.NO_CHANGE, Status.NOT_REPORTED, "No change"),
        (Change.NOT_COMPARABLE, None, "No previous period"),
        (Change.IMPROVED, Status.REVIEW, "Improved (was Review)"),
        (Change.IMPROVED, Status.ACTION, "Improved (was Action)"),
        (Change.WORSE, Status.GOOD, "Worse (was Good)"),
        (Change.WORSE, Status.REVIEW, "Worse (was Review)"),
        (Change.NOT_COMPARABLE, Status.NOT_REPORTED, "Not reported last period"),
        (Change.NOT_COMPARABLE, Status.GOOD, "Not reported (was Good)"),
        (Change.NOT_COMPARABLE, Status.REVIEW, "Not reported (was Review)"),
        (Change.NOT_COMPARABLE, Status.ACTION, "Not reported (was Action)"),
    ],
)
def test_change_text(change, previous, text):
    assert change_text(change, previous) == text


@pytest.mark.parametrize(
    ("impact", "text"),
    [
        (Impact.HIGH, "High"),
        (Impact.MODERATE, "Moderate"),
        (Impact.LOW, "Low"),
        ("high", "High"),
        ("low", "Low"),
        (None, "Not stated"),
        ("", "Not stated"),
    ],
)
def test_impact_label(impact, text):
    assert impact_label(impact) == text
