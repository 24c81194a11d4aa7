from __future__ import annotations

from decimal import Decimal

import pytest

from netzero.footprints.trajectory import (
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
