"""Targets and trajectories: the straight-line pathway from baseline to target, the annual
reduction still needed, and a projection from the recent trend with an on/off-track verdict.

Plain functions of numbers, so the page, reports and tests all use the same arithmetic.
Years are the start years of reporting years (2019 for 2019-20).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TREND_YEARS = 5  # the projection fits a straight line to at most the last five years of data


def target_value(baseline: Decimal, reduction_percent: Decimal) -> Decimal:
    return baseline * (1 - reduction_percent / 100)


def pathway_value(
    *,
    baseline_year: int,
    baseline: Decimal,
    target_year: int,
    reduction_percent: Decimal,
    year: int,
) -> Decimal:
    """The straight line from the baseline to the target, at ``year`` (flat outside the span)."""
    if target_year <= baseline_year:
        raise ValueError("The target year must come after the baseline year.")
    share = Decimal(min(max(year - baseline_year, 0), target_year - baseline_year)) / Decimal(
        target_year - baseline_year
    )
    return baseline - (baseline - target_value(baseline, reduction_percent)) * share


@dataclass(frozen=True)
class RequiredRate:
    tonnes_per_year: Decimal  # straight-line change needed each year from now (a cut, or a rise)
    percent_per_year: Decimal | None  # the same as a constant annual percentage (None: a rise
    # from zero or below, which no percentage reaches)


def required_rate(
    *,
    current_year: int,
    current: Decimal,
    target_year: int,
    target: Decimal,
    direction: str = "down",
) -> RequiredRate:
    """The cut (``direction="down"``: lower is better) or rise (``"up"``) still needed each
    year, as an amount and as a constant percentage, to go from ``current`` to ``target``."""
    years = target_year - current_year
    if years <= 0:
        raise ValueError("The target year has passed.")
    if direction == "up":
        return _required_rise(current=current, target=target, years=years)
    if current <= target:  # already at or below the target
        return RequiredRate(Decimal("0.000"), Decimal("0.00"))
    tonnes = (current - target) / years
    if target <= 0:
        percent = Decimal(100)  # net zero cannot be reached by percentage cuts alone
    else:
        ratio = float(target / current)
        percent = Decimal(str((1 - ratio ** (1 / years)) * 100))
    return RequiredRate(
        tonnes.quantize(Decimal("0.001"), ROUND_HALF_UP),
        percent.quantize(Decimal("0.01"), ROUND_HALF_UP),
    )


def _required_rise(*, current: Decimal, target: Decimal, years: int) -> RequiredRate:
    if current >= target:  # already at or above the goal
        return RequiredRate(Decimal("0.000"), Decimal("0.00"))
    amount = ((target - current) / years).quantize(Decimal("0.001"), ROUND_HALF_UP)
    if current <= 0:
        return RequiredRate(amount, None)
    ratio = float(target / current)
    percent = Decimal(str((ratio ** (1 / years) - 1) * 100))
    return RequiredRate(amount, percent.quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass(frozen=True)
class Projection:
    years_used: list[int]
    slope_per_year: Decimal  # tonnes per year (negative: falling)
    value_at_target_year: Decimal


def project(points: list[tuple[int, Decimal]], target_year: int) -> Projection | None:
    """Least-squares straight line through the last TREND_YEARS points, extended to the target
    year (never below zero). None with fewer than two years of data; a target year that is not
    after the last year of data is refused (its figure is known, not projected)."""
    recent = sorted(points)[-TREND_YEARS:]
    if len(recent) < 2:
        return None
    if target_year <= recent[-1][0]:
        raise ValueError("The target year must come after the last year of figures.")
    # Exact arithmetic (a mean of three years does not end in Decimal's 28 digits, and a
    # half-way figure cut short there rounds the wrong way), rounded once, half up.
    xs = [Fraction(y) for y, _ in recent]
    ys = [Fraction(v) for _, v in recent]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    value = mean_y + slope * (target_year - mean_x)
    return Projection(
        [y for y, _ in recent], _half_up(slope, places=3), _half_up(max(value, 0), places=3)
    )


def _half_up(value: Fraction, *, places: int) -> Decimal:
    """``value`` to ``places`` decimal places, a half away from zero (Decimal's ROUND_HALF_UP)."""
    scaled = abs(value) * 10**places
    whole = int(scaled + Fraction(1, 2))  # floor, as scaled is not negative
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


@dataclass(frozen=True)
class Verdict:
    on_track: bool | None  # None: not enough data to say
    reason: str


def verdict(
    *,
    projection: Projection | None,
    target: Decimal,
    target_year: int,
    unit: str = "tCO2e",
    direction: str = "down",
) -> Verdict:
    """On track when the projection reaches the target: at or below it (``direction="down"``,
    lower is better) or at or above it (``"up"``)."""
    if projection is None:
        return Verdict(None, "Not enough data: at least two years of figures are needed.")
    years = f"{projection.years_used[0]}-{projection.years_used[-1]}"
    value = projection.value_at_target_year
    up = direction == "up"
    missed = value < target if up else value > target
    # Whole units, half up; more decimal places only when whole units would show a projection
    # that misses the target as equal to it ("reaches 30, above the target of 30").
    places = 0
    while missed and _figure(value, places) == _figure(target, places):
        places += 1
    projected = f"{_figure(value, places)} {unit}".rstrip()  # an indicator may have no unit
    wanted = f"{_figure(target, places)} {unit}".rstrip()
    met, short = ("at or above", "below") if up else ("at or below", "above")
    if not missed:
        return Verdict(
            True,
            f"On track: the trend over {years} reaches {projected} by {target_year}, {met} "
            f"the target of {wanted}.",
        )
    return Verdict(
        False,
        f"Off track: the trend over {years} reaches {projected} by {target_year}, {short} the "
        f"target of {wanted}.",
    )


def _figure(value: Decimal, places: int) -> str:
    """``value`` to ``places`` decimal places, half up, with thousands separators."""
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,.{places}f}"


@dataclass(frozen=True)
class Change:
    absolute: Decimal
    percent: Decimal | None  # None when the reference is zero


def change(current: Decimal, reference: Decimal) -> Change:
    """``current`` against ``reference``: the difference, and as a percentage of the reference
    (one decimal place, half up). Negative means a fall."""
    diff = current - reference
    percent = (
        None if reference == 0 else (diff / reference * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    )
    return Change(diff, percent)
