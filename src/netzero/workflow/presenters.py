"""What the workflow's pages show, decided here so templates only print it: each action by ref
and title with its update's state and the link to follow (Start, Edit, View or Review, by what
the person can still do); each action's row on the period's Manage page with the page that deals
with its update; the review page's two quarters side by side; the publish preview."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse
from django.utils.safestring import SafeString

from netzero.core.narrative import plain_text, render_narrative
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.dashboards.types import Dashboard
from netzero.plans.presenters import action_name
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.presenters import Tag, status_tag
from netzero.reporting.status import STATUSES_BEST_FIRST, Change, Status
from netzero.workflow.in_step import in_step_follows
from netzero.workflow.selectors import PendingUpdate, PeriodWork, UpdateLine

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
                label=action_name(line.action),
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


def _movement_change(change: Change) -> str:
    """Which way it moved, "worse" or "improved"; nothing when one side is Not reported."""
    return change.value if change in (Change.IMPROVED, Change.WORSE) else ""


def publish_preview(dashboard: Dashboard) -> PublishPreview:
    """Each movement named once, as people know the action ("Ref 16 <its words>"), then its two
    statuses and which way it moved: "Ref 16 ...: Review to Action (worse)"."""
    rows = {r.ref: r for r in dashboard.rows}
    movements = [
        MovementRow(
            label=action_name(rows[m.ref]) if m.ref in rows else f"Ref {m.ref} {m.title}".strip(),
            before=status_tag(m.from_status),
            after=status_tag(m.to_status),
            change=_movement_change(m.change),
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


@dataclass(frozen=True)
class ReportsThrough:
    """On the update page of an action that reports through another: whose status it has."""

    text: str
    link_text: str
    href: str


def reports_through_note(
    action, period: ReportingPeriod, status: Status | None
) -> ReportsThrough | None:
    """``status``: the one the action takes (``workflow.in_step.status_for``); None when it
    reports through no other action."""
    if status is None or action.reports_through is None:
        return None
    through = action.reports_through
    now = "it has no update yet" if status == Status.NOT_REPORTED else f"now {status.label}"
    return ReportsThrough(
        text=f"Ref {action.ref} reports through Ref {through.ref}: its status is Ref "
        f"{through.ref}'s ({now}), and the reasons for it are given there. Here, say only this "
        "action's progress.",
        link_text=f"Go to {action_name(through)}",
        href=reverse("workflow:update_edit", args=[period.plan.slug, period.slug, through.ref]),
    )


@dataclass(frozen=True)
class ReturnOutcome:
    """What one choice does with a row: a short tag and, when refused, why."""

    tag: Tag
    why: str = ""


@dataclass(frozen=True)
class ReturnRowView:
    """One row of an uploaded return on the preview: what each choice would do with it."""

    number: int
    ref: str
    name: str  # "Ref 16 Install solar panels", or the ref as typed when it names no action
    status: str  # as it will be saved ("Not reported" when left blank)
    progress: SafeString | str  # as it will be saved: its paragraphs and bullets, sanitised
    reason: str  # as typed ("" when none, or the row is refused)
    mitigation: str
    carried: bool  # last quarter's status and words, unchanged in the file
    refused: str  # refused whatever is chosen, and why ("" otherwise)
    as_draft: ReturnOutcome | None
    as_submission: ReturnOutcome | None
    # the actions reporting through this one, which follow it: "Ref 20 reports through Ref 16
    # and takes its status." (none when the row is refused: nothing moves)
    followers: list[str] = field(default_factory=list)


_OUTCOMES = {
    "save": Tag("Will be saved as a draft", "govuk-tag--light-blue", ""),
    "submit": Tag("Will be submitted", "govuk-tag--blue", ""),
    "unchanged": Tag("Unchanged", "govuk-tag--grey", ""),
}
_REFUSED = Tag("Refused", "govuk-tag--red", "")


def _outcome(what: str, problem: str, held: str = "") -> ReturnOutcome:
    if problem:
        return ReturnOutcome(_REFUSED, problem)
    if what == "save" and held:  # the programme manager changing a submitted or approved update
        return ReturnOutcome(Tag(f"Will be changed, still {held}", "govuk-tag--light-blue", ""))
    return ReturnOutcome(_OUTCOMES[what])


def return_preview_rows(preview) -> list[ReturnRowView]:
    """The preview's rows (``workflow.returns.ReturnPreview``), in the file's order."""
    rows = []
    for p in preview.rows:
        if p.action is not None:
            name = action_name(p.action)
        else:
            name = f"Ref {p.row.ref}" if p.row.ref else "(no ref)"
        rows.append(
            ReturnRowView(
                number=p.row.number,
                ref=p.row.ref,
                name=name,
                status=p.status.label if p.status else p.row.status,
                progress=render_narrative(p.progress) if p.progress else "",
                reason="" if p.problem else plain_text(p.row.reason),
                mitigation="" if p.problem else plain_text(p.row.mitigation),
                carried=p.carried,
                refused=p.problem,
                as_draft=None if p.problem else _outcome(p.draft, p.draft_problem, p.held),
                as_submission=None if p.problem else _outcome(p.submit, p.submit_problem),
                followers=[] if p.problem else [in_step_follows(a) for a in p.followers],
            )
        )
    return rows


@dataclass(frozen=True)
class ReturnLink:
    """A person's return on the Manage page: "Download Pat Lee's return (2 actions)"."""

    name: str
    actions: int
    url: str


def return_links(people: list[tuple[AbstractBaseUser, int]], period: ReportingPeriod) -> list:
    """Each person with a return this quarter (``selectors.return_people``), with its link."""
    return [
        ReturnLink(
            name=full_name(person),
            actions=count,
            url=reverse(
                "workflow:return_download", args=[period.plan.slug, period.slug, person.pk]
            ),
        )
        for person, count in people
    ]
