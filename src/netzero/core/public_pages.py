"""Published pages served from the cache: rendered once for the public, then served as stored.

A published quarter never changes until it is reopened or republished, yet every request would
recompute and re-render it. A view wrapped in ``public_page`` stores its answer in Django's cache
(``NETZERO_CACHE``: a folder shared by the workers in production, a table in the database for
several app servers, each process's memory in development) when, and only when,

- the request is a GET or HEAD from someone not signed in, carrying no session, no messages and
  no ``Authorization`` header (what the public sees, never a page with a draft, a name or a
  one-off message on it, nor an API answer for a token's person), and
- the view said the page is the same for all of the public (``mark_public``: a published
  period's page), the answer is a 200 and it sets no cookie.

Stored pages are found by the address (host, path and the query exactly as asked: the order of
a report's appendices is the order they are named in) and the **generation**: a value in the
same cache that changes whenever a record the public pages show changes (the receivers are in
``dashboards/public_pages.py`` and ``reports/public_pages.py``, connected when the apps start).
A new generation makes every stored page unreachable at once, so reopening, republishing or
editing a plan can never leave an old page served. The generation changes when the change is
made and again when its transaction commits, so a page rendered from the records before the
commit is never filed under the generation that follows it.

A stored answer keeps the headers the view set (its type, a download's file name), so a hit
is the miss's answer again. Answers larger than ``LARGEST_STORED`` (a very long plan's PDF) are
served but not stored.

Every answer carries an ETag and Last-Modified (a 304 when the reader already has it) and
``Cache-Control: public, no-cache``: browsers and proxies may keep the page but ask each time
whether it is still current.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

GENERATION_KEY = "netzero:public-pages:generation"
PAGE_KEY = "netzero:public-page:v2:{generation}:{address}"  # v2: with the view's headers
STORED_FOR = 7 * 24 * 3600  # seconds; a new generation makes older pages unreachable anyway
LARGEST_STORED = 20 * 1024 * 1024  # bytes
CACHE_HEADER = "X-Netzero-Cache"  # "hit" or "miss": where the answer came from
# Headers the decorator writes itself, never stored with the view's own.
_NOT_STORED = frozenset(
    {"content-length", "etag", "last-modified", "cache-control", "set-cookie", "vary"}
    | {CACHE_HEADER.lower()}
)


def public_pages_generation() -> tuple[str, float]:
    """The current generation and when it began (a Unix time)."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        current = cache.get(GENERATION_KEY) or _new_generation()
    return current


def _new_generation() -> tuple[str, float]:
    return secrets.token_hex(8), timezone.now().timestamp()


def _advance() -> None:
    cache.set(GENERATION_KEY, _new_generation(), None)


def public_pages_changed() -> None:
    """A record the public pages show has changed: every stored page is out of date, now and
    again when the change commits (once per transaction, however many records it changes)."""
    _advance()
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if not any(entry[1] is _advance for entry in pending):
        transaction.on_commit(_advance, robust=True)


def mark_public(response: HttpResponse) -> HttpResponse:
    """Say the page is the same for every member of the public (``public_page`` may store it)."""
    response.public_page = True  # type: ignore[attr-defined]
    return response


def _for_the_public(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _address(request: HttpRequest) -> str:
    query = request.META.get("QUERY_STRING", "")
    text = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return hashlib.sha256(text.encode()).hexdigest()


def _headers(response: HttpResponse, etag: str, since: float) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(since)
    response["Cache-Control"] = "public, no-cache"
    return response


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s pages for the public from the cache (see the module's description)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _for_the_public(request):
            return view(request, *args, **kwargs)
        generation, since = public_pages_generation()
        key = PAGE_KEY.format(generation=generation, address=_address(request))
        stored = cache.get(key)
        if stored is not None:
            content, headers, etag = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            _headers(response, etag, since)
            response[CACHE_HEADER] = "hit"
            return get_conditional_response(
                request, etag=etag, last_modified=int(since), response=response
            )
        response = view(request, *args, **kwargs)
        if (
            getattr(response, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and len(response.content) <= LARGEST_STORED
        ):
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
            cache.set(key, (response.content, headers, etag), STORED_FOR)
            _headers(response, etag, since)
            response[CACHE_HEADER] = "miss"
            return get_conditional_response(
                request, etag=etag, last_modified=int(since), response=response
            )
        return response

    return wrapped
