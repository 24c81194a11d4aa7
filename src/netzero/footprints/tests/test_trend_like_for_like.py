"""Like for like on the trend (``years_left_out``): a year whose figures do not cover what the
baseline year covers, or fall short of the total the organisation states for it, is left out of
the change, the rate, the projection and the verdict, and the page says which and why. Worked
examples whose answers were worked out by hand."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.footprints.models import Boundary, FootprintEntry, StatedTotal, Target
from netzero.footprints.selectors import footprint_trend
from netzero.footprints.trend_presenters import target_summary
from netzero.organisations.models import Organisation
from netzero.testing.factories import OrganisationFactory

D = Decimal
NZ = Boundary.COUNCIL_NET_ZERO


def figure(org, year, category, tco2e, scope=1, boundary=NZ):
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


def stated(org, year, tco2e, boundary=NZ):
    return StatedTotal.objects.create(
        organisation=org,
        reporting_year=year,
        label="Gross emissions",
        boundary=boundary,
        tco2e=D(tco2e),
        source="Annual climate report",
    )


@pytest.fixture
def council(db):
    """2019-20 (the baseline year): electricity 5,000 and gas 3,000 = 8,000 tCO2e; 2020-21:
    4,500 + 2,800 = 7,300; and a net zero target by 2030 from the 8,000 of 2019."""
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL, slug="dcc-like")
    figure(org, 2019, "electricity", 5000, scope=2)
    figure(org, 2019, "gas", 3000)
    figure(org, 2020, "electricity", 4500, scope=2)
    figure(org, 2020, "gas", 2800)
    Target.objects.create(
        organisation=org,
        description="Net zero council operations by 2030",
        boundary=NZ,
        baseline_year=2019,
        baseline_tco2e=D(8000),
        target_year=2030,
        reduction_percent=D(100),
        source="Climate strategy",
    )
    return org


def _the_target(org):
    (t,) = footprint_trend(organisation=org).targets
    return t


def test_a_later_year_with_only_a_few_new_rows_is_left_out(council):
    """A few 2024-25 rows (a refrigerant top-up, pool cars: 12 + 25 = 37 tCO2e) once read
    "Down 7,963 tCO2e (99.5%) ... On track". 2024-25 has neither electricity nor gas, which the
    baseline year has, so it is left out: the change is 2020-21's 7,300 against 8,000, down 700
    (8.75%, printed 8.8%); the line through 8,000 and 7,300 falls 700 a year and reaches
    7,300 - 700 x 10 = 300 by 2030, above the target of zero: off track."""
    figure(council, 2024, "refrigerants", 12)
    figure(council, 2024, "fleet", 25)
    t = _the_target(council)
    assert t.recorded == {2019: D(8000), 2020: D(7300), 2024: D(37)}
    assert t.compared == {2019: D(8000), 2020: D(7300)}
    assert [y.year for y in t.left_out] == [2024]
    assert t.left_out[0].reason == (
        "2024-25 is left out: it has figures for Fleet and Refrigerants only, not Electricity "
        "and Gas as 2019-20, the baseline year, has."
    )
    assert t.latest == (2020, D(7300))
    assert (t.change.absolute, t.change.percent) == (D(-700), D("-8.8"))
    assert t.projection.years_used == [2019, 2020]
    assert t.projection.value_at_target_year == D("300.000")
    assert t.verdict.on_track is False
    words = target_summary(t)
    assert words["tag"] == "Off track"
    assert words["change"] == (
        "Down 700 tCO2e (8.8%): from 8,000 tCO2e in 2019-20 to 7,300 tCO2e in 2020-21."
    )
    # (7,300 - 0) / 10 years = 730 a year.
    assert words["rate"].startswith("A cut of 730 tCO2e a year from 2020-21's figure")
    assert words["left_out"] == [t.left_out[0].reason]


def test_a_year_with_gas_only_and_a_larger_stated_total_is_left_out(council):
    """2021-22 holds only gas, 4,096 tCO2e (electricity not yet entered), and the council states
    6,000 for the year. Compared, it read "Down 48.8%" (4,096 / 8,000 = 51.2%); it lacks the
    baseline year's electricity, so it is left out and 2020-21 stays the latest year compared."""
    figure(council, 2021, "gas", 4096)
    stated(council, 2021, 6000)
    t = _the_target(council)
    assert [y.reason for y in t.left_out] == [
        "2021-22 is left out: it has figures for Gas only, not Electricity as 2019-20, the "
        "baseline year, has."
    ]
    assert t.latest == (2020, D(7300)) and t.change.percent == D("-8.8")
    assert t.verdict.on_track is False


def test_a_year_short_of_its_stated_total_is_left_out(council):
    """2021-22 has both electricity (1,000) and gas (3,096) but they add up to 4,096, and the
    council states 6,000 for the year: 1,904 tCO2e of it is not itemised, so the year is left
    out. A stated total within half a tonne of the figures (2020-21: 7,300.4 stated) is not."""
    figure(council, 2021, "electricity", 1000, scope=2)
    figure(council, 2021, "gas", 3096)
    stated(council, 2021, 6000)
    stated(council, 2020, D("7300.4"))
    t = _the_target(council)
    assert [y.reason for y in t.left_out] == [
        "2021-22 is left out: its itemised figures, 4,096 tCO2e, fall short of the total it "
        "states for that year, Gross emissions 6,000 tCO2e, so part of that year is missing."
    ]
    assert t.latest == (2020, D(7300))
    # When the missing 1,904 is entered, the year is complete and compared.
    figure(council, 2021, "waste", 1904, scope=3)
    t = _the_target(council)
    assert t.left_out == [] and t.latest == (2021, D(6000))
    assert (t.change.absolute, t.change.percent) == (D(-2000), D("-25.0"))


def test_with_no_baseline_year_among_the_figures_most_years_set_the_categories(db):
    """The target's baseline is 2015, before any figures. Electricity and gas are in two of the
    three years (more than half), so 2021-22, with gas only, is left out; water, in one year,
    is required of none."""
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL)
    for year in (2019, 2020):
        figure(org, year, "electricity", 500, scope=2)
        figure(org, year, "gas", 300)
    figure(org, 2020, "water", 5, scope=3)
    figure(org, 2021, "gas", 250)
    Target.objects.create(
        organisation=org,
        description="Halve by 2030",
        boundary=NZ,
        baseline_year=2015,
        baseline_tco2e=D(1000),
        target_year=2030,
        reduction_percent=D(50),
        source="Strategy",
    )
    t = _the_target(org)
    assert [y.reason for y in t.left_out] == [
        "2021-22 is left out: it has figures for Gas only, not Electricity as most years have."
    ]
    assert t.latest == (2020, D(805))


def test_a_target_with_no_baseline_figure_does_not_list_years_left_out(council):
    """With no pathway there is no change, rate or verdict for a year to skew: the page says
    nothing about years left out (the JSON still lists them)."""
    figure(council, 2024, "fleet", 25)
    Target.objects.filter(organisation=council).update(baseline_tco2e=None)
    t = _the_target(council)
    assert [y.year for y in t.left_out] == [2024] and t.pathway == {}
    assert target_summary(t)["left_out"] == []


def test_a_target_on_every_boundary_names_the_boundary_short_of_its_stated_total(db):
    org = OrganisationFactory(kind=Organisation.Kind.COUNTY_COUNCIL)
    for year in (2019, 2020):
        figure(org, year, "electricity", 500, scope=2)
        figure(org, year, "waste", 40, scope=3, boundary=Boundary.CUSTOM)
    stated(org, 2020, 100, boundary=Boundary.CUSTOM)
    Target.objects.create(
        organisation=org,
        description="Halve by 2030",
        baseline_year=2019,
        baseline_tco2e=D(540),
        target_year=2030,
        reduction_percent=D(50),
        source="Strategy",
    )
    t = _the_target(org)
    assert [y.reason for y in t.left_out] == [
        "2020-21 is left out: its itemised figures (Custom boundary), 40 tCO2e, "
        "fall short of the total it states for that year, Gross emissions 100 tCO2e, so part "
        "of that year is missing."
    ]


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_page_and_the_command_say_which_years_are_left_out(client, council):
    figure(council, 2024, "refrigerants", 12)
    figure(council, 2024, "fleet", 25)
    text = _text(client.get("/organisations/dcc-like/footprint/trend/"))
    assert (
        "Years left out 2024-25 is left out: it has figures for Fleet and Refrigerants only, "
        "not Electricity and Gas as 2019-20, the baseline year, has." in text
    )
    assert "Down 700 tCO2e (8.8%)" in text and "Off track" in text
    assert "99.5%" not in text and "On track" not in text
    # The table still shows 2024-25's figures.
    assert "2024-25 37 \u2013 37" in text

    out = StringIO()
    call_command("footprint", "--org", "dcc-like", "--format", "json", stdout=out)
    (t,) = json.loads(out.getvalue())["trend"]["targets"]
    assert t["compared"] == {"2019-20": 8000.0, "2020-21": 7300.0}
    assert t["years_left_out"] == [
        {
            "reporting_year": "2024-25",
            "reason": "2024-25 is left out: it has figures for Fleet and Refrigerants only, not "
            "Electricity and Gas as 2019-20, the baseline year, has.",
        }
    ]
    out = StringIO()
    call_command("footprint", "--org", "dcc-like", stdout=out)
    assert "    Left out: 2024-25 is left out: it has figures for Fleet" in out.getvalue()
