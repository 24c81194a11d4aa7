"""The footprint's trend page: every year by scope against each target's pathway. Public, like
the footprint pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.core.permissions import Permission
from netzero.core.visibility import require_visible
from netzero.footprints.charts import spec_to_svg
from netzero.footprints.selectors import (
    footprint_organisation_get,
    footprint_trend,
    organisation_has_members,
)
from netzero.footprints.trend_presenters import trend_page


@require_safe
def footprint_trend_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = footprint_organisation_get(slug=org_slug)
    require_visible(request.user, organisation)
    page = trend_page(footprint_trend(organisation=organisation))
    return render(
        request,
        "footprints/trend.html",
        {
            **page,
            "organisation": organisation,
            "has_members": organisation_has_members(organisation=organisation),
            "can_add": request.user.has_perm(Permission.MANAGE_PLAN, organisation),
        },
    )


@require_safe
def footprint_trend_svg(request: HttpRequest, org_slug: str, boundary: str) -> HttpResponse:
    """A boundary's trend chart drawn on the server from the page's own spec."""
    organisation = footprint_organisation_get(slug=org_slug)
    require_visible(request.user, organisation)
    page = trend_page(footprint_trend(organisation=organisation))
    panel = next((p for p in page["panels"] if p["boundary"] == boundary and p["chart"]), None)
    if panel is None:
        raise Http404("No chart for that boundary.")
    return HttpResponse(spec_to_svg(panel["chart"]), content_type="image/svg+xml")
