"""The footprint page, ``netzero footprint`` and its JSON say which factor set a year's calculated
figures use when it is not the year's default shipped set: another year's set the organisation
chose (with its reason), or a file the organisation supplied."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.factors.models import Factor, FactorSet, SetYearChoice
from netzero.footprints.models import Boundary, FootprintEntry
from netzero.footprints.selectors import factor_sets_used, footprint_summary
from netzero.testing.factories import OrganisationFactory

D = Decimal


def factor_set(year: int, origin=FactorSet.Origin.SHIPPED, source_file="") -> FactorSet:
    return FactorSet.objects.create(
        set_year=year,
        edition="1.0",
        origin=origin,
        source_file=source_file or f"ghg-conversion-factors-{year}-flat-format.xlsx",
        sha256="0" * 64,
        gwp_basis=FactorSet.GwpBasis.AR5,
    )


def calculated(org, year: int, fs: FactorSet, quantity="1000") -> FootprintEntry:
    factor = Factor.objects.create(
        factor_set=fs,
        source_row=100 + Factor.objects.filter(factor_set=fs).count(),
        scope="Scope 1",
        level_1="Fuels",
        level_2="Gaseous fuels",
        level_3="Natural gas",
        column_text="Gross CV",
        unit="kWh",
        ghg_text="kg CO2e",
        gas=Factor.Gas.CO2E,
        value=D("0.18"),
    )
    return FootprintEntry.objects.create(
        organisation=org,
        reporting_year=year,
        scope=1,
        category="gas",
        boundary=Boundary.NHS_CARBON_FOOTPRINT,
        tco2e=D("0.18"),
        method=FootprintEntry.Method.CALCULATED,
        quantity=D(quantity),
        unit="kWh",
        factor=factor,
        activity="natural_gas_kwh",
        source="Estates return",
    )


@pytest.fixture
def trust(db):
    return OrganisationFactory(name="A Trust", slug="a-trust")


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_chosen_set_is_named_with_its_reason(client, trust):
    calculated(trust, 2016, factor_set(2019))
    SetYearChoice.objects.create(
        organisation=trust,
        reporting_year=2016,
        set_year=2019,
        reason="The earliest set the product ships.",
    )
    (used,) = factor_sets_used(organisation=trust, reporting_year=2016)
    expected = (
        "2016-17's figures are calculated with the 2019 conversion factors, chosen by the "
        "organisation: The earliest set the product ships."
    )
    assert used.message == expected and used.chosen and not used.supplied
    text = _text(client.get("/organisations/a-trust/footprint/2016-17/"))
    assert expected in text

    out = StringIO()
    call_command("footprint", "--org", "a-trust", "--format", "json", stdout=out)
    (year,) = json.loads(out.getvalue())["years"]
    assert year["factor_set"] == {
        "set_year": 2019,
        "edition": "1.0",
        "origin": "shipped",
        "source_file": "ghg-conversion-factors-2019-flat-format.xlsx",
        "sha256": "0" * 64,
        "default_set_year": 2016,
        "chosen": True,
        "reason": "The earliest set the product ships.",
        "message": expected,
    }
    out = StringIO()
    call_command("footprint", "--org", "a-trust", "--year", "2016-17", stdout=out)
    assert f"Factor set: {expected}" in out.getvalue()


def test_a_supplied_set_is_named_with_its_file(client, trust):
    supplied = factor_set(
        2016, origin=FactorSet.Origin.SUPPLIED, source_file="Conversion_Factors_2016.xls"
    )
    calculated(trust, 2016, supplied)
    (used,) = factor_sets_used(organisation=trust, reporting_year=2016)
    expected = (
        "2016-17's figures are calculated with the 2016 factors from the file "
        "Conversion_Factors_2016.xls supplied by the organisation."
    )
    assert used.message == expected
    assert expected in _text(client.get("/organisations/a-trust/footprint/2016-17/"))
    # Chosen for another year, with a reason.
    calculated(trust, 2015, supplied)
    SetYearChoice.objects.create(
        organisation=trust, reporting_year=2015, set_year=2016, reason="No 2015 file to hand"
    )
    (used,) = factor_sets_used(organisation=trust, reporting_year=2015)
    assert used.message == (
        "2015-16's figures are calculated with the 2016 factors from the file "
        "Conversion_Factors_2016.xls supplied by the organisation, chosen by the organisation: "
        "No 2015 file to hand."
    )


def test_nothing_is_said_for_the_default_shipped_set_or_reported_figures(client, trust):
    calculated(trust, 2022, factor_set(2022))
    FootprintEntry.objects.create(
        organisation=trust,
        reporting_year=2021,
        scope=1,
        category="gas",
        boundary=Boundary.NHS_CARBON_FOOTPRINT,
        tco2e=D(5),
        method=FootprintEntry.Method.REPORTED,
        source="Annual report",
    )
    assert factor_sets_used(organisation=trust, reporting_year=2022) == []
    assert factor_sets_used(organisation=trust, reporting_year=2021) == []
    assert footprint_summary(organisation=trust, reporting_year=2022).factor_sets == []
    body = client.get("/organisations/a-trust/footprint/2022-23/").content.decode()
    assert 'id="factor-sets"' not in body


def test_a_set_other_than_the_default_without_a_choice_says_so(trust):
    """The choice was deleted after the figures were calculated: the page does not invent one."""
    calculated(trust, 2016, factor_set(2019))
    (used,) = factor_sets_used(organisation=trust, reporting_year=2016)
    assert used.message == (
        "2016-17's figures are calculated with the 2019 conversion factors, not the 2016 set "
        "the year would use by default; no choice of set is recorded for the year now."
    )
