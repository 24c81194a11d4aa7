"""A published quarter's dashboard is stored for the public and served from the cache until
something it shows changes (netzero.core.public_pages): reopening, republishing, publishing the
next quarter or renaming the plan changes what is served; drafts never reach the store; ETags
answer 304."""

from __future__ import annotations

import pytest
from django.test import Client

from netzero.core.public_pages import CACHE_HEADER, public_pages_changed, public_pages_generation
from netzero.reporting.models import ActionUpdate
from netzero.workflow.services import (
    period_publish,
    period_reopen,
    update_approve,
    update_return,
    update_save,
)


@pytest.fixture
def plan(council):
    return council.plan


def _url(plan, period) -> str:
    return f"/plans/{plan.slug}/periods/{period.slug}/"


def _save(council, period, *, progress: str, submit: bool, version: int = 0):
    return update_save(
        action=council.plan.actions.get(ref="10"),
        period=period,
        user=council.people["planning"],
        status="good",
        progress=progress,
        reason="",
        mitigation="",
        expected_version=version,
        submit=submit,
    )


def test_the_second_reader_is_served_the_stored_page_without_a_query(
    council, plan, django_assert_num_queries
):
    first = Client().get(_url(plan, council.q3))
    assert first.status_code == 200 and first[CACHE_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(_url(plan, council.q3))
    assert second.status_code == 200 and second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Cache-Control"] == "public, no-cache"
    assert second["Content-Type"] == first["Content-Type"]


def test_a_reader_who_has_the_page_gets_304(council, plan):
    first = Client().get(_url(plan, council.q3))
    by_etag = Client().get(_url(plan, council.q3), HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    by_date = Client().get(_url(plan, council.q3), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    other = Client().get(_url(plan, council.q3), HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200 and other.content == first.content


def test_a_filtered_page_is_stored_apart_from_the_whole_page(council, plan):
    whole = Client().get(_url(plan, council.q3))
    filtered = Client().get(_url(plan, council.q3) + "?status=action")
    assert filtered[CACHE_HEADER] == "miss" and filtered.content != whole.content
    again = Client().get(_url(plan, council.q3) + "?status=action")
    assert again[CACHE_HEADER] == "hit" and again.content == filtered.content


def test_reopening_takes_the_page_from_the_public_and_republishing_serves_it_anew(council, plan):
    manager = council.people["manager"]
    stored = Client().get(_url(plan, council.q3))
    assert stored.status_code == 200
    period_reopen(period=council.q3, user=manager, reason="A figure was wrong.")
    reopened = Client().get(_url(plan, council.q3))
    assert reopened.status_code == 302 and "/accounts/login/" in reopened["Location"]
    # The lead corrects Ref 10's words, the manager approves and publishes the quarter again.
    approved = ActionUpdate.objects.get(action__plan=plan, action__ref="10", period=council.q3)
    returned = update_return(update=approved, user=manager, comment="Correct the words.")
    corrected = _save(
        council, council.q3, progress="<p>CORRECTED words.</p>", submit=True,
        version=returned.version,
    )  # fmt: skip
    update_approve(update=corrected, user=manager)
    period_publish(period=council.q3, user=manager)
    republished = Client().get(_url(plan, council.q3))
    assert republished.status_code == 200 and republished[CACHE_HEADER] == "miss"
    assert "CORRECTED words." in republished.content.decode()
    assert "CORRECTED words." not in stored.content.decode()
    assert republished["ETag"] != stored["ETag"]


def test_publishing_the_next_quarter_changes_the_stored_page(council, plan):
    before = Client().get(_url(plan, council.q3)).content.decode()
    assert "2022-23 Q4" not in before  # the public's period switcher lists published quarters
    update = _save(council, council.q4, progress="<p>Delivered.</p>", submit=True)
    update_approve(update=update, user=council.people["manager"])
    period_publish(period=council.q4, user=council.people["manager"])
    after = Client().get(_url(plan, council.q3))
    assert after[CACHE_HEADER] == "miss" and "2022-23 Q4" in after.content.decode()


def test_renaming_the_plan_changes_the_stored_page(council, plan):
    Client().get(_url(plan, council.q3))
    plan.name = "Renamed Climate Strategy"
    plan.save()
    after = Client().get(_url(plan, council.q3))
    assert after[CACHE_HEADER] == "miss" and "Renamed Climate Strategy" in after.content.decode()


def test_drafts_neither_reach_the_store_nor_change_it(council, plan):
    stored = Client().get(_url(plan, council.q3))
    generation = public_pages_generation()
    _save(council, council.q4, progress="<p>SECRETDRAFT words.</p>", submit=False)
    assert public_pages_generation() == generation  # an open quarter's draft: no change
    assert Client().get(_url(plan, council.q3))[CACHE_HEADER] == "hit"

    lead = Client()
    lead.force_login(council.people["planning"])
    own = lead.get(_url(plan, council.q4))
    assert own.status_code == 200 and "SECRETDRAFT" in own.content.decode()
    assert CACHE_HEADER not in own  # a signed-in reader's page is never stored
    public = Client().get(_url(plan, council.q4))
    assert public.status_code == 302 and b"SECRETDRAFT" not in public.content
    # The lead's own view of the published quarter is theirs, not the stored one.
    theirs = lead.get(_url(plan, council.q3))
    assert CACHE_HEADER not in theirs and theirs.content != stored.content


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_reader_with_a_session_or_a_message_is_served_afresh(council, plan, cookie):
    Client().get(_url(plan, council.q3))
    reader = Client()
    reader.cookies[cookie] = "something"
    response = reader.get(_url(plan, council.q3))
    assert response.status_code == 200 and CACHE_HEADER not in response


def test_a_change_moves_the_generation_on_now_and_again_when_it_commits(
    db, django_capture_on_commit_callbacks
):
    first = public_pages_generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        public_pages_changed()
        during = public_pages_generation()
    after = public_pages_generation()
    assert len(callbacks) == 1
    assert len({first, during, after}) == 3
    assert after[1] >= first[1]  # Last-Modified moves on with it
