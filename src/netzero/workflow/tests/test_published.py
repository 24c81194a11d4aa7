"""What a published period shows, and who can change it: nothing but the workflow, with reasons."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from netzero.access.models import Membership
from netzero.dashboards.selectors import plan_overviews
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate
from netzero.testing.council import OFF_TRACK_Q3, PRIORITY_TOTAL
from netzero.testing.synthetic import synthetic_plan_create
from netzero.workflow.services import (
    UpdateConflict,
    period_publish,
    period_reopen,
    update_approve,
    update_return,
    update_save,
)


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


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _submit(people, plan, period, ref="10", progress="<p>Draft words.</p>", version=0):
    return update_save(
        action=plan.actions.get(ref=ref),
        period=period,
        user=people["planning"],
        status="good",
        progress=progress,
        reason="",
        mitigation="",
        expected_version=version,
        submit=True,
    )


def test_outside_readers_see_only_approved_words_never_drafts_or_review_comments(people, plan, q4):
    draft = _submit(people, plan, q4, progress="<p>SECRETDRAFT wording.</p>")
    returned = update_return(update=draft, user=people["manager"], comment="INTERNALCOMMENT here")
    final = _submit(people, plan, q4, progress="<p>Approved wording.</p>", version=returned.version)
    update_approve(update=final, user=people["manager"])
    period_publish(period=q4, user=people["manager"])

    public = _client().get(f"/plans/{plan.slug}/actions/10/").content.decode()
    assert "Approved wording." in public
    assert "SECRETDRAFT" not in public and "INTERNALCOMMENT" not in public
    assert "2022-23 Q4 update approved" in public
    # The organisation's own people see the whole timeline, in the page body.
    inside = _client(people["viewer"]).get(f"/plans/{plan.slug}/actions/10/").content.decode()
    title = inside.split("<title>")[1].split("</title>")[0]
    assert "timeline" not in title and len(title) < 200
    timeline = inside.split('id="timeline-list"')[1]
    assert "SECRETDRAFT" in timeline and "INTERNALCOMMENT" in timeline
    assert "2022-23 Q4 update returned" in timeline


def test_period_lifecycle_and_published_notes_change_only_through_the_services(plan, q3, q4):
    q3.notes = "Rewritten after publication."
    with pytest.raises(ValidationError, match="is published"), transaction.atomic():
        q3.save()
    q4.state = q4.State.PUBLISHED
    with pytest.raises(ValidationError, match="only from its Manage page"), transaction.atomic():
        q4.save()


def test_admin_history_cannot_revert_a_published_period(people, plan, q3):
    manager = _client(people["admin"])
    first = q3.history.order_by("history_date").first()
    url = f"/admin/reporting/reportingperiod/{q3.pk}/history/{first.history_id}/"
    response = manager.post(url, {"notes": "Reverted", "_save": "Save"})
    assert response.status_code == 403
    q3.refresh_from_db()
    assert q3.is_published and q3.notes != "Reverted"


def test_a_quarter_cannot_be_published_while_an_earlier_one_is_open(people, plan, q3, q4):
    period_reopen(period=q3, user=people["manager"], reason="Correcting Ref 16.")
    with pytest.raises(ValidationError, match="Publish 2022-23 Q3 first"):
        period_publish(period=q4, user=people["manager"])


def test_a_stale_approval_is_refused(people, plan, q4):
    update = _submit(people, plan, q4)
    seen = update.version  # the manager opens the review page
    returned = update_return(update=update, user=people["admin"], comment="Add dates.")
    resubmitted = _submit(people, plan, q4, progress="<p>New.</p>", version=returned.version)
    with pytest.raises(UpdateConflict, match="changed after you opened it"):
        update_approve(update=resubmitted, user=people["manager"], expected_version=seen)
    assert ActionUpdate.objects.get(pk=update.pk).state == ActionUpdate.State.SUBMITTED


def test_an_action_in_a_published_dashboard_cannot_be_deleted_even_without_an_update(
    people, plan, q4
):
    ref10 = plan.actions.get(ref="10")
    assert not ref10.updates.filter(period=q4).exists()
    update_approve(update=_submit(people, plan, q4, ref="16"), user=people["manager"])
    period_publish(period=q4, user=people["manager"])
    ref33 = Action.objects.create(plan=plan, ref="33", text="New.", theme=plan.themes.first())
    with pytest.raises(ProtectedError), transaction.atomic():
        Action.objects.get(pk=ref10.pk).delete()
    ref33.delete()  # not in any published dashboard: may go


def test_home_page_shows_the_published_figures_not_todays(people, plan, q3):
    Action.objects.create(plan=plan, ref="33", text="New.", theme=plan.themes.first())
    (overview,) = plan_overviews(user=AnonymousUser())
    assert overview.period == q3
    assert (overview.priority_total, overview.off_track) == (PRIORITY_TOTAL, OFF_TRACK_Q3) == (7, 4)


@pytest.mark.django_db
def test_your_updates_page_makes_the_same_queries_for_any_number_of_actions(django_user_model):
    counts = []
    for n in (10, 200):
        plan = synthetic_plan_create(actions=n, periods=1, slug=f"plan-{n}")
        user = django_user_model.objects.create_user(f"pm-{n}")
        Membership.objects.create(
            user=user, organisation=plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
        )
        period = plan.periods.get()
        client = _client(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/plans/{plan.slug}/periods/{period.slug}/updates/")
        assert response.status_code == 200
        assert response.content.count(b"data-ref=") == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
