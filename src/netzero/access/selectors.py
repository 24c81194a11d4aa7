"""Reads for an organisation's people and what they may be linked to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch

from netzero.access.models import Membership
from netzero.core.exceptions import NotFound
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, DeliveryTheme, Plan


def people_list(*, organisation: Organisation) -> list[Membership]:
    """The organisation's memberships, by surname then first name, with what each leads or
    contributes to (four queries whatever the number of people)."""
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "organisation")
        .prefetch_related(
            Prefetch(
                "delivery_themes",
                queryset=DeliveryTheme.objects.select_related("plan").order_by(
                    "plan__name", "position"
                ),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("plan")),
        )
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def membership_get(*, organisation: Organisation, pk: int) -> Membership:
    """One of the organisation's memberships; NotFound for any other."""
    membership = (
        Membership.objects.filter(organisation=organisation, pk=pk)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise NotFound("No such person in this organisation.", code="unknown_membership")
    return membership


def organisation_plans(*, organisation: Organisation) -> list[Plan]:
    return list(Plan.objects.filter(organisation=organisation).order_by("name"))


def delivery_theme_choices(*, organisation: Organisation) -> list[DeliveryTheme]:
    """Every delivery theme of the organisation's plans, by plan then position."""
    return list(
        DeliveryTheme.objects.filter(plan__organisation=organisation)
        .select_related("plan")
        .order_by("plan__name", "position", "name")
    )


def action_choices(*, organisation: Organisation) -> list[Action]:
    """Every action of the organisation's plans, by plan then ref's natural order."""
    return list(
        Action.objects.filter(plan__organisation=organisation)
        .select_related("plan")
        .order_by("plan__name", "ref_sort")
    )


def person_memberships(*, person: AbstractBaseUser) -> list[Membership]:
    """Where ``person`` has a role (the invitation page says so)."""
    return list(
        Membership.objects.filter(user=person)
        .select_related("organisation")
        .order_by("organisation__name")
    )
