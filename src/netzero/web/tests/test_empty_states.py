"""Pages that can have nothing yet say so, with the next step for whoever can take it; the first
quarter says what actually happens in a first quarter; the footer's demo line only on demo
organisations' pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from netzero.access.models import Membership
from netzero.core.quarters import quarter_containing
from netzero.testing.factories import (
    ActionFactory,
    MembershipFactory,
    PlanFactory,
    ReportingPeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DEMO_LINE = "demo data comes from published council and NHS papers"


@pytest.fixture
def new_plan():
    return PlanFactory(name="Climate Plan", slug="climate-plan")


@pytest.fixture
def manager(new_plan):
    user = UserFactory(is_staff=True)
    MembershipFactory(
        user=user, organisation=new_plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    )
    return user


def test_opening_the_first_quarter_says_updates_start_empty(client, new_plan, manager):
    client.force_login(manager)
    url = reverse("workflow:period_new", kwargs={"plan_slug": new_plan.slug})
    page = client.get(url).content.decode()
    assert "Open the first quarter" in page
    assert "every update starts empty" in page
    assert "starts from the action's update for the quarter before" not in page
    # The quarter offered is the one we are in (there is no latest to follow).
    assert f'value="{quarter_containing(localdate()).name}"' in page
    ReportingPeriodFactory(plan=new_plan, name="2025-26 Q1")
    page = client.get(url).content.decode()
    assert "The latest quarter is 2025-26 Q1" in page
    assert "every update starts empty" not in page


def test_a_first_quarters_updates_do_not_claim_to_start_from_last_quarters(
    client, new_plan, manager
):
    action = ActionFactory(plan=new_plan, ref="1")
    ReportingPeriodFactory(plan=new_plan, name="2025-26 Q1")
    client.force_login(manager)
    args = {"plan_slug": new_plan.slug, "period_slug": "2025-26-Q1"}
    mine = client.get(reverse("workflow:my_updates", kwargs=args)).content.decode()
    assert "This is the plan's first quarter, so each update starts empty" in mine
    assert "starts from last quarter's" not in mine
    edit = client.get(
        reverse("workflow:update_edit", kwargs=args | {"ref": action.ref})
    ).content.decode()
    assert "starts from last quarter's" not in edit


def test_a_quarter_of_a_plan_without_actions_says_so(client, new_plan, manager):
    ReportingPeriodFactory(plan=new_plan, name="2025-26 Q1")
    client.force_login(manager)
    page = client.get(
        reverse("workflow:period", kwargs={"plan_slug": new_plan.slug, "period_slug": "2025-26-Q1"})
    ).content.decode()
    assert 'id="no-actions"' in page and "has no actions yet" in page


def test_no_indicators_offers_managers_data_entry(client, new_plan, manager):
    url = reverse("indicators:plan", kwargs={"plan_slug": new_plan.slug})
    page = client.get(url).content.decode()
    assert "No indicators recorded yet." in page
    assert reverse("admin:indicators_indicator_add") not in page
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert reverse("admin:indicators_indicator_add") in page


def test_no_footprint_offers_managers_the_figures_page(client, new_plan, manager):
    organisation = new_plan.organisation
    figures = reverse("footprints:figures", kwargs={"org_slug": organisation.slug})
    for name in ("footprints:latest", "footprints:trend"):
        url = reverse(name, kwargs={"org_slug": organisation.slug})
        client.logout()
        page = client.get(url).content.decode()
        assert 'id="no-figures"' in page and figures not in page, name
        client.force_login(manager)
        assert figures in client.get(url).content.decode(), name


def test_the_demo_line_is_only_on_demo_organisations_pages(client, new_plan):
    organisation = new_plan.organisation
    pages = [
        "/",
        reverse("web:organisation", kwargs={"org_slug": organisation.slug}),
        reverse("dashboards:plan", kwargs={"plan_slug": new_plan.slug}),
        reverse("footprints:latest", kwargs={"org_slug": organisation.slug}),
    ]
    assert [DEMO_LINE in client.get(url).content.decode() for url in pages] == [False] * 4
    organisation.is_demo = True
    organisation.save()
    assert [DEMO_LINE in client.get(url).content.decode() for url in pages] == [True] * 4
