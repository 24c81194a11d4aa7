from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from netzero.dashboards.presenters import plan_entries
from netzero.dashboards.selectors import plan_overviews
from netzero.footprints.selectors import footprint_organisations
from netzero.territorial.selectors import featured_areas


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Every plan with its latest period and, one click away, that period's off-track actions."""
    plans = plan_entries(plan_overviews(user=request.user))
    return render(
        request,
        "web/home.html",
        {
            "plans": plans,
            "footprint_organisations": footprint_organisations(),
            "areas": featured_areas(),
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
