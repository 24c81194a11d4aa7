"""Property-based test of the API against its own OpenAPI document (Schemathesis, in-process
through the Django WSGI application, on whichever database the suite runs on).

For every operation in /api/v1/openapi.json, Hypothesis generates requests from the document:
once with generated addresses (mostly things that do not exist: 404s, never a server error) and
once with the council's real plan, organisation, period and ref, so the query and body are what
varies (reads, drafts, submits, activity rows). Every answer is checked by Schemathesis: not a
server error, a status the document lists, the content type and body the document describes.
Writes are sent with the programme manager's token, reads with and without it. The number of
examples per operation is bounded so the whole test stays well under a minute on two cores.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings

from netzero.api.services import token_create
from netzero.footprints.services import entry_report
from netzero.wsgi import application

EXAMPLES = 12  # per operation and pass
# Left out, on purpose: "schema-valid data must be accepted". A well-formed request the rules
# refuse (an Action without a mitigation, a published quarter, an unknown status word, rows
# naming no factor) is answered 400 with the service's messages, as documented: the document
# describes the shape of a request, the services its rules.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
REAL = {
    "org_slug": "borough-council",
    "plan_slug": "borough-climate-strategy",
    "period": "2022-23-Q4",
    "year": "2022-23",
    "ref": "16",
}


@pytest.fixture
def connection_kept():
    """Schemathesis calls the WSGI application directly, whose request signals would close the
    database connection (and with it the test's transaction, on PostgreSQL) after each request:
    kept open as Django's own test client keeps it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _schema():
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def _check(operation, headers: dict[str, str], real: bool, answered: dict) -> int:
    calls = 0

    def at_real_addresses(case):
        if real and case.path_parameters:
            case.path_parameters = {
                name: REAL.get(name, value) for name, value in case.path_parameters.items()
            }
        return case

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy().map(at_real_addresses))
    def run(case):
        nonlocal calls
        calls += 1
        response = case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
        key = (operation.method.upper(), operation.path, real, bool(headers))
        answered.setdefault(key, set()).add(response.status_code)

    run()
    return calls


@pytest.mark.django_db
@override_settings(NETZERO_API_WRITE_RATE="100000/min")
def test_every_operation_conforms_to_the_openapi_document_and_never_fails(council, connection_kept):
    entry_report(
        organisation=council.plan.organisation,
        reporting_year=2022,
        category="gas",
        boundary="council_net_zero",
        tco2e="10",
        source="Annual report",
    )
    secret = token_create(user=council.people["manager"], name="Schemathesis")[1]
    token = {"Authorization": f"Bearer {secret}"}
    schema = _schema()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    calls, answered = 0, {}
    for operation in operations:
        for real in (False, True):
            calls += _check(operation, token, real, answered)
            if operation.method.upper() == "GET":
                calls += _check(operation, {}, real, answered)
    assert calls >= len(operations) * 2
    # The real addresses were reached: every read answered the manager at least once, and the
    # open quarter's reads were refused to someone with no token.
    for operation in operations:
        if operation.method.upper() == "GET":
            assert 200 in answered[("GET", operation.path, True, True)], operation.path
    dashboard = "/api/v1/plans/{plan_slug}/periods/{period}/dashboard"
    assert answered[("GET", dashboard, True, False)] == {404}
