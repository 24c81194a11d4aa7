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
        # Oil and coal per kWh on the gross calorific value, as the NHS estates return and
        # most energy bills state them (the government's file publishes each fuel per kWh).
        Activity(
            "burning_oil_kwh",
            "Heating oil (burning oil), kWh (gross CV)",
            Category.OIL,
            1,
            "Fuels",
            "Liquid fuels",
            "Burning oil",
            "kWh (Gross CV)",
        ),
        Activity(
            "gas_oil_kwh",
            "Gas oil, kWh (gross CV)",
            Category.OIL,
            1,
            "Fuels",
            "Liquid fuels",
            "Gas oil",
            "kWh (Gross CV)",
        ),
        Activity(
            "fuel_oil_kwh",
            "Fuel oil, kWh (gross CV)",
            Category.OIL,
            1,
            "Fuels",
            "Liquid fuels",
            "Fuel oil",
            "kWh (Gross CV)",
        ),
        Activity(
            "lpg_kwh",
            "LPG, kWh (gross CV)",
            Category.OTHER_FUELS,
            1,
            "Fuels",
            "Gaseous fuels",
            "LPG",
            "kWh (Gross CV)",
        ),
        Activity(
            "coal_industrial_kwh",
            "Coal (industrial), kWh (gross CV)",
            Category.OTHER_FUELS,
            1,
            "Fuels",
            "Solid fuels",
            "Coal (industrial)",
            "kWh (Gross CV)",
        ),
        Activity(
            "district_heat",
            "Heat and steam bought (district heat)",
            Category.HEAT_AND_STEAM,
            2,
            "Heat and steam",
            "Heat and steam",
            "District heat and steam",
            "kWh",
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


# Activities measured with a supplementary (cited) factor: the same for every reporting year.
# (The factor's own name, with its citation, is in factors/data/supplementary.csv.)
SUPPLEMENTARY_ACTIVITIES: dict[str, tuple[str, int]] = {
    "desflurane": (Category.ANAESTHETIC_GASES, 1),
    "sevoflurane": (Category.ANAESTHETIC_GASES, 1),
    "isoflurane": (Category.ANAESTHETIC_GASES, 1),
    "mdi_salamol": (Category.INHALERS, 3),
    "mdi_ventolin_evohaler": (Category.INHALERS, 3),
    "mdi_atrovent": (Category.INHALERS, 3),
    "mdi_salmeterol": (Category.INHALERS, 3),
    "mdi_clenil": (Category.INHALERS, 3),
    "mdi_fostair": (Category.INHALERS, 3),
    "mdi_flutiform": (Category.INHALERS, 3),
}

SUPPLEMENTARY_LABELS: dict[str, tuple[str, str]] = {
    "desflurane": ("Desflurane (anaesthetic agent)", "kg"),
    "sevoflurane": ("Sevoflurane (anaesthetic agent)", "kg"),
    "isoflurane": ("Isoflurane (anaesthetic agent)", "kg"),
    "mdi_salamol": ("Inhaler: small-volume salbutamol (e.g. Salamol)", "inhalers"),
    "mdi_ventolin_evohaler": (
        "Inhaler: large-volume salbutamol (e.g. Ventolin Evohaler)",
        "inhalers",
    ),
    "mdi_atrovent": ("Inhaler: ipratropium (e.g. Atrovent)", "inhalers"),
    "mdi_salmeterol": ("Inhaler: salmeterol", "inhalers"),
    "mdi_clenil": ("Inhaler: beclometasone (e.g. Clenil)", "inhalers"),
    "mdi_fostair": ("Inhaler: beclometasone/formoterol (e.g. Fostair)", "inhalers"),
    "mdi_flutiform": ("Inhaler: fluticasone/formoterol (e.g. Flutiform)", "inhalers"),
}


@dataclass(frozen=True)
class ActivityName:
    code: str  # what a file's activity column holds (its label is accepted too)
    label: str
    unit: str  # the unit the factor is per (others convert: MWh, m3, ...)


def activity_names() -> list[ActivityName]:
    """Every activity a file or the form may name: its code, its label and its factor's unit."""
    return [ActivityName(a.key, a.label, a.factor_unit) for a in ACTIVITIES.values()] + [
        ActivityName(key, *SUPPLEMENTARY_LABELS[key]) for key in SUPPLEMENTARY_ACTIVITIES
    ]


_BY_NAME = {
    name: a.code for a in activity_names() for name in (a.code.casefold(), a.label.casefold())
}


def activity_code(text: str) -> str | None:
    """The activity a file names, by its code or its label, whatever the case ("natural_gas",
    "Natural gas" and "NATURAL GAS" are one); None when it names none."""
    return _BY_NAME.get(" ".join(str(text).split()).casefold())


def _plain(text: str) -> str:
    return " ".join(str(text or "").replace("-", " - ").split()).casefold()


_BUSINESS_TRAVEL = {
    _plain(x)
    for x in ("Business travel- air", "Business travel- land", "Business travel- sea", "Hotel stay")
}
_BY_LEVEL_1 = {
    _plain("UK electricity"): Category.ELECTRICITY,
    _plain("Transmission and distribution"): Category.ELECTRICITY,
    _plain("Heat and steam"): Category.HEAT_AND_STEAM,
    _plain("Bioenergy"): Category.OTHER_FUELS,
    _plain("Water supply"): Category.WATER,
    _plain("Water treatment"): Category.WATER,
    _plain("Waste disposal"): Category.WASTE,
    _plain("Passenger vehicles"): Category.FLEET,
    _plain("UK electricity for EVs"): Category.FLEET,
    _plain("UK electricity T&D for EVs"): Category.FLEET,
    _plain("Freighting goods"): Category.FREIGHT,
    _plain("Delivery vehicles"): Category.FREIGHT,
    _plain("Refrigerant & other"): Category.REFRIGERANTS,
    _plain("Homeworking"): Category.HOMEWORKING,
} | dict.fromkeys(_BUSINESS_TRAVEL, Category.BUSINESS_TRAVEL)


def category_for_factor(factor) -> str:
    """The footprint category a published row falls in by default, from its levels: a plain
    mapping, not a judgement (a file's ``category`` column overrides it).

    UK electricity and its T&D losses: electricity. Heat and steam: heat and steam. Fuels:
    natural gas is gas; liquid fuel oils (burning oil, gas oil, fuel oil, processed and waste
    oils, marine oils) are oil; diesel and petrol are fleet (they are mostly vehicle fuel);
    other fuels (coal, LPG, aviation fuels, ...) and bioenergy are other fuels. Water supply and
    treatment: water. Waste disposal: waste. Business travel by air, land or sea and hotel stays:
    business travel. Passenger vehicles (the organisation's own cars, per km) and electricity for
    electric vehicles (per km): fleet. Freighting goods and delivery vehicles: freight.
    Refrigerant & other: refrigerants. Homeworking: homeworking. Anything else (well-to-tank,
    material use, managed assets): other.
    """
    level_1 = _plain(factor.level_1)
    if level_1 == "fuels":
        level_2, level_3 = _plain(factor.level_2), _plain(factor.level_3)
        if level_3.startswith("natural gas"):
            return Category.GAS
        if level_3.startswith(("diesel", "petrol")):
            return Category.FLEET
        if level_2 == "liquid fuels" and " oil" in f" {level_3}":
            return Category.OIL
        return Category.OTHER_FUELS
    return _BY_LEVEL_1.get(level_1, Category.OTHER)
