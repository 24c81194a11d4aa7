"""The service's own 400, 403, 404 and 500 pages, the health check and the security headers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import connection
from django.test import Client
from django.urls import path

from netzero.urls import urlpatterns as real_urlpatterns


def _fail(request):
    raise RuntimeError("deliberate failure for the test")


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("deliberately bad request")


urlpatterns = [
    path("test/fail/", _fail),
    path("test/forbidden/", _forbidden),
    path("test/bad/", _bad),
    *real_urlpatterns,
]


@pytest.fixture
def errors_urlconf(settings):
    settings.ROOT_URLCONF = __name__


def _styled(response, heading: bytes) -> None:
    assert b"govuk-template" in response.content  # the service's layout
    assert heading in response.content
    assert b"Traceback" not in response.content and b"URLconf" not in response.content


@pytest.mark.django_db
def test_an_unknown_address_gets_the_services_404():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    _styled(response, b"Page not found")


@pytest.mark.django_db
def test_a_failure_gets_the_services_500_without_details(errors_urlconf):
    response = Client(raise_request_exception=False).get("/test/fail/")
    assert response.status_code == 500
    _styled(response, b"Sorry, there is a problem with the service")
    assert b"deliberate failure" not in response.content


@pytest.mark.django_db
def test_forbidden_and_bad_requests_get_the_services_pages(errors_urlconf):
    forbidden = Client().get("/test/forbidden/")
    assert forbidden.status_code == 403
    _styled(forbidden, b"You do not have permission to see this page")
    bad = Client().get("/test/bad/")
    assert bad.status_code == 400
    _styled(bad, b"Sorry, there is a problem with the request")
    assert b"deliberately bad" not in bad.content


@pytest.mark.parametrize(("value", "debug"), [(None, "False"), ("1", "True"), ("0", "False")])
def test_debug_pages_are_off_unless_a_developer_asks_for_them(tmp_path, value, debug):
    """`make demo` runs the development profile: it shows the service's pages, not Django's,
    and opens a database connection per request."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))}
    env["NETZERO_DATA_DIR"] = str(tmp_path)
    if value is not None:
        env["DJANGO_DEBUG"] = value
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "netzero.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    # The development server runs a thread per request, so it keeps no connections open.
    assert result.stdout.split() == [debug, "0"]


@pytest.mark.django_db
def test_the_health_check_queries_the_database(django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_script():
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert b"<script>" not in response.content
