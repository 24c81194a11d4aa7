"""The breadcrumb of an organisation's footprint and trend pages names its partnership only for a
member of it (an ICS's NHS bodies); a council working with the partnership as a partner is not
inside it, so its pages go straight from Home to the council."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from netzero.footprints.models import Boundary, FootprintEntry
from netzero.organisations.models import Organisation, PartnershipRole
from netzero.testing.factories import OrganisationFactory


def _crumbs(response) -> list[str]:
    nav = re.search(r'<nav class="govuk-breadcrumbs".*?</nav>', response.content.decode(), re.S)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li.*?</li>", nav.group(0))]


@pytest.fixture
def bodies(db):
    ics = OrganisationFactory(
        name="Joined Up Care", slug="jucd", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    trust = OrganisationFactory(
        name="A Trust", slug="a-trust", kind=Organisation.Kind.NHS_TRUST, partnership=ics
    )
    council = OrganisationFactory(
        name="A County Council",
        slug="a-county",
        kind=Organisation.Kind.COUNTY_COUNCIL,
        partnership=ics,
        partnership_role=PartnershipRole.PARTNER,
    )
    empty = OrganisationFactory(
        name="Another Council",
        slug="another",
        partnership=ics,
        partnership_role=PartnershipRole.PARTNER,
    )
    for org in (trust, council):
        FootprintEntry.objects.create(
            organisation=org,
            reporting_year=2020,
            scope=1,
            category="gas",
            boundary=Boundary.CUSTOM,
            tco2e=Decimal(10),
            method=FootprintEntry.Method.REPORTED,
            source="Annual report",
        )
    return trust, council, empty


def test_a_member_s_pages_name_its_partnership(client, bodies):
    assert _crumbs(client.get("/organisations/a-trust/footprint/trend/")) == [
        "Home",
        "Joined Up Care",
        "A Trust",
        "Footprint by year",
    ]
    crumbs = _crumbs(client.get("/organisations/a-trust/footprint/2020-21/"))
    assert crumbs == ["Home", "Joined Up Care", "A Trust"]


def test_a_partner_s_pages_do_not(client, bodies):
    assert _crumbs(client.get("/organisations/a-county/footprint/trend/")) == [
        "Home",
        "A County Council",
        "Footprint by year",
    ]
    assert _crumbs(client.get("/organisations/a-county/footprint/2020-21/")) == [
        "Home",
        "A County Council",
    ]
    assert _crumbs(client.get("/organisations/another/footprint/", follow=True)) == [
        "Home",
        "Another Council",
    ]
