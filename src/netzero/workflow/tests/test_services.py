"""The quarterly cycle end to end through the services, with the rules enforced."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from netzero.core.users import full_name
from netzero.dashboards.formats import dashboard_as_dict
from netzero.dashboards.selectors import dashboard_for_period
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status
from netzero.workflow.models import PeriodEvent
from netzero.workflow.selectors import update_prefill
from netzero.workflow.services import (
    UpdateConflict,
    period_open,
    period_publish,
    period_reopen,
    reminders_send,
    update_approve,
    update_return,
    update_save,
)


@pytest.fixture
def plan(council):
    """The small council (netzero.testing.council): Planning leads Ref 10, 16 and 20; transport
    leads Ref 5, 24 and 25; the contributor is named on Ref 25; Q2 and Q3 published, Q4 open."""
    return council.plan


@pytest.fixture
def people(council):
    return council.people


@pytest.fixture
def q3(council):
    return council.q3


@pytest.fixture
def q4(council):
    return council.q4


def _save(people, who, plan, period, ref, *, status="Review", submit=False, version=0, **text):
    return update_save(
        action=plan.actions.get(ref=ref),
        period=period,
        user=people[who],
        status=status,
        progress=text.get("progress", "<p>Progress.</p>"),
        reason=text.get("reason", "Funding delayed."),
        mitigation=text.get("mitigation", ""),
        expected_version=version,
        submit=submit,
    )


def test_full_cycle_draft_submit_return_resubmit_approve_publish(people, plan, q4):
    draft = _save(people, "planning", plan, q4, "16")
    assert draft.state == ActionUpdate.State.DRAFT and draft.version == 1
    submitted = _save(people, "planning", plan, q4, "16", submit=True, version=1)
    assert (
        submitted.state == ActionUpdate.State.SUBMITTED
        and submitted.submitted_by == people["planning"]
    )

    with pytest.raises(ValidationError, match="Say what needs to change"):
        update_return(update=submitted, user=people["manager"], comment="  ")
    returned = update_return(update=submitted, user=people["manager"], comment="Add the dates.")
    assert (
        returned.state == ActionUpdate.State.RETURNED
        and returned.review_comment == "Add the dates."
    )

    fixed = _save(
        people,
        "planning",
        plan,
        q4,
        "16",
        submit=True,
        version=returned.version,
        progress="<p>Framework paused until March 2023.</p>",
    )
    approved = update_approve(update=fixed, user=people["manager"])
    assert (
        approved.state == ActionUpdate.State.APPROVED and approved.reviewed_by == people["manager"]
    )

    published = period_publish(period=q4, user=people["manager"])
    assert published.is_published and published.snapshot["rows"]
    event = PeriodEvent.objects.get(period=q4, kind=PeriodEvent.Kind.PUBLISHED)
    assert event.user == people["manager"] and event.snapshot == published.snapshot
    # Ref 20 reports through Ref 16, so it has its status; with no update, every other action
    # is published as Not reported.
    d = dashboard_for_period(plan=plan, period=published)
    assert d.frozen and d.priority.counts[Status.REVIEW] == 2
    assert d.priority.counts[Status.NOT_REPORTED] == 5


def test_publishing_tells_the_apps_above_inside_its_transaction(people, plan, q4):
    """``period_published`` is sent once, with the period already published; a receiver that
    fails undoes the publication (the reports app freezes its appendices this way)."""
    from netzero.reporting.signals import period_published

    heard = []

    def listen(sender, *, period, **kwargs):
        heard.append((period.pk, period.is_published, period.snapshot is not None))

    period_published.connect(listen)
    try:
        period_publish(period=q4, user=people["manager"])
    finally:
        period_published.disconnect(listen)
    assert heard == [(q4.pk, True, True)]

    reopened = period_reopen(period=q4, user=people["manager"], reason="Late update")

    def fail(sender, **kwargs):
        raise RuntimeError("the receiver failed")

    period_published.connect(fail)
    try:
        with pytest.raises(RuntimeError, match="the receiver failed"):
            period_publish(period=reopened, user=people["manager"])
    finally:
        period_published.disconnect(fail)
    q4.refresh_from_db()
    assert q4.is_open


def test_publishing_waits_for_every_update_to_be_approved(people, plan, q4):
    _save(people, "planning", plan, q4, "16", submit=True)
    with pytest.raises(ValidationError, match=r"1 update\(s\) are not approved yet: Ref 16 "):
        period_publish(period=q4, user=people["manager"])
    q4.refresh_from_db()
    assert q4.is_open and q4.snapshot is None


def test_a_published_dashboard_never_changes(people, plan, q3):
    before = dashboard_as_dict(dashboard_for_period(plan=plan, period=q3))
    # Later edits to the plan: an action's impact and theme, a theme lead, a new action.
    ref5 = plan.actions.get(ref="5")
    ref5.impact = "low"
    ref5.delivery_theme = plan.delivery_themes.get(name="Planning")
    ref5.save()
    lead = plan.delivery_themes.get(name="Council Property and Estate")
    lead.lead_name = "New Lead"
    lead.save()
    Action.objects.create(plan=plan, ref="33", text="New.", theme=plan.themes.first())
    with pytest.raises(ValidationError, match="is published"):
        ActionUpdate.objects.filter(period=q3, action__ref="1").get().save()
    after = dashboard_as_dict(dashboard_for_period(plan=plan, period=q3))
    assert after == before
    live = dashboard_as_dict(dashboard_for_period(plan=plan, period=q3, live=True))
    assert live != before  # the records did change; the published figures did not


def test_reopening_needs_a_reason_and_is_recorded(people, plan, q3):
    with pytest.raises(ValidationError, match="Give the reason"):
        period_reopen(period=q3, user=people["manager"], reason=" ")
    with pytest.raises(PermissionDenied):
        period_reopen(period=q3, user=people["planning"], reason="Typo in Ref 16.")
    period = period_reopen(period=q3, user=people["manager"], reason="Typo in Ref 16.")
    assert period.is_open
    event = PeriodEvent.objects.get(period=q3, kind=PeriodEvent.Kind.REOPENED)
    assert (event.user, event.reason) == (people["manager"], "Typo in Ref 16.")
    assert PeriodEvent.objects.filter(period=q3, kind=PeriodEvent.Kind.PUBLISHED).count() == 1


def test_leads_cannot_touch_other_themes_or_submitted_updates(people, plan, q4):
    with pytest.raises(PermissionDenied):
        _save(people, "planning", plan, q4, "5")
    with pytest.raises(PermissionDenied):
        _save(people, "viewer", plan, q4, "16")
    with pytest.raises(PermissionDenied):
        _save(people, "outsider", plan, q4, "16")
    update = _save(people, "planning", plan, q4, "16", submit=True)
    with pytest.raises(ValidationError, match="must return it before it can be changed"):
        _save(people, "planning", plan, q4, "16", version=update.version)
    with pytest.raises(PermissionDenied):
        update_approve(update=update, user=people["planning"])


def test_contributor_drafts_only_named_actions(people, plan, q4):
    assert _save(people, "contributor", plan, q4, "25").author == people["contributor"]
    with pytest.raises(PermissionDenied):
        _save(people, "contributor", plan, q4, "24")


def test_second_save_from_a_stale_version_is_refused(people, plan, q4):
    first = _save(people, "planning", plan, q4, "16", progress="<p>Mine.</p>")
    # Both the lead and the manager opened version 1; the manager saves first.
    _save(people, "manager", plan, q4, "16", version=first.version, progress="<p>Manager.</p>")
    # The conflict names the person as the pages do (their full name, else their email address).
    who = re.escape(full_name(people["manager"]))
    with pytest.raises(UpdateConflict, match=f"^{who} saved this update") as exc:
        _save(people, "planning", plan, q4, "16", version=first.version, progress="<p>Lead.</p>")
    assert exc.value.current.progress == "<p>Manager.</p>"
    stored = ActionUpdate.objects.get(period=q4, action__ref="16")
    assert (stored.progress, stored.version) == ("<p>Manager.</p>", 2)


def test_a_new_update_starts_from_last_quarters(plan, q3, q4):
    ref5 = plan.actions.get(ref="5")
    start = update_prefill(action=ref5, period=q4)
    assert start.period == q3 and start.status == Status.REVIEW


def test_reminders_go_to_whoever_has_outstanding_updates(
    people, plan, q4, django_capture_on_commit_callbacks
):
    _save(people, "planning", plan, q4, "16", submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        sent = {r.username: r.refs for r in reminders_send(period=q4, user=people["manager"])}
    assert sent["planning"] == ["10"]  # Ref 20 is updated with Ref 16, which it reports through
    assert sent["transport"] == ["5", "24", "25"]
    assert sent["contributor"] == ["25"]
    assert "1" in sent["manager"] and "16" not in sent["manager"]
    assert "admin" not in sent  # the actions nobody leads go to the programme manager only
    to_planning = next(m for m in mail.outbox if m.to == ["planning@example.invalid"])
    # untitled actions are named by the start of their text
    assert "- Ref 10 What Ref 10 will do\n\n" in to_planning.body
    assert "/periods/2022-23-Q4/updates/" in to_planning.body
    with pytest.raises(PermissionDenied):
        reminders_send(period=q4, user=people["viewer"])


def test_nothing_a_published_period_refers_to_can_be_deleted(people, plan, q3):
    with pytest.raises(ProtectedError), transaction.atomic():
        plan.actions.get(ref="1").delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        ActionUpdate.objects.filter(period=q3).first().delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        q3.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Plan.objects.get(pk=plan.pk).delete()
    assert ReportingPeriod.objects.filter(pk=q3.pk).exists()


def test_opening_a_period(people, plan):
    period = period_open(plan=plan, name="2023-24 Q1", user=people["manager"])
    assert period.is_open and period.events.get().kind == PeriodEvent.Kind.OPENED
    with pytest.raises(ValidationError, match="already has the period"):
        period_open(plan=plan, name="2023-24-Q1", user=people["manager"])
    with pytest.raises(PermissionDenied):
        period_open(plan=plan, name="2023-24 Q2", user=people["planning"])


def test_reason_and_mitigation_are_kept_as_typed(people, plan, q4):
    """Plain text: nothing between < and > is deleted; pages escape it (web/tests/test_xss)."""
    reason = 'Costs <script>alert(1)</script>rose & <b onclick="x">fell</b>'
    mitigation = "<img src=x onerror=alert(2)>Review in < 1 month, if a<b and c>d"
    update = _save(people, "planning", plan, q4, "16", reason=reason, mitigation=mitigation)
    update.refresh_from_db()
    assert update.reason == reason
    assert update.mitigation == mitigation
