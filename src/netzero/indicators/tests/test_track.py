"""An indicator's track with known answers, either way round."""

from __future__ import annotations

from decimal import Decimal

import pytest

from netzero.footprints.trajectory import Projection, RequiredRate, Verdict
from netzero.indicators.trajectory import (
    NO_GOALS,
    NOT_ENOUGH_VALUES,
    NOT_ENOUGH_YEARS,
    pathway,
    track,
)

D = Decimal


def test_up_is_good_on_track_with_the_rate_still_needed():
    # 4, 6, 8 in 2020-2022: slope 2; by 2026, 8 + 2 x 4 = 16 against a goal of 12: on track.
    # From 8 in 2022 to 12 in 2026: 1 a year; (12/8)^(1/4) = 1.1067, so 10.67% a year.
    t = track(
        values=[(2020, D(4)), (2021, D(6)), (2022, D(8))],
        goals=[(2026, D(12))],
        direction="up",
        unit="sessions a year",
    )
    assert t.next_goal == (2026, D(12))
    assert t.rate == RequiredRate(D("1.000"), D("10.67"))
    assert t.projection == Projection([2020, 2021, 2022], D("2.000"), D("16.000"))
    assert t.verdict == Verdict(
        True,
        "On track: the trend over 2020-2022 reaches 16 sessions a year by 2026, at or above the "
        "target of 12 sessions a year.",
    )


def test_down_is_good_off_track_with_the_cut_still_needed():
    # 100, 95, 90 in 2020-2022: slope -5; by 2030, 90 - 40 = 50 against 20: off track.
    # From 90 to 20 in eight years: 8.75 a year; 1 - (20/90)^(1/8) = 1 - 0.82861 = 17.139%,
    # so 17.14.
    t = track(
        values=[(2020, D(100)), (2021, D(95)), (2022, D(90))],
        goals=[(2030, D(20))],
        direction="down",
        unit="tCO2e",
    )
    assert t.rate == RequiredRate(D("8.750"), D("17.14"))
    assert t.verdict == Verdict(
        False,
        "Off track: the trend over 2020-2022 reaches 50 tCO2e by 2030, above the target of "
        "20 tCO2e.",
    )


def test_the_next_goal_is_the_first_not_before_the_latest_value():
    values = [(2020, D(4)), (2021, D(6)), (2022, D(8))]
    goals = [(2028, D(20)), (2019, D(1)), (2024, D(12))]
    t = track(values=values, goals=goals, direction="up", unit="x")
    assert t.next_goal == (2024, D(12))
    # By 2024: 8 + 4 = 12, exactly the goal.
    assert t.verdict.on_track is True and "by 2024" in t.verdict.reason


@pytest.mark.parametrize(
    ("values", "reason"),
    [([], NOT_ENOUGH_VALUES), ([(2022, D(8))], NOT_ENOUGH_VALUES)],
    ids=["none", "one"],
)
def test_fewer_than_two_values_give_no_verdict(values, reason):
    t = track(values=values, goals=[(2026, D(6))], direction="up", unit="x")
    assert t.verdict == Verdict(None, reason)
    assert t.projection is None
    assert reason == "Not enough data: at least two values are needed."


def test_one_value_still_gives_the_rate_still_needed():
    # From 2 in 2022 to 6 by 2026: 1 a year; (6/2)^(1/4) = 1.31607, so 31.61% a year.
    t = track(values=[(2022, D(2))], goals=[(2026, D(6))], direction="up", unit="x")
    assert t.rate == RequiredRate(D("1.000"), D("31.61"))


def test_two_values_in_one_year_are_not_a_trend():
    t = track(values=[(2022, D(2)), (2022, D(3))], goals=[(2026, D(6))], direction="up", unit="x")
    assert t.verdict == Verdict(None, NOT_ENOUGH_YEARS)
    # The later value of the year stands for it: from 3, (6 - 3) / 4 = 0.75 a year.
    assert t.rate.tonnes_per_year == D("0.750")


def test_without_goals_or_with_only_past_goals_there_is_no_verdict():
    values = [(2020, D(4)), (2021, D(6))]
    assert track(values=values, goals=[], direction="up", unit="x").verdict == Verdict(
        None, NO_GOALS
    )
    past = track(values=values, goals=[(2019, D(1))], direction="up", unit="x")
    assert past.next_goal is None and past.rate is None
    assert past.verdict.reason == "No goal falls in or after 2021, the year of the latest value."


def test_a_goal_in_the_latest_values_year_is_compared_not_projected():
    t = track(values=[(2021, D(4)), (2022, D(8))], goals=[(2022, D(6))], direction="up", unit="x")
    assert t.next_goal == (2022, D(6)) and t.rate is None and t.projection is None
    assert t.verdict.on_track is None


def test_the_pathway_runs_from_the_baseline_through_each_goal():
    # Baseline 2 in 2019; 12 by 2024 (2 a year); 20 by 2028 (2 a year).
    line = pathway(
        baseline=(2019, D(2)), goals=[(2028, D(20)), (2024, D(12))], years=[2018, 2021, 2026]
    )
    assert line == {
        2018: D(2),  # before the baseline: flat
        2019: D(2),
        2021: D(6),
        2024: D(12),
        2026: D(16),
        2028: D(20),
    }
    assert pathway(baseline=None, goals=[(2028, D(20))], years=[2020]) == {}
    assert pathway(baseline=(2019, D(2)), goals=[], years=[2020]) == {}
    # Down is good: 100 in 2020 to 40 by 2023 is 20 a year off.
    assert pathway(baseline=(2020, D(100)), goals=[(2023, D(40))], years=[2022])[2022] == D(60)


def test_an_indicator_with_no_unit_reads_without_a_gap():
    # 1, 2 in 2021-2022: slope 1; by 2025, 5 against a goal of 4: on track.
    t = track(values=[(2021, D(1)), (2022, D(2))], goals=[(2025, D(4))], direction="up", unit="")
    assert t.verdict.reason == (
        "On track: the trend over 2021-2022 reaches 5 by 2025, at or above the target of 4."
    )
