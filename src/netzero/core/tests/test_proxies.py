"""Forwarded headers are believed only from configured proxies; the client is the nearest
untrusted hop."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from netzero.core.proxies import TrustedProxyMiddleware, client_ip, parse_networks


@pytest.fixture
def behind_proxies(settings):
    settings.NETZERO_TRUSTED_PROXIES = ["10.0.0.0/24", "127.0.0.1", "2001:db8::1"]


def _request(remote: str, forwarded: str | None = None, **extra):
    meta = {"REMOTE_ADDR": remote, **extra}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # No proxy in the way: the header is whatever the client wrote, so it is ignored.
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),
        # One trusted proxy: the address it saw.
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),
        # The client prepended a lie; the proxy appended the truth, which is what counts.
        ("127.0.0.1", "192.0.2.66, 203.0.113.5", "203.0.113.5"),
        # Two proxies (load balancer, then the local one): skip every trusted hop.
        ("127.0.0.1", "203.0.113.5, 10.0.0.7", "203.0.113.5"),
        # Ports and IPv6 brackets are read.
        ("127.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
        ("127.0.0.1", "203.0.113.5:51000", "203.0.113.5"),
        # Nothing forwarded, every hop trusted, or garbage: the proxy's own address.
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "10.0.0.8, 10.0.0.7", "127.0.0.1"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
    ],
)
def test_client_address(behind_proxies, remote, forwarded, client):
    assert client_ip(_request(remote, forwarded)) == client


def test_without_configured_proxies_forwarded_for_is_never_believed(settings):
    settings.NETZERO_TRUSTED_PROXIES = []
    assert client_ip(_request("127.0.0.1", "203.0.113.5")) == "127.0.0.1"


def test_the_middleware_drops_forwarded_headers_from_strangers_only(behind_proxies):
    seen = {}

    def view(request):
        seen.update(request.META)
        return HttpResponse()

    middleware = TrustedProxyMiddleware(view)
    headers = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "evil.example"}
    middleware(_request("198.51.100.9", "203.0.113.5", **headers))
    assert "HTTP_X_FORWARDED_PROTO" not in seen and "HTTP_X_FORWARDED_FOR" not in seen
    assert "HTTP_X_FORWARDED_HOST" not in seen
    seen.clear()
    middleware(_request("127.0.0.1", "203.0.113.5", **headers))
    assert seen["HTTP_X_FORWARDED_PROTO"] == "https"
    assert seen["HTTP_X_FORWARDED_FOR"] == "203.0.113.5"


def test_a_mistyped_proxy_stops_the_app_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match=r"'10\.0\.0\.300' is not an IP address"):
        parse_networks(["127.0.0.1", "10.0.0.300"])
