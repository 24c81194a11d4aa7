"""Every API route, for every role of the council and for someone with no token, against the
table: who is answered, who is refused by a rule (400), who is denied (403, or 404 where the
pages would not show the thing at all) and who must send a token (401).

The routes come from the API itself (its operations), so a new route without a row in EXPECTED
fails ``test_every_route_has_a_rule``, as the page matrix (web/tests/test_authorization_matrix.py,
which leaves the API's namespace to this table) does for the URL configuration. Each request runs
in a savepoint that is rolled back, so an allowed write does not change what the next role meets.
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.test import Client

from netzero.api.endpoints import api
from netzero.api.services import token_create
from netzero.api.tests.conftest import bearer
from netzero.footprints.services import entry_report, target_record
from netzero.indicators.services import indicator_create

ROLES = [
    "anonymous",
    "viewer",
    "planning",
    "transport",
    "contributor",
    "manager",
    "admin",
    "outsider",
    "partner",
]
OK, REFUSED, DENY, TOKEN = "ok", "refused by a rule", "denied", "token needed"


def _row(anonymous, viewer, planning, transport, contributor, manager, admin, outsider, partner):
    return dict(
        zip(
            ROLES,
            (
                anonymous,
                viewer,
                planning,
                transport,
                contributor,
                manager,
                admin,
                outsider,
                partner,
            ),
            strict=True,
        )
    )


EVERYONE = _row(OK, OK, OK, OK, OK, OK, OK, OK, OK)
# An open period (its drafts): the organisation's people only, as the dashboard page.
MEMBERS = _row(DENY, OK, OK, OK, OK, OK, OK, DENY, DENY)
# Writing Ref 16's update (the Planning lead's): its lead and the managers; a token always.
LEAD_16 = _row(TOKEN, DENY, OK, DENY, DENY, OK, OK, DENY, DENY)
# ...in a published period: those who may write it are refused by the rule (nothing changes).
LEAD_16_PUBLISHED = _row(TOKEN, DENY, REFUSED, DENY, DENY, REFUSED, REFUSED, DENY, DENY)
MANAGERS_WRITE = _row(TOKEN, DENY, DENY, DENY, DENY, OK, OK, DENY, DENY)

# (operation, variant): row. Variants: "published" is 2022-23 Q3, "open" 2022-23 Q4.
EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("organisations", ""): EVERYONE,
    ("organisation", ""): EVERYONE,
    ("footprints", ""): EVERYONE,
    ("footprint", ""): EVERYONE,
    ("targets", ""): EVERYONE,
    ("organisation_indicators", ""): EVERYONE,
    ("plans", ""): EVERYONE,
    ("plan", ""): EVERYONE,
    ("themes", ""): EVERYONE,
    ("actions", ""): EVERYONE,
    ("action", ""): EVERYONE,
    ("plan_indicators", ""): EVERYONE,
    ("periods", ""): EVERYONE,
    ("period", "published"): EVERYONE,
    ("period", "open"): MEMBERS,
    ("dashboard", "published"): EVERYONE,
    ("dashboard", "open"): MEMBERS,
    ("update", "published"): EVERYONE,
    ("update", "open"): MEMBERS,
    ("update_save", "open"): LEAD_16,
    ("update_save", "published"): LEAD_16_PUBLISHED,
    ("update_submit", "open"): LEAD_16,
    ("update_submit", "published"): LEAD_16_PUBLISHED,
    ("activity_import", ""): MANAGERS_WRITE,
}
WRITES = {"update_save", "update_submit", "activity_import"}


def operations() -> dict[str, tuple[str, str]]:
    """Every operation of the API: its name -> (method, path)."""
    found = {}
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    found[operation.url_name] = (method, f"/api/v1{prefix}{path}")
    return found


def test_every_route_has_a_rule():
    routed = set(operations())
    covered = {name for name, _ in EXPECTED}
    assert routed == covered, (
        f"Routes without a rule in EXPECTED: {sorted(routed - covered)}; "
        f"rules for routes that no longer exist: {sorted(covered - routed)}"
    )


def test_writes_need_a_token_and_reads_do_not():
    """Reads take a token, the session (the docs) or nobody; writes a token only."""
    for name, (method, _path) in operations().items():
        operation = next(
            op
            for _prefix, router in api._routers
            for view in router.path_operations.values()
            for op in view.operations
            if op.url_name == name
        )
        kinds = {getattr(a, "__name__", type(a).__name__) for a in operation.auth_callbacks}
        if method == "GET":
            assert kinds == {"TokenAuth", "session_or_anonymous"}, name
        else:
            assert name in WRITES and kinds == {"TokenAuth"}, name
            assert operation.throttle_objects, f"{name} is not rate limited"


PLAN, ORG = "borough-climate-strategy", "borough-council"
PERIODS = {"published": "2022-23-Q3", "open": "2022-23-Q4", "": "2022-23-Q3"}
UPDATE_BODY = {
    "status": "Review",
    "progress": "The study is under way.",
    "reason": "Waiting for the consultants' report.",
    "mitigation": "",
    "version": 0,
}
ACTIVITY_BODY = {"rows": [{"activity": "natural_gas", "quantity": "1000", "unit": "kWh"}]}


def _url(path: str, variant: str) -> str:
    return path.format(
        org_slug=ORG, plan_slug=PLAN, year="2022-23", ref="16", period=PERIODS[variant]
    )


def _body(name: str) -> dict | None:
    if name in {"update_save", "update_submit"}:
        return UPDATE_BODY
    if name == "activity_import":
        return ACTIVITY_BODY
    return None


def _outcome(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return OK
    if code == 400:
        return REFUSED
    if code == 401:
        return TOKEN
    if code in (403, 404):
        return DENY
    return f"unexpected {code}: {response.content[:200]!r}"


def _figures(council) -> None:
    """A footprint figure (2022-23), a target and an indicator for the reads to find."""
    organisation = council.plan.organisation
    entry_report(
        organisation=organisation,
        reporting_year=2022,
        category="gas",
        boundary="council_net_zero",
        tco2e="10",
        source="Annual report",
    )
    target_record(
        organisation=organisation,
        description="Net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Climate strategy",
    )
    indicator_create(plan=council.plan, name="Sessions held", unit="sessions", direction="up")


@pytest.fixture
def tokens(council):
    return {
        role: token_create(user=user, name="Role table")[1] for role, user in council.people.items()
    }


def _call(client: Client, method: str, url: str, body: dict | None, headers: dict):
    if method == "GET":
        return client.get(url, **headers)
    data = json.dumps(body)
    return getattr(client, method.lower())(url, data, "application/json", **headers)


def test_every_route_allows_and_denies_as_the_table_says(council, tokens, factor_sets):
    _figures(council)
    routes = operations()
    mismatches = []
    for (name, variant), row in EXPECTED.items():
        method, path = routes[name]
        url = _url(path, variant)
        for role in ROLES:
            headers = bearer(tokens[role]) if role != "anonymous" else {}
            with transaction.atomic():
                response = _call(Client(), method, url, _body(name), headers)
                transaction.set_rollback(True)
            got = _outcome(response)
            if got != row[role]:
                mismatches.append(f"{method} {url} as {role}: expected {row[role]}, got {got}")
    assert mismatches == []


def test_a_draft_is_never_read_by_anyone_the_pages_would_not_show_it_to(council, tokens):
    """The Planning lead's draft of Ref 16 in the open quarter: no read of any route shows its
    words to someone with no token, to another council's manager or to the partnership's viewer;
    the organisation's own viewer reads it, as on the pages."""
    secret = "A draft only the council's people may read."
    saved = Client().put(
        _url(operations()["update_save"][1], "open"),
        json.dumps({**UPDATE_BODY, "progress": secret}),
        "application/json",
        **bearer(tokens["planning"]),
    )
    assert saved.status_code == 200
    shown_to = set()
    for role in ROLES:
        headers = bearer(tokens[role]) if role != "anonymous" else {}
        for method, path in operations().values():
            if method != "GET":
                continue
            for variant in ("open", "published") if "{period}" in path else ("",):
                response = Client().get(_url(path, variant), **headers)
                assert response.status_code < 500
                if secret in response.content.decode():
                    shown_to.add(role)
    assert shown_to.isdisjoint({"anonymous", "outsider", "partner"})
    assert "viewer" in shown_to and "planning" in shown_to


def test_a_private_organisation_is_not_there_for_anyone_outside_it(council, tokens):
    organisation = council.plan.organisation
    organisation.is_public = False
    organisation.save()
    routes = operations()
    for role in ("anonymous", "outsider", "partner", "viewer"):
        headers = bearer(tokens[role]) if role != "anonymous" else {}
        client = Client()
        listed = client.get("/api/v1/organisations?limit=100", **headers).json()["items"]
        plans = client.get("/api/v1/plans", **headers).json()["items"]
        inside = role == "viewer"
        assert (ORG in {o["slug"] for o in listed}) == inside, role
        assert (PLAN in {p["slug"] for p in plans}) == inside, role
        for name, (method, path) in routes.items():
            if method != "GET" or name in {"organisations", "plans"}:
                continue
            response = client.get(_url(path, "published"), **headers)
            if inside:
                assert response.status_code in (200, 404), (name, role)
            else:
                assert response.status_code == 404, (name, role, response.status_code)
                assert response["Content-Type"].startswith("application/json")
