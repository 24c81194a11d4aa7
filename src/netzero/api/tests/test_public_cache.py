"""A published quarter's dashboard and updates, read through the API with no token and no
session, are stored and served from the cache (netzero.core.public_pages) until a record they
show changes; a request with a token or a session is never stored and never served the stored
copy; an open quarter's answers, with their drafts, are never stored."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from netzero.api.tests.conftest import bearer
from netzero.core.public_pages import CACHE_HEADER
from netzero.reporting.models import ActionUpdate
from netzero.workflow.services import (
    period_publish,
    period_reopen,
    update_approve,
    update_return,
    update_save,
)


def _dashboard(council, period) -> str:
    return f"/api/v1/plans/{council.plan.slug}/periods/{period.slug}/dashboard"


def _update(council, period, ref: str = "10") -> str:
    return f"/api/v1/plans/{council.plan.slug}/periods/{period.slug}/updates/{ref}"


@pytest.mark.parametrize("address", [_dashboard, _update])
def test_the_second_anonymous_read_is_the_stored_answer_without_a_query(
    council, address, django_assert_num_queries
):
    url = address(council, council.q3)
    first = Client().get(url)
    assert first.status_code == 200 and first[CACHE_HEADER] == "miss"
    assert first["Content-Type"].startswith("application/json")
    with django_assert_num_queries(0):
        second = Client().get(url)
    assert second.status_code == 200 and second[CACHE_HEADER] == "hit"
    assert second.content == first.content and second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"] and second["Cache-Control"] == "public, no-cache"
    with django_assert_num_queries(0):
        by_etag = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""


@pytest.mark.parametrize("address", [_dashboard, _update])
def test_a_token_or_a_session_gets_its_own_answer_never_the_stored_one(council, address, token_for):
    url = address(council, council.q3)
    secret = token_for(council.people["viewer"])
    with_token = Client().get(url, **bearer(secret))
    assert with_token.status_code == 200 and CACHE_HEADER not in with_token
    public = Client().get(url)
    assert public[CACHE_HEADER] == "miss"  # the token's answer was not stored
    assert public.content == with_token.content  # a published quarter's is the same for all
    again = Client().get(url, **bearer(secret))
    assert CACHE_HEADER not in again and "ETag" not in again
    signed_in = Client()
    signed_in.force_login(council.people["viewer"])
    session = signed_in.get(url)
    assert session.status_code == 200 and CACHE_HEADER not in session


def test_an_answer_asked_for_with_a_query_is_not_stored(council):
    """These reads take no query: one address is stored per answer, whatever is appended."""
    for _ in range(2):
        response = Client().get(_dashboard(council, council.q3) + "?from=newsletter")
        assert response.status_code == 200 and CACHE_HEADER not in response


def test_a_revoked_or_unknown_token_is_refused_though_a_stored_answer_exists(council):
    url = _dashboard(council, council.q3)
    assert Client().get(url)[CACHE_HEADER] == "miss"
    refused = Client().get(url, **bearer("not-a-token"))
    assert refused.status_code == 401 and CACHE_HEADER not in refused


def test_an_open_quarters_answers_are_never_stored(council, token_for):
    update_save(
        action=council.plan.actions.get(ref="10"),
        period=council.q4,
        user=council.people["planning"],
        status="good",
        progress="<p>SECRETDRAFT words.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=False,
    )
    secret = token_for(council.people["planning"])
    for address in (_dashboard, _update):
        url = address(council, council.q4)
        for _ in range(2):
            own = Client().get(url, **bearer(secret))
            assert own.status_code == 200 and CACHE_HEADER not in own
        public = Client().get(url)
        assert public.status_code == 404 and b"SECRETDRAFT" not in public.content
    assert (
        "SECRETDRAFT"
        in Client().get(_update(council, council.q4), **bearer(secret)).json()["progress_html"]
    )


def test_republishing_with_corrected_words_changes_what_is_served(council):
    stored = {a: Client().get(a(council, council.q3)) for a in (_dashboard, _update)}
    manager = council.people["manager"]
    period_reopen(period=council.q3, user=manager, reason="A figure was wrong.")
    assert Client().get(_update(council, council.q3)).status_code == 404  # not public now
    approved = ActionUpdate.objects.get(action__ref="10", period=council.q3)
    returned = update_return(update=approved, user=manager, comment="Correct the words.")
    corrected = update_save(
        action=council.plan.actions.get(ref="10"),
        period=council.q3,
        user=council.people["planning"],
        status="good",
        progress="<p>CORRECTED words for Ref 10.</p>",
        reason="",
        mitigation="",
        expected_version=returned.version,
        submit=True,
    )
    update_approve(update=corrected, user=manager)
    period_publish(period=council.q3, user=manager)
    for address, before in stored.items():
        after = Client().get(address(council, council.q3))
        assert after.status_code == 200 and after[CACHE_HEADER] == "miss"
        assert after["ETag"] != before["ETag"]
        assert "CORRECTED words for Ref 10." in after.content.decode()
        assert "CORRECTED words" not in before.content.decode()
    update = Client().get(_update(council, council.q3)).json()
    now = ActionUpdate.objects.get(action__ref="10", period=council.q3)
    assert update["state"] == "approved" and update["version"] == now.version


def test_an_update_is_served_in_the_apis_documented_shape(council):
    """Built as an answer of its own (to be stored), the update keeps the fields and order the
    API's schema gives it."""
    stored = Client().get(_update(council, council.q3))
    hit = Client().get(_update(council, council.q3))
    assert hit[CACHE_HEADER] == "hit"
    assert list(json.loads(hit.content)) == [
        "ref",
        "period",
        "state",
        "status",
        "progress",
        "progress_html",
        "reason",
        "mitigation",
        "version",
        "updated_at",
    ]
    assert json.loads(hit.content) == json.loads(stored.content)
    missing = Client().get(_update(council, council.q3, ref="999"))
    assert missing.status_code == 404 and CACHE_HEADER not in missing
