"""Writes for reporting periods and action updates. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from netzero.plans.models import Action, Plan
from netzero.plans.selectors import action_get
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.selectors import period_get
from netzero.reporting.status import Status, status_from_text
from netzero.workflow.models import PeriodEvent


@transaction.atomic
def period_create(*, plan: Plan, name: str, notes: str = "") -> ReportingPeriod:
    quarter = parse_quarter(name)
    if ReportingPeriod.objects.filter(
        plan=plan, year=quarter.year, quarter=quarter.quarter
    ).exists():
        raise ValidationError(
            f"{plan.name} already has the period {quarter.name}.", code="duplicate_period"
        )
    period = ReportingPeriod(plan=plan, year=quarter.year, quarter=quarter.quarter, notes=notes)
    period.full_clean()
    period.save()
    return period


_LOCKED_STATES = (ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED)


@transaction.atomic
def action_update_save(
    *,
    action: Action,
    period: ReportingPeriod,
    status: Status | str,
    progress: str = "",
    reason: str = "",
    mitigation: str = "",
    note: str = "",
    author: AbstractBaseUser | None = None,
    user: AbstractBaseUser | None = None,
    change_reason: str = "",
) -> ActionUpdate:
    """Create or replace the update of ``action`` in ``period``.

    ``user`` is who makes the change, kept in the history (None: a loader, or an operator
    without an account, who then says who they are in ``change_reason``). A published period's
    updates are always refused: reopen it first. A submitted or approved update is in the
    workflow's hands: it changes here only with a ``change_reason``, which is kept in its
    history and recorded as the period's "Changed by an operator" event, with ``user``.
    """
    if action.plan_id != period.plan_id:
        raise ValidationError(
            f"Ref {action.ref} belongs to another plan than the period {period.name}.",
            code="plan_mismatch",
        )
    resolved = status if isinstance(status, Status) else status_from_text(status)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_published:
        raise ValidationError(
            f"{period.name} is published: its updates no longer change. Reopen it first (a "
            "programme manager can, from its Manage page, giving a reason).",
            code="period_published",
        )
    change_reason = change_reason.strip()
    update = ActionUpdate.objects.filter(action=action, period=period).first()
    locked = update is not None and update.state in _LOCKED_STATES
    if locked and not change_reason:
        raise ValidationError(
            f"Ref {action.ref}'s {period.name} update is {update.get_state_display().lower()}: "
            "it changes through the workflow (the programme manager returns it to its author), "
            "or with a reason for the change, which is recorded.",
            code="locked",
        )
    if update is None:
        update = ActionUpdate(action=action, period=period)
    else:
        update.version += 1  # an edit form opened before this save will see a conflict
    update.status = resolved
    update.progress = progress
    update.reason = reason
    update.mitigation = mitigation
    update.note = note
    update.author = author if author is not None and author.is_authenticated else None
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
    return update


@transaction.atomic
def action_update_record(
    *,
    plan: Plan,
    ref: str,
    period_name: str,
    status: str,
    progress: str | None = None,
    reason: str | None = None,
    mitigation: str | None = None,
    author: AbstractBaseUser | None = None,
    user: AbstractBaseUser | None = None,
    change_reason: str = "",
) -> ActionUpdate:
    """Record an update by the names people use: a ref and a period name.

    Fields left as None keep what the period's update already says, so recording a new status
    does not wipe the narrative. ``user``, when given, is recorded as the change's author and in
    its history; ``change_reason`` is needed for a submitted or approved update (see
    ``action_update_save``).
    """
    period = period_get(plan=plan, name=period_name)
    action = action_get(plan=plan, ref=ref)
    existing = ActionUpdate.objects.filter(action=action, period=period).first()

    def kept(value: str | None, field: str) -> str:
        if value is not None:
            return value
        return getattr(existing, field) if existing else ""

    if author is None:
        author = user if user is not None else (existing.author if existing else None)
    return action_update_save(
        action=action,
        period=period,
        status=status,
        progress=kept(progress, "progress"),
        reason=kept(reason, "reason"),
        mitigation=kept(mitigation, "mitigation"),
        note=kept(None, "note"),
        author=author,
        user=user,
        change_reason=change_reason,
    )
