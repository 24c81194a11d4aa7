"""An indicator's track: the pathway from its baseline through each goal, the rate still needed
from the latest value to the next goal, and the projection with its on/off-track verdict.

Plain functions of numbers. The rate, the projection and the verdict are footprint targets' own
(``netzero.footprints.trajectory``), given the indicator's direction: the same figures give the
same verdict for a footprint target and for an indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from netzero.footprints.trajectory import (
    Projection,
    RequiredRate,
    Verdict,
    project,
    required_rate,
    verdict,
)

NOT_ENOUGH_VALUES = "Not enough data: at least two values are needed."
NOT_ENOUGH_YEARS = "Not enough data: values from at least two different years are needed."
NO_GOALS = "No goal is set, so there is nothing to be on or off track against."


@dataclass(frozen=True)
class Track:
    next_goal: (
        tuple[int, Decimal] | None
    )  # (year, value): the first goal from the latest value's year
    rate: RequiredRate | None  # from the latest value to the next goal
    projection: Projection | None
    verdict: Verdict  # on_track None (with the reason) when it cannot be said


def pathway(
    *, baseline: tuple[int, Decimal] | None, goals: list[tuple[int, Decimal]], years: list[int]
) -> dict[int, Decimal]:
    """Straight lines from the baseline to the first goal, then from goal to goal, at each of
    ``years`` and at the baseline's and goals' own years (flat before the baseline and after the
    last goal). Empty without a baseline or a goal after it."""
    if baseline is None:
        return {}
    points = [baseline, *sorted(g for g in goals if g[0] > baseline[0])]
    if len(points) < 2:
        return {}
    # Two goals in one year: the later-listed wins, as a line cannot have two heights.
    vertices = sorted(dict(points).items())
    wanted = sorted(set(years) | {y for y, _ in vertices})
    return {year: _on_line(vertices, year) for year in wanted}


def _on_line(vertices: list[tuple[int, Decimal]], year: int) -> Decimal:
    if year <= vertices[0][0]:
        return vertices[0][1]
    for (y0, v0), (y1, v1) in pairwise(vertices):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * Decimal(year - y0) / Decimal(y1 - y0)
    return vertices[-1][1]


def track(
    *,
    values: list[tuple[int, Decimal]],
    goals: list[tuple[int, Decimal]],
    direction: str,
    unit: str,
) -> Track:
    """The rate still needed and the verdict against the next goal: the first goal whose year is
    not before the latest value's. Values are (year, value) in the order observed; where a year
    has several, the last stands for the year. A goal for the latest value's own year has no
    rate or projection: the value is compared with it as it stands."""
    by_year = dict(sorted(values, key=lambda p: p[0]))
    latest_year = max(by_year) if by_year else None
    ahead = sorted(g for g in goals if latest_year is None or g[0] >= latest_year)
    next_goal = ahead[0] if ahead else None
    future = next_goal is not None and latest_year is not None and next_goal[0] > latest_year
    rate = None
    if future:
        rate = required_rate(
            current_year=latest_year,
            current=by_year[latest_year],
            target_year=next_goal[0],
            target=next_goal[1],
            direction=direction,
        )
    if len(values) < 2:
        return Track(next_goal, rate, None, Verdict(None, NOT_ENOUGH_VALUES))
    if len(by_year) < 2:
        return Track(next_goal, rate, None, Verdict(None, NOT_ENOUGH_YEARS))
    if next_goal is None:
        reason = (
            NO_GOALS
            if not goals
            else f"No goal falls in or after {latest_year}, the year of the latest value."
        )
        return Track(None, None, None, Verdict(None, reason))
    if not future:
        reason = (
            f"The next goal is for {latest_year}, the year of the latest value: there is "
            "nothing to project."
        )
        return Track(next_goal, None, None, Verdict(None, reason))
    projection = project(list(by_year.items()), next_goal[0])
    return Track(
        next_goal,
        rate,
        projection,
        verdict(
            projection=projection,
            target=next_goal[1],
            target_year=next_goal[0],
            unit=unit,
            direction=direction,
        ),
    )
