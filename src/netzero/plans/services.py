"""Writes for organisations, plans, themes and actions. Keyword-only, validated, atomic."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from netzero.organisations.models import Organisation
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, kind: str = Organisation.Kind.OTHER, **details: object
) -> Organisation:
    """A new organisation; ``details`` are its other fields (codes, is_public, is_demo...)."""
    organisation = Organisation(name=name, slug=slug, kind=kind, **details)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def plan_create(*, organisation: Organisation, name: str, slug: str, description: str = "") -> Plan:
    plan = Plan(organisation=organisation, name=name, slug=slug, description=description)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def theme_create(
    *,
    plan: Plan,
    name: str,
    parent: Theme | None = None,
    description: str = "",
    vision: str = "",
    benefits: str = "",
    risks: str = "",
    position: int | None = None,
) -> Theme:
    if position is None:
        position = plan.themes.count() + 1
    theme = Theme(
        plan=plan,
        name=name,
        parent=parent,
        description=description,
        vision=vision,
        benefits=benefits,
        risks=risks,
        position=position,
    )
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def delivery_theme_create(
    *, plan: Plan, name: str, lead_name: str = "", position: int | None = None
) -> DeliveryTheme:
    if position is None:
        position = plan.delivery_themes.count() + 1
    lead = "" if lead_name.strip().upper() == "TBC" else lead_name.strip()
    delivery_theme = DeliveryTheme(plan=plan, name=name, lead_name=lead, position=position)
    delivery_theme.full_clean()
    delivery_theme.save()
    return delivery_theme


@transaction.atomic
def action_create(
    *,
    plan: Plan,
    ref: str,
    text: str,
    theme: Theme,
    kind: str = Action.Kind.PRIORITY,
    title: str = "",
    delivery_theme: DeliveryTheme | None = None,
    target: str = "",
    success_measure: str = "",
    impact: str = "",
    reports_through: Action | None = None,
    role: str = "",
    position: int | None = None,
) -> Action:
    ref = ref.strip()
    if not ref:
        raise ValidationError({"ref": "An action needs a ref."}, code="required")
    if Action.objects.filter(plan=plan, ref__iexact=ref).exists():
        raise ValidationError(
            {"ref": f"Ref {ref} is already used by another action in {plan.name}."},
            code="duplicate_ref",
        )
    if impact and impact not in Impact.values:
        impact = _impact_from_text(impact)
    if position is None:
        position = plan.actions.filter(kind=kind).count() + 1
    action = Action(
        plan=plan,
        ref=ref,
        kind=kind,
        title=title,
        text=text,
        theme=theme,
        delivery_theme=delivery_theme,
        target=target,
        success_measure=success_measure,
        impact=impact,
        reports_through=reports_through,
        role=role,
        position=position,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def delivery_add(
    *,
    action: Action,
    organisation: Organisation,
    role: str = Delivery.Role.PARTNER,
    note: str = "",
) -> Delivery:
    """Record that ``organisation`` delivers ``action`` (as its lead or a partner).

    Refused (ValidationError, see ``Delivery.clean``) if the organisation already delivers it,
    if the action already has a lead and this would be a second, or if the organisation is
    neither the plan's owner nor a member of the owner's partnership.
    """
    delivery = Delivery(action=action, organisation=organisation, role=role, note=note)
    delivery.full_clean()
    delivery.save()
    return delivery


def _impact_from_text(text: str) -> str:
    for impact in Impact:
        if text.strip().casefold() in {impact.value, impact.label.casefold()}:
            return impact.value
    allowed = ", ".join(Impact.labels)
    raise ValidationError({"impact": f"Unknown impact {text!r}. Use one of: {allowed}."})
