"""Indicator pages: a plan's and an organisation's lists, and one indicator's page. Public, like
the footprint pages: they hold what the plans state and the values recorded against them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from netzero.core.permissions import Permission
from netzero.core.visibility import require_visible
from netzero.indicators.presenters import indicator_page, indicator_row
from netzero.indicators.selectors import (
    indicator_get,
    indicators_for_organisation,
    indicators_for_plan,
)
from netzero.organisations.selectors import organisation_get
from netzero.plans.selectors import plan_get


def _add_url(request: HttpRequest, owner) -> str:
    """Where the owner's managers add an indicator (data entry), for the empty list."""
    if not (request.user.is_staff and request.user.has_perm(Permission.MANAGE_PLAN, owner)):
        return ""
    return reverse("admin:indicators_indicator_add")


@require_safe
def plan_indicators(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_get(slug=plan_slug)
    require_visible(request.user, plan)
    rows = [indicator_row(s) for s in indicators_for_plan(plan=plan)]
    context = {
        "plan": plan,
        "organisation": plan.organisation,
        "rows": rows,
        "show_owner": False,
        "add_url": "" if rows else _add_url(request, plan),
    }
    return render(request, "indicators/indicator_list.html", context)


@require_safe
def organisation_indicators(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    require_visible(request.user, organisation)
    rows = [indicator_row(s) for s in indicators_for_organisation(organisation=organisation)]
    context = {
        "plan": None,
        "organisation": organisation,
        "rows": rows,
        "show_owner": True,
        "add_url": "" if rows else _add_url(request, organisation),
    }
    return render(request, "indicators/indicator_list.html", context)


@require_safe
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    summary = indicator_get(pk=pk)
    require_visible(request.user, summary.indicator)  # its plan's or its organisation's
    return render(request, "indicators/indicator_detail.html", indicator_page(summary))
