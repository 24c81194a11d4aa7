from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape

from netzero.core.users import full_name
from netzero.reporting.models import ActionUpdate


@pytest.fixture
def plan(council):
    """A council's plan: 2022-23 Q2 and Q3 published, Q4 open (netzero.testing.council)."""
    return council.plan


@pytest.fixture
def q3(council):
    return council.q3


@pytest.fixture
def q4(council):
    return council.q4


@pytest.fixture
def people(council):
    return council.people


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _version(html: bytes) -> str:
    return re.search(rb'name="version" value="(\d+)"', html).group(1).decode()


def test_second_save_is_refused_and_keeps_the_text_on_screen(people, plan, q4):
    url = f"/plans/{plan.slug}/periods/2022-23-Q4/actions/16/update/"
    ActionUpdate.objects.create(
        action=plan.actions.get(ref="16"), period=q4, status="review", reason="Waiting."
    )
    lead, manager = _client(people["planning"]), _client(people["manager"])
    lead_version = _version(lead.get(url).content)
    manager_version = _version(manager.get(url).content)
    assert lead_version == manager_version == "1"

    first = manager.post(
        url,
        {
            "status": "review",
            "reason": "Waiting.",
            "version": manager_version,
            "progress": "The manager's words.",
            "intent": "draft",
        },
    )
    assert first.status_code == 302

    second = lead.post(
        url,
        {
            "status": "action",
            "reason": "Stalled.",
            "mitigation": "Escalate.",
            "version": lead_version,
            "progress": "The lead's words.",
            "intent": "submit",
        },
    )
    assert second.status_code == 200
    body = second.content.decode()
    manager = people["manager"]
    assert f"{escape(full_name(manager))} saved this update" in body  # by name, not username
    assert f"{manager.get_username()} saved" not in body
    assert "The lead&#x27;s words.</textarea>" in body  # their text kept in the form
    assert "<p>The manager's words.</p>" in body  # and the saved version shown beside it
    assert _version(second.content) == "2"  # saving again now overwrites knowingly
    stored = ActionUpdate.objects.get(period=q4, action__ref="16")
    assert (stored.progress, stored.status, stored.version) == (
        "<p>The manager's words.</p>",
        "review",
        2,
    )


def test_the_form_starts_from_last_quarter_and_validates(people, plan, q4):
    lead = _client(people["planning"])
    url = f"/plans/{plan.slug}/periods/2022-23-Q4/actions/16/update/"
    page = lead.get(url).content.decode()
    assert 'value="review" checked' in page
    assert "This update starts from last quarter" in page
    response = lead.post(url, {"status": "action", "version": "0", "intent": "submit"})
    body = response.content.decode()
    assert "Give the reason for a Review or Action status." in body
    assert "Say what is being done about an Action status." in body
    assert not q4.updates.exists()


def test_a_submitted_update_is_locked_for_its_lead(people, plan, q4):
    ActionUpdate.objects.create(
        action=plan.actions.get(ref="16"),
        period=q4,
        status="good",
        state=ActionUpdate.State.SUBMITTED,
    )
    page = _client(people["planning"]).get(
        f"/plans/{plan.slug}/periods/2022-23-Q4/actions/16/update/"
    )
    assert b"It is with the programme manager" in page.content
    assert b'name="intent"' not in page.content


def test_manage_page_lists_who_has_not_submitted_and_sends_reminders(
    people, plan, q4, mailoutbox, django_capture_on_commit_callbacks
):
    manager = _client(people["manager"])
    base = f"/plans/{plan.slug}/periods/2022-23-Q4"
    page = manager.get(f"{base}/manage/").content.decode()
    assert 'data-ref="16"' in page and "planning" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(f"{base}/remind/", follow=True)
    assert "Reminders emailed to" in response.content.decode()
    to_planning = next(m for m in mailoutbox if m.to == ["planning@example.invalid"])
    # the link is to the site being used (the test client's), not NETZERO_SITE_URL
    assert f"http://testserver{base}/updates/" in to_planning.body


def test_reopen_page_requires_a_reason(people, plan, q3):
    manager = _client(people["manager"])
    url = f"/plans/{plan.slug}/periods/2022-23-Q3/reopen/"
    response = manager.post(url, {"reason": ""})
    assert b"Give the reason for reopening a published period." in response.content
    q3.refresh_from_db()
    assert q3.is_published
    response = manager.post(url, {"reason": "Ref 16 narrative corrected."})
    assert response.status_code == 302
    q3.refresh_from_db()
    assert q3.is_open
