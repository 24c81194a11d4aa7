from __future__ import annotations

from decimal import Decimal

import pytest

from netzero.footprints.trajectory import (
    Projection,
    RequiredRate,
    Verdict,
    change,
    pathway_value,
    project,
    required_rate,
    target_value,
    verdict,
)

D = Decimal


def test_straight_line_pathway_with_a_known_answer():
    # Baseline 100 in 2019-20, 80% cut by 2031-32: halfway (2025-26) the pathway is at 60.
    kwargs = {
        "baseline_year": 2019,
        "baseline": D(100),
        "target_year": 2031,
        "reduction_percent": D(80),
    }
    assert pathway_value(year=2025, **kwargs) == D(60)
    assert pathway_value(year=2019, **kwargs) == D(100)
    assert pathway_value(year=2031, **kwargs) == D(20)
    assert pathway_value(year=2040, **kwargs) == D(20)  # flat after the target year
    assert target_value(D(100), D(80)) == D(20)
    with pytest.raises(ValueError):
        pathway_value(
            year=2020, baseline_year=2030, baseline=D(1), target_year=2030, reduction_percent=D(1)
        )


def test_required_annual_rate_from_a_current_value():
    # From 70 in 2023-24 to 20 by 2031-32: 50 over 8 years = 6.25 a year, or 14.50% a year
    # compounded: 1 - (20/70)^(1/8) = 1 - 0.85505 = 14.495%.
    rate = required_rate(current_year=2023, current=D(70), target_year=2031, target=D(20))
    assert rate.tonnes_per_year == D("6.250")
    assert rate.percent_per_year == D("14.50")
    net_zero = required_rate(current_year=2023, current=D(70), target_year=2031, target=D(0))
    assert net_zero.percent_per_year == 100


def test_projection_uses_the_last_five_years_and_gives_a_verdict():
    points = [
        (2015, D(200)),
        (2016, D(100)),
        (2017, D(95)),
        (2018, D(90)),
        (2019, D(85)),
        (2020, D(80)),
    ]
    p = project(points, target_year=2030)
    assert p.years_used == [2016, 2017, 2018, 2019, 2020]  # 2015 is outside the five years
    assert p.slope_per_year == D("-5.000")
    assert p.value_at_target_year == D("30.000")
    off = verdict(projection=p, target=D(20), target_year=2030)
    assert off.on_track is False and off.reason.startswith(
        "Off track: the trend over 2016-2020 reaches 30"
    )
    on = verdict(projection=p, target=D(40), target_year=2030)
    assert on.on_track is True
    assert (
        verdict(projection=project([(2020, D(5))], 2030), target=D(1), target_year=2030).on_track
        is None
    )
    falling_fast = project([(2020, D(10)), (2021, D(5))], target_year=2040)
    assert falling_fast.value_at_target_year == 0  # never below zero


def test_change_against_a_baseline_and_last_year():
    from netzero.footprints.trajectory import change

    assert change(D(80), D(100)).percent == D("-20.0")
    assert change(D("3609.934616"), D("6051.133542")).percent == D("-40.3")
    assert change(D(5), D(0)).percent is None and change(D(5), D(0)).absolute == 5


def test_a_value_already_at_or_below_target_needs_no_cut():
    assert (
        required_rate(
            current_year=2023, current=D(0), target_year=2030, target=D(5)
        ).tonnes_per_year
        == 0
    )
    assert (
        required_rate(
            current_year=2023, current=D(4), target_year=2030, target=D(5)
        ).percent_per_year
        == 0
    )


# --- The edges: every figure below is worked out by hand in the comment beside it. ---------


def test_the_pathway_from_a_baseline_of_zero_stays_at_zero():
    kwargs = {"baseline_year": 2019, "baseline": D(0), "target_year": 2030}
    assert target_value(D(0), D(80)) == 0
    assert pathway_value(year=2025, reduction_percent=D(80), **kwargs) == 0
    assert pathway_value(year=2030, reduction_percent=D(100), **kwargs) == 0


def test_the_pathway_is_flat_before_the_baseline_and_straight_between():
    # Baseline 1,000 in 2020-21, 50% cut by 2024-25: 125 a year off, so 2021 is 875, 2023 is 625.
    kwargs = {
        "baseline_year": 2020,
        "baseline": D(1000),
        "target_year": 2024,
        "reduction_percent": D(50),
    }
    assert pathway_value(year=2018, **kwargs) == D(1000)  # before the baseline: the baseline
    assert pathway_value(year=2021, **kwargs) == D(875)
    assert pathway_value(year=2023, **kwargs) == D(625)
    assert pathway_value(year=2024, **kwargs) == D(500)
    assert pathway_value(year=2025, **kwargs) == D(500)
    assert target_value(D(1000), D(100)) == 0  # net zero
    assert target_value(D(1000), D("12.5")) == D(875)


@pytest.mark.parametrize("target_year", [2020, 2019], ids=["same-year", "year-before"])
def test_a_pathway_needs_a_target_year_after_the_baseline(target_year):
    with pytest.raises(ValueError, match=r"^The target year must come after the baseline year\.$"):
        pathway_value(
            baseline_year=2020,
            baseline=D(100),
            target_year=target_year,
            reduction_percent=D(50),
            year=2020,
        )
    # One year after is the shortest pathway: the whole cut in that year.
    one_year = {"baseline_year": 2020, "baseline": D(100), "reduction_percent": D(50)}
    assert pathway_value(target_year=2021, year=2021, **one_year) == D(50)
    assert pathway_value(target_year=2021, year=2020, **one_year) == D(100)


@pytest.mark.parametrize("target_year", [2023, 2022], ids=["same-year", "year-before"])
def test_no_rate_is_given_once_the_target_year_has_come(target_year):
    for current in (D(70), D(10)):  # above and already below the target of 20
        with pytest.raises(ValueError, match=r"^The target year has passed\.$"):
            required_rate(current_year=2023, current=current, target_year=target_year, target=D(20))


def test_one_year_left_needs_the_whole_cut_in_that_year():
    # From 32 to 3 in one year: 29 tonnes, and 1 - 3/32 = 29/32 = 90.625% exactly, which rounds
    # half up to 90.63 (half to even would give 90.62).
    rate = required_rate(current_year=2029, current=D(32), target_year=2030, target=D(3))
    assert rate.tonnes_per_year == D("29.000")
    assert rate.percent_per_year == D("90.63")


def test_the_compounded_rate_rounds_half_up():
    # From 1,024 to 961 in two years: 63 / 2 = 31.5 tonnes a year; as a percentage,
    # 1 - (961/1024)^(1/2) = 1 - 31/32 = 3.125% exactly, half up 3.13.
    rate = required_rate(current_year=2028, current=D(1024), target_year=2030, target=D(961))
    assert rate.tonnes_per_year == D("31.500")
    assert rate.percent_per_year == D("3.13")


def test_the_tonnes_still_needed_round_half_up_at_the_thousandth():
    # (1.005 - 1) / 2 = 0.0025 exactly: half up 0.003 (half to even would give 0.002). As a
    # percentage: 1 - (1/1.005)^(1/2) = 1 - 0.997509 = 0.249%, so 0.25.
    rate = required_rate(current_year=2028, current=D("1.005"), target_year=2030, target=D(1))
    assert rate.tonnes_per_year == D("0.003")
    assert rate.percent_per_year == D("0.25")
    # Just below the half: (1.00499 - 1) / 2 = 0.002495, so 0.002.
    below = required_rate(current_year=2028, current=D("1.00499"), target_year=2030, target=D(1))
    assert below.tonnes_per_year == D("0.002")


@pytest.mark.parametrize(
    ("current", "target"),
    [(D(20), D(20)), (D("19.999"), D(20)), (D(0), D(0)), (D(0), D(20))],
    ids=["exactly-met", "just-below", "zero-at-net-zero", "zero-baseline"],
)
def test_a_target_already_met_needs_no_cut(current, target):
    rate = required_rate(current_year=2023, current=current, target_year=2030, target=target)
    assert rate == RequiredRate(D(0), D(0))


def test_the_smallest_step_above_the_target_needs_a_cut():
    # 20.001 against 20 in one year: 0.001 tonnes; 0.001 / 20.001 = 0.005% rounds to 0.00.
    rate = required_rate(current_year=2029, current=D("20.001"), target_year=2030, target=D(20))
    assert rate.tonnes_per_year == D("0.001")
    assert rate.percent_per_year == D("0.00")


@pytest.mark.parametrize("target", [D(0), D(-5)], ids=["net-zero", "net-negative"])
def test_net_zero_cannot_be_reached_by_percentage_cuts(target):
    # From 50 to zero (or below) in four years: 50 / 4 = 12.5 (55 / 4 = 13.75) tonnes a year.
    rate = required_rate(current_year=2026, current=D(50), target_year=2030, target=target)
    assert rate.percent_per_year == D("100.00")
    assert rate.tonnes_per_year == (D("12.500") if target == 0 else D("13.750"))


def test_a_percentage_cut_just_above_zero_target_is_compounded():
    # From 10 to 0.1 in two years: 1 - (1/100)^(1/2) = 1 - 0.1 = 90%; 9.9 / 2 = 4.95 tonnes.
    rate = required_rate(current_year=2028, current=D(10), target_year=2030, target=D("0.1"))
    assert rate.percent_per_year == D("90.00")
    assert rate.tonnes_per_year == D("4.950")


def test_a_single_year_of_figures_gives_no_projection_and_says_so():
    for points in ([], [(2020, D(5))], [(2020, D(0))]):
        assert project(points, target_year=2030) is None
        assert verdict(projection=None, target=D(1), target_year=2030) == Verdict(
            None, "Not enough data: at least two years of figures are needed."
        )


def test_two_years_are_enough_for_a_projection():
    # 100 in 2020 and 90 in 2021: 10 a year off; by 2025, 90 - 4 x 10 = 50.
    p = project([(2021, D(90)), (2020, D(100))], target_year=2025)  # order does not matter
    assert p == Projection([2020, 2021], D("-10.000"), D("50.000"))


def test_the_least_squares_line_with_a_known_answer():
    # Years 2017-2021, figures 100, 96, 95, 90, 84. Mean year 2019, mean figure 465 / 5 = 93;
    # deviations -2..2 (sum of squares 10) against 7, 3, 2, -3, -9: sum of products
    # -14 - 3 + 0 - 3 - 18 = -38, slope -3.8; by 2030: 93 - 3.8 x 11 = 51.2.
    points = [(2017, D(100)), (2018, D(96)), (2019, D(95)), (2020, D(90)), (2021, D(84))]
    assert project(points, target_year=2030) == Projection(
        [2017, 2018, 2019, 2020, 2021], D("-3.800"), D("51.200")
    )


def test_missing_years_are_fitted_where_they_fall():
    # 2015: 60, 2018: 45, 2021: 33. Mean year 2018, mean 46; deviations -3, 0, 3 (squares 18)
    # against 14, -1, -13: products -42 + 0 - 39 = -81, slope -4.5; by 2025: 46 - 4.5 x 7 = 14.5.
    points = [(2021, D(33)), (2015, D(60)), (2018, D(45))]
    assert project(points, target_year=2025) == Projection(
        [2015, 2018, 2021], D("-4.500"), D("14.500")
    )


def test_only_the_last_five_years_are_used_however_many_there_are():
    # Eight years; the first three (wildly high) are left out. 2018-2022: 50, 48, 46, 44, 42,
    # slope -2; by 2030: 42 - 2 x 8 = 26.
    early = [(2015, D(900)), (2016, D(800)), (2017, D(700))]
    recent = [(2018, D(50)), (2019, D(48)), (2020, D(46)), (2021, D(44)), (2022, D(42))]
    p = project(recent[::-1] + early, target_year=2030)
    assert p == Projection([2018, 2019, 2020, 2021, 2022], D("-2.000"), D("26.000"))


@pytest.mark.parametrize("target_year", [2021, 2019], ids=["same-year", "year-before"])
def test_no_projection_to_a_year_whose_figure_is_already_known(target_year):
    points = [(2019, D(100)), (2020, D(90)), (2021, D(86))]
    with pytest.raises(
        ValueError, match=r"^The target year must come after the last year of figures\.$"
    ):
        project(points, target_year=target_year)
    # The year after the last is the nearest projection: mean 2020, 92; products -8 - 6 = -14
    # over 2, slope -7; by 2022: 92 - 7 x 2 = 78.
    assert project(points, target_year=2022).value_at_target_year == D("78.000")


def test_a_rising_trend_is_projected_upwards():
    # 10, 12, 14 in 2020-2022: slope +2; by 2030: 14 + 2 x 8 = 30.
    p = project([(2020, D(10)), (2021, D(12)), (2022, D(14))], target_year=2030)
    assert (p.slope_per_year, p.value_at_target_year) == (D("2.000"), D("30.000"))


def test_a_projection_never_falls_below_zero_but_keeps_a_fraction_above_it():
    # 10.5 then 10 in 2020-2021: slope -0.5; by 2040, 10 - 0.5 x 19 = 0.5 (kept, above zero);
    # by 2041, 0; by 2050, -4.5 shown as zero.
    points = [(2020, D("10.5")), (2021, D(10))]
    assert project(points, target_year=2040).value_at_target_year == D("0.500")
    assert project(points, target_year=2041).value_at_target_year == 0
    assert project(points, target_year=2050).value_at_target_year == 0
    assert project(points, target_year=2050).slope_per_year == D("-0.500")


@pytest.mark.parametrize(
    ("first", "second", "slope", "value"),
    [
        # 0 then 0.0005: slope 0.0005, half up 0.001; by 2022, 0.001.
        (D(0), D("0.0005"), D("0.001"), D("0.001")),
        # 0 then 0.00049: slope 0.00049 -> 0.000; by 2022, 0.00098 -> 0.001.
        (D(0), D("0.00049"), D("0.000"), D("0.001")),
        # 0.0015 then 0.001: a fall of 0.0005 reads as -0.001 (the same size as a rise); by
        # 2022, 0.0005 exactly, half up 0.001.
        (D("0.0015"), D("0.001"), D("-0.001"), D("0.001")),
        # 0.00147 then 0.00098: a fall of 0.00049 -> 0.000; by 2022, 0.00049 -> 0.000.
        (D("0.00147"), D("0.00098"), D("0.000"), D("0.000")),
    ],
)
def test_slopes_and_projections_round_half_up_at_the_thousandth(first, second, slope, value):
    p = project([(2020, first), (2021, second)], target_year=2022)
    assert (p.slope_per_year, p.value_at_target_year) == (slope, value)


def _projection(value: str) -> Projection:
    return Projection([2016, 2020], D("-5.000"), D(value))


@pytest.mark.parametrize(
    ("projected", "target", "reason"),
    [
        # Exactly on the target: "at or below the target" is on track, as a reader expects.
        (
            "30.000",
            D(30),
            "On track: the trend over 2016-2020 reaches 30 tCO2e by 2030, at or below the "
            "target of 30 tCO2e.",
        ),
        # One thousandth (the projection's smallest step) above: off track, and the figures
        # are shown to the place where they differ, never as "30, above the target of 30".
        (
            "30.001",
            D(30),
            "Off track: the trend over 2016-2020 reaches 30.001 tCO2e by 2030, above the "
            "target of 30.000 tCO2e.",
        ),
        # One thousandth below: on track.
        (
            "29.999",
            D(30),
            "On track: the trend over 2016-2020 reaches 30 tCO2e by 2030, at or below the "
            "target of 30 tCO2e.",
        ),
        # Whole units that differ need no decimals; half up, with thousands separators.
        (
            "2500.500",
            D(2000),
            "Off track: the trend over 2016-2020 reaches 2,501 tCO2e by 2030, above the target "
            "of 2,000 tCO2e.",
        ),
        (
            "1234.400",
            D("1500.5"),
            "On track: the trend over 2016-2020 reaches 1,234 tCO2e by 2030, at or below the "
            "target of 1,501 tCO2e.",
        ),
        # 20.4 against 20.0: whole units would both show 20, so one decimal place.
        (
            "20.400",
            D(20),
            "Off track: the trend over 2016-2020 reaches 20.4 tCO2e by 2030, above the target "
            "of 20.0 tCO2e.",
        ),
        # 0.05 against net zero: whole units show 0 and 0; at one place 0.05 is 0.1 (half up).
        (
            "0.050",
            D(0),
            "Off track: the trend over 2016-2020 reaches 0.1 tCO2e by 2030, above the target of "
            "0.0 tCO2e.",
        ),
        # 0.049 against net zero: two places (0.05 against 0.00).
        (
            "0.049",
            D(0),
            "Off track: the trend over 2016-2020 reaches 0.05 tCO2e by 2030, above the target "
            "of 0.00 tCO2e.",
        ),
    ],
    ids=[
        "exactly-on",
        "a-thousandth-above",
        "a-thousandth-below",
        "half-up-whole",
        "half-up-target",
        "one-place",
        "half-at-one-place",
        "two-places",
    ],
)
def test_the_verdict_at_the_target_and_a_step_either_side(projected, target, reason):
    v = verdict(projection=_projection(projected), target=target, target_year=2030)
    assert v == Verdict(reason.startswith("On track"), reason)


def test_the_verdict_names_its_unit_and_years():
    p = project([(2016, D(9)), (2017, D(8)), (2018, D(7))], target_year=2050)
    assert p.value_at_target_year == 0  # 7 - 32 x 1, never below zero
    assert verdict(projection=p, target=D(0), target_year=2050, unit="kt CO2") == Verdict(
        True,
        "On track: the trend over 2016-2018 reaches 0 kt CO2 by 2050, at or below the target of "
        "0 kt CO2.",
    )


@pytest.mark.parametrize(
    ("current", "reference", "absolute", "percent"),
    [
        (D("100.05"), D(100), D("0.05"), D("0.1")),  # +0.05% exactly: half up, 0.1
        (D("99.95"), D(100), D("-0.05"), D("-0.1")),  # -0.05%: a fall of the same size
        (D("100.0499"), D(100), D("0.0499"), D("0.0")),  # just below the half
        (D(100), D(100), D(0), D("0.0")),  # no change
        (D(0), D(100), D(-100), D("-100.0")),  # down to zero
        (D(150), D(100), D(50), D("50.0")),
        (D(1), D(3), D(-2), D("-66.7")),  # -2/3 = -66.666...%
        (D(0), D(0), D(0), None),  # against zero: no percentage
        (D("0.001"), D(0), D("0.001"), None),
    ],
)
def test_change_rounds_its_percentage_half_up(current, reference, absolute, percent):
    result = change(current, reference)
    assert result.absolute == absolute
    assert result.percent == percent
    if percent is not None:
        assert result.percent.as_tuple().exponent == -1  # one decimal place, as printed


@pytest.mark.parametrize(
    ("figures", "slope", "value"),
    [
        # 0, 0, 0.001 in 2018-2020: slope (0.001 - 0) / 2 = 0.0005 exactly, half up 0.001, though
        # the mean (0.000333...) does not end; by 2030: 0.000333... + 0.0005 x 11 = 0.005833...
        ((D(0), D(0), D("0.001")), D("0.001"), D("0.006")),
        # 0, 0.002, 0.003: slope 0.003 / 2 = 0.0015, half up 0.002; mean 0.001666..., by 2030
        # 0.001666... + 0.0015 x 11 = 0.018166...
        ((D(0), D("0.002"), D("0.003")), D("0.002"), D("0.018")),
    ],
)
def test_a_half_way_slope_rounds_up_even_when_the_mean_does_not_end(figures, slope, value):
    p = project(list(zip([2018, 2019, 2020], figures, strict=True)), target_year=2030)
    assert (p.slope_per_year, p.value_at_target_year) == (slope, value)


@pytest.mark.parametrize(
    ("points", "target_year", "slope", "value"),
    [
        # Slope exactly 0.0005 t a year (0.004 over 8 years, fitted through 2019, 2021, 2027).
        ([(2019, "5000"), (2021, "5000.001"), (2027, "5000.004")], 2030, "0.001", "5000.006"),
        # Slope exactly -0.0005: a half away from zero, and never a "-0.000".
        ([(2010, "0.002"), (2012, "0"), (2014, "0")], 2038, "-0.001", "0.000"),
        # 2025's projection exactly 999.0225 t.
        ([(2008, "1000.000"), (2010, "999.885"), (2016, "999.540")], 2025, "-0.058", "999.023"),
    ],
)
def test_half_way_projections_round_half_up_however_the_mean_divides(
    points, target_year, slope, value
):
    """Means of three years do not end: worked in 28 digits they fell just short of the half
    and rounded down. The fit is exact, rounded once."""
    projection = project([(y, Decimal(v)) for y, v in points], target_year)
    assert projection.slope_per_year == Decimal(slope)
    assert str(projection.slope_per_year) == slope
    assert projection.value_at_target_year == Decimal(value)


# --- Either direction: "down is good" (footprints, the default) and "up is good" (an indicator
# such as training sessions held). The same numbers give the same verdict through a footprint
# target's path (project, then verdict) and an indicator's (netzero.indicators.trajectory).

SHARED_CASES = [
    # 100, 95, 90, 85, 80 in 2016-2020: slope -5; by 2030, 80 - 5 x 10 = 30.
    pytest.param(
        [(2016, D(100)), (2017, D(95)), (2018, D(90)), (2019, D(85)), (2020, D(80))],
        D(20),
        2030,
        "down",
        "tCO2e",
        "Off track: the trend over 2016-2020 reaches 30 tCO2e by 2030, above the target of "
        "20 tCO2e.",
        id="down-off",
    ),
    pytest.param(
        [(2016, D(100)), (2017, D(95)), (2018, D(90)), (2019, D(85)), (2020, D(80))],
        D(40),
        2030,
        "down",
        "tCO2e",
        "On track: the trend over 2016-2020 reaches 30 tCO2e by 2030, at or below the target "
        "of 40 tCO2e.",
        id="down-on",
    ),
    # 4, 6, 8 sessions in 2020-2022: slope +2; by 2026, 8 + 2 x 4 = 16, exactly the goal.
    pytest.param(
        [(2020, D(4)), (2021, D(6)), (2022, D(8))],
        D(16),
        2026,
        "up",
        "sessions a year",
        "On track: the trend over 2020-2022 reaches 16 sessions a year by 2026, at or above "
        "the target of 16 sessions a year.",
        id="up-exactly-on",
    ),
    # The same trend against 16.4: whole units would show 16 and 16, so one place.
    pytest.param(
        [(2020, D(4)), (2021, D(6)), (2022, D(8))],
        D("16.4"),
        2026,
        "up",
        "sessions a year",
        "Off track: the trend over 2020-2022 reaches 16.0 sessions a year by 2026, below the "
        "target of 16.4 sessions a year.",
        id="up-just-below",
    ),
    # 50 then 45 (falling) against a rising goal of 90 by 2024: 45 - 5 x 3 = 30.
    pytest.param(
        [(2020, D(50)), (2021, D(45))],
        D(90),
        2024,
        "up",
        "per cent",
        "Off track: the trend over 2020-2021 reaches 30 per cent by 2024, below the target of "
        "90 per cent.",
        id="up-falling",
    ),
    # A falling figure judged "down is good" against the same numbers is on track.
    pytest.param(
        [(2020, D(50)), (2021, D(45))],
        D(90),
        2024,
        "down",
        "per cent",
        "On track: the trend over 2020-2021 reaches 30 per cent by 2024, at or below the target "
        "of 90 per cent.",
        id="down-falling",
    ),
]


@pytest.mark.parametrize(("points", "goal", "year", "direction", "unit", "reason"), SHARED_CASES)
def test_a_footprint_target_and_an_indicator_give_the_same_verdict(
    points, goal, year, direction, unit, reason
):
    from netzero.indicators.trajectory import track

    expected = Verdict(reason.startswith("On track"), reason)
    footprint = verdict(
        projection=project(points, year),
        target=goal,
        target_year=year,
        unit=unit,
        direction=direction,
    )
    indicator = track(values=points, goals=[(year, goal)], direction=direction, unit=unit)
    assert footprint == expected
    assert indicator.verdict == expected


@pytest.mark.parametrize(
    ("projected", "reason"),
    [
        (
            "30.000",
            "On track: the trend over 2016-2020 reaches 30 tCO2e by 2030, at or above "
            "the target of 30 tCO2e.",
        ),
        (
            "30.001",
            "On track: the trend over 2016-2020 reaches 30 tCO2e by 2030, at or above "
            "the target of 30 tCO2e.",
        ),
        # One thousandth short: shown to the place where the figures differ.
        (
            "29.999",
            "Off track: the trend over 2016-2020 reaches 29.999 tCO2e by 2030, below the "
            "target of 30.000 tCO2e.",
        ),
    ],
    ids=["exactly-on", "a-thousandth-above", "a-thousandth-below"],
)
def test_up_is_good_is_on_track_at_or_above_the_target(projected, reason):
    v = verdict(projection=_projection(projected), target=D(30), target_year=2030, direction="up")
    assert v == Verdict(reason.startswith("On track"), reason)


def test_the_default_direction_is_down():
    p = _projection("30.001")
    assert verdict(projection=p, target=D(30), target_year=2030) == verdict(
        projection=p, target=D(30), target_year=2030, direction="down"
    )
    assert verdict(projection=p, target=D(30), target_year=2030).on_track is False


@pytest.mark.parametrize(
    ("current", "target", "years", "amount", "percent"),
    [
        # 16 to 81 in four years: 65 / 4 = 16.25 a year; (81/16)^(1/4) = 3/2, so 50% a year.
        (D(16), D(81), 4, D("16.250"), D("50.00")),
        # 8 to 20 in four years: 3 a year; 2.5^(1/4) = 1.257433, so 25.74% a year.
        (D(8), D(20), 4, D("3.000"), D("25.74")),
        # Already at or above the goal: nothing more needed.
        (D(20), D(20), 4, D(0), D(0)),
        (D(25), D(20), 4, D(0), D(0)),
        # From zero no percentage reaches the goal: 10 / 4 = 2.5 a year, and no percentage.
        (D(0), D(10), 4, D("2.500"), None),
    ],
    ids=["compounded-50", "compounded-25.74", "met", "above", "from-zero"],
)
def test_the_rise_still_needed_when_up_is_good(current, target, years, amount, percent):
    rate = required_rate(
        current_year=2022,
        current=current,
        target_year=2022 + years,
        target=target,
        direction="up",
    )
    assert rate == RequiredRate(amount, percent)


def test_a_rise_is_not_asked_of_a_falling_goal_nor_a_cut_of_a_rising_one():
    # 8 against a goal of 6 a year: "down is good" needs a cut of 0.5 a year over four years;
    # "up is good" needs nothing.
    down = required_rate(current_year=2022, current=D(8), target_year=2026, target=D(6))
    up = required_rate(
        current_year=2022, current=D(8), target_year=2026, target=D(6), direction="up"
    )
    assert down.tonnes_per_year == D("0.500") and up == RequiredRate(D(0), D(0))
    with pytest.raises(ValueError, match=r"^The target year has passed\.$"):
        required_rate(
            current_year=2026, current=D(1), target_year=2026, target=D(6), direction="up"
        )


# Edges of "up is good" that the cases above leave open (each found by mutation testing).
@pytest.mark.parametrize(
    ("current", "target", "years", "amount", "percent"),
    [
        # At a goal of zero from zero: nothing needed, and that is 0%, not "no percentage".
        (D(0), D(0), 4, D("0.000"), D("0.00")),
        # 1 to 1.005 over two years: 0.0025 a year rounds half up to 0.003 (not to even 0.002).
        (D(1), D("1.005"), 2, D("0.003"), D("0.25")),
        # 32 to 33 in a year: exactly 3.125% rounds half up to 3.13 (not to even 3.12).
        (D(32), D(33), 1, D("1.000"), D("3.13")),
        # From a half (above zero, below one) a percentage is still worked out: (2 / 0.5) - 1.
        (D("0.5"), D(2), 1, D("1.500"), D("300.00")),
    ],
    ids=["zero-to-zero", "amount-half-up", "percent-half-up", "from-a-half"],
)
def test_the_rise_still_needed_at_its_edges(current, target, years, amount, percent):
    rate = required_rate(
        current_year=2022, current=current, target_year=2022 + years, target=target, direction="up"
    )
    assert rate == RequiredRate(amount, percent)
    assert str(rate.tonnes_per_year) == str(amount)  # to the thousandth, as shown


def test_a_verdict_without_a_unit_has_no_stray_space():
    reason = verdict(
        projection=_projection("30.001"), target=D(30), target_year=2030, direction="up", unit=""
    ).reason
    assert reason == (
        "On track: the trend over 2016-2020 reaches 30 by 2030, at or above the target of 30."
    )
