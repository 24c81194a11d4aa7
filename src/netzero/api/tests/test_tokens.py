"""API tokens: made and revoked by their own person on the API tokens page, the secret shown
once and kept only as its sha256; an unknown or revoked token is 401; writes are limited per
token (429)."""

from __future__ import annotations

import hashlib
import json
import re

from django.test import Client, override_settings

from netzero.api.models import ApiToken
from netzero.api.services import token_create
from netzero.api.tests.conftest import bearer

UPDATE = "/api/v1/plans/borough-climate-strategy/periods/2022-23-Q4/updates/16"
DRAFT = {"status": "Review", "progress": "Under way.", "reason": "Late.", "mitigation": ""}


def _made_on_the_page(client: Client, name: str) -> tuple[str, str]:
    response = client.post("/account/api-tokens/", {"name": name})
    assert response.status_code == 200
    page = response.content.decode()
    secret = re.search(r'id="token-secret">([^<]+)<', page)[1]
    return secret, page


def test_the_secret_is_shown_once_and_kept_only_as_its_hash(council):
    client = Client()
    client.force_login(council.people["planning"])
    secret, page = _made_on_the_page(client, "My spreadsheet")
    token = ApiToken.objects.get(user=council.people["planning"])
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12] and token.name == "My spreadsheet"
    stored = json.dumps([list(row) for row in ApiToken.objects.values_list()], default=str)
    assert secret not in stored
    assert "it will not be shown again" in page
    again = client.get("/account/api-tokens/").content.decode()
    assert secret not in again and token.prefix in again and "My spreadsheet" in again
    # The header links to the page for anyone signed in.
    assert 'href="/account/api-tokens/"' in again


def test_a_token_reads_and_writes_as_its_person_and_records_its_use(council):
    token, secret = token_create(user=council.people["planning"], name="Script")
    assert token.last_used_at is None
    response = Client().put(
        UPDATE, json.dumps({**DRAFT, "version": 0}), "application/json", **bearer(secret)
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "draft" and response.json()["version"] == 1
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_unknown_or_revoked_tokens_are_401_even_for_public_reads(council):
    client = Client()
    client.force_login(council.people["planning"])
    secret, _ = _made_on_the_page(client, "Soon revoked")
    token = ApiToken.objects.get(user=council.people["planning"])
    assert Client().get("/api/v1/plans", **bearer(secret)).status_code == 200
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    for headers in (bearer(secret), bearer("nzt_not-a-token"), bearer("")):
        response = Client().get("/api/v1/plans", **headers)
        assert response.status_code == 401, headers
        assert response.json()["detail"]
        write = Client().put(
            UPDATE, json.dumps({**DRAFT, "version": 0}), "application/json", **headers
        )
        assert write.status_code == 401
    # No token at all: public reads are answered, writes are not.
    assert Client().get("/api/v1/plans").status_code == 200
    response = Client().put(UPDATE, json.dumps({**DRAFT, "version": 0}), "application/json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_signed_in_session_cannot_write_without_a_token(council):
    """Session reads are for the browsable docs; writes need a token (no CSRF hole)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(council.people["manager"])
    assert (
        client.get("/api/v1/plans/borough-climate-strategy/periods/2022-23-Q4").status_code == 200
    )
    response = client.put(UPDATE, json.dumps({**DRAFT, "version": 0}), "application/json")
    assert response.status_code == 401


def test_another_persons_token_cannot_be_revoked(council):
    token, secret = token_create(user=council.people["planning"], name="Theirs")
    client = Client()
    client.force_login(council.people["manager"])
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/v1/plans", **bearer(secret)).status_code == 200
    # Nor seen: the manager's page does not list it.
    assert "Theirs" not in client.get("/account/api-tokens/").content.decode()


def test_a_token_needs_a_name(council):
    client = Client()
    client.force_login(council.people["viewer"])
    response = client.post("/account/api-tokens/", {"name": "  "})
    assert "Say what the token is for." in response.content.decode()
    assert not ApiToken.objects.exists()


@override_settings(NETZERO_API_WRITE_RATE="3/min")
def test_writes_beyond_the_rate_are_429_per_token(council):
    secret = token_create(user=council.people["planning"], name="Busy")[1]
    other = token_create(user=council.people["manager"], name="Other")[1]
    client = Client()
    statuses = []
    for version in range(4):
        body = json.dumps({**DRAFT, "version": version})
        statuses.append(client.put(UPDATE, body, "application/json", **bearer(secret)).status_code)
    assert statuses == [200, 200, 200, 429]
    refused = client.put(
        UPDATE, json.dumps({**DRAFT, "version": 3}), "application/json", **bearer(secret)
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    # Another token has its own count; reads are not limited.
    body = json.dumps({**DRAFT, "version": 3})
    assert client.put(UPDATE, body, "application/json", **bearer(other)).status_code == 200
    assert client.get(UPDATE, **bearer(secret)).status_code == 200
