"""The factories make valid, connected records, and the small council is what it says it is."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from netzero.access.models import Membership
from netzero.dashboards.selectors import dashboard_for_period, plan_overviews
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status
from netzero.testing.council import OFF_TRACK_Q3, PRIORITY_TOTAL
from netzero.testing.factories import (
    PASSWORD,
    ActionFactory,
    ActionUpdateFactory,
    DeliveryThemeFactory,
    MembershipFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ThemeFactory,
    period_published,
)

pytestmark = pytest.mark.django_db


def test_a_nested_theme_tree_stays_in_one_plan():
    vision = ThemeFactory(name="A healthier, greener estate")
    objective = ThemeFactory(parent=vision, name="Cut building energy")
    detail = ThemeFactory(parent=objective, name="Heat pumps in clinics")
    assert objective.plan == vision.plan == detail.plan
    assert list(vision.children.all()) == [objective]
    assert list(objective.children.all()) == [detail]
    with pytest.raises(ValidationError, match="same plan"):
        ThemeFactory(parent=vision, plan=PlanFactory())


def test_an_update_is_made_in_a_period_of_its_actions_plan():
    update = ActionUpdateFactory()
    assert update.period.plan == update.action.plan == update.action.theme.plan
    assert (update.state, update.status) == (ActionUpdate.State.DRAFT, Status.GOOD)
    with pytest.raises(ValidationError, match="another plan"):
        ActionUpdateFactory(period=ReportingPeriodFactory())


def test_priority_and_long_list_actions():
    plan = PlanFactory()
    fleet = DeliveryThemeFactory(plan=plan, name="Fleet", lead_name="Fleet Manager")
    priority = ActionFactory(plan=plan, delivery_theme=fleet, impact="high")
    long_list = ActionFactory(plan=plan, long_list=True)
    assert (priority.kind, priority.delivery_theme.lead_display) == (
        Action.Kind.PRIORITY,
        "Fleet Manager",
    )
    assert long_list.kind == Action.Kind.LONG_LIST
    assert long_list.ref.startswith("LL") and long_list.impact == ""
    follower = ActionFactory(plan=plan, reports_through=priority)
    assert list(priority.reported_by.all()) == [follower]


def test_a_period_is_named_as_printed_and_published_only_through_the_workflow():
    period = ReportingPeriodFactory(name="2022-23 Q3")
    assert (period.year, period.quarter, period.is_open) == (2022, 3, True)
    published = ReportingPeriodFactory(plan=period.plan, name="2022-23 Q4", published=True)
    published.refresh_from_db()
    assert published.is_published and published.snapshot is not None
    assert published.events.get().kind == "published"
    with pytest.raises(ValidationError, match="A period is created open"):
        ReportingPeriodFactory(state=ReportingPeriod.State.PUBLISHED)


def test_updates_of_a_published_period_are_frozen():
    update = ActionUpdateFactory(approved=True)
    period_published(update.period)
    with pytest.raises(ValidationError, match="is published"):
        ActionUpdateFactory(period=update.period, action=ActionFactory(plan=update.action.plan))


def test_a_theme_lead_leads_their_delivery_themes_and_can_sign_in(client):
    planning = DeliveryThemeFactory(name="Planning")
    action = ActionFactory(plan=planning.plan, delivery_theme=planning)
    other = ActionFactory(plan=planning.plan)
    lead = MembershipFactory(
        organisation=planning.plan.organisation,
        role=Membership.Role.THEME_LEAD,
        delivery_themes=[planning],
    ).user
    contributor = MembershipFactory(
        organisation=planning.plan.organisation, role=Membership.Role.CONTRIBUTOR, actions=[other]
    ).user
    assert lead.has_perm("netzero.edit_update", action)
    assert not lead.has_perm("netzero.edit_update", other)
    assert contributor.has_perm("netzero.edit_update", other)
    signed_in = client.post(
        "/accounts/login/", {"username": lead.username, "password": PASSWORD}, follow=True
    )
    assert signed_in.context["user"] == lead


def test_the_small_council_has_the_figures_its_description_gives(council):
    dashboard = dashboard_for_period(plan=council.plan, period=council.q3)
    assert dashboard.priority.total == PRIORITY_TOTAL == 7
    off_track = dashboard.priority.counts[Status.REVIEW] + dashboard.priority.counts[Status.ACTION]
    assert off_track == OFF_TRACK_Q3 == 4
    assert dashboard.long_list.total == 1
    (overview,) = plan_overviews(user=AnonymousUser())
    assert (overview.period, overview.priority_total, overview.off_track) == (council.q3, 7, 4)
    assert council.q2.is_published and council.q3.is_published and council.q4.is_open
    assert set(council.people) == {
        "admin",
        "manager",
        "planning",
        "transport",
        "contributor",
        "viewer",
        "outsider",
        "partner",
    }
