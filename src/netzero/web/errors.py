"""Error responses in the service's own pages (the 400, 403, 404 and 500 templates are found by
Django's default handlers; a refused CSRF check comes here)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", status=403)
