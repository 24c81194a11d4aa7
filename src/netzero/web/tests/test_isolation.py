"""A user of one organisation cannot read or change another's drafts: not by guessing ids in
URLs, not through forms, not in the admin."""

from __future__ import annotations

import pytest
from django.test import Client

from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status


@pytest.fixture
def plan(council):
    """A council's plan: 2022-23 Q2 and Q3 published, Q4 open (netzero.testing.council)."""
    return council.plan


@pytest.fixture
def q4(council):
    return council.q4


@pytest.fixture
def people(council):
    return council.people


@pytest.fixture
def draft(plan, q4):
    return ActionUpdate.objects.create(
        action=plan.actions.get(ref="16"),
        period=q4,
        status=Status.ACTION,
        progress="<p>SECRET DRAFT TEXT</p>",
        state=ActionUpdate.State.DRAFT,
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["outsider", "partner"])
def test_other_organisations_cannot_see_drafts_anywhere(people, plan, draft, who):
    client = _client(people[who])
    base = f"/plans/{plan.slug}"
    for url in [
        f"{base}/periods/2022-23-Q4/",
        f"{base}/periods/?period=2022-23-Q4",
        f"{base}/periods/2022-23-Q4/updates/",
        f"{base}/periods/2022-23-Q4/manage/",
        f"{base}/periods/2022-23-Q4/actions/16/update/",
        f"{base}/periods/2022-23-Q4/actions/16/review/",
    ]:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"SECRET DRAFT TEXT" not in response.content
    # Pages they may read do not leak it either.
    for url in ["/", f"{base}/", f"{base}/actions/16/", f"{base}/periods/2022-23-Q3/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert b"SECRET DRAFT TEXT" not in response.content
        assert b"2022-23-Q4" not in response.content, url  # no link or option to the open quarter


def test_other_organisations_cannot_change_drafts_through_forms(people, plan, draft):
    client = _client(people["outsider"])
    base = f"/plans/{plan.slug}/periods/2022-23-Q4"
    form = {"status": "good", "progress": "<p>Overwritten</p>", "version": str(draft.version)}
    assert client.post(f"{base}/actions/16/update/", form).status_code == 403
    assert client.post(f"{base}/actions/16/review/", {"decision": "approve"}).status_code == 403
    assert client.post(f"{base}/publish/").status_code == 403
    draft.refresh_from_db()
    assert (draft.progress, draft.state) == ("<p>SECRET DRAFT TEXT</p>", ActionUpdate.State.DRAFT)


def test_the_admin_is_scoped_to_the_users_organisation(people, plan, draft, q4):
    from django.contrib.auth.models import Group

    outsider = people["outsider"]
    outsider.is_staff = True
    outsider.save()
    outsider.groups.set(Group.objects.filter(name__startswith="Programme managers"))
    client = _client(outsider)
    listing = client.get("/admin/reporting/actionupdate/")
    assert listing.status_code == 200
    assert b"SECRET DRAFT TEXT" not in listing.content
    assert b"Ref 16" not in listing.content
    assert client.get(f"/admin/reporting/actionupdate/{draft.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    action = plan.actions.get(ref="16")
    assert client.get(f"/admin/plans/action/{action.pk}/change/").status_code in (302, 403, 404)
    response = client.post(f"/admin/plans/action/{action.pk}/change/", {"ref": "16", "text": "x"})
    assert response.status_code in (302, 403, 404)
    action.refresh_from_db()
    assert action.text != "x"
    # The council's own manager sees its records.
    manager = _client(people["manager"])
    own = manager.get(f"/admin/reporting/actionupdate/?period__id__exact={q4.pk}")
    assert b"Ref 16" in own.content


def test_the_public_sees_published_periods_only(client, plan, draft):
    assert client.get(f"/plans/{plan.slug}/").url.endswith("/periods/2022-23-Q3/")
    page = client.get(f"/plans/{plan.slug}/periods/2022-23-Q3/").content.decode()
    assert "2022-23-Q4" not in page  # not even in the period switcher
    assert client.get(f"/plans/{plan.slug}/periods/2022-23-Q4/").status_code == 302
