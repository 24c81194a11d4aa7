"""Reads for the quarterly update workflow."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from netzero.access.models import Membership
from netzero.access.people import people_shown
from netzero.access.rules import delivers_action, leads_or_contributes_to
from netzero.core.exceptions import NotFound
from netzero.core.narrative import narrative_plain_text
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.plans.models import Action, Plan
from netzero.reporting.lifecycle import states_as_of
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.selectors import (
    period_get,
    period_previous,
    periods_for_plan,
    state_changes_for_plan,
)
from netzero.workflow.in_step import follows_in_step
from netzero.workflow.models import PeriodEvent


@dataclass
class UpdateLine:
    """One action in an open period, as the workflow pages list it."""

    action: Action
    update: ActionUpdate | None
    responsible: list[str] = field(default_factory=list)  # names of who should report

    @property
    def state_label(self) -> str:
        return self.update.get_state_display() if self.update else "Not started"

    @property
    def outstanding(self) -> bool:
        """Not yet with the programme manager: missing, draft or returned."""
        return self.update is None or self.update.state in {
            ActionUpdate.State.DRAFT,
            ActionUpdate.State.RETURNED,
        }

    @property
    def submitted(self) -> bool:
        """Waiting for the programme manager's decision."""
        return self.update is not None and self.update.state == ActionUpdate.State.SUBMITTED


def update_lines(*, period: ReportingPeriod) -> list[UpdateLine]:
    """Every action of the period's plan with its update (if any) and who is responsible.

    A fixed number of queries: actions, updates, and memberships with their themes and actions.
    """
    plan = period.plan
    actions = list(
        Action.objects.filter(plan=plan).select_related("delivery_theme").order_by("ref_sort", "id")
    )
    for action in actions:
        action.plan = plan  # the rules read action.plan: no query per action
    updates = {
        u.action_id: u
        for u in ActionUpdate.objects.filter(period=period).select_related("author", "submitted_by")
    }
    leads: dict[int, list[str]] = defaultdict(list)
    contributors: dict[int, list[str]] = defaultdict(list)
    for m in (
        Membership.objects.filter(
            organisation=plan.organisation,
            role__in=[Membership.Role.THEME_LEAD, Membership.Role.CONTRIBUTOR],
        )
        .select_related("user")
        .prefetch_related("delivery_themes", "actions")
    ):
        name = full_name(m.user)
        for theme in m.delivery_themes.all():
            leads[theme.pk].append(name)
        for action in m.actions.all():
            contributors[action.pk].append(name)
    return [
        UpdateLine(
            action=a,
            update=updates.get(a.pk),
            responsible=sorted(
                set(leads.get(a.delivery_theme_id, []) + contributors.get(a.pk, []))
            ),
        )
        for a in actions
    ]


def editable_lines(*, period: ReportingPeriod, user: AbstractBaseUser) -> list[UpdateLine]:
    """The lines this user may edit ("Your updates")."""
    return [
        line
        for line in update_lines(period=period)
        if user.has_perm(Permission.EDIT_UPDATE, line.action)
    ]


def update_prefill(*, action: Action, period: ReportingPeriod) -> ActionUpdate | None:
    """The update a new one starts from: this period's if any, else the previous period's."""
    current = ActionUpdate.objects.filter(action=action, period=period).first()
    if current is not None:
        return current
    previous = period_previous(
        period=period, periods=periods_for_plan(plan=period.plan, snapshots=False)
    )
    if previous is None:
        return None
    return ActionUpdate.objects.filter(action=action, period=previous).first()


def _people(plan: Plan) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation=plan.organisation)
        .select_related("user")
        .prefetch_related("delivery_themes", "actions")
    )


def _responsible(memberships: list[Membership], action: Action) -> list[AbstractBaseUser]:
    """The action's theme leads and named contributors."""
    return [
        m.user
        for m in memberships
        if (
            m.role == Membership.Role.THEME_LEAD
            and action.delivery_theme_id in {d.pk for d in m.delivery_themes.all()}
        )
        or (m.role == Membership.Role.CONTRIBUTOR and action in m.actions.all())
    ]


def _approvers(memberships: list[Membership]) -> list[AbstractBaseUser]:
    """Who is asked to approve: the programme managers, else (none) the administrators."""
    for roles in ({Membership.Role.PROGRAMME_MANAGER}, {Membership.Role.ADMINISTRATOR}):
        people = [m.user for m in memberships if m.role in roles]
        if people:
            return people
    return []


@dataclass
class ReminderList:
    """One person's outstanding actions: their own, and (for a programme manager) those nobody
    leads, kept apart."""

    own: list[Action] = field(default_factory=list)
    unled: list[Action] = field(default_factory=list)

    @property
    def actions(self) -> list[Action]:
        return self.own + self.unled


def reminder_recipients(*, period: ReportingPeriod) -> dict[AbstractBaseUser, ReminderList]:
    """Who to remind, and of which outstanding actions: theme leads and named contributors, of
    their own actions only.

    Outstanding actions nobody leads go once to each programme manager (to the administrators
    only when the organisation has no programme manager), as a separate list.
    """
    # An action that reports through another is updated with it (``workflow.in_step``): its
    # lead is reminded of that one.
    outstanding = [
        line.action
        for line in update_lines(period=period)
        if line.outstanding and line.action.reports_through_id is None
    ]
    memberships = _people(period.plan)
    approvers = _approvers(memberships)
    result: dict[AbstractBaseUser, ReminderList] = defaultdict(ReminderList)
    for action in outstanding:
        responsible = _responsible(memberships, action)
        for user in responsible:
            result[user].own.append(action)
        if not responsible:
            for user in approvers:
                result[user].unled.append(action)
    return dict(result)


def update_approvers(*, update: ActionUpdate) -> list[AbstractBaseUser]:
    """Who is told an update awaits approval: the plan's programme managers (else its
    administrators), as ``reminder_recipients`` chooses them."""
    return _approvers(_people(update.period.plan))


def update_people(*, update: ActionUpdate) -> list[AbstractBaseUser]:
    """Who is told an update was returned or approved: its author and the action's leads (theme
    leads and named contributors), each once."""
    people = [update.author] if update.author else []
    for user in _responsible(_people(update.period.plan), update.action):
        if user not in people:
            people.append(user)
    return people


def plans_managed(*, user: AbstractBaseUser) -> set[int]:
    """The ids of the plans with an open period whose periods the person may manage."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {
        period.plan_id
        for period in periods_open()
        if user.has_perm(Permission.MANAGE_PERIODS, period.plan)
    }


@dataclass
class PeriodWork:
    """One open period's work for one person ("Your work" on the home page)."""

    period: ReportingPeriod
    due: list[UpdateLine]  # the actions they report on, whatever the update's state
    returned: list[UpdateLine]  # of those, the ones returned to them
    awaiting: list[UpdateLine]  # for a programme manager: submitted, awaiting their decision


def work_for_person(*, user: AbstractBaseUser) -> list[PeriodWork]:
    """For each open period the person can see: the actions they lead or contribute to (or
    their organisation delivers) with their updates, those returned to them, and, when they may
    approve, the updates awaiting approval. Periods with nothing for them are left out."""
    if not getattr(user, "is_authenticated", False):
        return []
    work = []
    for period in periods_open():
        plan = period.plan
        if not user.has_perm(Permission.VIEW_DRAFTS, plan):
            continue
        lines = update_lines(period=period)
        due = [
            line
            for line in lines
            if leads_or_contributes_to(user, line.action) or delivers_action(user, line.action)
        ]
        awaiting = (
            [line for line in lines if line.submitted]
            if user.has_perm(Permission.REVIEW_UPDATES, plan)
            else []
        )
        returned = [
            line
            for line in due
            if line.update is not None and line.update.state == ActionUpdate.State.RETURNED
        ]
        if due or awaiting:
            work.append(PeriodWork(period=period, due=due, returned=returned, awaiting=awaiting))
    return work


def plan_people(*, plan: Plan) -> list[Membership]:
    """The organisation's members, by role then by the name they are shown by (full name)."""
    return sorted(
        Membership.objects.filter(organisation=plan.organisation).select_related("user"),
        key=lambda m: (m.role, full_name(m.user).casefold(), m.user.pk),
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One recorded change: who, when, what (with before and after where a value changed)."""

    at: object  # datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]  # (field label, before, after)


_ACTION_FIELDS = [
    "ref",
    "title",
    "text",
    "target",
    "success_measure",
    "impact",
    "theme_id",
    "delivery_theme_id",
    "reports_through_id",
]
_UPDATE_FIELDS = ["status", "state", "progress", "reason", "mitigation", "review_comment"]
_PUBLIC_UPDATE_FIELDS = ["status", "progress", "reason", "mitigation"]


FROM_PAPER = "the service, from the published paper"
BY_THE_SERVICE = "the service (a command or an import)"


def _who(record, names: dict[int, str], *, from_paper: bool = False) -> str:
    """Who made a recorded change, as it reads after "by": the person as the reader may see them
    (``names``, from ``access.people.people_shown``: by full name for the organisation's own
    people, by the name and role it publishes for anyone else; never by username). A change with
    no person behind it was made outside the pages: ``from_paper`` when it was recorded as a
    paper already presented printed it (``update_record_as_published``), else by a command or an
    import run on the server."""
    if record.history_user_id is None:
        return FROM_PAPER if from_paper else BY_THE_SERVICE
    return names.get(record.history_user_id, BY_THE_SERVICE)


def _changes(previous, record, names: list[str], model, labels=None) -> list[tuple[str, str, str]]:
    """Fields that differ between two consecutive historical records. None for a creation."""
    if previous is None:
        return []
    changes = []
    for name in names:
        before, after = getattr(previous, name), getattr(record, name)
        if before != after:
            field = model._meta.get_field(name.removesuffix("_id"))
            lookup = (labels or {}).get(name, {})
            changes.append(
                (
                    str(field.verbose_name).capitalize(),
                    _display(field, lookup.get(before, before)),
                    _display(field, lookup.get(after, after)),
                )
            )
    return changes


def _display(field, value) -> str:
    if value in (None, ""):
        return "(empty)"
    choices = dict(field.flatchoices) if field.choices and not field.is_relation else {}
    text = narrative_plain_text(str(choices.get(value, value)))
    return text if len(text) <= 160 else text[:157] + "..."


def action_timeline(
    *, action: Action, include_open: bool, reader: AbstractBaseUser | None = None
) -> list[TimelineEntry]:
    """Every recorded change to the action and its updates, newest first, in six queries (and
    the reader's memberships, once per request).

    ``include_open`` False is for readers outside the organisation: only the approved records of
    published periods, without review comments. People are shown as ``reader`` may see them
    (``access.people``): no reader is the public.
    """
    plan = action.plan
    labels = {
        "theme_id": dict(plan.themes.values_list("pk", "name")),
        "delivery_theme_id": dict(plan.delivery_themes.values_list("pk", "name")),
        "reports_through_id": {
            pk: f"Ref {ref}" for pk, ref in plan.actions.values_list("pk", "ref")
        },
    }
    entries: list[TimelineEntry] = []
    previous = None
    records = list(
        action.history.select_related("history_user").order_by("history_date", "history_id")
    )
    update_history = ActionUpdate.history.filter(action_id=action.pk).select_related(
        "history_user", "period"
    )
    fields = _UPDATE_FIELDS
    if not include_open:
        # Outside the organisation: only what was approved in published periods. Drafts,
        # returned versions and the manager's comments stay internal.
        update_history = update_history.filter(
            period__state=ReportingPeriod.State.PUBLISHED, state=ActionUpdate.State.APPROVED
        )
        fields = _PUBLIC_UPDATE_FIELDS
    update_records = list(update_history.order_by("history_date", "history_id"))
    names = people_shown(
        people=[r.history_user for r in records + update_records],
        organisation=plan.organisation,
        reader=reader,
    )
    for record in records:
        changes = _changes(previous, record, _ACTION_FIELDS, Action, labels)
        if record.history_type == "+":
            what = "Action created"
        elif record.history_type == "-":
            what = "Action deleted"
        else:
            what = "Action changed"
        if changes or record.history_type != "~":
            entries.append(TimelineEntry(record.history_date, _who(record, names), what, changes))
        previous = record

    last: dict[int, object] = {}
    for record in update_records:
        before = last.get(record.id)
        changes = _changes(before, record, fields, ActionUpdate)
        period = record.period.name if record.period else "a deleted period"
        state_change = before is None or before.state != record.state
        if record.history_type == "+":
            what = f"{period} update created"
        elif state_change:
            what = f"{period} update {record.get_state_display().lower()}"
        else:
            what = f"{period} update changed"
        if changes or state_change or record.history_type != "~":
            # Created already approved: recorded as a presented paper printed it.
            from_paper = record.history_type == "+" and record.state == ActionUpdate.State.APPROVED
            who = _who(record, names, from_paper=from_paper)
            entries.append(TimelineEntry(record.history_date, who, what, changes))
        last[record.id] = record
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def periods_open(*, plan: Plan | None = None, name: str | None = None) -> list[ReportingPeriod]:
    """Open periods, of one plan or of every plan, optionally only the one called ``name``
    ("2022-23-Q4"). With a plan, a named period it lacks is NotFound (even if published: a
    published period is then refused by the service that is asked to change it)."""
    if plan is not None and name:
        return [period_get(plan=plan, name=name)]
    periods = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN)
    if plan is not None:
        periods = periods.filter(plan=plan)
    if name:
        try:
            quarter = parse_quarter(name)
        except ValidationError as exc:
            raise NotFound(" ".join(exc.messages), code="malformed_period") from exc
        periods = periods.filter(year=quarter.year, quarter=quarter.quarter)
    return list(periods.select_related("plan").order_by("plan__slug", "year", "quarter"))


def update_state_counts(lines: list[UpdateLine]) -> dict[str, int]:
    """How many of the lines are not started, draft, submitted, returned, approved."""
    return {
        "Not started": sum(1 for line in lines if line.update is None),
        **{
            label: sum(1 for line in lines if line.update and line.update.state == value)
            for value, label in ActionUpdate.State.choices
        },
    }


def update_find(*, action: Action, period: ReportingPeriod) -> ActionUpdate | None:
    """The action's update in the period, if it has one."""
    return ActionUpdate.objects.filter(action=action, period=period).first()


def update_get(*, action: Action, period: ReportingPeriod) -> ActionUpdate:
    """The action's update in the period; NotFound if it has none."""
    update = update_find(action=action, period=period)
    if update is None:
        raise NotFound(f"Ref {action.ref} has no {period.name} update.", code="no_update")
    return update


def period_events(*, period: ReportingPeriod) -> list[PeriodEvent]:
    """What happened to the period (opened, published, reopened, ...), oldest first."""
    return list(period.events.select_related("user"))


@dataclass(frozen=True)
class PendingUpdate:
    """An update that holds a period's publication up: started but not approved."""

    update: ActionUpdate

    @property
    def action(self) -> Action:
        return self.update.action

    @property
    def submitted(self) -> bool:
        """Waiting for the programme manager (the review page deals with it); otherwise it is
        with its lead (the update page deals with it)."""
        return self.update.state == ActionUpdate.State.SUBMITTED

    @property
    def label(self) -> str:
        """ "Ref 16 Install solar panels" (just "Ref 16" when it has no title: the refusal
        message lists up to twenty of them)."""
        title = self.action.title
        return f"Ref {self.action.ref} {title}" if title else f"Ref {self.action.ref}"

    @property
    def where(self) -> str:
        """Where the update stands, in words: who has it."""
        update = self.update
        if update.state == ActionUpdate.State.SUBMITTED:
            who = full_name(update.submitted_by or update.author, nobody="its lead")
            return f"submitted by {who}, waiting for approval"
        author = full_name(update.author, nobody="its lead")
        if update.state == ActionUpdate.State.RETURNED:
            return f"returned to {author} for changes"
        return f"draft, not yet submitted by {author}"


def publication_pending(*, period: ReportingPeriod) -> list[PendingUpdate]:
    """The updates that hold ``period``'s publication up, in natural ref order: every update
    started but not approved (draft, submitted or returned), except those of actions that left
    the counts as of the period (retired, merged or superseded). Actions with no update do not
    hold it up: they are published as Not reported, and neither does the update of an action
    reporting through another with no words of its own, which is approved with that one
    (``workflow.in_step``). Three queries."""
    leaving = [
        action_id
        for action_id, change in states_as_of(
            state_changes_for_plan(plan=period.plan), period
        ).items()
        if change.leaves_counts
    ]
    return [
        PendingUpdate(update)
        for update in ActionUpdate.objects.filter(period=period)
        .exclude(state=ActionUpdate.State.APPROVED)
        .exclude(action_id__in=leaving)
        .exclude(follows_in_step())
        .select_related("action", "author", "submitted_by")
        .order_by("action__ref_sort", "action_id")
    ]


def previous_update(
    *, action: Action, period: ReportingPeriod
) -> tuple[ReportingPeriod | None, ActionUpdate | None]:
    """The quarter before ``period`` and the action's update in it (None where there is none):
    what the review page shows beside this quarter's update."""
    previous = period_previous(
        period=period, periods=periods_for_plan(plan=period.plan, snapshots=False)
    )
    if previous is None:
        return None, None
    return previous, ActionUpdate.objects.filter(action=action, period=previous).first()


def return_lines(*, period: ReportingPeriod, person: AbstractBaseUser) -> list[UpdateLine]:
    """The actions on ``person``'s quarterly return (``workflow.returns``): those their work
    list shows (``work_for_person``: they lead or contribute to them, or their organisation
    delivers them), in natural ref order, except actions that report through another, whose
    status is that one's (``workflow.in_step``) and which are updated on their own page."""
    return [
        line
        for line in update_lines(period=period)
        if line.action.reports_through_id is None
        and (leads_or_contributes_to(person, line.action) or delivers_action(person, line.action))
    ]


def return_people(*, period: ReportingPeriod) -> list[tuple[AbstractBaseUser, int]]:
    """The organisation's theme leads and contributors with a return this quarter, by full name,
    each with how many actions it has (for the Manage page's downloads). Two queries, whatever
    the number of people: the actions, and the memberships with their themes and actions (read
    as ``access.rules.leads_or_contributes_to`` reads them)."""
    plan = period.plan
    actions = list(
        Action.objects.filter(plan=plan, reports_through__isnull=True).values_list(
            "pk", "delivery_theme_id"
        )
    )
    people = []
    for m in (
        Membership.objects.filter(
            organisation=plan.organisation,
            role__in=[Membership.Role.THEME_LEAD, Membership.Role.CONTRIBUTOR],
        )
        .select_related("user")
        .prefetch_related("delivery_themes", "actions")
    ):
        if m.role == Membership.Role.THEME_LEAD:
            themes = {d.pk for d in m.delivery_themes.all()}
            count = sum(1 for _pk, theme in actions if theme in themes)
        else:
            named = {a.pk for a in m.actions.all()}
            count = sum(1 for pk, _theme in actions if pk in named)
        if count:
            people.append((m.user, count))
    return sorted(people, key=lambda p: (full_name(p[0]).casefold(), p[0].pk))


def return_person_get(*, period: ReportingPeriod, pk: int) -> AbstractBaseUser:
    """The person whose return is asked for by id; NotFound unless they have one this quarter
    (so an id tells nothing about anyone else)."""
    person = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if person is None or not return_lines(period=period, person=person):
        raise NotFound(f"Nobody with that id reports on {period.plan.name}.", code="no_return")
    return person


def return_may_upload(*, period: ReportingPeriod, user: AbstractBaseUser) -> bool:
    """Whether the person may upload a return: the programme manager (any lead's), or someone
    with a return of their own this quarter."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_perm(Permission.MANAGE_PERIODS, period.plan):
        return True
    return bool(return_lines(period=period, person=user))
