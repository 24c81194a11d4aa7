"""Every permission rule, written once (django-rules), used by pages, admin, exports and services.

Check with ``user.has_perm("netzero.<rule>", obj)``. Objects are plans, periods and actions; the
rules find the organisation from them. Memberships are read once per user object and cached on it.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import F

from netzero.access.models import Membership
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation
from netzero.plans.models import Delivery, Plan

Role = Membership.Role
MANAGERS = frozenset({Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER})
# Who in a delivering organisation (a trust in its ICS's Green Plan) may report on the actions
# their organisation delivers: its managers and theme leads.
DELIVERERS = MANAGERS | {Role.THEME_LEAD}
_CACHE = "_netzero_memberships"
_DELIVERED = "_netzero_delivered"


def memberships(user: Any) -> dict[int, Membership]:
    """The user's memberships by organisation id (one query, cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = {
            m.organisation_id: m
            for m in Membership.objects.filter(user=user).prefetch_related(
                "delivery_themes", "actions"
            )
        }
        setattr(user, _CACHE, cached)
    return cached


def forget_memberships(user: Any) -> None:
    for name in (_CACHE, _DELIVERED):
        if hasattr(user, name):
            delattr(user, name)


def delivered(user: Any) -> dict[int, int]:
    """The actions (id: plan id) that organisations the user manages or leads in deliver, in
    other organisations' plans (one query, cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _DELIVERED, None)
    if cached is None:
        org_ids = [org_id for org_id, m in memberships(user).items() if m.role in DELIVERERS]
        cached = dict(
            Delivery.objects.filter(organisation_id__in=org_ids)
            # Only while the organisation is still a member of the plan owner's partnership.
            .filter(organisation__partnership_id=F("action__plan__organisation_id"))
            .values_list("action_id", "action__plan_id")
        )
        setattr(user, _DELIVERED, cached)
    return cached


_MISSING = object()


def _first_path(obj: Any, paths: tuple[str, ...]) -> Any:
    """The value at the first dotted attribute path ``obj`` has, or ``_MISSING``."""
    for path in paths:
        target = obj
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError:
            continue
        return target
    return _MISSING


def _plan_id(obj: Any) -> int | None:
    """The plan a plan, period, action or update belongs to."""
    found = _first_path(obj, ("plan_id", "period.plan_id", "action.plan_id"))
    if found is not _MISSING:
        return found
    return obj.pk if isinstance(obj, Plan) else None


def _organisation_id(obj: Any) -> int | None:
    """The organisation a plan, period, action or update belongs to (or the organisation)."""
    if isinstance(obj, Organisation):
        return obj.pk
    found = _first_path(
        obj, ("plan.organisation_id", "period.plan.organisation_id", "organisation_id")
    )
    return None if found is _MISSING else found


def membership(user: Any, obj: Any) -> Membership | None:
    org_id = _organisation_id(obj)
    return memberships(user).get(org_id) if org_id is not None else None


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_member(user, obj) -> bool:
    return membership(user, obj) is not None


@rules.predicate
def is_manager(user, obj) -> bool:
    m = membership(user, obj)
    return m is not None and m.role in MANAGERS


@rules.predicate
def is_administrator(user, obj) -> bool:
    m = membership(user, obj)
    return m is not None and m.role == Role.ADMINISTRATOR


def _organisation(obj: Any) -> Organisation | None:
    """The organisation object a plan, period, action or update belongs to (or the organisation)."""
    if isinstance(obj, Organisation):
        return obj
    found = _first_path(obj, ("plan.organisation", "period.plan.organisation", "organisation"))
    return None if found is _MISSING else found


@rules.predicate
def is_public_organisation(user, obj) -> bool:
    """The organisation publishes its pages (``Organisation.is_public``)."""
    organisation = _organisation(obj)
    return bool(organisation is not None and organisation.is_public)


@rules.predicate
def is_published_period(user, period) -> bool:
    return bool(getattr(period, "is_published", False))


@rules.predicate
def leads_or_contributes_to(user, action) -> bool:
    """A theme lead of the action's delivery theme, or a contributor named on the action."""
    m = membership(user, action)
    if m is None:
        return False
    if m.role == Role.THEME_LEAD:
        return action.delivery_theme_id in {d.pk for d in m.delivery_themes.all()}
    if m.role == Role.CONTRIBUTOR:
        return action.pk in {a.pk for a in m.actions.all()}
    return False


@rules.predicate
def delivers_action(user, action) -> bool:
    """The action is delivered by an organisation the user manages or leads in (a partner trust
    in its ICS's plan): they report on it; the plan's owner approves."""
    return getattr(action, "pk", None) in delivered(user)


@rules.predicate
def delivers_in_plan(user, obj) -> bool:
    """The user's organisation delivers at least one action in the plan (or period's plan)."""
    plan_id = _plan_id(obj)
    return plan_id is not None and plan_id in delivered(user).values()


# Reading: a public organisation's pages and published periods are for everyone; an open period
# (drafts), and every page of an organisation that is not public, only for the organisation's
# people and for the people of organisations that deliver some of its actions.
rules.add_perm(
    Permission.VIEW_ORGANISATION,
    is_public_organisation | is_member | delivers_in_plan | is_superuser,
)
rules.add_perm(
    Permission.VIEW_PERIOD,
    (is_published_period & is_public_organisation) | is_member | delivers_in_plan | is_superuser,
)
rules.add_perm(Permission.VIEW_DRAFTS, is_member | delivers_in_plan | is_superuser)
# Writing an action's quarterly update (object: the action).
rules.add_perm(
    Permission.EDIT_UPDATE, is_manager | leads_or_contributes_to | delivers_action | is_superuser
)
# Approving or returning updates; opening, publishing and reopening periods (object: the plan).
rules.add_perm(Permission.REVIEW_UPDATES, is_manager | is_superuser)
rules.add_perm(Permission.MANAGE_PERIODS, is_manager | is_superuser)
# Setting up the plan's themes and actions, and its people (object: plan or organisation).
rules.add_perm(Permission.MANAGE_PLAN, is_manager | is_superuser)
rules.add_perm(Permission.MANAGE_PEOPLE, is_administrator | is_superuser)
