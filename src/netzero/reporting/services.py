"""Writes for reporting periods. Keyword-only, validated, atomic.

An action's update is written only by the workflow (``netzero.workflow.services``): pages,
``netzero update`` and loaders alike."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from netzero.core.exceptions import Refused
from netzero.core.permissions import Permission
from netzero.plans.models import Action, Plan
from netzero.reporting.lifecycle import state_as_of
from netzero.reporting.models import ActionStateChange, PlanNote, ReportingPeriod
from netzero.reporting.periods import parse_quarter


@transaction.atomic
def period_create(*, plan: Plan, name: str, notes: str = "") -> ReportingPeriod:
    quarter = parse_quarter(name)
    if ReportingPeriod.objects.filter(
        plan=plan, year=quarter.year, quarter=quarter.quarter
    ).exists():
        raise Refused(
            f"{plan.name} already has the period {quarter.name}.", code="duplicate_period"
        )
    period = ReportingPeriod(plan=plan, year=quarter.year, quarter=quarter.quarter, notes=notes)
    period.full_clean()
    period.save()
    return period


# --- An action's lifecycle: completed, retired, merged, superseded -------------------------
#
# The transaction is opened inside each function, not by a decorator, so that mutation testing
# (mutmut leaves decorated functions alone) reaches every rule.


def _require_manager(user: AbstractBaseUser | None, plan: Plan) -> None:
    if user is None or not user.has_perm(Permission.MANAGE_PLAN, plan):
        raise PermissionDenied(f"You do not have permission to do this ({Permission.MANAGE_PLAN}).")


def _validated(record, **kwargs) -> None:
    """``full_clean``, its errors raised as a refusal (field by field)."""
    try:
        record.full_clean(**kwargs)
    except ValidationError as exc:
        raise Refused(exc.message_dict, code="invalid") from exc


def _refuse_frozen(period: ReportingPeriod, what: str) -> None:
    """A change from ``period`` holds in it and every later period: none of them may be
    published, since published figures are frozen (``netzero.workflow.guards``)."""
    periods = list(
        ReportingPeriod.objects.filter(plan_id=period.plan_id).order_by("year", "quarter")
    )
    key = (period.year, period.quarter)
    published = [p for p in periods if (p.year, p.quarter) >= key and p.is_published]
    if not published:
        return
    last = published[-1]
    later_open = [
        p for p in periods if (p.year, p.quarter) > (last.year, last.quarter) and p.is_open
    ]
    instead = (
        f"Record it from {later_open[0].name}, the first period after the last published one"
        if later_open
        else "Open the next quarter and record it from there"
    )
    raise Refused(
        {
            "period": f"{published[0].name} is published and its figures are frozen, so {what} "
            f"from {period.name} cannot be recorded or undone. {instead}, or reopen "
            f"{last.name if len(published) == 1 else ', '.join(p.name for p in published)} "
            "first, giving a reason."
        },
        code="period_published",
    )


def action_state_record(
    *,
    action: Action,
    period: ReportingPeriod,
    kind: str,
    reason: str,
    user: AbstractBaseUser | None,
    other: Action | None = None,
) -> ActionStateChange:
    """Record that ``action`` is completed, retired, merged into or superseded by ``other`` from
    ``period`` on. Changes are recorded in order, one per period, never in a published one."""
    with transaction.atomic():
        _require_manager(user, action.plan)
        if kind not in ActionStateChange.Kind.values:
            allowed = ", ".join(k.label.lower() for k in ActionStateChange.Kind)
            raise Refused({"kind": f"Unknown change {kind!r}. Use one of: {allowed}."})
        kind = ActionStateChange.Kind(kind)
        change = ActionStateChange(
            action=action,
            period=period,
            kind=kind,
            other=other,
            reason=(reason or "").strip(),
            recorded_by=user,
        )
        _validated(change, validate_constraints=False)
        _refuse_frozen(period, f"Ref {action.ref} {kind.label.lower()}")
        existing = list(
            ActionStateChange.objects.select_for_update()
            .filter(action=action)
            .select_related("period")
        )
        key = (period.year, period.quarter)
        for earlier in existing:
            if (earlier.period.year, earlier.period.quarter) == key:
                raise Refused(
                    {
                        "period": f"Ref {action.ref} already has a change from {period.name} "
                        f"({earlier.get_kind_display().lower()}). Undo it first to record another."
                    },
                    code="duplicate_state_change",
                )
            if (earlier.period.year, earlier.period.quarter) > key:
                raise Refused(
                    {
                        "period": f"Ref {action.ref} has a later change, from "
                        f"{earlier.period.name}: changes are recorded in order. Undo it first."
                    },
                    code="state_change_out_of_order",
                )
        current = state_as_of(existing, period)
        if current is not None and current.leaves_counts:
            raise Refused(
                f"Ref {action.ref} is {current.get_kind_display().lower()}"
                f"{' Ref ' + current.other.ref if current.other_id else ''} from "
                f"{current.period.name}. Undo that first to record another change.",
                code="action_already_left",
            )
        if other is not None:
            other_state = state_as_of(
                ActionStateChange.objects.filter(action=other).select_related("period"), period
            )
            if other_state is not None and other_state.leaves_counts:
                raise Refused(
                    {
                        "other": f"Ref {other.ref} is itself "
                        f"{other_state.get_kind_display().lower()} from "
                        f"{other_state.period.name}: name the action that continues."
                    },
                    code="other_action_left",
                )
        change.save()
        return change


def action_complete(
    *, action: Action, period: ReportingPeriod, reason: str, user: AbstractBaseUser | None
) -> ActionStateChange:
    """Completed from ``period``: still counted, never overdue from then on."""
    return action_state_record(
        action=action,
        period=period,
        kind=ActionStateChange.Kind.COMPLETED,
        reason=reason,
        user=user,
    )


def action_retire(
    *, action: Action, period: ReportingPeriod, reason: str, user: AbstractBaseUser | None
) -> ActionStateChange:
    """Retired from ``period``: it leaves that period's and later dashboards; history stays."""
    return action_state_record(
        action=action, period=period, kind=ActionStateChange.Kind.RETIRED, reason=reason, user=user
    )


def action_merge(
    *,
    action: Action,
    into: Action,
    period: ReportingPeriod,
    reason: str,
    user: AbstractBaseUser | None,
) -> ActionStateChange:
    return action_state_record(
        action=action,
        period=period,
        kind=ActionStateChange.Kind.MERGED,
        reason=reason,
        user=user,
        other=into,
    )


def action_supersede(
    *,
    action: Action,
    by: Action,
    period: ReportingPeriod,
    reason: str,
    user: AbstractBaseUser | None,
) -> ActionStateChange:
    return action_state_record(
        action=action,
        period=period,
        kind=ActionStateChange.Kind.SUPERSEDED,
        reason=reason,
        user=user,
        other=by,
    )


def action_state_undo(*, action: Action, user: AbstractBaseUser | None) -> ActionStateChange:
    """Remove the action's latest change (its history table keeps the record of it). Refused
    when that change holds in a published period."""
    with transaction.atomic():
        _require_manager(user, action.plan)
        latest = (
            ActionStateChange.objects.select_for_update()
            .filter(action=action)
            .select_related("period")
            .order_by("-period__year", "-period__quarter")
            .first()
        )
        if latest is None:
            raise Refused(
                f"Ref {action.ref} has no recorded change to undo.", code="nothing_to_undo"
            )
        _refuse_frozen(latest.period, f"Ref {action.ref} {latest.get_kind_display().lower()}")
        latest._history_user = user
        latest.delete()
        return latest


def plan_note_create(
    *,
    plan: Plan,
    from_period: ReportingPeriod,
    section: str,
    text: str,
    source: str = "",
) -> PlanNote:
    """A note on one part of the plan's dashboards from ``from_period`` on (for loaders of
    printed papers; a published period's dashboard does not change, so its period must be
    open)."""
    with transaction.atomic():
        note = PlanNote(
            plan=plan, from_period=from_period, section=section, text=text, source=source
        )
        _validated(note)
        _refuse_frozen(from_period, "a note")
        note.save()
        return note
