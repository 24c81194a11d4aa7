"""Quantities and unit names at their edges: every accepted figure and every conversion is
worked out by hand beside it, and every refusal is checked word for word."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from netzero.footprints.units import (
    ACTIVITY_UNITS,
    parse_quantity,
    plain_decimal,
    shown,
    to_factor_unit,
)

D = Decimal
COMMAS = "commas only between thousands: 1,000,000.5"
KNOWN_UNITS = (
    "cubic metres, fte working hours, gj, gwh, kg, km, kwh, l, liter, liters, litre, litres, m3, "
    "mile, miles, million litres, mwh, passenger km, passenger miles, passenger.km, "
    "passenger.miles, per fte working hour, room nights, room per night, t, tonne, tonne km, "
    "tonne miles, tonne.km, tonne.miles, tonnes (energy may state its basis: kWh (Gross CV), "
    "kWh (Net CV))"
)


def refusal(text, **kwargs) -> tuple[str, str]:
    with pytest.raises(ValidationError) as refused:
        parse_quantity(text, **kwargs)
    assert len(refused.value.messages) == 1
    return refused.value.code, refused.value.messages[0]


# --- Quantities: the limits, at exactly the limit and one step beyond -----------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("99999999999999", D("99999999999999")),  # 10^14 - 1: the largest whole number kept
        ("99999999999999.9", D("99999999999999.9")),  # 15 significant digits: the most kept
        ("99,999,999,999,999", D("99999999999999")),
        ("12345678901.2345", D("12345678901.2345")),  # 11 + 4 = 15 significant digits
        ("0.000001", D("0.000001")),  # six decimal places: the most kept
        ("0.123456", D("0.123456")),
        ("1.0000000", D(1)),  # trailing zeros are not places
        ("000000000000000000123", D(123)),  # leading zeros are not significant digits
        ("0.000000000", D(0)),
        ("0", D(0)),  # a zero quantity is a figure of zero
        ("000", D(0)),
        (".5", D("0.5")),
        (" 5 ", D(5)),
        ("\t7\t", D(7)),
        ("1,000", D(1000)),
        ("1,000,000", D(1000000)),
        ("1,000.5", D("1000.5")),  # the UK way: comma for thousands, point for the decimal
        ("1,000,000.25", D("1000000.25")),
        ("1.000", D(1)),  # a point is always the decimal point, never a thousands separator
        ("1.5", D("1.5")),
    ],
)
def test_quantities_written_plainly_are_read_exactly(text, value):
    assert parse_quantity(text) == value
    assert str(parse_quantity(text)) == str(value)  # the same digits, no rounding


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        # One past the largest: 10^14.
        ("100000000000000", "too_large", "Quantity 100000000000000 is too large to be right."),
        (
            "100,000,000,000,000",
            "too_large",
            "Quantity 100000000000000 is too large to be right.",
        ),
        (
            "99999999999999.99",
            "too_many_digits",
            "'99999999999999.99' has 16 significant digits; at most 15 can be stored exactly. "
            "Round it in the file.",
        ),
        (
            "1234567890.123456",
            "too_many_digits",
            "'1234567890.123456' has 16 significant digits; at most 15 can be stored exactly. "
            "Round it in the file.",
        ),
        (
            "0.0000001",
            "too_many_places",
            "'0.0000001' has 7 decimal places; at most 6 are kept. Round it in the file (nothing "
            "is rounded for you).",
        ),
        (
            "1,000.1234567",
            "too_many_places",
            "'1,000.1234567' has 7 decimal places; at most 6 are kept. Round it in the file "
            "(nothing is rounded for you).",
        ),
    ],
)
def test_one_step_past_each_limit_is_refused_and_says_why(text, code, message):
    assert refusal(text) == (code, message)


def test_zeros_before_the_first_digit_are_not_significant():
    # With room for 25 places: 0.000...0012345 has 5 significant digits (the 18 zeros after the
    # point are not counted), and 16 digits after those zeros are one too many.
    assert parse_quantity("0.0000000000000000012345", places=25) == D("1.2345e-18")
    assert parse_quantity("000.0000000000000000012345", places=25) == D("1.2345e-18")
    assert refusal("0.0000000001234567890123456", places=25) == (
        "too_many_digits",
        "'0.0000000001234567890123456' has 16 significant digits; at most 15 can be stored "
        "exactly. Round it in the file.",
    )


def test_the_limits_can_be_set_by_the_caller():
    # Stated totals in tonnes take three places and stay below 10^11 (services.py).
    assert parse_quantity("0.125", places=3) == D("0.125")
    assert refusal("0.1255", places=3) == (
        "too_many_places",
        "'0.1255' has 4 decimal places; at most 3 are kept. Round it in the file (nothing is "
        "rounded for you).",
    )
    assert parse_quantity("99999999999.999", places=3, below=D("1e11")) == D("99999999999.999")
    assert refusal("100000000000", places=3, below=D("1e11")) == (
        "too_large",
        "Quantity 100000000000 is too large to be right.",
    )


# --- Zero and negative ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Quantity -1 is negative."),
        ("-0.5", "Quantity -0.5 is negative."),
        ("-.5", "Quantity -.5 is negative."),
        ("-1,000", "Quantity -1,000 is negative."),
        ("\u22125", "Quantity \u22125 is negative."),  # the typographic minus sign
        (" -7 ", "Quantity -7 is negative."),
        (-5, "Quantity -5 is negative."),
        (-5.5, "Quantity -5.5 is negative."),
        (D("-1"), "Quantity -1 is negative."),
        (-1e-6, "Quantity -0.000001 is negative."),
    ],
)
def test_negative_quantities_are_refused(value, message):
    assert refusal(value) == ("negative", message)


def test_minus_zero_from_a_spreadsheet_is_zero_as_the_spreadsheet_shows_it():
    # A formula can leave -0.0 in a cell; a spreadsheet shows it as 0.
    assert plain_decimal(-0.0) == "0"
    assert parse_quantity(-0.0) == 0
    # Typed text keeps its sign: a typed "-0" is refused, never guessed at.
    assert refusal("-0") == ("negative", "Quantity -0 is negative.")


@pytest.mark.parametrize("value", [0, 0.0, D(0), D("0.000"), "0", "0.0"])
def test_zero_is_accepted_in_every_form(value):
    assert parse_quantity(value) == 0


# --- NaN and Infinity in every spelling the parser meets ------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "'nan' is not a number."),
        ("NaN", "'NaN' is not a number."),
        ("NAN", "'NAN' is not a number."),
        ("-nan", "'-nan' is not a number."),
        ("sNaN", "'sNaN' is not a number."),
        ("inf", "'inf' is not a number."),
        ("Infinity", "'Infinity' is not a number."),
        ("-Infinity", "'-Infinity' is not a number."),
        ("-inf", "'-inf' is not a number."),
        ("+inf", "'+inf' is not a number: write it without a + sign."),
        ("1e999", "'1e999' is in exponent notation: write the number out in full."),
        ("1E999", "'1E999' is in exponent notation: write the number out in full."),
        ("-1e999", "'-1e999' is in exponent notation: write the number out in full."),
        (float("nan"), "'nan' is not a number."),
        (float("inf"), "'inf' is not a number."),
        (float("-inf"), "'-inf' is not a number."),
        (float("1e999"), "'inf' is not a number."),  # a double cannot hold 1e999
        (D("NaN"), "'NaN' is not a number."),
        (D("sNaN"), "'sNaN' is not a number."),
        (D("Infinity"), "'Infinity' is not a number."),
        (D("-Infinity"), "'-Infinity' is not a number."),
    ],
)
def test_nan_and_infinity_are_never_numbers(value, message):
    assert refusal(value) == ("not_a_number", message)


# --- Separators in the wrong place and other odd text ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1,00",  # a decimal comma (1.00) or a slip for 100: never guessed
        "10,00,000",  # lakh grouping
        "1.000,5",  # the European way round
        "0,5",
        "1,0000",
        "1000,000",
        ",100",
        "1,000,",
        "1,,000",
        "1,000.000,5",
        "1,000.5,1",
    ],
)
def test_commas_anywhere_but_between_thousands_are_refused(text):
    assert refusal(text) == ("not_a_number", f"{text!r} is not a number ({COMMAS}).")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No quantity is given."),
        ("   ", "No quantity is given."),
        ("lots", "'lots' is not a number."),
        ("1 000", "'1 000' is not a number."),
        ("1\u00a0000", "'1\\xa0000' is not a number."),  # the hidden space is shown
        ("5.", "'5.' is not a number."),
        ("1..5", "'1..5' is not a number."),
        ("1.2.3", "'1.2.3' is not a number."),
        (".", "'.' is not a number."),
        ("-1,00", "'-1,00' is not a number."),
        ("1e", "'1e' is not a number."),
        ("e5", "'e5' is not a number."),
        ("5+", "'5+' is not a number."),
        ("-", "'-' is not a number."),
        ("+5", "'+5' is not a number: write it without a + sign."),
        ("X100", "'X100' is not a number."),  # a placeholder left in the file
        ("X,XXX", "'X,XXX' is not a number."),
        ("1_000", "'1_000' is not a number: write it without underscores (1000 or 1,000)."),
        ("1e5", "'1e5' is in exponent notation: write the number out in full."),
        ("1.5E-3", "'1.5E-3' is in exponent notation: write the number out in full."),
        ("+1e5", "'+1e5' is in exponent notation: write the number out in full."),
        ("1,000e3", "'1,000e3' is in exponent notation: write the number out in full."),
        (
            "\uff11\uff12\uff13",
            "'\uff11\uff12\uff13' uses digits other than 0-9: type the number with the digits 0-9.",
        ),
        ("\u0663", "'\u0663' uses digits other than 0-9: type the number with the digits 0-9."),
        (True, "'True' is not a number."),
        (False, "'False' is not a number."),
    ],
)
def test_text_that_is_not_a_plain_number_is_refused_with_its_reason(text, message):
    assert refusal(text) == ("not_a_number", message)


def test_a_long_value_is_quoted_cut_short():
    assert shown("x" * 40) == repr("x" * 40)
    assert shown("x" * 41) == repr("x" * 40 + "…")
    assert shown(12345, 3) == repr("123…")
    assert refusal("y" * 41) == ("not_a_number", f"{'y' * 40 + '…'!r} is not a number.")
    assert refusal("-" + "9" * 50)[1] == f"Quantity -{'9' * 39}… is negative."
    assert refusal("9" * 41)[1] == f"Quantity {'9' * 40}… is too large to be right."


# --- Numbers as a spreadsheet stores them ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-07, "0.0000001"),
        (1000000.0, "1000000"),
        (0.1 + 0.2, "0.3"),  # stored as 0.30000000000000004
        (110 * 1.1, "121"),  # stored as 121.00000000000001
        (123456789012345.67, "123456789012346"),  # 15 significant digits, half up
        (2.5, "2.5"),
        (0.0, "0"),
        (5, "5"),
        (10**20, "100000000000000000000"),
        (D("1.500"), "1.5"),
        (D("1E+3"), "1000"),
        (D("0.000"), "0"),
        (D("120"), "120"),  # trailing zeros of a whole number stay
    ],
)
def test_a_spreadsheets_number_is_written_out_as_it_is_shown(value, text):
    assert plain_decimal(value) == text


def test_a_spreadsheets_numbers_are_then_checked_like_typed_text():
    assert parse_quantity(0.1 + 0.2) == D("0.3")
    assert parse_quantity(1000000.0) == D(1000000)
    assert parse_quantity(99999999999999.0) == D("99999999999999")
    assert refusal(1e14) == ("too_large", "Quantity 100000000000000 is too large to be right.")
    assert refusal(1e-07) == (
        "too_many_places",
        "'0.0000001' has 7 decimal places; at most 6 are kept. Round it in the file (nothing is "
        "rounded for you).",
    )
    assert refusal(10**20) == (
        "too_large",
        "Quantity 100000000000000000000 is too large to be right.",
    )


# --- Unit names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "factor_unit", "per_unit"),
    [
        # The unit's name in any case, with spaces around it.
        ("kWh", "kWh", Fraction(1)),
        ("KWH", "kWh", Fraction(1)),
        ("kwh", "kWh", Fraction(1)),
        (" kWh ", "kWh", Fraction(1)),
        ("\tkWh\n", "kWh", Fraction(1)),
        ("MWH", "kWh", Fraction(1000)),
        ("mwh", "kWh", Fraction(1000)),
        ("Litres", "litres", Fraction(1)),
        ("LITRES", "litres", Fraction(1)),
        (" Cubic Metres ", "cubic metres", Fraction(1)),
        ("Million Litres", "million litres", Fraction(1)),
        ("M3", "cubic metres", Fraction(1)),
        ("T", "tonnes", Fraction(1)),
        ("KG", "kg", Fraction(1)),
        ("Miles", "miles", Fraction(1)),
        ("KM", "km", Fraction(1)),
        ("GJ", "GJ", Fraction(1)),
    ],
)
def test_unit_names_are_read_whatever_their_case_and_spacing(unit, factor_unit, per_unit):
    assert Fraction(to_factor_unit(D(1), unit, factor_unit)) == per_unit


# Every conversion an activity can need, worked by hand:
# 1 kWh = 3,600,000 J, so 1 GJ = 10^9 / 3.6 x 10^6 = 2500/9 kWh and 1 kWh = 0.0036 GJ;
# 1 m3 = 1,000 litres; a million litres = 1,000 m3; 1 tonne = 1,000 kg;
# 1 mile = 1.609344 km exactly (the international mile), 1 km = 1/1.609344 miles.
CONVERSIONS = [
    ("kWh", "kWh (Gross CV)", Fraction(1)),
    ("kWh", "kWh (Net CV)", Fraction(1)),
    ("MWh", "kWh (Gross CV)", Fraction(1000)),
    ("MWh", "kWh", Fraction(1000)),
    ("GWh", "kWh", Fraction(1000000)),
    ("GWh", "GJ", Fraction(3600)),
    ("MWh", "GJ", Fraction(36, 10)),
    ("kWh", "GJ", Fraction(36, 10000)),
    ("GJ", "kWh", Fraction(2500, 9)),
    ("GJ", "GJ", Fraction(1)),
    ("litres", "litres", Fraction(1)),
    ("l", "litres", Fraction(1)),
    ("litre", "litres", Fraction(1)),
    ("liter", "litres", Fraction(1)),
    ("liters", "litres", Fraction(1)),
    ("litres", "cubic metres", Fraction(1, 1000)),
    ("m3", "litres", Fraction(1000)),
    ("cubic metres", "litres", Fraction(1000)),
    ("m3", "cubic metres", Fraction(1)),
    ("million litres", "litres", Fraction(1000000)),
    ("million litres", "cubic metres", Fraction(1000)),
    ("m3", "million litres", Fraction(1, 1000)),
    ("litres", "million litres", Fraction(1, 1000000)),
    ("million litres", "million litres", Fraction(1)),
    ("tonnes", "kg", Fraction(1000)),
    ("tonne", "kg", Fraction(1000)),
    ("t", "kg", Fraction(1000)),
    ("kg", "tonnes", Fraction(1, 1000)),
    ("kg", "kg", Fraction(1)),
    ("tonnes", "tonnes", Fraction(1)),
    ("miles", "km", Fraction(1609344, 1000000)),
    ("mile", "km", Fraction(1609344, 1000000)),
    ("km", "miles", Fraction(1000000, 1609344)),
    ("km", "km", Fraction(1)),
    ("miles", "miles", Fraction(1)),
    # Each unit string the shipped files publish, and how people write them.
    ("litres", "Litres", Fraction(1)),
    ("kWh (Gross CV)", "kWh (Gross CV)", Fraction(1)),
    ("kwh (gross cv)", "kWh (Gross CV)", Fraction(1)),
    ("kWh (net CV)", "kWh (Net CV)", Fraction(1)),
    ("KWH(NET CV)", "kWh (Net CV)", Fraction(1)),
    ("MWh (Gross CV)", "kWh (Gross CV)", Fraction(1000)),
    ("GJ (Net CV)", "kWh (Net CV)", Fraction(2500, 9)),
    ("GJ", "kWh (Gross CV)", Fraction(2500, 9)),
    ("passenger.km", "passenger.km", Fraction(1)),
    ("Passenger km", "passenger.km", Fraction(1)),
    ("passenger.miles", "passenger.km", Fraction(1609344, 1000000)),
    ("passenger miles", "passenger.km", Fraction(1609344, 1000000)),
    ("tonne.km", "tonne.km", Fraction(1)),
    ("tonne km", "tonne.km", Fraction(1)),
    ("tonne.miles", "tonne.km", Fraction(1609344, 1000000)),
    ("tonne miles", "tonne.km", Fraction(1609344, 1000000)),
    ("room nights", "Room per night", Fraction(1)),
    ("Room per night", "Room per night", Fraction(1)),
    ("FTE working hours", "per FTE Working Hour", Fraction(1)),
]


@pytest.mark.parametrize(("unit", "factor_unit", "per_unit"), CONVERSIONS)
def test_every_conversion_gives_the_figure_worked_by_hand(unit, factor_unit, per_unit):
    for quantity in (Fraction(1), Fraction(5, 2), Fraction(99999999999999)):
        got = to_factor_unit(D(quantity.numerator) / quantity.denominator, unit, factor_unit)
        assert isinstance(got, Decimal)
        want = quantity * per_unit
        # Exact where the answer ends (1 MWh is 1,000 kWh); within the 28th significant digit
        # where it does not (2500/9 = 277.777...).
        assert abs(Fraction(got) - want) <= abs(want) / 10**27, (quantity, got)
        if (want * 10**30).denominator == 1:
            assert Fraction(got) == want


def test_every_activity_unit_converts_to_some_factor_unit():
    factor_unit_for = {
        "kilowatt_hour": "kWh",
        "megawatt_hour": "kWh",
        "gigawatt_hour": "kWh",
        "gigajoule": "GJ",
        "liter": "litres",
        "meter ** 3": "cubic metres",
        "megaliter": "million litres",
        "metric_ton": "tonnes",
        "kilogram": "kg",
        "kilometer": "km",
        "mile": "miles",
        "passenger_km": "passenger.km",
        "passenger_mile": "passenger.km",
        "tonne_km": "tonne.km",
        "tonne_mile": "tonne.km",
        "room_night": "Room per night",
        "fte_hour": "per FTE Working Hour",
    }
    for unit, pint_unit in ACTIVITY_UNITS.items():
        assert to_factor_unit(D(0), unit, factor_unit_for[pint_unit]) == 0


def test_a_zero_quantity_converts_to_zero():
    assert to_factor_unit(D(0), "MWh", "kWh") == 0
    assert to_factor_unit(D(0), "miles", "km") == 0


@pytest.mark.parametrize(
    ("unit", "factor_unit", "code", "message"),
    [
        (
            "furlongs",
            "kWh",
            "unknown_unit",
            f"Unknown unit 'furlongs'. Known units: {KNOWN_UNITS}.",
        ),
        ("", "kWh", "unknown_unit", f"Unknown unit ''. Known units: {KNOWN_UNITS}."),
        ("k W h", "kWh", "unknown_unit", f"Unknown unit 'k W h'. Known units: {KNOWN_UNITS}."),
        ("mL", "litres", "unknown_unit", f"Unknown unit 'mL'. Known units: {KNOWN_UNITS}."),
        (
            "kWh (Gross CV",
            "kWh (Gross CV)",
            "unknown_unit",
            f"Unknown unit 'kWh (Gross CV'. Known units: {KNOWN_UNITS}.",
        ),
        (
            "km",
            "passenger.km",
            "unit_mismatch",
            "km cannot be converted to passenger.km: the factor is per passenger.km, distance "
            "travelled by each passenger (passenger.km or passenger.miles).",
        ),
        (
            "miles",
            "tonne.km",
            "unit_mismatch",
            "miles cannot be converted to tonne.km: the factor is per tonne.km, goods moved over "
            "a distance (tonne.km or tonne.miles).",
        ),
        (
            "passenger.km",
            "km",
            "unit_mismatch",
            "passenger.km cannot be converted to km: the factor is per km.",
        ),
        (
            "passenger.km",
            "tonne.km",
            "unit_mismatch",
            "passenger.km cannot be converted to tonne.km: the factor is per tonne.km, goods "
            "moved over a distance (tonne.km or tonne.miles).",
        ),
        (
            "tonnes",
            "tonne.km",
            "unit_mismatch",
            "tonnes cannot be converted to tonne.km: the factor is per tonne.km, goods moved "
            "over a distance (tonne.km or tonne.miles).",
        ),
        (
            "kWh (Gross CV)",
            "kWh (Net CV)",
            "unit_mismatch",
            "kWh (Gross CV) cannot be converted to kWh (Net CV): the factor is on the net "
            "calorific value and the quantity on the gross; they differ by the fuel's own ratio, "
            "not a unit. Use the factor row on the gross basis (kWh (Gross CV)).",
        ),
        (
            "kWh (net CV)",
            "kWh",
            "unit_mismatch",
            "kWh (net CV) cannot be converted to kWh: the factor is per kWh, which states no "
            "calorific basis; give the quantity in plain kWh.",
        ),
        (
            "litres",
            "kWh (Net CV)",
            "unit_mismatch",
            "litres cannot be converted to kWh (Net CV): the factor is per kWh (Net CV).",
        ),
        (
            "kWh",
            "Room per night",
            "unit_mismatch",
            "kWh cannot be converted to Room per night: the factor is per Room per night, hotel "
            "rooms per night (room nights).",
        ),
        ("kWh", "KWH", "unit_unsupported", "Factors per 'KWH' are not used for activity data."),
        (
            "litres",
            "kWh",
            "unit_mismatch",
            "litres cannot be converted to kWh: the factor is per kWh.",
        ),
        (
            "Litres",
            "kWh (Gross CV)",
            "unit_mismatch",
            "Litres cannot be converted to kWh (Gross CV): the factor is per kWh (Gross CV).",
        ),
        ("kg", "km", "unit_mismatch", "kg cannot be converted to km: the factor is per km."),
        (
            "kWh",
            "tonnes",
            "unit_mismatch",
            "kWh cannot be converted to tonnes: the factor is per tonnes.",
        ),
        (
            "m3",
            "GJ",
            "unit_mismatch",
            "m3 cannot be converted to GJ: the factor is per GJ.",
        ),
    ],
)
def test_a_unit_that_cannot_be_converted_is_refused_and_says_why(unit, factor_unit, code, message):
    with pytest.raises(ValidationError) as refused:
        to_factor_unit(D(1), unit, factor_unit)
    assert (refused.value.code, refused.value.messages) == (code, [message])
