from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.territorial.presenters import area_page
from netzero.territorial.selectors import area_trend


@require_safe
def area(request: HttpRequest, code: str) -> HttpResponse:
    trend = area_trend(code=code.upper())
    if trend is None:
        raise Http404("No emissions statistics for that authority code.")
    return render(request, "territorial/area.html", {"trend": trend, **area_page(trend)})
