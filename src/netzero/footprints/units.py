"""Activity quantities in the factor's unit, converted with pint (a maintained units library).

The government files name units their own way; each maps to a pint unit. These are every unit
string the six shipped flat files (2019-2024) publish for a kg CO2e row: "kWh", "kWh (Gross CV)",
"kWh (Net CV)", "GJ", "litres" (and once, in 2021, "Litres"), "million litres", "cubic metres",
"tonnes", "kg", "km", "miles", "passenger.km", "tonne.km", "Room per night" and "per FTE
Working Hour".

pint converts only inside a dimension: a quantity in another unit of the same dimension (MWh,
m3, miles) converts; one of another dimension (litres against a kWh factor) is refused. Distance
travelled by each passenger (passenger.km) and goods moved over a distance (tonne.km) are their
own dimensions, not lengths, so a plain km never passes for a passenger.km or a tonne.km (a
vehicle's km and a passenger's km are different things); their miles (passenger.miles,
tonne.miles) convert at the international mile, 1.609344 km. Hotel room nights and homeworking
FTE hours are counts of their own.

Energy: the files publish fuels per kWh on the gross calorific value (Gross CV, as UK gas bills
state energy) and on the net (Net CV). A quantity in plain kWh (MWh, GJ) against a kWh (Gross CV)
or kWh (Net CV) factor is accepted as the same energy: the quantity is taken to be on the
factor's stated basis, which the factor row (its unit) records, so pick the row on the basis your
meter or supplier states. A person may also write the basis ("kWh (Gross CV)", "MWh (net CV)");
then it must be the factor's basis: gross and net differ by the fuel's own ratio (about 6% for
oil, 10% for gas), which is not a unit conversion, so it is refused rather than guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pint
from django.core.exceptions import ValidationError

UREG = pint.UnitRegistry(non_int_type=Decimal)
UREG.define("passenger_km = [passenger_distance]")
UREG.define("passenger_mile = 1.609344 * passenger_km")
UREG.define("tonne_km = [freight_distance]")
UREG.define("tonne_mile = 1.609344 * tonne_km")
UREG.define("room_night = [room_night]")
UREG.define("fte_hour = [fte_working_hour]")
_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_PLAIN = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$")
# The usual quantity (1 to 14 digits, at most 6 places, 15 digits in all): read without the
# other checks, which it passes by its shape; anything else takes the long way.
_USUAL = re.compile(r"([0-9]{1,14})(?:\.([0-9]{1,6}))?")
_EXPONENT = re.compile(r"^[+-]?[0-9.,]*[0-9][eE][+-]?[0-9]+$")
_ENERGY_BASIS = re.compile(r"^(kwh|mwh|gwh|gj)\s*\(\s*(gross|net)\s*cv\s*\)$")
QUANTITY_PLACES = 6  # FootprintEntry.quantity's decimal_places
QUANTITY_BELOW = Decimal("1e14")  # its max_digits (20) less its places
SIGNIFICANT_DIGITS = 15  # DBL_DIG: what a double (SQLite's REAL) keeps exactly

# Factor unit as published -> pint unit.
FACTOR_UNITS: dict[str, str] = {
    "kWh": "kilowatt_hour",
    "kWh (Gross CV)": "kilowatt_hour",
    "kWh (Net CV)": "kilowatt_hour",
    "GJ": "gigajoule",
    "litres": "liter",
    "Litres": "liter",
    "million litres": "megaliter",
    "cubic metres": "meter ** 3",
    "tonnes": "metric_ton",
    "kg": "kilogram",
    "km": "kilometer",
    "miles": "mile",
    "passenger.km": "passenger_km",
    "tonne.km": "tonne_km",
    "Room per night": "room_night",
    "per FTE Working Hour": "fte_hour",
}
# The energy basis a factor's unit states ("gross" or "net"); plain kWh and GJ state none.
FACTOR_BASIS = {"kWh (Gross CV)": "gross", "kWh (Net CV)": "net"}

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
    "passenger.km": "passenger_km",
    "passenger km": "passenger_km",
    "passenger.miles": "passenger_mile",
    "passenger miles": "passenger_mile",
    "tonne.km": "tonne_km",
    "tonne km": "tonne_km",
    "tonne.miles": "tonne_mile",
    "tonne miles": "tonne_mile",
    "room nights": "room_night",
    "room per night": "room_night",
    "fte working hours": "fte_hour",
    "per fte working hour": "fte_hour",
}
# What each dimension is, in words, for a refusal.
_DIMENSION_WORDS = {
    "passenger_km": "distance travelled by each passenger (passenger.km or passenger.miles)",
    "tonne_km": "goods moved over a distance (tonne.km or tonne.miles)",
    "room_night": "hotel rooms per night (room nights)",
    "fte_hour": "homeworking hours per full-time equivalent (FTE working hours)",
}


def shown(text: object, length: int = 40) -> str:
    """A value quoted in a message, cut short when long (a message never repeats a whole cell)."""
    return repr(_cut(str(text), length))


def _cut(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length] + "…"


def plain_decimal(value: float | int | Decimal) -> str:
    """A spreadsheet's number as plain decimal text: 1e-07 -> "0.0000001", 1000000.0 -> "1000000".

    A spreadsheet works to 15 significant digits and shows the number at that precision; the
    binary noise a formula leaves beyond it (=0.1+0.2 is stored as 0.30000000000000004) is not
    the person's number, so the float is read to 15 significant digits, written without an
    exponent, and then checked like typed text. Minus zero (a formula's -0.0) is shown as 0, so
    it is read as 0 (-0.0 + 0.0 is 0.0).
    """
    if isinstance(value, float):
        value = Decimal(format(value + 0.0, f".{SIGNIFICANT_DIGITS}g"))
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_quantity(
    text: object, *, places: int = QUANTITY_PLACES, below: Decimal = QUANTITY_BELOW
) -> Decimal:
    """A non-negative number written in plain ASCII decimal notation, or a clear error.

    Digits 0-9, an optional fraction after ".", commas only between thousands (1,000,000.5).
    Refused, never guessed at or rounded: other digits (full-width, Arabic-Indic), underscores,
    exponents (1e5), NaN and Infinity, signs, more than ``places`` decimal places, values of
    ``below`` or more, and more than 15 significant digits (the most SQLite, which stores a
    double, keeps exactly; PostgreSQL keeps them too, so both databases hold the same number).
    """
    if type(text) is str and len(text) <= SIGNIFICANT_DIGITS + 1:
        usual = _USUAL.fullmatch(text)
        if usual:
            whole, fraction = usual[1], (usual[2] or "").rstrip("0")
            value = Decimal(f"{whole}.{fraction}" if fraction else whole)
            if value < below and len(fraction) <= places:
                return value
    if isinstance(text, float | int | Decimal) and not isinstance(text, bool):
        if isinstance(text, Decimal | float) and not Decimal(text).is_finite():
            raise ValidationError(f"{shown(text)} is not a number.", code="not_a_number")
        text = plain_decimal(text)
    raw = str(text).strip()
    if not raw:
        raise ValidationError("No quantity is given.", code="not_a_number")
    if raw[0] in "-\u2212" and (_PLAIN.match(raw[1:]) or _THOUSANDS.match(raw[1:])):
        raise ValidationError(f"Quantity {_cut(raw)} is negative.", code="negative")
    if not all(c in "0123456789.," for c in raw):
        raise ValidationError(_not_a_number(raw), code="not_a_number")
    if "," in raw:
        if not _THOUSANDS.match(raw):
            raise ValidationError(
                f"{shown(raw)} is not a number (commas only between thousands: 1,000,000.5).",
                code="not_a_number",
            )
        raw = raw.replace(",", "")
    if not _PLAIN.match(raw):
        raise ValidationError(f"{shown(raw)} is not a number.", code="not_a_number")
    whole, _, fraction = raw.partition(".")
    fraction = fraction.rstrip("0")
    if len(fraction) > places:
        raise ValidationError(
            f"{shown(text)} has {len(fraction)} decimal places; at most {places} are kept. Round "
            "it in the file (nothing is rounded for you).",
            code="too_many_places",
        )
    value = Decimal(f"{whole or 0}.{fraction}" if fraction else whole)
    if value >= below:
        raise ValidationError(f"Quantity {_cut(raw)} is too large to be right.", code="too_large")
    digits = (whole.lstrip("0") + fraction) if whole.lstrip("0") else fraction.lstrip("0")
    if len(digits) > SIGNIFICANT_DIGITS:
        raise ValidationError(
            f"{shown(text)} has {len(digits)} significant digits; at most {SIGNIFICANT_DIGITS} "
            "can be stored exactly. Round it in the file.",
            code="too_many_digits",
        )
    return value


def _not_a_number(raw: str) -> str:
    if any(c.isdigit() and not c.isascii() for c in raw):
        return f"{shown(raw)} uses digits other than 0-9: type the number with the digits 0-9."
    if "_" in raw:
        return f"{shown(raw)} is not a number: write it without underscores (1000 or 1,000)."
    if _EXPONENT.match(raw):
        return f"{shown(raw)} is in exponent notation: write the number out in full."
    if raw.startswith("+"):
        return f"{shown(raw)} is not a number: write it without a + sign."
    return f"{shown(raw)} is not a number."


def _written_unit(unit: str) -> tuple[str, str | None]:
    """The activity unit's pint unit and the energy basis it states ("gross", "net" or None)."""
    text = " ".join(str(unit).split()).lower()
    basis_named = _ENERGY_BASIS.match(text)
    if basis_named:
        return ACTIVITY_UNITS[basis_named.group(1)], basis_named.group(2)
    source = ACTIVITY_UNITS.get(text)
    if source is None:
        known = ", ".join(sorted(ACTIVITY_UNITS))
        raise ValidationError(
            f"Unknown unit {unit!r}. Known units: {known} (energy may state its basis: "
            "kWh (Gross CV), kWh (Net CV)).",
            code="unknown_unit",
        )
    return source, None


def to_factor_unit(quantity: Decimal, unit: str, factor_unit: str) -> Decimal:
    """``quantity`` of ``unit`` expressed in the factor's unit.

    A plain energy quantity (kWh, MWh, GJ) against a kWh (Gross CV) or kWh (Net CV) factor is
    taken to be on the factor's stated basis; a quantity that states a basis must state the
    factor's (the module's docstring says why)."""
    source, basis = _written_unit(unit)
    target = FACTOR_UNITS.get(factor_unit)
    if target is None:
        raise ValidationError(
            f"Factors per {factor_unit!r} are not used for activity data.", code="unit_unsupported"
        )
    if basis is not None and FACTOR_BASIS.get(factor_unit) != basis:
        stated = FACTOR_BASIS.get(factor_unit)
        raise ValidationError(
            f"{unit} cannot be converted to {factor_unit}: "
            + (
                f"the factor is on the {stated} calorific value and the quantity on the {basis}; "
                "they differ by the fuel's own ratio, not a unit. Use the factor row on the "
                f"{basis} basis (kWh ({basis.title()} CV))."
                if stated
                else f"the factor is per {factor_unit}, which states no calorific basis; give the "
                "quantity in plain kWh."
            ),
            code="unit_mismatch",
        )
    try:
        converted = UREG.Quantity(quantity, source).to(target)
    except pint.DimensionalityError:
        words = _DIMENSION_WORDS.get(target)
        raise ValidationError(
            f"{unit} cannot be converted to {factor_unit}: the factor is per {factor_unit}"
            + (f", {words}." if words else "."),
            code="unit_mismatch",
        ) from None
    return Decimal(converted.magnitude)
