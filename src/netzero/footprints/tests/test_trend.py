"""The footprint's trend and each target's trajectory (``footprint_trend``), on a worked example
whose answers were worked out by hand; the page that shows them; its queries."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.footprints.models import Boundary, FootprintEntry, StatedTotal, Target
from netzero.footprints.selectors import NO_BASELINE_REASON, footprint_trend
from netzero.footprints.trend_presenters import target_summary, trend_page
from netzero.organisations.models import Organisation
from netzero.testing.factories import OrganisationFactory

D = Decimal
NZ = Boundary.COUNCIL_NET_ZERO


def figure(org, year, scope, tco2e, boundary=NZ, category="electricity"):
    return FootprintEntry.objects.create(
        organisation=org,
        reporting_year=year,
        scope=scope,
        category=category,
        boundary=boundary,
        tco2e=D(tco2e),
        method=FootprintEntry.Method.REPORTED,
        source="Annual climate report",
    )


def target(org, **kwargs):
    values = {
        "description": "Halve emissions by 2029",
        "boundary": NZ,
        "baseline_year": 2019,
        "baseline_tco2e": D(1000),
        "target_year": 2029,
        "reduction_percent": D(50),
        "source": "Climate strategy, section 2",
    }
    return Target.objects.create(organisation=org, **{**values, **kwargs})


@pytest.fixture
def council(db):
    """Three years on the council's net zero boundary: 1,000, 950 and 920 tCO2e (scopes 1 and 2),
    a figure on another boundary in 2021 that no target on this one may count, a stated total
    for 2021 that its figures make up (920) and a target: 50% below a 2019 baseline of 1,000 by
    2029."""
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL, slug="worked")
    for year, s1, s2 in ((2019, 600, 400), (2020, 560, 390), (2021, 540, 380)):
        figure(org, year, 1, s1)
        figure(org, year, 2, s2)
    figure(org, 2021, 3, 50, boundary=Boundary.CUSTOM, category="waste")
    StatedTotal.objects.create(
        organisation=org,
        reporting_year=2021,
        label="Gross emissions",
        boundary=NZ,
        tco2e=D(920),
        source="Annual climate report",
    )
    target(org)
    return org


def test_the_worked_example(council):
    trend = footprint_trend(organisation=council)
    assert trend.years == [2019, 2020, 2021]
    nz, custom = trend.boundaries
    assert (nz.boundary, custom.boundary) == (NZ, Boundary.CUSTOM)
    assert [(y.year, y.by_scope, y.itemised) for y in nz.years] == [
        (2019, {1: D(600), 2: D(400)}, D(1000)),
        (2020, {1: D(560), 2: D(390)}, D(950)),
        (2021, {1: D(540), 2: D(380)}, D(920)),
    ]
    assert [t.label for t in nz.years[2].stated] == ["Gross emissions"]
    assert [(y.year, y.by_scope) for y in custom.years] == [(2021, {3: D(50)})]

    (t,) = trend.targets
    # The custom boundary's 50 is not counted against a target on the net zero boundary.
    assert t.recorded == {2019: D(1000), 2020: D(950), 2021: D(920)}
    # 50% below 1,000 is 500; the straight line falls 50 a year over the ten years.
    assert t.target_tco2e == D(500)
    assert t.pathway[2019] == D(1000) and t.pathway[2021] == D(900)
    assert t.pathway[2024] == D(750) and t.pathway[2029] == D(500)
    assert sorted(t.pathway) == list(range(2019, 2030))
    # 920 against 1,000: down 80, 8.0%.
    assert (t.change.absolute, t.change.percent) == (D(-80), D("-8.0"))
    # From 920 in 2021 to 500 in 2029: 420 over 8 years is 52.5 a year; as a constant
    # percentage, 1 - (500/920)^(1/8) = 7.34% a year.
    assert (t.rate.tonnes_per_year, t.rate.percent_per_year) == (D("52.500"), D("7.34"))
    # Least squares through (2019, 1000), (2020, 950), (2021, 920): slope -40 a year, mean
    # 956.667 in 2020, so 956.667 - 40 x 9 = 596.667 by 2029: above 500, off track.
    assert t.projection.slope_per_year == D("-40.000")
    assert t.projection.value_at_target_year == D("596.667")
    assert t.verdict.on_track is False
    assert t.verdict.reason == (
        "Off track: the trend over 2019-2021 reaches 597 tCO2e by 2029, above the target of "
        "500 tCO2e."
    )
    assert t.reason == ""

    words = target_summary(t)
    assert words["baseline"] == "1,000 tCO2e in 2019-20"
    assert words["goal"] == "500 tCO2e (50% below the baseline) by 2029"
    assert words["change"] == (
        "Down 80 tCO2e (8.0%): from 1,000 tCO2e in 2019-20 to 920 tCO2e in 2021-22."
    )
    assert words["rate"] == (
        "A cut of 52.5 tCO2e a year from 2021-22's figure to reach the target by 2029 "
        "(7.34% a year, compounded)."
    )
    assert (words["tag"], words["colour"]) == ("Off track", "red")


def test_the_page_table_holds_the_chart_figures(council):
    page = trend_page(footprint_trend(organisation=council))
    nz = page["panels"][0]
    assert nz["scope_headers"] == ["Scope 1", "Scope 2"]
    assert nz["pathway_headers"] == ["Halve emissions by 2029"]
    first, third = nz["rows"][0], nz["rows"][2]
    assert first == {
        "label": "2019-20",
        "scopes": ["600", "400"],
        "itemised": "1,000",
        "stated": [],
        "pathways": ["1,000"],
    }
    assert third["stated"] == ["Gross emissions: 920"] and third["pathways"] == ["900"]
    assert [r["label"] for r in nz["rows"]][-1] == "2029-30"  # the pathway runs to the target
    assert nz["rows"][-1]["itemised"] == "\u2013"
    layers = nz["chart"]["layer"]
    bars = {(v["year"], v["scope"]): v["tco2e"] for v in layers[0]["data"]["values"]}
    assert bars[("2021-22", "Scope 1")] == 540 and bars[("2021-22", "Scope 2")] == 380
    line = {v["year"]: v["tco2e"] for v in layers[1]["data"]["values"]}
    assert line["2019-20"] == 1000 and line["2029-30"] == 500
    # The other boundary is its own panel, with no pathway.
    assert page["panels"][1]["pathway_headers"] == [] and page["panels"][1]["label"] == (
        "Custom boundary"
    )


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_page(client, council):
    response = client.get("/organisations/worked/footprint/trend/")
    assert response.status_code == 200
    text = _text(response)
    assert "Footprint by year and targets" in text
    assert "Council net zero scope: the chart's figures, tCO2e" in text
    assert "2021-22 540 380 920 Gross emissions: 920 900" in text
    assert "Off track" in text and "reaches 597 tCO2e by 2029, above the target of 500" in text
    assert (
        "A cut of 52.5 tCO2e a year from 2021-22's figure to reach the target by 2029 "
        "(7.34% a year, compounded)." in text
    )
    svg = client.get("/organisations/worked/footprint/trend/council_net_zero.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert client.get("/organisations/worked/footprint/trend/nhs_cf.svg").status_code == 404


def test_no_figures_says_so_and_offers_managers_the_way_to_add_them(client, db):
    from netzero.access.models import Membership
    from netzero.testing.factories import MembershipFactory

    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL, slug="empty")
    target(org, baseline_tco2e=None)
    text = _text(client.get("/organisations/empty/footprint/trend/"))
    assert "No figures yet" in text and "Add figures" not in text
    assert "the source gives no baseline figure, so no pathway is drawn" in text
    manager = MembershipFactory(organisation=org, role=Membership.Role.PROGRAMME_MANAGER).user
    client.force_login(manager)
    response = client.get("/organisations/empty/footprint/trend/")
    assert "Add figures for" in _text(response)
    assert "/organisations/empty/activity-data/" in response.content.decode()


def test_one_year_and_no_baseline(client, db):
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL, slug="one-year")
    figure(org, 2022, 1, 700)
    target(org, description="Net zero by 2030", baseline_tco2e=None, reduction_percent=D(100))
    target(org, description="Halve by 2029", baseline_year=2022, baseline_tco2e=D(700))
    trend = footprint_trend(organisation=org)
    no_baseline, halve = trend.targets
    assert no_baseline.pathway == {} and no_baseline.rate is None
    assert no_baseline.verdict.on_track is None and no_baseline.reason == NO_BASELINE_REASON
    # One year: the rate is known (700 to 350 over 7 years: 50 a year), the projection is not.
    assert halve.rate.tonnes_per_year == D("50.000") and halve.projection is None
    assert halve.verdict.on_track is None
    assert halve.reason == "Not enough data: at least two years of figures are needed."
    text = _text(client.get("/organisations/one-year/footprint/trend/"))
    assert "Figures are recorded for one reporting year only" in text
    assert "Not known" in text and "the source gives no baseline figure" in text


def test_a_target_year_passed(db):
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL)
    for year, value in ((2019, 1000), (2020, 800), (2021, 700)):
        figure(org, year, 1, value)
    target(org, target_year=2020, reduction_percent=D(10))  # 900 by 2020
    (t,) = footprint_trend(organisation=org).targets
    assert t.rate is None and t.projection is None and t.verdict.on_track is True
    assert (
        t.verdict.reason == "Met: 2020's figure, 800 tCO2e, is at or below the target of 900 tCO2e."
    )
    assert "has passed" in t.reason and target_summary(t)["tag"] == "Met"


def test_a_target_without_a_boundary_is_drawn_against_everything(db):
    org = OrganisationFactory(kind=Organisation.Kind.NHS_TRUST)
    figure(org, 2019, 1, 100, boundary=Boundary.NHS_CARBON_FOOTPRINT)
    figure(org, 2019, 3, 400, boundary=Boundary.NHS_CARBON_FOOTPRINT_PLUS)
    target(org, boundary="", baseline_tco2e=D(500))
    trend = footprint_trend(organisation=org)
    assert [b.label for b in trend.boundaries] == [
        "NHS Carbon Footprint",
        "NHS Carbon Footprint Plus",
        "All boundaries",
    ]
    assert trend.targets[0].recorded == {2019: D(500)}
    panels = trend_page(trend)["panels"]
    assert [p["pathway_headers"] for p in panels] == [[], [], ["Halve emissions by 2029"]]


def test_queries_do_not_grow_with_years(db):
    def count(years: int) -> int:
        org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL)
        for year in range(2010, 2010 + years):
            figure(org, year, 1, 100)
            figure(org, year, 2, 50)
            StatedTotal.objects.create(
                organisation=org,
                reporting_year=year,
                label="Total",
                boundary=NZ,
                tco2e=D(150),
                source="s",
            )
        target(org, baseline_year=2010, baseline_tco2e=D(150), target_year=2040)
        with CaptureQueriesContext(connection) as queries:
            trend_page(footprint_trend(organisation=org))
        return len(queries)

    assert count(2) == count(12) == 3


def test_the_command_gives_every_year_and_the_trend(council):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("footprint", "--org", "worked", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [y["reporting_year"] for y in data["years"]] == ["2019-20", "2020-21", "2021-22"]
    assert data["years"][2]["by_boundary"] == {
        "Council net zero scope": 920.0,
        "Custom boundary": 50.0,
    }
    (t,) = data["trend"]["targets"]
    assert t["recorded"] == {"2019-20": 1000.0, "2020-21": 950.0, "2021-22": 920.0}
    assert t["pathway"]["2024-25"] == 750.0 and t["target_tco2e"] == 500.0
    assert t["change"] == {"tco2e": -80.0, "percent": -8.0}
    assert t["rate_still_needed"] == {"tco2e_a_year": 52.5, "percent_a_year": 7.34}
    assert t["projection"]["at_target_year"] == 596.667 and t["on_track"] is False
    assert t["verdict"].startswith("Off track: the trend over 2019-2021 reaches 597 tCO2e")

    out = StringIO()
    call_command("footprint", "--org", "worked", stdout=out)
    text = out.getvalue()
    assert "carbon footprint 2019-20" in text and "carbon footprint 2021-22" in text
    assert (
        "  2021-22  itemised 920 tCO2e (Scope 1 540, Scope 2 380); stated: Gross emissions 920"
        in text
    )
    assert "  Halve emissions by 2029 [Off track]" in text
    assert "    Rate still needed: A cut of 52.5 tCO2e a year" in text

    out = StringIO()  # one year, as before
    call_command(
        "footprint", "--org", "worked", "--year", "2020-21", "--format", "json", stdout=out
    )
    assert json.loads(out.getvalue())["by_scope"] == {"Scope 1": 560.0, "Scope 2": 390.0}


def test_the_command_for_an_organisation_with_no_figures(db):
    from io import StringIO

    from django.core.management import call_command

    OrganisationFactory(slug="nothing", name="Nothing Council")
    out = StringIO()
    call_command("footprint", "--org", "nothing", stdout=out)
    assert out.getvalue().startswith("Nothing Council: no footprint figures recorded.\n")
    assert "(none recorded)" in out.getvalue()


def test_a_targets_boundary_without_figures_still_shows_its_pathway(db):
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL)
    figure(org, 2021, 1, 70, boundary=Boundary.CUSTOM)
    target(org)  # on the council's net zero scope, where nothing is recorded yet
    trend = footprint_trend(organisation=org)
    assert [b.boundary for b in trend.boundaries] == [NZ, Boundary.CUSTOM]
    (t,) = trend.targets
    assert t.recorded == {} and t.rate is None and t.verdict.on_track is None
    assert t.reason == "No figures are recorded on the target's boundary yet."
    nz = trend_page(trend)["panels"][0]
    assert nz["pathway_headers"] == ["Halve emissions by 2029"] and len(nz["rows"]) == 11
    assert {r["itemised"] for r in nz["rows"]} == {"\u2013"}


def test_the_demo_trusts_and_ics_pages(client, db):
    from netzero.demo.green_plan import green_plan_load

    green_plan_load()
    for slug in ("jucd-ics", "crhft", "dchs", "dhcft", "emas", "uhdb"):
        assert client.get(f"/organisations/{slug}/footprint/trend/").status_code == 200, slug
    dchs = _text(client.get("/organisations/dchs/footprint/trend/"))
    assert "2020-21 4,890 1,703 1,057 7,650" in dchs  # scopes 1-3 and the itemised total
    assert "Combined Carbon Footprint Plus: 30,074" in dchs
    assert "has no targets recorded" in dchs
    ics = _text(client.get("/organisations/jucd-ics/footprint/trend/"))
    assert "80% cut in direct emissions by 2032 Not known" in ics
    assert "the source gives no baseline figure, so no pathway is drawn" in ics
    emas = _text(client.get("/organisations/emas/footprint/trend/"))
    assert "No figures yet" in emas


def test_the_page_queries_do_not_grow_with_years(client, db):
    def count(years: int) -> int:
        org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL)
        for year in range(2010, 2010 + years):
            figure(org, year, 1, 100)
            figure(org, year, 3, 20)
        target(org, baseline_year=2010, baseline_tco2e=D(120), target_year=2035)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/organisations/{org.slug}/footprint/trend/").status_code == 200
        return len(queries)

    assert count(2) == count(15)
