"""The quarterly cycle: open a period, draft and submit updates, approve or return them,
publish (freezing the dashboard), reopen with a reason, remind who has not reported.

Every function checks the acting user's permission (``netzero.access.rules``) itself, so pages,
commands and any later API enforce the same rules. Each write runs in one transaction, opened
inside the function (``with transaction.atomic()``) rather than by a decorator, so that mutation
testing (``make mutation``; mutmut leaves decorated functions alone) reaches every rule here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from netzero.core.exceptions import Conflict, Refused
from netzero.core.narrative import narrative_plain_text
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.snapshot import basis_to_snapshot
from netzero.plans.models import Action, Plan
from netzero.plans.selectors import action_get
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.selectors import period_get
from netzero.reporting.services import period_create
from netzero.reporting.signals import period_published
from netzero.reporting.status import STATUS_INFO, Status, status_from_text
from netzero.workflow import notifications
from netzero.workflow.guards import lifecycle_change
from netzero.workflow.in_step import reporters_keep_in_step, status_for
from netzero.workflow.models import PeriodEvent
from netzero.workflow.selectors import publication_pending, reminder_recipients


class UpdateConflict(Conflict):
    """Someone else saved the update after this person opened it; ``current`` is it now."""

    def __init__(self, message: str, current: ActionUpdate):
        super().__init__(message, current=current)


def _require(user: AbstractBaseUser | None, perm: str, obj: object) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(f"You do not have permission to do this ({perm}).")


# The longest texts an update accepts (characters of text, markup not counted). The paper's
# longest progress summary is 1,362 characters, its longest reason 286 and mitigation 326: these
# leave about three and four times that.
PROGRESS_MAX = 4000
REASON_MAX = 1500
MITIGATION_MAX = 1500


def _require_lengths(*, progress: str, reason: str, mitigation: str) -> None:
    """No text longer than its maximum, in a draft as in a submission."""
    errors = {}
    for name, label, text, most in (
        ("progress", "The summary of progress", narrative_plain_text(progress), PROGRESS_MAX),
        ("reason", "The reason", reason.strip(), REASON_MAX),
        ("mitigation", "The mitigation", mitigation.strip(), MITIGATION_MAX),
    ):
        if len(text) > most:
            errors[name] = f"{label} must be {most:,} characters or fewer (it is {len(text):,})."
    if errors:
        raise Refused(errors, code="too_long")


def _reason_errors(*, status: Status, reason: str, mitigation: str) -> dict[str, str]:
    """A Review or Action status says why; an Action status says what is being done."""
    errors = {}
    if status in {Status.REVIEW, Status.ACTION} and not reason.strip():
        errors["reason"] = "Give the reason for a Review or Action status."
    if status == Status.ACTION and not mitigation.strip():
        errors["mitigation"] = "Say what is being done about an Action status."
    return errors


def _require_reasons(*, status: Status, reason: str, mitigation: str) -> None:
    errors = _reason_errors(status=status, reason=reason, mitigation=mitigation)
    if errors:
        raise Refused(errors, code="reason_required")


def _require_complete(
    *, status: Status, progress: str, reason: str, mitigation: str, reports_through: bool = False
) -> None:
    """What a submitted (or approved) update must say: a status, the progress, and the reasons
    its status needs. A draft needs none of it. An action that reports through another
    (``reports_through``) has that one's status and reasons (``workflow.in_step``): it says only
    its progress."""
    errors = {}
    if not reports_through and not STATUS_INFO[status].reported:
        errors["status"] = "Choose the action's status: Good, Review or Action."
    if not narrative_plain_text(progress):
        errors["progress"] = "Give a summary of progress."
    if not reports_through:
        errors |= _reason_errors(status=status, reason=reason, mitigation=mitigation)
    if errors:
        raise Refused(errors, code="incomplete")


def _require_open(period: ReportingPeriod) -> None:
    if not period.is_open:
        raise Refused(
            f"{period.name} is published: it no longer changes. A programme manager can reopen "
            "it, giving a reason.",
            code="period_published",
        )


def period_open(
    *, plan: Plan, name: str, user: AbstractBaseUser, notes: str = ""
) -> ReportingPeriod:
    with transaction.atomic():
        _require(user, Permission.MANAGE_PERIODS, plan)
        period = period_create(plan=plan, name=name, notes=notes)
        PeriodEvent.objects.create(period=period, kind=PeriodEvent.Kind.OPENED, user=user)
        return period


def period_publish(
    *,
    period: ReportingPeriod,
    user: AbstractBaseUser,
    presented_to: str | None = None,
    presented_on: date | None = None,
) -> ReportingPeriod:
    """Freeze the period: its dashboard keeps these figures whatever changes later.

    ``presented_to`` and ``presented_on``, when given, record the meeting it goes to (as
    ``period_presented_record``), in the same transaction."""
    with transaction.atomic():
        period = (
            ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)
        )
        _require(user, Permission.MANAGE_PERIODS, period.plan)
        _require_open(period)
        earlier_open = [
            p.name
            for p in ReportingPeriod.objects.filter(
                plan=period.plan, state=ReportingPeriod.State.OPEN
            )
            if (p.year, p.quarter) < (period.year, period.quarter)
        ]
        if earlier_open:
            raise Refused(
                f"Publish {', '.join(earlier_open)} first: this quarter's changes are measured "
                "against the quarter before it, which must be final.",
                code="earlier_period_open",
            )
        # Actions retired, merged or superseded as of this period are not counted in it, so
        # their updates (if any) are not waited for; nor are actions with no update (Not
        # reported). A draft or returned update holds publication up: its lead has started it,
        # and publishing would silently drop their words as Not reported.
        pending = publication_pending(period=period)
        if pending:
            named = "; ".join(f"{p.label} ({p.where})" for p in pending[:20])
            more = " and more" if len(pending) > 20 else ""
            raise Refused(
                f"{len(pending)} update(s) are not approved yet: {named}{more}. Approve the "
                "submitted ones, or have their leads submit them, before publishing; actions "
                "with no update are published as Not reported.",
                code="updates_pending",
            )
        if presented_to is not None or presented_on is not None:
            _presented_set(
                period,
                user,
                presented_to=period.presented_to if presented_to is None else presented_to,
                presented_on=presented_on,
            )
        return period_freeze(period=period, user=user)


def period_freeze(*, period: ReportingPeriod, user: AbstractBaseUser | None) -> ReportingPeriod:
    """Publish without the checks: store the dashboard's basis and mark the period published.

    For ``period_publish`` and for loaders of already-published history (the demo's 2022-23 Q2
    and Q3, which were presented to committee); pages and commands use ``period_publish``.
    """
    snapshot = basis_to_snapshot(
        dashboard_for_period(plan=period.plan, period=period, live=True).basis
    )
    period.state = ReportingPeriod.State.PUBLISHED
    period.published_at = timezone.now()
    period.published_by = user
    period.snapshot = snapshot
    period._history_user = user
    with lifecycle_change():
        period.save()
    PeriodEvent.objects.create(
        period=period, kind=PeriodEvent.Kind.PUBLISHED, user=user, snapshot=snapshot
    )
    period_published.send(sender=ReportingPeriod, period=period)
    return period


def period_reopen(
    *, period: ReportingPeriod, user: AbstractBaseUser, reason: str
) -> ReportingPeriod:
    with transaction.atomic():
        period = (
            ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)
        )
        _require(user, Permission.MANAGE_PERIODS, period.plan)
        if not period.is_published:
            raise Refused(f"{period.name} is already open.", code="not_published")
        later = [
            p.name
            for p in sorted(
                ReportingPeriod.objects.filter(
                    plan=period.plan, state=ReportingPeriod.State.PUBLISHED
                ),
                key=lambda p: (p.year, p.quarter),
                reverse=True,
            )
            if (p.year, p.quarter) > (period.year, period.quarter)
        ]
        if later:
            raise Refused(
                f"Reopen {', '.join(later)} first (the latest first): a published quarter's "
                f"changes were measured against the quarter before it, so {period.name} must "
                "stay as it was published.",
                code="later_period_published",
            )
        if not reason.strip():
            raise Refused(
                {"reason": "Give the reason for reopening a published period."}, code="required"
            )
        period.state = ReportingPeriod.State.OPEN
        period._history_user = user
        with lifecycle_change():
            period.save()
        PeriodEvent.objects.create(
            period=period, kind=PeriodEvent.Kind.REOPENED, user=user, reason=reason.strip()
        )
        return period


def _presented_set(
    period: ReportingPeriod,
    user: AbstractBaseUser,
    *,
    presented_to: str,
    presented_on: date | None,
) -> None:
    presented_to = " ".join((presented_to or "").split())
    if (period.presented_to, period.presented_on) == (presented_to, presented_on):
        return
    period.presented_to = presented_to
    period.presented_on = presented_on
    period._history_user = user
    period.full_clean()
    period.save(update_fields=["presented_to", "presented_on"])
    if presented_to or presented_on:
        what = f"Presented to {presented_to or 'a meeting not named'}"
        what += f" on {presented_on:%-d %B %Y}" if presented_on else " (date not recorded)"
    else:
        what = "The meeting's record was cleared"
    PeriodEvent.objects.create(
        period=period, kind=PeriodEvent.Kind.PRESENTED, user=user, reason=what
    )


def period_presented_record(
    *,
    period: ReportingPeriod,
    user: AbstractBaseUser,
    presented_to: str,
    presented_on: date | None,
) -> ReportingPeriod:
    """Record (or correct) the meeting ``period``'s dashboard was presented to: its committee
    or board and the date. A fact about the meeting, not a figure, so it may be recorded after
    publication too; each change is kept in the period's history and as a period event."""
    with transaction.atomic():
        period = (
            ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)
        )
        _require(user, Permission.MANAGE_PERIODS, period.plan)
        _presented_set(period, user, presented_to=presented_to, presented_on=presented_on)
        return period


def update_save(
    *,
    action: Action,
    period: ReportingPeriod,
    user: AbstractBaseUser,
    status: str,
    progress: str,
    reason: str,
    mitigation: str,
    expected_version: int,
    submit: bool = False,
    note: str = "",
    site_url: str | None = None,
) -> ActionUpdate:
    """Save a draft of (or submit) ``action``'s update in ``period``.

    A draft keeps whatever was typed: the status may be left blank (kept as Not reported) and
    the reasons and progress may wait; only the lengths are checked. Submitting checks everything
    (``_require_complete``): a status, a summary of progress, and a reason for Review or Action
    and a mitigation for Action.

    ``expected_version`` is the version the person started from (0: there was no update). If
    someone saved in between, UpdateConflict is raised and nothing is written. ``note``: where
    the update came from, when not from the person's own words (the demo's carried-forward
    updates).

    Submitting emails who may approve it, once the save commits; the returned update's
    ``notified`` lists them by name. ``site_url``: the address the email's link starts from (the
    page's site; None: ``NETZERO_SITE_URL``).
    """
    with transaction.atomic():
        _require(user, Permission.EDIT_UPDATE, action)
        if action.plan_id != period.plan_id:
            raise Refused("The action and the period belong to different plans.")
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        _require_open(period)
        resolved = status_for(action=action, period=period) or (
            status_from_text(status) if status.strip() else Status.NOT_REPORTED
        )
        _require_lengths(progress=progress, reason=reason, mitigation=mitigation)
        if submit:
            _require_complete(
                status=resolved,
                progress=progress,
                reason=reason,
                mitigation=mitigation,
                reports_through=action.reports_through_id is not None,
            )
        update = ActionUpdate.objects.filter(action=action, period=period).first()
        manager = user.has_perm(Permission.REVIEW_UPDATES, period.plan)
        if update is None:
            if expected_version != 0:
                raise Conflict("The update you started from no longer exists.")
            update = ActionUpdate(action=action, period=period, version=1)
        else:
            if (
                update.state in {ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED}
                and not manager
            ):
                raise Refused(
                    f"This update is {update.get_state_display().lower()}; the programme manager "
                    "must return it before it can be changed.",
                    code="locked",
                )
            claimed = ActionUpdate.objects.filter(pk=update.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if claimed == 0:
                update.refresh_from_db()
                who = full_name(update.author, nobody="someone")
                when = f"{timezone.localtime(update.updated_at):%H:%M on %d %B %Y}"
                raise UpdateConflict(
                    f"{who} saved this update at {when} after you opened it. Your text is below "
                    "and has not been saved: compare it with theirs, then save again.",
                    update,
                )
            update.version = expected_version + 1
        update.status = resolved
        update.progress = progress
        update.reason = reason
        update.mitigation = mitigation
        update.note = note
        update.author = user
        if submit:
            update.state = ActionUpdate.State.SUBMITTED
            update.submitted_at = timezone.now()
            update.submitted_by = user
        elif (
            update.state in {ActionUpdate.State.RETURNED, ActionUpdate.State.DRAFT}
            or update.pk is None
        ):
            update.state = ActionUpdate.State.DRAFT
        update._history_user = user
        update.full_clean()
        try:
            with transaction.atomic():
                update.save()
        except IntegrityError as exc:  # someone created this period's update at the same moment
            current = ActionUpdate.objects.get(action=action, period=period)
            raise UpdateConflict(
                "Someone else started this update at the same moment. Your text is below and has "
                "not been saved: compare it with theirs, then save again.",
                current,
            ) from exc
        reporters_keep_in_step(update=update, user=user)
        update.notified = (
            notifications.update_submitted(update=update, user=user, site_url=site_url)
            if submit
            else []
        )
        return update


_LOCKED_STATES = (ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED)


def update_record(
    *,
    plan: Plan,
    ref: str,
    period_name: str,
    status: str,
    progress: str | None = None,
    reason: str | None = None,
    mitigation: str | None = None,
    user: AbstractBaseUser | None = None,
    change_reason: str = "",
) -> ActionUpdate:
    """An operator records an update by the names people use: a ref and a period name
    (``netzero update``).

    The workflow's rules hold as on the pages: a published period's updates never change
    (reopen it first); a Review or Action status gives its reason (and an Action its
    mitigation); a submitted or approved update is in the programme manager's hands, so it
    changes here only with a ``change_reason``, kept in its history and recorded as the period's
    "Changed by an operator" event, with ``user``. Its state is left as it was. Fields left as
    None keep what the update already says, so recording a new status does not wipe the
    narrative. ``user`` (None: an operator without an account, who says who they are in
    ``change_reason``) is recorded as the author of a new or draft update and in the history.
    """
    with transaction.atomic():
        period = period_get(plan=plan, name=period_name)
        action = action_get(plan=plan, ref=ref)
        if user is not None:  # recorded as the author: someone who may update this action
            _require(user, Permission.EDIT_UPDATE, action)
        resolved = status_from_text(status)
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if period.is_published:
            raise Refused(
                f"{period.name} is published: its updates no longer change. Reopen it first (a "
                "programme manager can, from its Manage page, giving a reason).",
                code="period_published",
            )
        update = ActionUpdate.objects.filter(action=action, period=period).first()

        def kept(value: str | None, field: str) -> str:
            if value is not None:
                return value
            return getattr(update, field) if update else ""

        progress, reason, mitigation = (
            kept(progress, "progress"),
            kept(reason, "reason"),
            kept(mitigation, "mitigation"),
        )
        change_reason = change_reason.strip()
        locked = update is not None and update.state in _LOCKED_STATES
        if locked and not change_reason:
            raise Refused(
                f"Ref {action.ref}'s {period.name} update is {update.get_state_display().lower()}: "
                "it changes through the workflow (the programme manager returns it to its author), "
                "or with a reason for the change, which is recorded.",
                code="locked",
            )
        resolved = status_for(action=action, period=period) or resolved
        if action.reports_through_id is None:
            _require_reasons(status=resolved, reason=reason, mitigation=mitigation)
        _require_lengths(progress=progress, reason=reason, mitigation=mitigation)
        if update is None:
            update = ActionUpdate(action=action, period=period)
        else:
            update.version += 1  # an edit form opened before this save will see a conflict
        update.status = resolved
        update.progress = progress
        update.reason = reason
        update.mitigation = mitigation
        if user is not None or update.author_id is None:
            update.author = user
        update._history_user = user
        if change_reason:
            update._change_reason = change_reason
        update.full_clean()
        update.save()
        if locked:
            PeriodEvent.objects.create(
                period=period,
                kind=PeriodEvent.Kind.CHANGED_BY_OPERATOR,
                user=user,
                reason=f"Ref {action.ref}'s {update.get_state_display().lower()} update: "
                f"{change_reason}",
            )
        reporters_keep_in_step(update=update, user=user)
        return update


def update_record_as_published(
    *,
    action: Action,
    period: ReportingPeriod,
    status: Status | str,
    progress: str = "",
    reason: str = "",
    mitigation: str = "",
    note: str = "",
) -> ActionUpdate:
    """Record an update exactly as a paper already presented to committee printed it, approved
    (the demo's 2022-23 Q2 and Q3, before ``period_freeze``). The paper's gaps stay gaps: a
    status it printed without a reason is kept so, and ``note`` says where the update came from.
    Refused once the period is published, and for an update already recorded."""
    with transaction.atomic():
        if action.plan_id != period.plan_id:
            raise Refused(
                f"Ref {action.ref} belongs to another plan than the period {period.name}.",
                code="plan_mismatch",
            )
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        _require_open(period)
        if ActionUpdate.objects.filter(action=action, period=period).exists():
            raise Refused(
                f"Ref {action.ref} already has a {period.name} update.", code="duplicate_update"
            )
        update = ActionUpdate(
            action=action,
            period=period,
            status=status_from_text(status),  # a Status is also its own text
            progress=progress,
            reason=reason,
            mitigation=mitigation,
            note=note,
            state=ActionUpdate.State.APPROVED,
        )
        update.full_clean()
        update.save()
        return update


def _review(
    update: ActionUpdate, user: AbstractBaseUser, expected_version: int | None
) -> ActionUpdate:
    update = (
        ActionUpdate.objects.select_for_update()
        .select_related("period__plan", "action")
        .get(pk=update.pk)
    )
    _require(user, Permission.REVIEW_UPDATES, update.period.plan)
    _require_open(update.period)
    if expected_version is not None and update.version != expected_version:
        raise UpdateConflict(
            f"Ref {update.action.ref}'s update changed after you opened it (it is now "
            f"{update.get_state_display().lower()}). Read it again before deciding.",
            update,
        )
    # A submitted update waits for a decision; an approved one may still be returned before
    # publication (the manager changed their mind). A draft or returned one is with its lead.
    if update.state not in {ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED}:
        raise Refused(
            f"Ref {update.action.ref}'s update is {update.get_state_display().lower()}, not "
            "submitted.",
            code="not_submitted",
        )
    update.reviewed_at = timezone.now()
    update.reviewed_by = user
    update.version += 1
    update._history_user = user
    return update


def update_approve(
    *,
    update: ActionUpdate,
    user: AbstractBaseUser,
    expected_version: int | None = None,
    site_url: str | None = None,
) -> ActionUpdate:
    """Approve a submitted update. ``expected_version``: the version the manager read.

    An update is approved only when it says everything a submission must (an update submitted
    before that rule, or changed by an operator, may not): otherwise return it."""
    with transaction.atomic():
        update = _review(update, user, expected_version)
        if update.state == ActionUpdate.State.APPROVED:
            raise Refused(
                f"Ref {update.action.ref}'s update is already approved.", code="already_approved"
            )
        try:
            _require_complete(
                status=Status(update.status),
                progress=update.progress,
                reason=update.reason,
                mitigation=update.mitigation,
                reports_through=update.action.reports_through_id is not None,
            )
        except Refused as exc:
            raise Refused(
                f"Ref {update.action.ref}'s update cannot be approved as it is: "
                + " ".join(exc.messages)
                + " Return it to its lead to complete.",
                code="incomplete",
            ) from exc
        update.state = ActionUpdate.State.APPROVED
        update.review_comment = ""
        update.save()
        reporters_keep_in_step(update=update, user=user)
        update.notified = notifications.update_decided(update=update, user=user, site_url=site_url)
        return update


def update_return(
    *,
    update: ActionUpdate,
    user: AbstractBaseUser,
    comment: str,
    expected_version: int | None = None,
    site_url: str | None = None,
) -> ActionUpdate:
    """Return a submitted update to its lead with what needs to change. Emails its author and
    the action's leads once it commits (``notified``: who, by name)."""
    with transaction.atomic():
        if not comment.strip():
            raise Refused(
                {"comment": "Say what needs to change before returning the update."},
                code="required",
            )
        update = _review(update, user, expected_version)
        update.state = ActionUpdate.State.RETURNED
        update.review_comment = comment.strip()
        update.save()
        reporters_keep_in_step(update=update, user=user)
        update.notified = notifications.update_decided(update=update, user=user, site_url=site_url)
        return update


@dataclass(frozen=True)
class Reminder:
    username: str
    email: str
    refs: list[str]


def reminders_send(
    *, period: ReportingPeriod, user: AbstractBaseUser | None = None, site_url: str | None = None
) -> list[Reminder]:
    """Email everyone with outstanding updates in an open period, one email each listing only
    the actions they report on (a programme manager also gets, apart, those nobody leads).
    ``user`` None: the scheduler. ``site_url``: where the links point (None:
    ``NETZERO_SITE_URL``)."""
    with transaction.atomic():
        if user is not None:
            _require(user, Permission.MANAGE_PERIODS, period.plan)
        _require_open(period)
        sent = []
        emails = []
        for person, actions in sorted(
            reminder_recipients(period=period).items(), key=lambda i: i[0].pk
        ):
            refs = [a.ref for a in actions.actions]
            sent.append(Reminder(person.get_username(), person.email or "", refs))
            if person.email:
                emails.append(
                    notifications.reminder(
                        period=period, person=person, actions=actions, site_url=site_url
                    )
                )
        notifications.send_reminders(emails)
        PeriodEvent.objects.create(
            period=period,
            kind=PeriodEvent.Kind.REMINDED,
            user=user,
            reason=f"{sum(1 for r in sent if r.email)} reminder(s) emailed.",
        )
        return sent
