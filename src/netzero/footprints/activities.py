"""The activities an import or form may name, each tied to the published factor rows it uses.

Only rows that exist, once per scope, in every shipped set year (checked by a test).
"""

from __future__ import annotations

from dataclasses import dataclass

from netzero.footprints.models import Category


@dataclass(frozen=True)
class Activity:
    key: str
    label: str
    category: str
    scope: int
    level_1: str
    level_2: str
    level_3: str
    factor_unit: str


ACTIVITIES: dict[str, Activity] = {
    a.key: a
    for a in [
        Activity(
            "electricity",
            "Electricity used (generation)",
            Category.ELECTRICITY,
            2,
            "UK electricity",
            "Electricity generated",
            "Electricity: UK",
            "kWh",
        ),
        Activity(
            "electricity_td",
            "Electricity used (transmission and distribution losses)",
            Category.ELECTRICITY,
            3,
            "Transmission and distribution",
            "T&D- UK electricity",
            "Electricity: UK",
            "kWh",
        ),
        Activity(
            "natural_gas",
            "Natural gas",
            Category.GAS,
            1,
            "Fuels",
            "Gaseous fuels",
            "Natural gas",
            "kWh (Gross CV)",
        ),
        Activity(
            "burning_oil",
            "Heating oil (burning oil)",
            Category.OIL,
            1,
            "Fuels",
            "Liquid fuels",
            "Burning oil",
            "litres",
        ),
        Activity(
            "gas_oil", "Gas oil", Category.OIL, 1, "Fuels", "Liquid fuels", "Gas oil", "litres"
        ),
        Activity(
            "diesel",
            "Diesel (average biofuel blend)",
            Category.FLEET,
            1,
            "Fuels",
            "Liquid fuels",
            "Diesel (average biofuel blend)",
            "litres",
        ),
        Activity(
            "petrol",
            "Petrol (average biofuel blend)",
            Category.FLEET,
            1,
            "Fuels",
            "Liquid fuels",
            "Petrol (average biofuel blend)",
            "litres",
        ),
        Activity(
            "water_supply",
            "Water supply",
            Category.WATER,
            3,
            "Water supply",
            "Water supply",
            "Water supply",
            "cubic metres",
        ),
        Activity(
            "water_treatment",
            "Water treatment",
            Category.WATER,
            3,
            "Water treatment",
            "Water treatment",
            "Water treatment",
            "cubic metres",
        ),
    ]
}
