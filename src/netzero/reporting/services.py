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
) -> ActionUpdate:
    """Create or replace the update of ``action`` in ``period``."""
    if action.plan_id != period.plan_id:
        raise ValidationError(
            f"Ref {action.ref} belongs to another plan than the period {period.name}.",
            code="plan_mismatch",
        )
    resolved = status if isinstance(status, Status) else status_from_text(status)
    update = ActionUpdate.objects.filter(action=action, period=period).first()
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
    update.full_clean()
    update.save()
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
) -> ActionUpdate:
    """Record an update by the names people use: a ref and a period name.

    Fields left as None keep what the period's update already says, so recording a new status
    does not wipe the narrative.
    """
    period = period_get(plan=plan, name=period_name)
    action = action_get(plan=plan, ref=ref)
    existing = ActionUpdate.objects.filter(action=action, period=period).first()

    def kept(value: str | None, field: str) -> str:
        if value is not None:
            return value
        return getattr(existing, field) if existing else ""

    return action_update_save(
        action=action,
        period=period,
        status=status,
        progress=kept(progress, "progress"),
        reason=kept(reason, "reason"),
        mitigation=kept(mitigation, "mitigation"),
        note=kept(None, "note"),
        author=author if author is not None else (existing.author if existing else None),
    )
