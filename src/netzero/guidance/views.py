from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.dashboards.presenters import status_key
from netzero.guidance.guides import GUIDES, guide_html


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """What the product does, who does what in it, what each status means, and the guides."""
    return render(
        request,
        "guidance/help.html",
        {"guides": GUIDES, "status_key": status_key()},
    )


@require_safe
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    title, body = guide_html(slug=slug)
    return render(request, "guidance/guide.html", {"title": title, "body": body})
