"""The status vocabulary, defined once.

Every page, report, export and command takes a status's label, definition, order and tag colour
from here. The word is always shown; the colour only repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import models


class Status(models.TextChoices):
    GOOD = "good", "Good"
    REVIEW = "review", "Review"
    ACTION = "action", "Action"
    NOT_REPORTED = "not_reported", "Not reported"


@dataclass(frozen=True)
class StatusInfo:
    definition: str
    rank: int  # 0 is best; Not reported sorts last and is never compared for movement
    tag_class: str
    reported: bool
    meaning: str  # completes "meaning that ..." in the dashboard's summary text
    meaning_one: str  # the same said of one action ("it is on track ...")


STATUS_INFO: dict[Status, StatusInfo] = {
    Status.GOOD: StatusInfo(
        "On track or complete with outcomes in line with expectations",
        0,
        "govuk-tag--green",
        True,
        "they are on track or complete with outcomes in line with expectations",
        "it is on track or complete with outcomes in line with expectations",
    ),
    Status.REVIEW: StatusInfo(
        "Some risk to achieving timetable and/or outcomes",
        1,
        "govuk-tag--yellow",
        True,
        "there is some risk to achieving timetable and/or outcomes",
        "there is some risk to achieving timetable and/or outcomes",
    ),
    Status.ACTION: StatusInfo(
        "Unlikely to achieve timetable and/or to deliver required outcome",
        2,
        "govuk-tag--red",
        True,
        "they are unlikely to achieve timetable and/or to deliver the required outcome",
        "it is unlikely to achieve timetable and/or to deliver the required outcome",
    ),
    Status.NOT_REPORTED: StatusInfo(
        "No status has been recorded for this action in this period",
        3,
        "govuk-tag--grey",
        False,
        "no status has been recorded for them",
        "no status has been recorded for it",
    ),
}

STATUSES_BEST_FIRST: tuple[Status, ...] = tuple(sorted(Status, key=lambda s: STATUS_INFO[s].rank))
REPORTED_STATUSES: tuple[Status, ...] = tuple(
    s for s in STATUSES_BEST_FIRST if STATUS_INFO[s].reported
)
AT_RISK_STATUSES: frozenset[Status] = frozenset({Status.REVIEW, Status.ACTION})


def status_from_text(text: str) -> Status:
    """Read a status from a label or value, case-insensitively ("Review", "review", "NOT REPORTED").

    Raises ValidationError naming the allowed words when the text is not a status.
    """
    # A value is its label in lower case with "_" for spaces ("not_reported"): once underscores
    # are spaces and the case folded, the label is the one thing to compare with.
    wanted = " ".join(str(text).replace("_", " ").split()).casefold()
    for status in Status:
        if wanted == status.label.casefold():
            return status
    allowed = ", ".join(s.label for s in STATUSES_BEST_FIRST)
    raise ValidationError(f"Unknown status {text!r}. Use one of: {allowed}.", code="unknown_status")


class Change(Enum):
    """How an action's status moved since the previous period. Derived, never typed."""

    NO_CHANGE = "no change"
    IMPROVED = "improved"
    WORSE = "worse"
    NOT_COMPARABLE = "not comparable"  # one side is Not reported, or there is no previous period


def status_change(previous: Status | None, current: Status) -> Change:
    if previous is None:
        return Change.NOT_COMPARABLE
    if previous == current:
        return Change.NO_CHANGE
    if not (STATUS_INFO[previous].reported and STATUS_INFO[current].reported):
        return Change.NOT_COMPARABLE
    if STATUS_INFO[current].rank < STATUS_INFO[previous].rank:
        return Change.IMPROVED
    return Change.WORSE
