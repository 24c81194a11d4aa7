"""What the workflow's lists show: each action by ref and title, its update's state, and the
link to follow (Start, Edit or View, by what the person can still do), decided here so
templates only print it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.workflow.notifications import action_name
from netzero.workflow.selectors import PeriodWork, UpdateLine

_EDITABLE = {None, ActionUpdate.State.DRAFT, ActionUpdate.State.RETURNED}
_TAGS = {
    None: "govuk-tag--grey",
    ActionUpdate.State.DRAFT: "govuk-tag--light-blue",
    ActionUpdate.State.RETURNED: "govuk-tag--orange",
    ActionUpdate.State.SUBMITTED: "govuk-tag--blue",
    ActionUpdate.State.APPROVED: "govuk-tag--green",
}


@dataclass(frozen=True)
class WorkItem:
    ref: str
    name: str  # "Ref 10 Retrofit the depots"
    theme: str  # the delivery theme's name
    state: str  # "Not started", "Draft", ...
    tag_class: str
    url: str
    link_text: str  # "Start", "Edit", "View" or "Review"
    comment: str  # the programme manager's, on a returned update


def work_item(line: UpdateLine, period: ReportingPeriod, *, review: bool = False) -> WorkItem:
    """One action's line. ``review``: for the programme manager deciding on it."""
    update = line.update
    state = update.state if update else None
    args = [period.plan.slug, period.slug, line.action.ref]
    if review:
        url, text = reverse("workflow:update_review", args=args), "Review"
    else:
        url = reverse("workflow:update_edit", args=args)
        text = "Start" if update is None else "Edit" if state in _EDITABLE else "View"
    if not period.is_open and not review:
        text = "View"
    return WorkItem(
        ref=line.action.ref,
        name=action_name(line.action),
        theme=line.action.delivery_theme.name if line.action.delivery_theme else "",
        state=line.state_label,
        tag_class=_TAGS.get(state, "govuk-tag--grey"),
        url=url,
        link_text=text,
        comment=update.review_comment if state == ActionUpdate.State.RETURNED else "",
    )


@dataclass(frozen=True)
class PeriodWorkView:
    period: ReportingPeriod
    heading: str  # "Borough Climate Strategy: 2022-23 Q4"
    due_text: str
    due: list[WorkItem]
    returned: list[WorkItem]
    awaiting: list[WorkItem]
    my_updates_url: str
    manage_url: str | None


def work_sections(work: list[PeriodWork], *, manages: set[int]) -> list[PeriodWorkView]:
    """ "Your work" on the home page, one section per open period. ``manages``: the ids of the
    plans the person may manage (they get the period's manage page link)."""
    views = []
    for entry in work:
        period, plan = entry.period, entry.period.plan
        outstanding = sum(1 for line in entry.due if line.outstanding)
        due_text = (
            f"{outstanding} of {len(entry.due)} still to submit for {period.name}."
            if entry.due
            else ""
        )
        views.append(
            PeriodWorkView(
                period=period,
                heading=f"{plan.name}: {period.name}",
                due_text=due_text,
                due=[work_item(line, period) for line in entry.due],
                returned=[work_item(line, period) for line in entry.returned],
                awaiting=[work_item(line, period, review=True) for line in entry.awaiting],
                my_updates_url=reverse("workflow:my_updates", args=[plan.slug, period.slug]),
                manage_url=(
                    reverse("workflow:period", args=[plan.slug, period.slug])
                    if plan.pk in manages
                    else None
                ),
            )
        )
    return views
