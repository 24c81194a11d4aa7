"""How statuses and changes look: tag text and class decided in one place (NHS Digital style)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from netzero.plans.impact import Impact
from netzero.reporting.models import ActionStateChange, ReportingPeriod
from netzero.reporting.status import STATUS_INFO, Change, Status


@dataclass(frozen=True)
class Tag:
    text: str
    css_class: str
    definition: str


def status_tag(status: Status | str) -> Tag:
    status = Status(status)
    info = STATUS_INFO[status]
    return Tag(text=status.label, css_class=info.tag_class, definition=info.definition)


def change_text(change: Change, previous: Status | None) -> str:
    """The seed's "change since previous quarter" column, in words."""
    if change is Change.NO_CHANGE:
        return "No change"
    if previous is None:
        return "No previous period"
    if change is Change.IMPROVED:
        return f"Improved (was {previous.label})"
    if change is Change.WORSE:
        return f"Worse (was {previous.label})"
    if previous == Status.NOT_REPORTED:
        return "Not reported last period"
    return f"Not reported (was {previous.label})"


def impact_label(impact: Impact | str | None) -> str:
    return Impact(impact).label if impact else "Not stated"


OVERDUE_TAG = Tag(
    text="Overdue",
    css_class="govuk-tag--orange",
    definition="Its timescale ended before this period did and it is not recorded as completed",
)


def state_change_text(
    *, ref: str, kind: str, change: str, other_ref: str | None, from_period: str, reason: str
) -> str:
    """ "Ref 7 retired from 2022-23 Q4 (reason)", "LL3 merged into LL4 from ... (reason)"."""
    name = ref if kind == "long_list" else f"Ref {ref}"
    words = ActionStateChange.Kind(change).label.lower()
    if other_ref:
        other = other_ref if kind == "long_list" else f"Ref {other_ref}"
        words = f"{words} {other}"
    return f"{name} {words} from {from_period} ({reason})"


def presented_text(period: ReportingPeriod) -> str:
    """ "Presented to Improvement and Scrutiny Committee on 13 February 2023", or "Not
    recorded" when the meeting is not recorded (a period published before it was asked)."""
    if not period.presented:
        return "Not recorded"
    body = period.presented_to or "a meeting not named"
    when = f"on {date_format(period.presented_on, 'j F Y')}" if period.presented_on else ""
    return " ".join(part for part in (f"Presented to {body}", when) if part)


def published_in_service_text(period: ReportingPeriod) -> str:
    """When it was published in this service, which is not when it was presented."""
    if not period.published_at:
        return ""
    return f"Published in this service on {date_format(localtime(period.published_at), 'j F Y')}"
