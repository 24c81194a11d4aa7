"""Activity files naming any published row: by its 2023+ ID, by its levels and unit, or by the
short keys (now with oil, coal and LPG per kWh and district heat), against the real shipped sets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netzero.factors.models import Factor, FactorSet
from netzero.factors.selectors import factor_by_levels, factor_get
from netzero.footprints.activities import ACTIVITIES, category_for_factor
from netzero.footprints.calculation import tonnes_co2e
from netzero.footprints.imports import ActivityImportRefused, read_rows
from netzero.footprints.models import Category, FootprintEntry
from netzero.footprints.services import activity_import
from netzero.plans.services import organisation_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(db):
    return organisation_create(name="Named Rows Trust", slug="named-rows", kind="nhs_trust")


def _import(trust, text: str):
    header, rows = read_rows("a.csv", text.encode())
    return activity_import(organisation=trust, header=header, rows=rows, source="test")


def _refused(trust, text: str) -> list[str]:
    with pytest.raises(ActivityImportRefused) as refused:
        _import(trust, text)
    assert not FootprintEntry.objects.exists()
    return refused.value.result.errors


def test_a_kwh_oil_row_imports_with_the_exact_published_factor(trust, all_factor_sets):
    result = _import(
        trust,
        "reporting_year,activity,quantity,unit,reference\n"
        "2022-23,gas_oil_kwh,250000,kWh,Boiler house\n"
        "2022-23,burning_oil_kwh,1.5,MWh,Lodge\n"
        '2023-24,"GAS OIL,  kWh (gross CV)",100000,kWh (Gross CV),Boiler house\n',
    )
    assert result.saved == 3
    entries = {(e.reporting_year, e.activity): e for e in FootprintEntry.objects.all()}
    gas_oil = entries[(2022, "gas_oil_kwh")]
    # 2022 gas oil, kWh (Gross CV), Scope 1: 0.25679 kg CO2e per kWh, as published.
    assert gas_oil.factor.value == Decimal("0.25679")
    assert (gas_oil.factor.factor_set.set_year, gas_oil.factor.unit) == (2022, "kWh (Gross CV)")
    assert gas_oil.tco2e == Decimal("64.198")  # 250,000 x 0.25679 / 1000 = 64.1975
    assert (gas_oil.scope, gas_oil.category) == (1, Category.OIL)
    burning = entries[(2022, "burning_oil_kwh")]
    assert burning.factor.value == Decimal("0.24677")
    assert burning.tco2e == Decimal("0.370")  # 1,500 x 0.24677 / 1000 = 0.370155
    assert entries[(2023, "gas_oil_kwh")].factor.factor_set.set_year == 2023


def test_a_row_named_by_its_2023_id_imports(trust, all_factor_sets):
    _import(
        trust,
        "reporting_year,factor_id,quantity,unit,reference\n"
        "2023-24,1_101_1014_8_1,10000,litres,Generators\n"
        "2023-24,7_400_4000_5_1,2,GWh,Main site\n",
    )
    oil, electricity = FootprintEntry.objects.order_by("activity")
    published = Factor.objects.get(factor_set=all_factor_sets[2023], source_id="1_101_1014_8_1")
    assert oil.factor == published and oil.activity == "id:1_101_1014_8_1"
    assert oil.tco2e == tonnes_co2e(quantity=Decimal(10000), kg_co2e_per_unit=published.value)
    assert (oil.scope, oil.category, oil.method) == (1, Category.OIL, "calculated")
    assert (electricity.scope, electricity.category) == (2, Category.ELECTRICITY)
    assert electricity.quantity == Decimal(2) and electricity.unit == "GWh"


def test_a_row_named_by_levels_and_unit_imports_in_an_older_set(trust, all_factor_sets):
    _import(
        trust,
        "reporting_year,level_1,level_2,level_3,column_text,factor_unit,quantity,unit,reference\n"
        "2019-20,Business travel- land,Cars (by market segment),Executive,Diesel,km,"
        "1200,miles,Pool car\n"
        "2019-20,fuels,gaseous fuels,natural gas,,kWh (Gross CV),5000,kWh,Depot\n"
        "2019-20,Hotel stay,Hotel stay,UK,,Room per night,12,room nights,Conferences\n",
    )
    car, gas, hotel = FootprintEntry.objects.order_by("pk")
    assert car.factor.factor_set.set_year == 2019 and car.activity.startswith("row:2019-")
    assert car.activity == f"row:2019-{car.factor.source_row}"
    # 1,200 miles = 1,931.2128 km at 2019's published factor for an executive diesel car.
    assert car.tco2e == tonnes_co2e(
        quantity=Decimal("1931.2128"), kg_co2e_per_unit=car.factor.value
    )
    assert (car.scope, car.category) == (3, Category.BUSINESS_TRAVEL)
    assert gas.factor == factor_get(
        factor_set=all_factor_sets[2019],
        level_1="Fuels",
        level_2="Gaseous fuels",
        level_3="Natural gas",
        unit="kWh (Gross CV)",
        scope="Scope 1",
    )
    assert (gas.scope, gas.category) == (1, Category.GAS)
    assert (hotel.scope, hotel.category) == (3, Category.BUSINESS_TRAVEL)


def test_the_same_row_named_two_ways_in_two_rows_is_one_activity(trust, all_factor_sets):
    errors = _refused(
        trust,
        "reporting_year,factor_id,level_1,level_2,level_3,factor_unit,quantity,unit,reference\n"
        "2024-25,1_101_1014_8_1,,,,,1,litres,A\n"
        "2024-25,,Fuels,Liquid fuels,Gas oil,litres,1,litres,A\n",
    )
    assert errors == ["Row 3: duplicates row 2 (same year, activity and reference)."]


def test_an_unknown_factor_id_is_refused_with_its_row_and_nothing_saved(trust, all_factor_sets):
    errors = _refused(
        trust,
        "reporting_year,factor_id,quantity,unit\n"
        "2023-24,1_101_1014_8_1,1,litres\n"
        "2023-24,9_999_9999_9_9,1,litres\n"
        "2021-22,1_101_1014_8_1,1,litres\n",
    )
    assert errors == [
        "Row 3: No row of the 2023 factors has the ID '9_999_9999_9_9'.",
        "Row 4: The 2021 factors have no IDs (the government's files give each row an ID from "
        "2023 on): name the row by its levels and unit (level_1, level_2, level_3, factor_unit) "
        "instead.",
    ]


def test_naming_the_factor_two_ways_in_one_row_is_refused(trust, all_factor_sets):
    errors = _refused(
        trust,
        "reporting_year,activity,factor_id,level_1,level_2,level_3,factor_unit,quantity,unit\n"
        "2023-24,gas_oil,1_101_1014_8_1,,,,,1,litres\n"
        "2023-24,,1_101_1014_8_1,Fuels,Liquid fuels,Gas oil,litres,1,litres\n"
        "2023-24,,,,,,,1,litres\n",
    )
    assert errors == [
        "Row 2: names its factor 2 ways (activity and factor_id); give one: activity, "
        "factor_id, or level_1, level_2, level_3 and factor_unit.",
        "Row 3: names its factor 2 ways (factor_id and levels); give one: activity, "
        "factor_id, or level_1, level_2, level_3 and factor_unit.",
        errors[2],
    ]
    assert errors[2].startswith("Row 4: unknown activity '' (electricity, ")


def test_header_rules_for_the_new_columns(trust, all_factor_sets):
    errors = _refused(trust, "reporting_year,level_1,level_3,quantity,unit\n2023-24,a,b,1,kWh\n")
    assert errors == [
        "Header: missing column(s) activity (or factor_id, or level_1, level_2, level_3 and "
        "factor_unit).",
        "Header: naming a factor row by its levels needs the columns level_1, level_2, "
        "level_3, factor_unit; missing: level_2, factor_unit.",
    ]


def test_units_are_checked_against_the_named_row(trust, all_factor_sets):
    errors = _refused(
        trust,
        "reporting_year,factor_id,quantity,unit\n"
        "2024-25,1_101_1014_8_1,1,kWh\n"  # gas oil per litres
        "2024-25,1_101_1014_7_1,1,kWh (Gross CV)\n",  # gas oil per kWh (Net CV)
    )
    assert errors[0] == "Row 2: kWh cannot be converted to litres: the factor is per litres."
    assert errors[1].startswith(
        "Row 3: kWh (Gross CV) cannot be converted to kWh (Net CV): the factor is on the net "
    )


def test_a_row_without_a_scope_number_needs_the_scope_column(trust, all_factor_sets):
    # No kg CO2e row of the shipped sets lacks its scope (the "Outside of Scopes" rows are
    # biogenic CO2 only), but a file someone loads may have one: a set made for the test.
    made = FactorSet.objects.create(
        set_year=2030, edition="made for the test", source_file="test", sha256="0" * 64,
        gwp_basis=FactorSet.GwpBasis.AR5,
    )  # fmt: skip
    outside = Factor.objects.create(
        factor_set=made, source_row=7, source_id="99_1", scope="Outside of Scopes",
        level_1="Bioenergy", level_2="Biomass", level_3="Wood logs", unit="tonnes",
        ghg_text="kg CO2e", gas=Factor.Gas.CO2E, value=Decimal("46.9"),
    )  # fmt: skip
    errors = _refused(trust, "reporting_year,factor_id,quantity,unit\n2030-31,99_1,1,tonnes\n")
    assert errors == [
        "Row 2: the 2030 row 2030 Bioenergy / Biomass / Wood logs per tonnes (kg CO2e) is "
        "published as 'Outside of Scopes', not scope 1, 2 or 3: give the scope it counts in "
        "(1, 2 or 3) in the scope column."
    ]
    _import(
        trust,
        "reporting_year,factor_id,scope,category,quantity,unit\n"
        "2030-31,99_1,Scope 3,Other fuels,2,tonnes\n",
    )
    entry = FootprintEntry.objects.get()
    assert (entry.scope, entry.category, entry.factor) == (3, Category.OTHER_FUELS, outside)
    assert entry.tco2e == Decimal("0.094")  # 2 x 46.9 / 1000 = 0.0938


def test_a_scope_or_category_that_contradicts_is_refused(trust, all_factor_sets):
    errors = _refused(
        trust,
        "reporting_year,factor_id,activity,scope,category,quantity,unit\n"
        "2024-25,1_101_1014_8_1,,2,,1,litres\n"
        "2024-25,,electricity,1,,1,kWh\n"
        "2024-25,,electricity,,canteen,1,kWh\n"
        "2024-25,,electricity,four,,1,kWh\n",
    )
    assert errors[:2] == [
        "Row 2: scope 2 is given, but the row is published as Scope 1.",
        "Row 3: scope 1 is given, but electricity is scope 2.",
    ]
    assert errors[2].startswith("Row 4: unknown category 'canteen' (electricity, gas, ")
    assert errors[3] == "Row 5: scope 'four' is not 1, 2 or 3."


def test_the_row_must_be_in_the_set_of_the_rows_reporting_year(trust, all_factor_sets):
    # 2024's ID for a row the 2023 file lacks (or with another ID) is not looked up elsewhere.
    only_2024 = (
        Factor.objects.filter(factor_set=all_factor_sets[2024], gas=Factor.Gas.CO2E)
        .exclude(source_id="")
        .exclude(
            source_id__in=Factor.objects.filter(factor_set=all_factor_sets[2023]).values(
                "source_id"
            )
        )
        .first()
    )
    errors = _refused(
        trust, f"reporting_year,factor_id,quantity,unit\n2023-24,{only_2024.source_id},1,kWh\n"
    )
    assert errors == [f"Row 2: No row of the 2023 factors has the ID '{only_2024.source_id}'."]


@pytest.mark.parametrize(
    ("levels", "category"),
    [
        (("UK electricity", "Electricity generated", "Electricity: UK"), Category.ELECTRICITY),
        (("Transmission and distribution", "T&D- UK electricity", "x"), Category.ELECTRICITY),
        (("Heat and steam", "Heat and steam", "District heat and steam"), Category.HEAT_AND_STEAM),
        (("Fuels", "Gaseous fuels", "Natural gas"), Category.GAS),
        (("Fuels", "Liquid fuels", "Burning oil"), Category.OIL),
        (("Fuels", "Liquid fuels", "Processed fuel oils - residual oil"), Category.OIL),
        (("Fuels", "Liquid fuels", "Diesel (average biofuel blend)"), Category.FLEET),
        (("Fuels", "Liquid fuels", "Petrol (100% mineral petrol)"), Category.FLEET),
        (("Fuels", "Solid fuels", "Coal (industrial)"), Category.OTHER_FUELS),
        (("Fuels", "Gaseous fuels", "LPG"), Category.OTHER_FUELS),
        (("Fuels", "Liquid fuels", "Aviation spirit"), Category.OTHER_FUELS),
        (("Water supply", "Water supply", "Water supply"), Category.WATER),
        (("Waste disposal", "Refuse", "Household residual waste"), Category.WASTE),
        (("Business travel- air", "Flights", "Domestic"), Category.BUSINESS_TRAVEL),
        (("Business travel - land", "Taxis", "Regular taxi"), Category.BUSINESS_TRAVEL),
        (("Hotel stay", "Hotel stay", "UK"), Category.BUSINESS_TRAVEL),
        (("Passenger vehicles", "Cars (by size)", "Small car"), Category.FLEET),
        (("Freighting goods", "Vans", "Average"), Category.FREIGHT),
        (("Delivery vehicles", "HGV (all diesel)", "Rigid"), Category.FREIGHT),
        (("Refrigerant & other", "Kyoto protocol - standard", "HFC-134a"), Category.REFRIGERANTS),
        (("Homeworking", "Office equipment", "x"), Category.HOMEWORKING),
        (("WTT- fuels", "WTT- liquid fuels", "Gas oil"), Category.OTHER),
        (("Material use", "Paper", "Paper"), Category.OTHER),
    ],
)
def test_category_for_factor_is_a_plain_mapping_of_the_levels(levels, category):
    factor = Factor(level_1=levels[0], level_2=levels[1], level_3=levels[2])
    assert category_for_factor(factor) == category


NEW_KEYS = {
    "burning_oil_kwh": Category.OIL,
    "gas_oil_kwh": Category.OIL,
    "fuel_oil_kwh": Category.OIL,
    "lpg_kwh": Category.OTHER_FUELS,
    "coal_industrial_kwh": Category.OTHER_FUELS,
    "district_heat": Category.HEAT_AND_STEAM,
}


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024])
def test_each_short_key_agrees_with_the_default_mapping(all_factor_sets, year):
    for key, activity in ACTIVITIES.items():
        factor = factor_by_levels(
            factor_set=all_factor_sets[year],
            level_1=activity.level_1,
            level_2=activity.level_2,
            level_3=activity.level_3,
            unit=activity.factor_unit,
            scope=f"Scope {activity.scope}",
        )
        assert factor.value > 0
        if key in NEW_KEYS:
            assert activity.category == NEW_KEYS[key] == category_for_factor(factor)


def test_every_unit_the_shipped_files_publish_for_a_total_is_mapped(db, all_factor_sets):
    from netzero.footprints.units import FACTOR_UNITS

    published = set(
        Factor.objects.filter(gas=Factor.Gas.CO2E, value__isnull=False)
        .order_by()
        .values_list("unit", flat=True)
        .distinct()
    )
    assert published - set(FACTOR_UNITS) == set()
    assert {"kWh (Gross CV)", "kWh (Net CV)", "passenger.km", "tonne.km"} <= published
