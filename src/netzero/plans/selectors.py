"""Reads for plans and actions."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from netzero.plans.models import Action, Plan


def action_get(*, plan: Plan, ref: str) -> Action:
    """The plan's action with ``ref`` ("ll15" finds "LL15"); ValidationError if there is none."""
    action = Action.objects.filter(plan=plan, ref__iexact=ref.strip()).first()
    if action is None:
        raise ValidationError(f"{plan.name} has no action with ref {ref!r}.", code="unknown_ref")
    return action
