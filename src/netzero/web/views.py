from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from netzero.dashboards.delivery import member_deliveries
from netzero.dashboards.presenters import plan_entries
from netzero.dashboards.selectors import plan_overviews
from netzero.footprints.presenters import partnership_table
from netzero.footprints.selectors import (
    footprint_organisation_get,
    footprint_organisations,
    partnership_overview,
)
from netzero.territorial.selectors import featured_areas
from netzero.workflow.presenters import work_sections
from netzero.workflow.selectors import plans_managed, work_for_person


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """For a signed-in person, their work first (what is due this quarter, what was returned to
    them, what awaits their approval); then every plan with its latest period and, one click
    away, that period's off-track actions."""
    plans = plan_entries(plan_overviews(user=request.user))
    work = work_sections(
        work_for_person(user=request.user), manages=plans_managed(user=request.user)
    )
    return render(
        request,
        "web/home.html",
        {
            "work": work,
            "plans": plans,
            "footprint_organisations": footprint_organisations(),
            "areas": featured_areas(),
        },
    )


@require_safe
def partnership(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A partnership (an ICS): its members' footprints side by side, and the actions each member
    delivers in the partnership's plans with their latest status."""
    organisation = footprint_organisation_get(slug=org_slug)
    years, rows = partnership_overview(partnership=organisation)
    page = partnership_table(partnership=organisation, years=years, rows=rows)
    if not page.has_members:
        raise Http404("This organisation has no members.")
    return render(
        request,
        "web/partnership.html",
        {
            "organisation": organisation,
            "years": page.years,
            "table": page.table,
            "rollup": page.rollup,
            "chart": page.chart,
            "members": member_deliveries(partnership=organisation, user=request.user),
        },
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the app can query its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
