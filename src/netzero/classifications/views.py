"""The plan's classification matrix: each scheme's categories with the counts the source reports
beside the live counts of classified actions. Public, like the plan's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.classifications.selectors import classification_matrix
from netzero.core.visibility import require_visible
from netzero.plans.selectors import plan_get


@require_safe
def classification_matrix_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_get(slug=plan_slug)
    require_visible(request.user, plan)  # a private organisation's: the 404 page outside it
    matrix = classification_matrix(plan=plan)
    return render(
        request,
        "classifications/classification_matrix.html",
        {"plan": matrix.plan, "matrix": matrix},
    )
