"""Who may read which period, for pages: shared by every app's views (no app imports another
app's views)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from netzero.core.exceptions import NotFound
from netzero.core.permissions import Permission
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.selectors import period_get

# Shown on the sign-in page to someone not signed in who opened a quarter not yet published.
UNPUBLISHED_SIGN_IN = "This quarter is not published yet. Sign in if you take part in it."


class SignInFirst(Exception):
    """An anonymous reader asked for something only signed-in people may see."""


def period_named(plan: Plan, period_slug: str) -> ReportingPeriod:
    """The plan's period named in a page's address ("2022-23-Q3"); NotFound (a 404) if the name
    is malformed or the plan has no such period. Says nothing about who may see it."""
    try:
        return period_get(plan=plan, name=period_slug)
    except ValidationError as exc:
        raise NotFound(" ".join(exc.messages), code="unknown_period") from exc


def visible_period(request: HttpRequest, plan: Plan, period_slug: str) -> ReportingPeriod:
    """The plan's period if this reader may see it. Published periods are public; an open one
    (drafts) only for the organisation's people: others are asked to sign in (``SignInFirst``,
    see ``sign_in_first``), or get a 404 (``NotFound``)."""
    period = period_named(plan, period_slug)
    if not request.user.has_perm(Permission.VIEW_PERIOD, period):
        if not request.user.is_authenticated:
            raise SignInFirst
        raise NotFound("No such period.")
    return period


def sign_in_first(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send an anonymous reader who meets ``SignInFirst`` to the sign-in page, then back."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except SignInFirst:
            messages.info(request, UNPUBLISHED_SIGN_IN)
            return redirect_to_login(request.get_full_path())

    return wrapped
