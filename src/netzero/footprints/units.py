"""Activity quantities in the factor's unit, converted with pint (a maintained units library).

The government files name units their own way ("kWh (Gross CV)", "cubic metres",
"passenger.km"); each maps to a pint unit. A quantity in another unit of the same dimension
(MWh, m3, miles) converts; one of another dimension (litres against a kWh factor) is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pint
from django.core.exceptions import ValidationError

UREG = pint.UnitRegistry(non_int_type=Decimal)
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")

# Factor unit as published -> pint unit. Per-passenger and per-tonne distances are
# not mapped: no activity uses them, and a plain km must not pass for a passenger.km.
FACTOR_UNITS: dict[str, str] = {
    "kWh": "kilowatt_hour",
    "kWh (Gross CV)": "kilowatt_hour",
    "kWh (Net CV)": "kilowatt_hour",
    "GJ": "gigajoule",
    "litres": "liter",
    "million litres": "megaliter",
    "cubic metres": "meter ** 3",
    "tonnes": "metric_ton",
    "kg": "kilogram",
    "km": "kilometer",
    "miles": "mile",
}

# How people write activity units -> pint unit.
ACTIVITY_UNITS: dict[str, str] = {
    "kwh": "kilowatt_hour",
    "mwh": "megawatt_hour",
    "gwh": "gigawatt_hour",
    "gj": "gigajoule",
    "l": "liter",
    "litre": "liter",
    "litres": "liter",
    "liter": "liter",
    "liters": "liter",
    "m3": "meter ** 3",
    "cubic metres": "meter ** 3",
    "million litres": "megaliter",
    "t": "metric_ton",
    "tonne": "metric_ton",
    "tonnes": "metric_ton",
    "kg": "kilogram",
    "km": "kilometer",
    "mile": "mile",
    "miles": "mile",
}


def parse_quantity(text: object) -> Decimal:
    """A non-negative number, or a clear error."""
    raw = str(text).strip()
    if "," in raw and not _THOUSANDS.match(raw):
        raise ValidationError(
            f"{text!r} is not a number (commas only between thousands: 1,000,000.5).",
            code="not_a_number",
        )
    try:
        value = Decimal(raw.replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{text!r} is not a number.", code="not_a_number") from None
    if not value.is_finite():
        raise ValidationError(f"{text!r} is not a number.", code="not_a_number")
    if value < 0:
        raise ValidationError(f"Quantity {text} is negative.", code="negative")
    return value


def to_factor_unit(quantity: Decimal, unit: str, factor_unit: str) -> Decimal:
    """``quantity`` of ``unit`` expressed in the factor's unit."""
    source = ACTIVITY_UNITS.get(unit.strip().lower())
    if source is None:
        known = ", ".join(sorted(ACTIVITY_UNITS))
        raise ValidationError(f"Unknown unit {unit!r}. Known units: {known}.", code="unknown_unit")
    target = FACTOR_UNITS.get(factor_unit)
    if target is None:
        raise ValidationError(
            f"Factors per {factor_unit!r} are not used for activity data.", code="unit_unsupported"
        )
    try:
        converted = UREG.Quantity(quantity, source).to(target)
    except pint.DimensionalityError:
        raise ValidationError(
            f"{unit} cannot be converted to {factor_unit}: the factor is per {factor_unit}.",
            code="unit_mismatch",
        ) from None
    return Decimal(converted.magnitude)
