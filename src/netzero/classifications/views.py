"""The plan's classification matrix: each scheme's categories with the counts the source reports
beside the live counts of classified actions. Public, like the plan's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.classifications.selectors import classification_matrix
from netzero.plans.selectors import plan_get


@require_safe
def classification_matrix_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    matrix = classification_matrix(plan=plan_get(slug=plan_slug))
    return render(
        request,
        "classifications/classification_matrix.html",
        {"plan": matrix.plan, "matrix": matrix},
    )
