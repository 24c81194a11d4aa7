from __future__ import annotations

import functools

from django.http import JsonResponse
from django.urls import URLPattern, path, re_path

from netzero.api import views
from netzero.api.endpoints import api, unknown_address

app_name = "api_tokens"

urlpatterns = [
    path("account/api-tokens/", views.tokens, name="list"),
    path("account/api-tokens/<int:token_id>/revoke/", views.token_revoke_view, name="revoke"),
]


def _json_method_not_allowed(view):
    """ninja answers a method a route does not take with plain text: JSON here, as every other
    error of the API, with the same Allow header."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            message = f"This address does not take {request.method}; it takes {allowed}."
            answer = JsonResponse(
                {"detail": message, "messages": [message], "errors": {}}, status=405
            )
            answer["Allow"] = allowed
            return answer
        return response

    return wrapped


# The API's own routes (namespace "api"), and a JSON 404 for any other address beneath them.
api_patterns, _, _ = api.urls
api_urlpatterns = [
    *(
        URLPattern(p.pattern, _json_method_not_allowed(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in api_patterns
    ),
    re_path(r"^(?P<rest>.*)$", unknown_address, name="unknown"),
]
