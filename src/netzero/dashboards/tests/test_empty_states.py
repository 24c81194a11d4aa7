"""A plan with no quarter yet: its address is a page saying so, with the next step for its
managers, not a 404 or a redirect."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netzero.access.models import Membership
from netzero.testing.factories import MembershipFactory, PlanFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_plan():
    return PlanFactory(name="Climate Plan", slug="climate-plan")


def test_a_plan_without_quarters_says_so_to_readers(client, new_plan):
    response = client.get(reverse("dashboards:plan", kwargs={"plan_slug": new_plan.slug}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "No quarter of Climate Plan has been published yet." in page
    assert "Open the first quarter" not in page


def test_its_managers_are_offered_the_first_quarter(client, new_plan):
    manager = MembershipFactory(
        organisation=new_plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    client.force_login(manager)
    for name in ("dashboards:plan", "dashboards:trend"):
        page = client.get(reverse(name, kwargs={"plan_slug": new_plan.slug})).content.decode()
        assert "Open the first quarter" in page, name
        assert reverse("workflow:period_new", kwargs={"plan_slug": new_plan.slug}) in page


def test_an_open_first_quarter_is_not_shown_to_the_public(client, new_plan):
    ReportingPeriodFactory(plan=new_plan, name="2025-26 Q1")
    response = client.get(reverse("dashboards:plan", kwargs={"plan_slug": new_plan.slug}))
    assert response.status_code == 200
    assert "No quarter of Climate Plan has been published yet." in response.content.decode()
    manager = MembershipFactory(
        organisation=new_plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    client.force_login(manager)
    response = client.get(reverse("dashboards:plan", kwargs={"plan_slug": new_plan.slug}))
    assert response.status_code == 302 and "2025-26-Q1" in response["Location"]


def test_the_home_page_offers_managers_the_first_quarter(client, new_plan):
    page = client.get("/").content.decode()
    assert "No quarter published yet" in page and "Open the first quarter" not in page
    manager = MembershipFactory(
        organisation=new_plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    client.force_login(manager)
    page = client.get("/").content.decode()
    assert reverse("workflow:period_new", kwargs={"plan_slug": new_plan.slug}) in page
    assert reverse("web:organisation", kwargs={"org_slug": new_plan.organisation.slug}) in page
