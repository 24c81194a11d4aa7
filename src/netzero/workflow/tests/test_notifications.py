"""Who is emailed when an update is submitted, returned or approved, what the email says, and
that nothing is sent before the change commits (Django's locmem outbox)."""

from __future__ import annotations

import socket

import pytest
from django.core import mail
from django.test import Client

from netzero.core.exceptions import Refused
from netzero.demo.services import demo_load, demo_users_create, demo_workflow_load
from netzero.reporting.models import ActionUpdate
from netzero.workflow.services import update_approve, update_return, update_save

SITE = "https://tracker.example.invalid"
EDIT = "/plans/borough-climate-strategy/periods/2022-23-Q4/actions/16/update/"
REVIEW = "/plans/borough-climate-strategy/periods/2022-23-Q4/actions/16/review/"


@pytest.fixture
def ref16(council):
    action = council.actions["16"]
    action.title = "Net zero new council buildings"
    action.save()
    return action


def _submit(council, ref16, **extra):
    return update_save(
        action=ref16,
        period=council.q4,
        user=council.people["planning"],
        status="Review",
        progress="<p>Design agreed.</p>",
        reason="Funding delayed.",
        mitigation="",
        expected_version=0,
        submit=True,
        **extra,
    )


def test_submitting_emails_who_may_approve_with_a_link_to_the_review_page(
    council, ref16, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = _submit(council, ref16, site_url=SITE + "/")
    assert update.notified == [
        "manager@example.invalid"
    ]  # the programme manager; not the administrator too
    [email] = mail.outbox
    assert email.to == ["manager@example.invalid"]
    assert email.subject == (
        "Ref 16 Net zero new council buildings: 2022-23 Q4 update submitted for approval"
    )
    assert email.body == (
        "Hello manager@example.invalid,\n\nplanning@example.invalid submitted the 2022-23 Q4 "
        "update for Ref 16 Net zero new "
        "council buildings (Borough Climate Strategy). It is waiting for your approval.\n\n"
        f"Approve it or return it to its lead at {SITE}{REVIEW}\n"
    )


def test_a_draft_emails_nobody(council, ref16, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update = update_save(
            action=ref16,
            period=council.q4,
            user=council.people["planning"],
            status="Action",
            progress="",
            reason="",
            mitigation="",
            expected_version=0,
        )
    assert update.notified == [] and mail.outbox == []


def test_a_refused_submission_emails_nobody(council, ref16, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Refused):
        update_save(
            action=ref16,
            period=council.q4,
            user=council.people["planning"],
            status="Action",
            progress="<p>Stalled.</p>",
            reason="Late.",
            mitigation="",
            expected_version=0,
            submit=True,
        )
    assert callbacks == [] and mail.outbox == []


def test_nothing_is_sent_before_the_change_commits(council, ref16):
    _submit(council, ref16)
    assert mail.outbox == []  # the test's transaction is never committed


def test_returning_emails_the_author_and_the_actions_leads_with_the_comment(
    council, ref16, django_capture_on_commit_callbacks
):
    update = _submit(council, ref16)
    council.people["planning"].first_name = "Asha"
    council.people["planning"].last_name = "Patel"
    council.people["planning"].save()
    with django_capture_on_commit_callbacks(execute=True):
        returned = update_return(
            update=update,
            user=council.people["manager"],
            comment="Say when the design will be signed off.",
            site_url=SITE,
        )
    assert returned.notified == ["Asha Patel"]  # the author, who is also the theme lead
    [email] = mail.outbox
    assert email.to == ["planning@example.invalid"]
    assert email.subject == (
        "Ref 16 Net zero new council buildings: 2022-23 Q4 update returned to you"
    )
    assert email.body == (
        "Hello Asha Patel,\n\nmanager@example.invalid returned the 2022-23 Q4 update for "
        "Ref 16 Net zero new "
        "council buildings (Borough Climate Strategy) for changes.\n\nWhat needs to change:\n"
        "Say when the design will be signed off.\n\n"
        f"Change it and submit it again at {SITE}{EDIT}\n"
    )


def test_approving_emails_the_author_and_every_lead_once(
    council, django_capture_on_commit_callbacks
):
    """Ref 25: transport leads its theme, the contributor is named on it; the manager wrote it."""
    update = update_save(
        action=council.actions["25"],
        period=council.q4,
        user=council.people["manager"],
        status="Good",
        progress="<p>Done.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        approved = update_approve(update=update, user=council.people["manager"])
    assert approved.state == ActionUpdate.State.APPROVED
    # not the manager, who approved it (and wrote it)
    assert sorted(approved.notified) == [
        "contributor@example.invalid",
        "transport@example.invalid",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contributor@example.invalid",
        "transport@example.invalid",
    ]
    body = mail.outbox[0].body
    assert "manager@example.invalid approved the 2022-23 Q4 update for Ref 25" in body
    assert (
        "http://127.0.0.1:8000/plans/borough-climate-strategy/periods/2022-23-Q4/actions/25/update/"
        in body
    )


def test_the_pages_say_who_was_told_and_link_to_the_site_in_use(
    council, ref16, django_capture_on_commit_callbacks, settings
):
    settings.ALLOWED_HOSTS = ["nzt.example.invalid"]
    lead, manager = Client(), Client()
    lead.force_login(council.people["planning"])
    manager.force_login(council.people["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        page = lead.post(
            EDIT,
            {
                "status": "review",
                "progress": "Design agreed.",
                "reason": "Funding delayed.",
                "mitigation": "",
                "version": "0",
                "intent": "submit",
            },
            follow=True,
            HTTP_HOST="nzt.example.invalid",
        )
    assert (
        "update submitted for approval. Emailed manager@example.invalid." in page.content.decode()
    )
    assert f"http://nzt.example.invalid{REVIEW}" in mail.outbox[0].body
    update = ActionUpdate.objects.get(action=ref16, period=council.q4)
    with django_capture_on_commit_callbacks(execute=True):
        page = manager.post(
            REVIEW,
            {"version": update.version, "comment": "Dates?", "decision": "return"},
            follow=True,
            HTTP_HOST="nzt.example.invalid",
        )
    assert "update returned to its lead. Emailed planning@example.invalid." in page.content.decode()
    assert f"http://nzt.example.invalid{EDIT}" in mail.outbox[1].body


def test_an_untitled_action_is_named_by_the_start_of_its_text(council):
    from netzero.plans.presenters import action_name

    action = council.actions["10"]
    action.title = ""
    action.text = "<p>Develop a Renewable Energy Strategy for the county including an energy "
    action.text += "resource assessment.</p>"
    assert action_name(action) == (
        "Ref 10 Develop a Renewable Energy Strategy for the county including an…"
    )
    action.title = "Renewable energy strategy"
    assert action_name(action) == "Ref 10 Renewable energy strategy"


def _closed_port() -> int:
    """A local port nothing listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_cannot_be_reached_does_not_fail_the_saved_submission(
    client, council, settings, django_capture_on_commit_callbacks
):
    """A real SMTP connection to a port nothing listens on: the lead's submission is saved and
    the page answers; the failure is logged, not shown as a server error."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )
    client.force_login(council.people["planning"])
    url = f"/plans/{council.plan.slug}/periods/{council.q4.slug}/actions/10/update/"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = client.post(
            url,
            {
                "version": 0,
                "intent": "submit",
                "status": "good",
                "progress": "Depot survey done.",
            },
        )
    assert len(callbacks) == 1  # the email was attempted after the commit
    assert sent.status_code == 302
    update = ActionUpdate.objects.get(action__ref="10", period=council.q4)
    assert update.state == ActionUpdate.State.SUBMITTED


def test_loading_the_demo_emails_nobody(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = demo_load()
        demo_users_create(plan=plan)
        demo_workflow_load(plan=plan)  # submits Ref 10 and Ref 24 for approval
    assert mail.outbox == []
    assert ActionUpdate.objects.filter(state=ActionUpdate.State.SUBMITTED).exists()
