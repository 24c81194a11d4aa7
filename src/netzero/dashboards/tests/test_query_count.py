"""The dashboard runs a fixed number of SQL queries, however many actions the plan has."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzero.access.models import Membership
from netzero.dashboards.selectors import dashboard_for_period
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.selectors import period_latest
from netzero.testing.factories import MembershipFactory, period_published
from netzero.testing.synthetic import synthetic_plan_create


def _publish_all() -> None:
    """Synthetic periods are open (drafts); publishing them, oldest first, through the workflow
    (their dashboards frozen) lets the public pages show them."""
    for period in ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN).order_by(
        "year", "quarter"
    ):
        period_published(period)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_service_queries_do_not_grow_with_actions():
    small = synthetic_plan_create(actions=40, periods=3, slug="small")
    large = synthetic_plan_create(actions=2000, periods=3, slug="large")
    counts = {}
    for plan in (small, large):
        period = period_latest(plan=plan)
        counts[plan.slug] = _queries(
            lambda p=plan, q=period: dashboard_for_period(plan=p, period=q)
        )
    # periods, the actions' state changes (completed, retired, ...), themes, delivery themes,
    # the actions with this and last quarter's updates joined, and the plan's notes
    assert counts["small"] == counts["large"] == 6


def _page_queries(client, plan, period, n) -> int:
    url = reverse("dashboards:dashboard", args=[plan.slug, period.slug])
    response = None

    def get():
        nonlocal response
        response = client.get(url)

    count = _queries(get)
    assert response.status_code == 200
    assert response.content.count(b'<tr class="govuk-table__row" data-ref=') == n
    return count


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_actions(client):
    """An open quarter's page, read by the organisation's programme manager, computes the
    dashboard; a published quarter's page, read by the public, shows its frozen figures."""
    live, published = {}, {}
    for slug, n in (("small", 40), ("large", 2000)):
        plan = synthetic_plan_create(actions=n, periods=2, slug=slug)
        manager = MembershipFactory(
            organisation=plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
        ).user
        period = period_latest(plan=plan)
        client.force_login(manager)
        live[slug] = _page_queries(client, plan, period, n)
        client.logout()
        _publish_all()
        published[slug] = _page_queries(client, plan, period, n)
    # The plan and the period; the session, the user and their memberships (three, with the
    # delivery themes and actions they name); then
    # the dashboard's six queries; the downloads box's three (may this person write the report,
    # and which appendices it can carry: the footprint's years, the indicators): the same for 40
    # and 2,000 actions.
    assert live["small"] == live["large"] == 16
    # The plan, the period and its frozen dashboard with the actions' state changes (for the
    # overdue flags and what is not counted) and the plan's notes; the appendices frozen with its
    # report (for the downloads box): the same for 40 and 2,000.
    assert published["small"] == published["large"] == 6


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_plans(client):
    from netzero.dashboards.selectors import plan_overviews

    synthetic_plan_create(actions=10, periods=2, slug="one")
    _publish_all()
    one = _queries(lambda: client.get("/"))
    synthetic_plan_create(actions=10, periods=2, slug="two")
    synthetic_plan_create(actions=10, periods=2, slug="three")
    _publish_all()
    three = _queries(lambda: client.get("/"))
    # plans, periods, the latest published quarters' frozen dashboards, the actions that left
    # the counts, the counts, footprints and areas (one: the organisations' area codes are a
    # subquery): the same however many plans there are
    assert one == three == 8
    overviews = plan_overviews(user=AnonymousUser())
    assert [o.period.name for o in overviews] == ["2024-25 Q4"] * 3


def test_home_page_off_track_count_agrees_with_the_dashboard(demo_plan, q3):
    from netzero.dashboards.selectors import plan_overviews
    from netzero.reporting.status import Status

    (overview,) = plan_overviews(user=AnonymousUser())
    dashboard = dashboard_for_period(plan=demo_plan, period=q3)
    assert overview.period == q3
    assert overview.priority_total == dashboard.priority.total == 32
    assert (
        overview.off_track
        == (dashboard.priority.counts[Status.REVIEW] + dashboard.priority.counts[Status.ACTION])
        == 15
    )
