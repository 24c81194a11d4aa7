"""What makes the stored public pages out of date (``netzero.core.public_pages``): a change to
any record a published dashboard shows beyond its frozen figures (the organisation and plan
names, the themes, the actions and who they report through, the periods and their state,
completions and retirements, the plan's notes, who delivers each action). An update changes a
public page only when its period is published; drafts and submissions of an open quarter never
reach the public.

Receivers are connected for these models only (each already has its history's receivers), so a
bulk delete of other records (activity data, factors) keeps Django's fast path."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from netzero.core.public_pages import public_pages_changed
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme
from netzero.reporting.models import ActionStateChange, ActionUpdate, PlanNote, ReportingPeriod

SHOWN = [
    Organisation,
    Plan,
    Theme,
    DeliveryTheme,
    Action,
    ReportingPeriod,
    ActionStateChange,
    PlanNote,
    Delivery,  # who delivers an action: a partnership's page lists it by member
]


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:  # a restore from a backup says so once, when it has finished
        public_pages_changed()


def _update_changed(sender, instance: ActionUpdate, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    period = ReportingPeriod.objects.filter(pk=instance.period_id).only("state").first()
    if period is None or period.is_published:
        public_pages_changed()


def connect() -> None:
    for model in SHOWN:
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-pages-d-{model.__name__}")
    post_save.connect(_update_changed, sender=ActionUpdate, dispatch_uid="public-pages-update")
    post_delete.connect(_update_changed, sender=ActionUpdate, dispatch_uid="public-pages-d-update")
