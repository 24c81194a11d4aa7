"""Ref 20 reports through Ref 16 (the small council, as in the paper): its status is always
Ref 16's, through every write of the quarterly cycle, and the dashboard and its summary say so."""

from __future__ import annotations

import pytest

from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import priority_paragraphs
from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status
from netzero.workflow.services import (
    period_publish,
    update_approve,
    update_record,
    update_return,
    update_save,
)


def _save(council, who, ref, *, status, submit=False, progress="<p>Progress.</p>", **text):
    action = council.plan.actions.get(ref=ref)
    current = ActionUpdate.objects.filter(action=action, period=council.q4).first()
    return update_save(
        action=action,
        period=council.q4,
        user=council.people[who],
        status=status,
        progress=progress,
        reason=text.get("reason", "Guidance from government is awaited."),
        mitigation=text.get("mitigation", "Escalated to the joint planning board."),
        expected_version=current.version if current else 0,
        submit=submit,
    )


def _update(council, ref) -> ActionUpdate | None:
    return (
        ActionUpdate.objects.filter(action__plan=council.plan, action__ref=ref)
        .filter(period=council.q4)
        .first()
    )


def _row(council, ref):
    dashboard = dashboard_for_period(plan=council.plan, period=council.q4)
    return next(r for r in dashboard.rows if r.ref == ref)


@pytest.mark.django_db
def test_approving_the_action_reported_through_puts_the_reporter_in_step(council):
    assert _update(council, "20") is None
    sixteen = _save(council, "planning", "16", status="Action", submit=True)
    # Submitted with Ref 16: recorded for Ref 20 with its status and state, and a note saying why.
    twenty = _update(council, "20")
    assert (twenty.status, twenty.state) == (Status.ACTION, ActionUpdate.State.SUBMITTED)
    assert twenty.note == "Reports through Ref 16: its status is Ref 16's."
    assert twenty.progress == "<p>See Ref 16.</p>"  # as the paper words it, not left blank
    update_approve(update=sixteen, user=council.people["manager"])
    twenty.refresh_from_db()
    assert (twenty.status, twenty.state) == (Status.ACTION, ActionUpdate.State.APPROVED)
    assert _row(council, "20").status == Status.ACTION
    assert _row(council, "20").previous_status == Status.NOT_REPORTED  # its own Q3, as published


@pytest.mark.django_db
def test_the_reporter_cannot_take_a_status_of_its_own(council):
    _save(council, "planning", "16", status="Action")  # a draft: Ref 20's follows, still a draft
    twenty = _save(
        council, "planning", "20", status="Good", progress="<p>See Action 16</p>", reason=""
    )
    # Its own words are kept; its status stays Ref 16's and Action's reasons are not asked here.
    assert (twenty.status, twenty.progress) == (Status.ACTION, "<p>See Action 16</p>")
    assert twenty.state == ActionUpdate.State.DRAFT
    assert _row(council, "20").status == Status.ACTION


@pytest.mark.django_db
def test_a_reporter_with_its_own_words_keeps_its_own_review_state(council):
    _save(council, "planning", "20", status="Good", progress="<p>See Action 16</p>", submit=True)
    twenty = _update(council, "20")
    assert (twenty.status, twenty.state) == (Status.NOT_REPORTED, ActionUpdate.State.SUBMITTED)
    sixteen = _save(council, "planning", "16", status="Review", submit=True)
    update_return(update=sixteen, user=council.people["manager"], comment="Say which board.")
    twenty.refresh_from_db()
    # Status follows Ref 16; the state is Ref 20's own (its words await their own review).
    assert (twenty.status, twenty.state) == (Status.REVIEW, ActionUpdate.State.SUBMITTED)


@pytest.mark.django_db
def test_an_operator_recording_ref_16_puts_ref_20_in_step(council):
    update_record(
        plan=council.plan,
        ref="16",
        period_name=council.q4.name,
        status="Review",
        reason="Guidance awaited.",
        user=council.people["manager"],
    )
    assert _update(council, "20").status == Status.REVIEW
    refused_own = update_record(
        plan=council.plan,
        ref="20",
        period_name=council.q4.name,
        status="Good",
        user=council.people["manager"],
    )
    assert refused_own.status == Status.REVIEW


@pytest.mark.django_db
def test_published_summary_never_has_the_reporter_moving_on_its_own(council):
    """The issue's case: Ref 16 worsened to Action; Ref 20 could be approved as Good and the
    summary announced it moving to Good. Now it moves with Ref 16 or not at all."""
    manager = council.people["manager"]
    sixteen = _save(council, "planning", "16", status="Action", submit=True)
    update_approve(update=sixteen, user=manager)
    twenty = _update(council, "20")
    period_publish(period=council.q4, user=manager)
    dashboard = dashboard_for_period(plan=council.plan, period=council.q4)
    moved = {m.ref: (m.from_status, m.to_status) for m in dashboard.movements}
    assert moved["16"] == (Status.REVIEW, Status.ACTION)
    assert moved.get("20") in (None, (Status.NOT_REPORTED, Status.ACTION))
    assert twenty.status == Status.ACTION
    words = " ".join(p.text for p in priority_paragraphs(dashboard))
    assert "to Good" not in words


@pytest.mark.django_db
def test_the_reporters_update_page_asks_only_for_its_progress(client, council):
    _save(council, "planning", "16", status="Review")
    client.force_login(council.people["planning"])
    url = f"/plans/{council.plan.slug}/periods/{council.q4.slug}/actions/20/update/"
    page = client.get(url)
    text = page.content.decode()
    assert "Ref 20 reports through Ref 16: its status is Ref 16&#x27;s (now Review)" in text
    assert 'name="status"' not in text and 'name="reason"' not in text
    sent = client.post(
        url,
        {
            "version": _update(council, "20").version,
            "intent": "submit",
            "progress": "See Action 16",
        },
    )
    assert sent.status_code == 302
    twenty = _update(council, "20")
    assert (twenty.status, twenty.state) == (Status.REVIEW, ActionUpdate.State.SUBMITTED)
    assert twenty.progress == "<p>See Action 16</p>"
