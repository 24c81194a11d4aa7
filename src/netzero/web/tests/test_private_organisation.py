"""An organisation whose pages are not public (``Organisation.is_public`` False): every public
page of it is not found (404) for anyone outside it, signed in or not; its own people read them.
The table covers every public page that shows an organisation's records."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from netzero.footprints.services import entry_report, stated_total_record, target_record
from netzero.indicators.services import indicator_create

PUBLISHED = "2022-23-Q3"
FILES = ("report_docx", "report_pdf", "dashboard_xlsx", "dashboard_csv", "dashboard_json")


def _urls(plan, indicator) -> dict[str, str]:
    p = {"plan_slug": plan.slug}
    o = {"org_slug": plan.organisation.slug}
    return {
        "web:organisation": reverse("web:organisation", kwargs=o),
        "dashboards:plan": reverse("dashboards:plan", kwargs=p),
        "dashboards:period_switch": reverse("dashboards:period_switch", kwargs=p)
        + f"?period={PUBLISHED}",
        "dashboards:dashboard": reverse(
            "dashboards:dashboard", kwargs=p | {"period_slug": PUBLISHED}
        ),
        "dashboards:action": reverse("dashboards:action", kwargs=p | {"ref": "16"}),
        "dashboards:search": reverse("dashboards:search", kwargs=p) + "?q=16",
        "dashboards:trend": reverse("dashboards:trend", kwargs=p),
        "classifications:matrix": reverse("classifications:matrix", kwargs=p),
        "footprints:latest": reverse("footprints:latest", kwargs=o),
        "footprints:organisation": reverse(
            "footprints:organisation", kwargs=o | {"year": "2022-23"}
        ),
        "footprints:chart_svg": reverse("footprints:chart_svg", kwargs=o | {"year": "2022-23"}),
        "footprints:trend": reverse("footprints:trend", kwargs=o),
        "footprints:trend_svg": reverse(
            "footprints:trend_svg", kwargs=o | {"boundary": "council_net_zero"}
        ),
        "indicators:plan": reverse("indicators:plan", kwargs=p),
        "indicators:organisation": reverse("indicators:organisation", kwargs=o),
        "indicators:detail": reverse("indicators:detail", kwargs={"pk": indicator.pk}),
        **{
            f"reports:{name}": reverse(f"reports:{name}", kwargs=p | {"period_slug": PUBLISHED})
            for name in FILES
        },
    }


NAMES = [
    "web:organisation",
    "dashboards:plan",
    "dashboards:period_switch",
    "dashboards:dashboard",
    "dashboards:action",
    "dashboards:search",
    "dashboards:trend",
    "classifications:matrix",
    "footprints:latest",
    "footprints:organisation",
    "footprints:chart_svg",
    "footprints:trend",
    "footprints:trend_svg",
    "indicators:plan",
    "indicators:organisation",
    "indicators:detail",
    *(f"reports:{name}" for name in FILES),
]


@pytest.fixture
def private(council):
    """The council with a footprint, a target and an indicator; its pages not public."""
    organisation = council.plan.organisation
    for year, tco2e in ((2021, "12"), (2022, "10")):
        stated_total_record(
            organisation=organisation,
            reporting_year=year,
            label="Council net zero scope",
            boundary="council_net_zero",
            tco2e=tco2e,
            source="Annual report",
        )
    entry_report(
        organisation=organisation,
        reporting_year=2022,
        category="gas",
        boundary="council_net_zero",
        tco2e="4",
        source="Annual report",
    )
    target_record(
        organisation=organisation,
        description="Net zero by 2030",
        target_year=2030,
        reduction_percent="100",
        source="Climate strategy",
    )
    indicator = indicator_create(
        plan=council.plan, name="Sessions held", unit="sessions a year", direction="up"
    )
    organisation.is_public = False
    organisation.save()
    return council, _urls(council.plan, indicator)


@pytest.mark.parametrize("name", NAMES)
def test_a_private_organisations_pages_are_not_found_outside_it(name, private):
    council, urls = private
    url = urls[name]
    outcomes = {}
    for role in ("anonymous", "outsider", "partner", "viewer", "manager"):
        client = Client()
        if role != "anonymous":
            client.force_login(council.people[role])
        outcomes[role] = client.get(url).status_code
    assert outcomes["anonymous"] == outcomes["outsider"] == outcomes["partner"] == 404, outcomes
    assert outcomes["viewer"] in (200, 302) and outcomes["manager"] in (200, 302), outcomes


def test_the_same_pages_are_public_when_the_organisation_is(private):
    council, urls = private
    organisation = council.plan.organisation
    organisation.is_public = True
    organisation.save()
    client = Client()
    refused = {
        name: status
        for name in NAMES
        if (status := client.get(urls[name]).status_code) not in (200, 302)
    }
    assert refused == {}


def test_home_page_lists_leave_a_private_organisation_out(private, client):
    council, _ = private
    page = client.get("/").content.decode()
    assert council.plan.name not in page
    assert "Borough Council" not in page.replace("Other District Council", "")
    client.force_login(council.people["viewer"])
    page = client.get("/").content.decode()
    assert council.plan.name in page
    assert reverse("footprints:latest", kwargs={"org_slug": "borough-council"}) in page


def test_the_partnership_page_leaves_a_private_member_out(private, client):
    council, _ = private
    url = reverse("web:partnership", kwargs={"org_slug": "county-partnership"})
    page = client.get(url).content.decode()
    assert "Other District Council" in page
    assert "Borough Council<" not in page and "borough-council" not in page
    client.force_login(council.people["viewer"])
    assert "borough-council" in client.get(url).content.decode()


def test_a_private_partnership_page_is_not_found_outside_it(private, client):
    council, _ = private
    partnership = council.plan.organisation.partnership
    partnership.is_public = False
    partnership.save()
    url = reverse("web:partnership", kwargs={"org_slug": partnership.slug})
    assert client.get(url).status_code == 404
    client.force_login(council.people["partner"])  # a member of the partnership itself
    assert client.get(url).status_code == 200


def test_an_organisations_own_indicator_is_not_found_outside_it(private, client):
    council, _ = private
    indicator = indicator_create(
        organisation=council.plan.organisation, name="Electricity used", unit="kWh"
    )
    url = reverse("indicators:detail", kwargs={"pk": indicator.pk})
    assert client.get(url).status_code == 404
    client.force_login(council.people["outsider"])
    assert client.get(url).status_code == 404
    client.force_login(council.people["viewer"])
    assert client.get(url).status_code == 200
