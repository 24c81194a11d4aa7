"""What the workflow's pages show: each action's row on the period's Manage page with the page
that deals with its update, and the review page's two quarters side by side."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.safestring import SafeString

from netzero.core.narrative import render_narrative
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.dashboards.types import Dashboard
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.presenters import Tag, change_text, status_tag
from netzero.reporting.status import STATUSES_BEST_FIRST, Status
from netzero.workflow.selectors import PendingUpdate, UpdateLine


def action_label(action) -> str:
    """ "Ref 16 Install solar panels" (or "Ref 16" when it has no title)."""
    return f"Ref {action.ref} {action.title}" if action.title else f"Ref {action.ref}"


@dataclass(frozen=True)
class ManageRow:
    """One action on the Manage page: a link to the page that deals with its update."""

    ref: str
    label: str
    href: str
    delivery_theme: str
    responsible: str
    state: str
    who: str  # who last had the update, by full name ("" when none)


def _deals_with(line: UpdateLine, plan_slug: str, period_slug: str, user) -> str:
    """The review page for an update that is submitted or approved (read by the manager), the
    update page for one still with its lead (or not started), if this person may edit it."""
    args = [plan_slug, period_slug, line.action.ref]
    decided = line.update is not None and line.update.state in {
        ActionUpdate.State.SUBMITTED,
        ActionUpdate.State.APPROVED,
    }
    if decided and user.has_perm(Permission.REVIEW_UPDATES, line.action.plan):
        return reverse("workflow:update_review", args=args)
    if user.has_perm(Permission.EDIT_UPDATE, line.action):
        return reverse("workflow:update_edit", args=args)
    return reverse("dashboards:action", args=[plan_slug, line.action.ref])


def manage_rows(
    lines: list[UpdateLine], *, period: ReportingPeriod, user: AbstractBaseUser
) -> list[ManageRow]:
    plan_slug = period.plan.slug
    rows = []
    for line in lines:
        update = line.update
        theme = line.action.delivery_theme
        who = ""
        if update is not None:
            person = update.submitted_by if line.submitted else update.author
            who = full_name(person)
        rows.append(
            ManageRow(
                ref=line.action.ref,
                label=action_label(line.action),
                href=_deals_with(line, plan_slug, period.slug, user),
                delivery_theme=theme.name if theme else "",
                responsible=", ".join(line.responsible) or "Programme managers",
                state=line.state_label,
                who=who,
            )
        )
    return rows


@dataclass(frozen=True)
class PendingRow:
    """An update that holds publication up, linked to the page that deals with it."""

    label: str
    where: str
    href: str


def pending_rows(pending: list[PendingUpdate], *, period: ReportingPeriod) -> list[PendingRow]:
    rows = []
    for item in pending:
        name = "workflow:update_review" if item.submitted else "workflow:update_edit"
        args = [period.plan.slug, period.slug, item.action.ref]
        rows.append(PendingRow(label=item.label, where=item.where, href=reverse(name, args=args)))
    return rows


@dataclass(frozen=True)
class UpdateView:
    """One quarter's update as the review page shows it."""

    period_name: str
    recorded: bool
    tag: Tag
    progress: SafeString | str
    reason: str
    mitigation: str


def update_view(period: ReportingPeriod | None, update: ActionUpdate | None) -> UpdateView | None:
    if period is None:
        return None
    if update is None:
        return UpdateView(period.name, False, status_tag("not_reported"), "", "", "")
    return UpdateView(
        period_name=period.name,
        recorded=True,
        tag=status_tag(update.status),
        progress=render_narrative(update.progress),
        reason=update.reason,
        mitigation=update.mitigation,
    )


@dataclass(frozen=True)
class CountRow:
    status: str
    count: int
    percentage: int


@dataclass(frozen=True)
class MovementRow:
    label: str
    before: Tag
    after: Tag
    change: str


@dataclass(frozen=True)
class PublishPreview:
    """What publishing would freeze, from the period's own dashboard (not recomputed here)."""

    priority_total: int
    priority_not_reported: int
    priority_counts: list[CountRow]
    long_list_total: int
    long_list_not_reported: int
    long_list_counts: list[CountRow]
    movements: list[MovementRow]
    previous_name: str


def _counts(summary) -> list[CountRow]:
    return [
        CountRow(Status(s).label, summary.counts[s], summary.percentages[s])
        for s in STATUSES_BEST_FIRST
    ]


def publish_preview(dashboard: Dashboard) -> PublishPreview:
    movements = [
        MovementRow(
            label=f"Ref {m.ref} {m.title}" if m.title else f"Ref {m.ref}",
            before=status_tag(m.from_status),
            after=status_tag(m.to_status),
            change=change_text(m.change, m.from_status),
        )
        for m in [*dashboard.movements, *dashboard.long_list_movements]
    ]
    return PublishPreview(
        priority_total=dashboard.priority.total,
        priority_not_reported=dashboard.priority.counts[Status.NOT_REPORTED],
        priority_counts=_counts(dashboard.priority),
        long_list_total=dashboard.long_list.total,
        long_list_not_reported=dashboard.long_list.counts[Status.NOT_REPORTED],
        long_list_counts=_counts(dashboard.long_list),
        movements=movements,
        previous_name=dashboard.previous_period.name if dashboard.previous_period else "",
    )
