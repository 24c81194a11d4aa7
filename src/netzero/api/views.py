"""The API tokens page: a signed-in person makes a token (its secret shown once) and revokes
their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from netzero.api import services
from netzero.api.forms import TokenForm
from netzero.api.presenters import token_rows
from netzero.api.selectors import tokens_for_user
from netzero.core.forms import add_service_errors


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            made, secret = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            made = {"name": made.name, "secret": secret}
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "made": made,
            "rows": token_rows(tokens_for_user(user=request.user)),
            "docs_url": reverse("api:openapi-view"),
        },
    )


@require_POST
@login_required
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = services.token_revoke(user=request.user, token_id=token_id)
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api_tokens:list")
