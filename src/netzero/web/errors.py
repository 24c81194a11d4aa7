"""Error responses in the service's own pages (the 400, 403, 404 and 500 templates are found by
Django's default handlers; a refused CSRF check comes here)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from netzero.core.exceptions import NotFound, Refused, error_messages
from netzero.core.users import full_name


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (``handler403``): why the page is refused and what the reader can do. The
    refusal's own words are shown only when a service gave them (``PermissionDenied("...")``)."""
    reason = str(exception) if exception is not None and exception.args else ""
    user = getattr(request, "user", None)
    return render(
        request,
        "403.html",
        {
            "reason": reason,
            "signed_in": bool(user and user.is_authenticated),
            "full_name": full_name(user) if user and user.is_authenticated else "",
            "login_next": request.get_full_path(),
        },
        status=403,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", status=403)


class ApplicationErrorMiddleware:
    """Pages' one conversion of the application's errors: ``NotFound`` is the 404 page; a
    ``Refused`` that no form caught is the 400 page with its messages (nothing was written)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, NotFound):
            raise Http404(" ".join(exception.messages)) from exception
        if isinstance(exception, Refused):
            return render(request, "400.html", {"refusals": error_messages(exception)}, status=400)
        return None
