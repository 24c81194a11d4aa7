"""Who is asking: a bearer token (reads and writes), else for reads the signed-in session or
nobody (published data). A token that is sent but unknown or revoked is refused (401) even where
nobody's request would be answered: a client should learn its token no longer works."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle

from netzero.api.models import ApiToken
from netzero.api.services import token_use

BAD_TOKEN = "The API token is unknown or has been revoked."  # noqa: S105 (a message)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token (its person is ``token.user``)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_use(secret=token.strip())
        if found is None:
            raise AuthenticationError(401, BAD_TOKEN)
        return found


@dataclass(frozen=True)
class SessionReader:
    """A read without a token: the signed-in person of the session, or nobody (anonymous)."""

    user: Any

    def __bool__(self) -> bool:  # ninja takes the first truthy answer
        return True

    def __str__(self) -> str:
        return f"session {getattr(self.user, 'pk', None)}"


def session_or_anonymous(request: HttpRequest) -> SessionReader:
    if request.headers.get("Authorization", "").lower().startswith("bearer"):
        # A bearer header TokenAuth did not accept (it raised already); never read as nobody.
        raise AuthenticationError(401, BAD_TOKEN)
    return SessionReader(user=request.user)


# Reads: a token, else the session (the browsable docs) or nobody. Writes: a token only, so a
# signed-in browser cannot be made to write across sites (no CSRF hole).
READ_AUTH = [TokenAuth(), session_or_anonymous]
WRITE_AUTH = [TokenAuth()]


def reader(request: HttpRequest) -> Any:
    """The person asking (AnonymousUser for nobody)."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return auth.user
    if isinstance(auth, SessionReader):
        return auth.user
    return request.user


class WriteThrottle(AuthRateThrottle):
    """Writes per token: ``settings.NETZERO_API_WRITE_RATE`` ("60/min"), read at each request so
    a changed setting takes effect; 429 with Retry-After beyond it."""

    scope = "api_write"

    def __init__(self) -> None:
        self.rate = settings.NETZERO_API_WRITE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.NETZERO_API_WRITE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
