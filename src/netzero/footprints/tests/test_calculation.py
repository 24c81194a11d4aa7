"""Figures computed from activity data x the published factor, checked against hand arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from netzero.factors.models import Factor
from netzero.footprints.models import Boundary, Category, FootprintEntry
from netzero.footprints.services import emissions_tco2e, entry_calculate
from netzero.footprints.units import parse_quantity, to_factor_unit
from netzero.plans.services import organisation_create

ELECTRICITY = {
    "level_1": "UK electricity",
    "level_2": "Electricity generated",
    "level_3": "Electricity: UK",
    "factor_unit": "kWh",
}
T_AND_D = {
    "level_1": "Transmission and distribution",
    "level_2": "T&D- UK electricity",
    "level_3": "Electricity: UK",
    "factor_unit": "kWh",
}
GAS = {
    "level_1": "Fuels",
    "level_2": "Gaseous fuels",
    "level_3": "Natural gas",
    "factor_unit": "kWh (Gross CV)",
}
DIESEL = {
    "level_1": "Fuels",
    "level_2": "Liquid fuels",
    "level_3": "Diesel (average biofuel blend)",
    "factor_unit": "litres",
}


@pytest.fixture
def trust(db):
    return organisation_create(name="Test Trust", slug="test-trust", kind="nhs_trust")


def _calc(trust, year, quantity, unit, factor, scope=2, category=Category.ELECTRICITY):
    return entry_calculate(
        organisation=trust,
        reporting_year=year,
        category=category,
        boundary=Boundary.NHS_CARBON_FOOTPRINT,
        scope=scope,
        quantity=quantity,
        unit=unit,
        source="Meter readings",
        **factor,
    )


def test_a_million_kwh_of_electricity_in_2022_23(trust, factor_sets):
    generation = _calc(trust, 2022, "1000000", "kWh", ELECTRICITY)
    losses = _calc(trust, 2022, "1000000", "kWh", T_AND_D, scope=3)
    # By hand: 1,000,000 kWh x 0.19338 kg/kWh = 193,380 kg = 193.38 t; x 0.01769 = 17.69 t.
    assert generation.tco2e == Decimal("193.380")
    assert losses.tco2e == Decimal("17.690")
    assert generation.factor.factor_set.set_year == 2022 and generation.factor.scope == "Scope 2"
    assert (
        losses.factor.scope == "Scope 3" and generation.method == FootprintEntry.Method.CALCULATED
    )


def test_units_that_mean_the_same_give_the_same_figure(trust, factor_sets):
    kwh = _calc(trust, 2022, "1000000", "kWh", ELECTRICITY).tco2e
    assert _calc(trust, 2022, "1000", "MWh", ELECTRICITY).tco2e == kwh
    assert _calc(trust, 2022, "1", "GWh", ELECTRICITY).tco2e == kwh
    litres = _calc(trust, 2022, "10000", "litres", DIESEL, scope=1, category=Category.FLEET).tco2e
    assert litres == Decimal("25.578")  # 10,000 l x 2.55784 kg/l = 25,578.4 kg
    assert _calc(trust, 2022, "10", "m3", DIESEL, scope=1, category=Category.FLEET).tco2e == litres


def test_distance_units_convert(db):
    miles = to_factor_unit(Decimal(100), "miles", "km")
    assert miles.quantize(Decimal("0.0001")) == Decimal("160.9344")
    assert to_factor_unit(Decimal("160.9344"), "km", "miles").quantize(Decimal("0.0001")) == 100


def test_2023_factors_for_2023_24(trust, factor_sets):
    gas = _calc(trust, 2023, "100000", "kWh", GAS, scope=1, category=Category.GAS)
    assert gas.tco2e == Decimal("18.293")  # 100,000 kWh x 0.18293


@pytest.mark.parametrize(
    ("quantity", "unit", "factor", "year", "message"),
    [
        ("100", "furlongs", ELECTRICITY, 2022, "Unknown unit 'furlongs'"),
        ("100", "litres", ELECTRICITY, 2022, "litres cannot be converted to kWh"),
        ("100", "kWh", ELECTRICITY, 2030, "No conversion factors are loaded for 2030-31"),
        ("-5", "kWh", ELECTRICITY, 2022, "negative"),
        ("lots", "kWh", ELECTRICITY, 2022, "is not a number"),
    ],
)
def test_bad_activity_is_refused_and_nothing_saved(
    trust, factor_sets, quantity, unit, factor, year, message
):
    with pytest.raises(ValidationError, match=message):
        _calc(trust, year, quantity, unit, factor)
    assert not FootprintEntry.objects.exists()


def test_unpublished_factor_is_never_zero(db, factor_sets):
    blank = Factor.objects.filter(factor_set=factor_sets[2022], value__isnull=True).first()
    with pytest.raises(ValidationError, match="not published"):
        emissions_tco2e(quantity=Decimal(1), unit="kWh", factor=blank)


@pytest.mark.parametrize("text", ["1,000", " 12.5 ", "0"])
def test_quantities_are_read_as_people_write_them(text):
    assert parse_quantity(text) == Decimal(text.strip().replace(",", ""))


def test_an_organisation_can_choose_another_set_year(trust, factor_sets):
    from netzero.factors.models import SetYearChoice

    SetYearChoice.objects.create(
        organisation=trust, reporting_year=2022, set_year=2023, reason="Reports on 2023 factors"
    )
    entry = _calc(trust, 2022, "1000000", "kWh", ELECTRICITY)
    assert entry.factor.factor_set.set_year == 2023
    assert entry.tco2e == Decimal("207.074")  # 1,000,000 x 0.2070742886 kg
