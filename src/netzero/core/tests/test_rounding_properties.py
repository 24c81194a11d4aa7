"""Property-based tests: figures are rounded half up where the code says so, checked against an
exact reference computed here with ``fractions.Fraction`` (no Decimal context, no floats).

"Half up" is Decimal's ``ROUND_HALF_UP``: a half goes away from zero, so 12.25% shows 12.3% and
a fall of 12.25% shows -12.3%. Exact half-way values are drawn on purpose (random numbers almost
never land on them), and values just either side of them.

- ``core.percent.whole_percent``: a count's share as a whole per cent.
- ``footprints.calculation.tonnes_co2e``: quantity x factor (kg) in tonnes, to 3 places, over
  the stored fields' whole range (quantity 20 digits, 6 places; factor 30 digits, 15 places),
  however many digits the exact product has. (It used to round a product of more than 28
  significant digits half to even first: 0.000005 units at 2000000099999.999999999999999 kg,
  10000000.499999999999999999999995 kg, showed 10000.001 t, not 10000.000 t.)
- ``footprints.trajectory.change``: the percentage change, to 1 place.
- ``footprints.trajectory.project``: the least-squares slope and the projected figure, to 3
  places (it used to work in 28 digits, where a mean of three years does not end, and rounded
  some exact halves down).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netzero.core.percent import whole_percent
from netzero.footprints.calculation import tonnes_co2e
from netzero.footprints.trajectory import TREND_YEARS, change, project

ROUNDING = settings(max_examples=400, deadline=None, database=None)

QUANTITY_MAX = Decimal("99999999999999.999999")  # FootprintEntry.quantity: 20 digits, 6 places
FACTOR_MAX = Decimal("999999999999999.999999999999999")  # Factor.value: 30 digits, 15 places
TONNES_MAX = Decimal("99999999999.999")  # a stored total: 14 digits, 3 places

quantities = st.decimals(-QUANTITY_MAX, QUANTITY_MAX, places=6)
factors = st.decimals(-FACTOR_MAX, FACTOR_MAX, places=15)
tonnes = st.decimals(-TONNES_MAX, TONNES_MAX, places=3)
signs = st.sampled_from([1, -1])


def half_up(value: Fraction, places: int) -> Fraction:
    """``value`` to ``places`` decimal places, a half going away from zero: exact."""
    scaled = abs(value) * 10**places
    rounded = Fraction(int(scaled + Fraction(1, 2)), 10**places)  # int() floors a positive
    return rounded if value >= 0 else -rounded


def _places(value: Decimal) -> int:
    return -value.as_tuple().exponent


def test_the_reference_rounds_halves_away_from_zero():
    assert half_up(Fraction(5, 2), 0) == 3
    assert half_up(Fraction(-5, 2), 0) == -3
    assert half_up(Fraction(1225, 100), 1) == Fraction(123, 10)
    assert half_up(Fraction(-1225, 100), 1) == Fraction(-123, 10)
    assert half_up(Fraction(12249999, 1000000), 1) == Fraction(122, 10)
    assert half_up(Fraction(1, 2000), 3) == Fraction(1, 1000)


# whole_percent ---------------------------------------------------------------------------


@ROUNDING
@given(data=st.data(), whole=st.integers(0, 10**9))
def test_whole_percent_is_the_exact_share_rounded_half_up(data, whole):
    part = data.draw(st.integers(0, whole))
    expected = half_up(Fraction(100 * part, whole), 0) if whole else 0
    assert whole_percent(part, whole) == expected


@ROUNDING
@given(t=st.integers(1, 10**7), j=st.integers(0, 99), nudge=st.sampled_from([0, 0, -1, 1]))
def test_whole_percent_at_and_beside_every_half(t, j, nudge):
    """``(2j + 1) t`` of ``200 t`` is exactly j + 1/2 per cent (1 of 8 is 12.5%): it shows j + 1.
    One action fewer or more lands just below or above the half."""
    whole, part = 200 * t, (2 * j + 1) * t + nudge
    if not 0 <= part <= whole:
        part = (2 * j + 1) * t
    result = whole_percent(part, whole)
    assert result == half_up(Fraction(100 * part, whole), 0)
    if part == (2 * j + 1) * t:
        assert result == j + 1


# tonnes_co2e ---------------------------------------------------------------------------


def _tonnes_reference(quantity: Decimal, factor: Decimal) -> Fraction:
    return half_up(Fraction(quantity) * Fraction(factor) / 1000, 3)


@pytest.mark.parametrize(
    ("quantity", "factor", "tonnes"),
    [
        # Products of more than 28 significant digits, worked out by hand.
        ("0.000005", "2000000099999.999999999999999", "10000.000"),  # 10000000.4999... kg
        ("8516.167057", "14496.756659854705807", "123456.801"),
    ],
)
def test_tonnes_co2e_of_a_long_product_is_rounded_once(quantity, factor, tonnes):
    result = tonnes_co2e(quantity=Decimal(quantity), kg_co2e_per_unit=Decimal(factor))
    assert result == Decimal(tonnes)
    assert _tonnes_reference(Decimal(quantity), Decimal(factor)) == Fraction(tonnes)


@ROUNDING
@given(data=st.data(), quantity=quantities)
def test_tonnes_co2e_is_the_exact_product_rounded_half_up_to_the_kilogram(data, quantity):
    """Any stored quantity, and any factor that keeps the figure within a stored total's range
    (14 digits: beyond it the figure could not be kept whatever its rounding)."""
    if quantity:
        bound = Fraction(TONNES_MAX * 1000) / abs(Fraction(quantity)) * 10**15
        largest = min(FACTOR_MAX, Decimal(int(bound)).scaleb(-15))
    factor = data.draw(
        st.decimals(-largest, largest, places=15) if quantity else factors, label="factor"
    )
    result = tonnes_co2e(quantity=quantity, kg_co2e_per_unit=factor)
    assert _places(result) == 3
    assert Fraction(result) == _tonnes_reference(quantity, factor)


@ROUNDING
@given(
    odd=st.integers(0, 10**9).map(lambda n: 2 * n + 1),
    scale=st.integers(0, 5),
    swap=st.booleans(),
    sign=signs,
    nudge=st.sampled_from([Decimal(0), Decimal(0), Decimal("1E-15"), Decimal("-1E-15")]),
)
def test_tonnes_co2e_at_and_beside_half_a_kilogram(odd, scale, swap, sign, nudge):
    """An odd number of half kilograms (quantity x factor = (2n + 1) / 2 kg) is exactly half-way
    between two kilograms: it rounds up (away from zero). A factor nudged by 1E-15 lands just
    either side of the half."""
    quantity = sign * Decimal(odd).scaleb(-scale)  # odd x 10^-scale, 6 places at most
    factor = Decimal(5).scaleb(scale - 1) + nudge  # 5 x 10^(scale - 1): the product is odd / 2
    if swap:  # the half in the quantity instead: 5 x 10^-(scale + 1) units at odd x 10^scale kg
        quantity, factor = sign * Decimal(5).scaleb(-scale - 1), Decimal(odd).scaleb(scale) + nudge
    result = tonnes_co2e(quantity=quantity, kg_co2e_per_unit=factor)
    assert result == _tonnes_reference(quantity, factor)
    if not nudge:
        exact = Fraction(quantity) * Fraction(factor) / 1000
        assert abs(Fraction(result) - exact) == Fraction(1, 2000)  # exactly half-way
        assert abs(Fraction(result)) > abs(exact)  # and it went up, away from zero


# change() ------------------------------------------------------------------------------


@ROUNDING
@given(current=tonnes, reference=tonnes)
def test_percentage_change_is_the_exact_change_rounded_half_up_to_one_place(current, reference):
    result = change(current, reference)
    assert Fraction(result.absolute) == Fraction(current) - Fraction(reference)
    if reference == 0:
        assert result.percent is None
        return
    assert _places(result.percent) == 1
    expected = half_up((Fraction(current) - Fraction(reference)) / Fraction(reference) * 100, 1)
    assert Fraction(result.percent) == expected


@ROUNDING
@given(
    reference=tonnes.filter(bool),
    j=st.integers(-1000, 10**5),
    nudge=st.sampled_from([Decimal(0), Decimal(0), Decimal("0.001"), Decimal("-0.001")]),
)
def test_percentage_change_at_and_beside_every_half_of_a_tenth(reference, j, nudge):
    """A change of exactly (2j + 1) / 20 per cent (for example 12.25%) rounds to the tenth away
    from zero; a kilogram more or less lands on one side of it."""
    percent = Fraction(2 * j + 1, 20)
    current = reference * (1 + Decimal(2 * j + 1) / 2000) + nudge  # exact: terminating decimals
    assert nudge or Fraction(current) == Fraction(reference) * (1 + percent / 100)
    result = change(current, reference)
    expected = half_up((Fraction(current) - Fraction(reference)) / Fraction(reference) * 100, 1)
    assert Fraction(result.percent) == expected
    if not nudge:
        assert abs(Fraction(result.percent)) == abs(percent) + Fraction(1, 20)


# project ------------------------------------------------------------------------------------

series = st.lists(
    st.tuples(st.integers(2000, 2030), st.decimals(0, 10**7, places=3)),
    min_size=2,
    max_size=7,
    unique_by=lambda point: point[0],
)


@ROUNDING
@given(points=series, ahead=st.integers(1, 30))
def test_projection_is_the_exact_least_squares_line_rounded_half_up(points, ahead):
    """The reference fits the line by the normal equations, n.Sxy - Sx.Sy over n.Sxx - Sx^2,
    in fractions: another route to the same exact line."""
    recent = sorted(points)[-TREND_YEARS:]
    target_year = recent[-1][0] + ahead
    n = len(recent)
    sx = sum(Fraction(y) for y, _ in recent)
    sy = sum(Fraction(v) for _, v in recent)
    sxy = sum(Fraction(y) * Fraction(v) for y, v in recent)
    sxx = sum(Fraction(y) ** 2 for y, _ in recent)
    slope = (n * sxy - sx * sy) / (n * sxx - sx**2)
    value = (sy - slope * sx) / n + slope * target_year
    projection = project(points, target_year)
    assert projection.years_used == [y for y, _ in recent]
    assert Fraction(projection.slope_per_year) == half_up(slope, 3)
    assert Fraction(projection.value_at_target_year) == half_up(max(value, Fraction(0)), 3)
    assert _places(projection.slope_per_year) == _places(projection.value_at_target_year) == 3
