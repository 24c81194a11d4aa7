"""The partnership page adds members' figures up only where they compare: per boundary, and only
in a year when every member itemising figures on that boundary has figures."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from netzero.footprints.models import Boundary, FootprintEntry
from netzero.footprints.presenters import partnership_table
from netzero.footprints.selectors import partnership_overview
from netzero.organisations.models import Organisation
from netzero.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
D = Decimal
CF, PLUS = Boundary.NHS_CARBON_FOOTPRINT, Boundary.NHS_CARBON_FOOTPRINT_PLUS


def figure(org, year, tco2e, boundary=CF, scope=1):
    FootprintEntry.objects.create(
        organisation=org,
        reporting_year=year,
        scope=scope,
        category="gas",
        boundary=boundary,
        tco2e=D(tco2e),
        method=FootprintEntry.Method.REPORTED,
        source="Annual report",
    )


@pytest.fixture
def partnership():
    """Two members on the NHS Carbon Footprint: North has 2019-20, 2020-21 and 2021-22; South
    has 2019-20 and 2021-22 only. South also has a Plus figure; the partnership has its own."""
    ics = OrganisationFactory(
        name="Test ICS", slug="test-ics", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    north = OrganisationFactory(
        name="North Trust", slug="north", kind=Organisation.Kind.NHS_TRUST, partnership=ics
    )
    south = OrganisationFactory(
        name="South Trust", slug="south", kind=Organisation.Kind.NHS_TRUST, partnership=ics
    )
    for year, value in ((2019, 100), (2020, 90), (2021, 80)):
        figure(north, year, value)
    for year, value in ((2019, 50), (2021, 40)):
        figure(south, year, value)
    figure(south, 2020, 1000, boundary=PLUS, scope=3)
    figure(ics, 2019, 5000)  # the partnership's own: never added to its members'
    return ics


def test_a_year_is_added_up_only_when_every_member_has_figures(partnership):
    years, rows = partnership_overview(partnership=partnership)
    page = partnership_table(partnership=partnership, years=years, rows=rows)
    cf, plus = page.rollup
    assert (cf.boundary, cf.values) == (CF, [D(150), None, D(120)])
    assert cf.members == ["North Trust", "South Trust"]
    assert cf.gaps == [("2020-21", ["North Trust"], ["South Trust"])]
    # The Plus figure is South's alone on that boundary: it is never added to the NHS CF.
    assert (plus.boundary, plus.values, plus.gaps) == (PLUS, [None, D(1000), None], [])
    # The chart draws the NHS Carbon Footprint's two added-up years, the line broken between,
    # and the Plus boundary's one year as a point.
    assert page.chart["data"]["values"] == [
        {"year": "2019-20", "boundary": "NHS Carbon Footprint", "tco2e": 150.0},
        {"year": "2020-21", "boundary": "NHS Carbon Footprint", "tco2e": None},  # a break
        {"year": "2021-22", "boundary": "NHS Carbon Footprint", "tco2e": 120.0},
        {"year": "2019-20", "boundary": "NHS Carbon Footprint Plus", "tco2e": None},
        {"year": "2020-21", "boundary": "NHS Carbon Footprint Plus", "tco2e": 1000.0},
        {"year": "2021-22", "boundary": "NHS Carbon Footprint Plus", "tco2e": None},
    ]
    line, points = page.chart["layer"]
    assert line["mark"] == {"type": "line", "invalid": "break-paths-show-domains"}
    assert points["mark"]["type"] == "point" and points["mark"]["filled"] is True
    assert points["transform"] == [{"filter": "isValid(datum.tco2e)"}]
    assert "NHS Carbon Footprint: 2019-20 150, 2021-22 120" in page.chart["description"]
    assert "NHS Carbon Footprint Plus: 2020-21 1,000" in page.chart["description"]


def test_a_boundary_added_up_in_one_year_only_is_drawn_as_a_point(partnership):
    """The server's SVG of the same spec draws a symbol for each added-up year: two for the NHS
    Carbon Footprint, one for the Plus boundary's single year (a line of one point draws
    nothing, so without the points that boundary would be missing from the picture)."""
    from netzero.footprints.charts import added_up_chart_spec, spec_to_svg

    spec = added_up_chart_spec(
        title="Added up",
        years=["2019-20", "2020-21"],
        series={"One year only": {"2019-20": None, "2020-21": D(1000)}},
    )
    svg = spec_to_svg(spec)
    assert svg.count('aria-roledescription="point"') == 1
    years, rows = partnership_overview(partnership=partnership)
    page = partnership_table(partnership=partnership, years=years, rows=rows)
    svg = spec_to_svg({**page.chart, "width": 560, "autosize": "pad"})
    assert svg.count('aria-roledescription="point"') == 3


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_page_says_how_the_sum_is_made(client, partnership):
    response = client.get("/organisations/test-ics/partnership/")
    assert response.status_code == 200
    body = response.content.decode()
    row = _text_of(body, 'id="rollup-nhs_cf"', "</tr>")
    assert " ".join(row.split()) == (
        "Members' itemised figures added up, NHS Carbon Footprint boundary only 150 \N{EN DASH} 120"
    )
    text = _text(response)
    assert (
        "A year is added up only when every member that itemises figures on that boundary" in text
    )
    assert "2020-21: figures from North Trust; none from South Trust." in text
    assert 'id="added-up-chart"' in body
    assert "/organisations/test-ics/footprint/trend/" in body


def _text_of(body: str, start: str, end: str) -> str:
    part = body.split(start)[1].split(end)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", "<x " + part)))


def test_a_partners_figures_are_listed_but_never_added_to_the_members(partnership):
    council = OrganisationFactory(
        name="Partner Council",
        slug="partner-council",
        kind=Organisation.Kind.COUNTY_COUNCIL,
        partnership=partnership,
        partnership_role="partner",
    )
    for year in (2019, 2020, 2021):
        figure(council, year, 7, boundary=Boundary.COUNCIL_NET_ZERO)
        figure(council, year, 3)  # even on the members' boundary
    years, rows = partnership_overview(partnership=partnership)
    page = partnership_table(partnership=partnership, years=years, rows=rows)
    assert "Partner Council" in [row["organisation"].name for row in page.table]
    assert [a.boundary for a in page.rollup] == [CF, PLUS]
    assert page.rollup[0].values == [D(150), None, D(120)]
    assert page.rollup[0].members == ["North Trust", "South Trust"]
