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
