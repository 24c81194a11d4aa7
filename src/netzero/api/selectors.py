"""Reads for the API: what a reader may list, and a person's tokens. Everything else the API
shows comes from the other apps' selectors."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from netzero.api.models import ApiToken
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan


def organisations_readable(*, user: AbstractBaseUser) -> list[Organisation]:
    """The organisations whose pages ``user`` may read (rule ``view_organisation``), by name."""
    organisations = Organisation.objects.select_related("partnership").order_by("name", "id")
    return [o for o in organisations if user.has_perm(Permission.VIEW_ORGANISATION, o)]


def plans_readable(
    *, user: AbstractBaseUser, organisation: Organisation | None = None
) -> list[Plan]:
    """The plans ``user`` may read (their organisation's pages are visible to them), by name."""
    plans = Plan.objects.select_related("organisation").order_by("name", "id")
    if organisation is not None:
        plans = plans.filter(organisation=organisation)
    return [p for p in plans if user.has_perm(Permission.VIEW_ORGANISATION, p)]


def tokens_for_user(*, user: AbstractBaseUser) -> list[ApiToken]:
    """The person's tokens, newest first, revoked ones included (so they can see when)."""
    return list(ApiToken.objects.filter(user_id=user.pk))
