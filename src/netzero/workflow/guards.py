"""What a published period refers to is never changed or hard-deleted.

Signals catch every path through the ORM (pages, admin, services, cascades, and ``loaddata``,
whose raw saves are checked like any other). The only ways past them are ``purge_allowed()``,
which the demo loader uses to replace its own demo organisation, and ``restoring()``, which only
``netzero import-all`` uses to write a backup's rows, as they were, into an empty database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from netzero.plans.models import Action, Plan
from netzero.reporting.models import ActionStateChange, ActionUpdate, ReportingPeriod
from netzero.workflow.models import PeriodEvent

_purge = ContextVar("netzero_purge_allowed", default=False)
_lifecycle = ContextVar("netzero_lifecycle_change", default=False)
_restoring = ContextVar("netzero_restoring", default=False)


@contextmanager
def purge_allowed() -> Iterator[None]:
    token = _purge.set(True)
    try:
        yield
    finally:
        _purge.reset(token)


@contextmanager
def lifecycle_change() -> Iterator[None]:
    """Lets the workflow's services publish and reopen periods; nothing else may."""
    token = _lifecycle.set(True)
    try:
        yield
    finally:
        _lifecycle.reset(token)


@contextmanager
def restoring() -> Iterator[None]:
    """For ``netzero import-all`` only: its raw saves (rows written exactly as they were backed
    up, into a database it has checked is empty) pass the guards. Other saves are still checked."""
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


def _exempt(raw: bool) -> bool:
    return _purge.get() or (raw and _restoring.get())


_LIFECYCLE_FIELDS = ("state", "snapshot", "published_at", "published_by_id")
_FROZEN_FIELDS = ("notes", "year", "quarter", "plan_id")


@receiver(pre_save, sender=ReportingPeriod)
def refuse_changes_to_period_lifecycle(sender, instance: ReportingPeriod, raw=False, **kwargs):
    if _exempt(raw):
        return
    stored = None
    if instance.pk is not None:
        stored = (
            ReportingPeriod.objects.filter(pk=instance.pk)
            .values(*_LIFECYCLE_FIELDS, *_FROZEN_FIELDS)
            .first()
        )
    if stored is None:
        if (
            instance.state != ReportingPeriod.State.OPEN or instance.snapshot is not None
        ) and not _lifecycle.get():
            raise ValidationError(
                "A period is created open; it is published only from its Manage page.",
                code="lifecycle",
            )
        return
    changed = {
        f for f in (*_LIFECYCLE_FIELDS, *_FROZEN_FIELDS) if stored[f] != getattr(instance, f)
    }
    if changed & set(_LIFECYCLE_FIELDS) and not _lifecycle.get():
        raise ValidationError(
            "A period is published and reopened only from its Manage page.", code="lifecycle"
        )
    if stored["state"] == ReportingPeriod.State.PUBLISHED and changed & set(_FROZEN_FIELDS):
        raise ValidationError(
            f"{instance} is published: it no longer changes. Reopen it first, giving a reason.",
            code="period_published",
        )


def _published(**filters) -> bool:
    return ReportingPeriod.objects.filter(state=ReportingPeriod.State.PUBLISHED, **filters).exists()


@receiver(pre_save, sender=ActionUpdate)
def refuse_changes_to_published_updates(sender, instance: ActionUpdate, raw=False, **kwargs):
    if _exempt(raw):
        return
    periods = {instance.period_id}
    if instance.pk is not None:  # nor moved out of a published period
        periods |= set(ActionUpdate.objects.filter(pk=instance.pk).values_list("period", flat=True))
    published = ReportingPeriod.objects.filter(
        pk__in=periods, state=ReportingPeriod.State.PUBLISHED
    ).first()
    if published is not None:
        raise ValidationError(
            f"{published} is published: its updates no longer change. "
            "A programme manager can reopen it, giving a reason.",
            code="period_published",
        )


@receiver(pre_save, sender=PeriodEvent)
def refuse_changes_to_period_events(sender, instance: PeriodEvent, raw=False, **kwargs):
    """A period's events (openings, publications with their snapshot, reopenings with their
    reason, operators' changes) are its record: written once, never rewritten."""
    if _exempt(raw) or instance.pk is None:
        return
    if PeriodEvent.objects.filter(pk=instance.pk).exists():
        raise ValidationError(
            "A period's recorded events are never changed.", code="period_event_recorded"
        )


@receiver(pre_save, sender=Plan)
def refuse_changing_a_published_plans_slug(sender, instance: Plan, raw=False, **kwargs):
    """A published period's pages and links use the plan's slug (/plans/<slug>/...): once a
    period is published, the slug stays. Refused rather than redirected: a redirect would need
    every old slug kept forever, and an old slug could later be given to another plan, silently
    sending committee papers' links to the wrong dashboard."""
    if _exempt(raw) or instance.pk is None:
        return
    stored = Plan.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if stored is not None and stored != instance.slug and _published(plan_id=instance.pk):
        raise ValidationError(
            {
                "slug": f"The slug cannot change: {instance.name} has published periods, whose "
                f"pages and links use /plans/{stored}/. Keep {stored!r}."
            },
            code="slug_published",
        )


@receiver(pre_delete, sender=ActionUpdate)
def refuse_deleting_published_updates(sender, instance: ActionUpdate, **kwargs):
    if not _purge.get() and _published(pk=instance.period_id):
        raise ProtectedError(f"{instance} belongs to a published period.", {instance})


def _in_a_published_dashboard(action: Action) -> bool:
    """Published dashboards list every action of their plan, with an update or not."""
    snapshots = ReportingPeriod.objects.filter(
        plan_id=action.plan_id, state=ReportingPeriod.State.PUBLISHED
    ).values_list("snapshot", flat=True)
    return any(
        row.get("action_id") == action.pk for snap in snapshots if snap for row in snap["rows"]
    )


@receiver(pre_delete, sender=Action)
def refuse_deleting_reported_actions(sender, instance: Action, **kwargs):
    if not _purge.get() and (
        _published(updates__action=instance) or _in_a_published_dashboard(instance)
    ):
        raise ProtectedError(
            f"Ref {instance.ref} is reported in a published period and cannot be deleted.",
            {instance},
        )


@receiver(pre_delete, sender=ReportingPeriod)
def refuse_deleting_published_periods(sender, instance: ReportingPeriod, **kwargs):
    if not _purge.get() and _published(pk=instance.pk):
        raise ProtectedError(f"{instance} is published and cannot be deleted.", {instance})


@receiver(pre_delete, sender=Plan)
def refuse_deleting_plans_with_published_periods(sender, instance: Plan, **kwargs):
    if not _purge.get() and _published(plan=instance):
        raise ProtectedError(f"{instance} has published periods and cannot be deleted.", {instance})


def _frozen_by(period_id: int) -> ReportingPeriod | None:
    """The first published period that a change from ``period_id`` would hold in (that period
    or a later one of its plan), if any."""
    period = ReportingPeriod.objects.filter(pk=period_id).first()
    if period is None:
        return None
    return (
        ReportingPeriod.objects.filter(
            plan_id=period.plan_id, state=ReportingPeriod.State.PUBLISHED
        )
        .filter(
            models.Q(year__gt=period.year) | models.Q(year=period.year, quarter__gte=period.quarter)
        )
        .order_by("year", "quarter")
        .first()
    )


@receiver(pre_save, sender=ActionStateChange)
def refuse_state_changes_in_published_periods(
    sender, instance: ActionStateChange, raw=False, **kwargs
):
    """An action completed, retired, merged or superseded from a period holds in every later
    period: it is never recorded, changed or moved where a published dashboard would disagree."""
    if _exempt(raw):
        return
    periods = {instance.period_id}
    if instance.pk is not None:
        periods |= set(
            ActionStateChange.objects.filter(pk=instance.pk).values_list("period", flat=True)
        )
    for period_id in periods:
        published = _frozen_by(period_id)
        if published is not None:
            raise ValidationError(
                f"{published} is published and its figures are frozen: this change to "
                f"{instance.action} would hold in it. Record it from a later open period, or "
                "reopen the period first, giving a reason.",
                code="period_published",
            )


@receiver(pre_delete, sender=ActionStateChange)
def refuse_deleting_state_changes_in_published_periods(
    sender, instance: ActionStateChange, **kwargs
):
    if not _purge.get() and _frozen_by(instance.period_id) is not None:
        raise ProtectedError(
            f"{instance} holds in a published period and cannot be deleted.", {instance}
        )
