from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from netzero.indicators.services import indicator_create, indicator_goal_add

pytestmark = pytest.mark.django_db


def test_the_plans_list_shows_latest_value_next_goal_and_verdict(client, sessions, plan):
    response = client.get(reverse("indicators:plan", kwargs={"plan_slug": plan.slug}))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("indicators:detail", kwargs={"pk": sessions.pk}) in page
    assert "8 sessions a year (2022-23 Q4)" in page
    assert "12 sessions a year, by March 2024" in page
    assert "govuk-tag--green" in page and "On track" in page


def test_the_organisations_list_shows_whose_each_is(client, sessions, plan):
    indicator_create(organisation=plan.organisation, name="Council-wide", unit="%")
    url = reverse("indicators:organisation", kwargs={"org_slug": plan.organisation.slug})
    page = client.get(url).content.decode()
    assert "Council-wide" in page and "Training sessions held" in page
    assert f"{plan.name} ({plan.organisation.name})" in page


def test_the_detail_page(client, sessions, plan):
    response = client.get(reverse("indicators:detail", kwargs={"pk": sessions.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 sessions a year in 2019" in page  # the baseline
    assert "Higher is better" in page
    assert "Counted by the team." in page and "Quarterly report." in page
    assert "A rise of 2 sessions a year each year from 2022" in page
    assert f'href="/plans/{plan.slug}/actions/9/"' in page
    assert 'id="indicator-chart-spec"' in page  # the chart, with its table
    assert '<table class="govuk-table nzt-table--compact" id="trajectory">' in page


def test_an_indicator_with_no_values_says_so(client, plan):
    indicator = indicator_create(plan=plan, name="Fleet converted", unit="%", direction="up")
    indicator_goal_add(indicator=indicator, value=Decimal(90), year=2028, label="by 2028")
    page = client.get(reverse("indicators:detail", kwargs={"pk": indicator.pk})).content.decode()
    assert "No values recorded yet." in page
    assert "No baseline stated" in page
    assert "90%, by 2028" in page
    assert "Not enough data: at least two values are needed." in page


def test_unknown_addresses_are_not_found(client, plan):
    assert client.get(reverse("indicators:detail", kwargs={"pk": 9999})).status_code == 404
    assert client.get("/plans/no-such-plan/indicators/").status_code == 404
    assert client.get("/organisations/no-such-org/indicators/").status_code == 404


def test_the_plans_page_links_its_indicators(client, plan):
    page = client.get(reverse("plans:outline", kwargs={"plan_slug": plan.slug})).content.decode()
    assert f'href="/plans/{plan.slug}/indicators/"' in page


def test_pages_only_read(client, sessions, plan):
    url = reverse("indicators:detail", kwargs={"pk": sessions.pk})
    assert client.post(url).status_code == 405
