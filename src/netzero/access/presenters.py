"""What the people pages show: one row per person, and the labels of the themes and actions
they may be linked to (with the plan's name when the organisation has several plans)."""

from __future__ import annotations

from dataclasses import dataclass

from netzero.access.models import Membership
from netzero.core.users import full_name
from netzero.plans.models import Action, DeliveryTheme
from netzero.plans.presenters import action_name

INVITED = "Invited, not signed in yet"


@dataclass(frozen=True)
class PersonRow:
    pk: int
    name: str
    email: str
    role: str
    job_title: str
    links: list[str]  # the delivery themes they lead or the actions they contribute to
    invited: bool  # has not set a password yet
    name_published: bool


def theme_label(theme: DeliveryTheme, *, with_plan: bool) -> str:
    return f"{theme.name} ({theme.plan.name})" if with_plan else theme.name


def action_label(action: Action, *, with_plan: bool) -> str:
    name = action_name(action)
    return f"{name} ({action.plan.name})" if with_plan else name


def person_rows(memberships: list[Membership], *, several_plans: bool) -> list[PersonRow]:
    rows = []
    for membership in memberships:
        person = membership.user
        if membership.role == Membership.Role.THEME_LEAD:
            links = [
                theme_label(t, with_plan=several_plans) for t in membership.delivery_themes.all()
            ]
        elif membership.role == Membership.Role.CONTRIBUTOR:
            links = [action_label(a, with_plan=several_plans) for a in membership.actions.all()]
        else:
            links = []
        rows.append(
            PersonRow(
                pk=membership.pk,
                name=full_name(person),
                email=person.email,
                role=membership.get_role_display(),
                job_title=membership.job_title,
                links=links,
                invited=not person.has_usable_password(),
                name_published=membership.name_published,
            )
        )
    return rows
