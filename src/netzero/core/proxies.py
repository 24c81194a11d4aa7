"""Reverse proxies: whose forwarded headers to believe, and so who the client is.

Production runs behind a TLS-terminating proxy (docs/operations.md). Its address is listed in
``NETZERO_TRUSTED_PROXIES``; ``X-Forwarded-For``, ``X-Forwarded-Proto`` and friends are believed
only on requests that come from one of those addresses. From anyone else they are dropped, so a
client cannot claim HTTPS or another address by sending the headers itself.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

FORWARDED_HEADERS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_REAL_IP",
)


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """``["127.0.0.1", "10.0.0.0/24"]`` as networks; a value that is not one is a setup error."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"NETZERO_TRUSTED_PROXIES: {value!r} is not an IP address or network "
                "(for example 127.0.0.1 or 10.0.0.0/24)."
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return parse_networks(values)


def trusted_networks() -> tuple[IPNetwork, ...]:
    return _trusted(tuple(getattr(settings, "NETZERO_TRUSTED_PROXIES", ())))


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted_proxy(address: str) -> bool:
    parsed = _address(address)
    return parsed is not None and any(parsed in net for net in trusted_networks())


def client_ip(request: HttpRequest) -> str:
    """The address of whoever sent the request.

    REMOTE_ADDR, unless that is a trusted proxy: then ``X-Forwarded-For`` is read from the right
    (each proxy appends the address it saw) and the first hop that is not a trusted proxy is the
    client. Hops further left were written by the client and could say anything, so they are
    never used.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        parsed = _address(hop)
        if parsed is None:
            return remote
        if not any(parsed in net for net in trusted_networks()):
            return str(parsed)
    return remote


class TrustedProxyMiddleware:
    """Drops forwarded headers that did not come from a trusted proxy. First in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
