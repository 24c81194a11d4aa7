from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.core.exceptions import NotFound
from netzero.indicators.selectors import (
    indicator_get,
    indicators_for_organisation,
    indicators_for_plan,
)
from netzero.indicators.services import indicator_create, indicator_goal_add, indicator_value_add
from netzero.testing.factories import ActionFactory

pytestmark = pytest.mark.django_db


def _more(plan, n: int) -> None:
    for i in range(n):
        action = ActionFactory(plan=plan, ref=f"X{i}")
        indicator = indicator_create(
            plan=plan, name=f"Indicator {i}", unit="%", direction="up", actions=[action]
        )
        indicator_goal_add(indicator=indicator, value=Decimal(90), year=2028)
        for year in (2021, 2022):
            indicator_value_add(indicator=indicator, year=year, value=Decimal(year - 2000))


def _reads(call) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        result = call()
        for summary in result:  # everything a page or the command prints
            _ = [a.plan.slug for a in summary.actions], summary.latest, summary.next_goal
            _ = summary.indicator.owner
    return len(queries), result


@pytest.mark.parametrize("reader", ["plan", "organisation"])
def test_lists_take_the_same_queries_whatever_their_size(sessions, plan, reader):
    def call():
        if reader == "plan":
            return indicators_for_plan(plan=plan)
        return indicators_for_organisation(organisation=plan.organisation)

    small, one = _reads(call)
    _more(plan, 10)
    large, eleven = _reads(call)
    assert (len(one), len(eleven)) == (1, 11)
    assert small == large == 4


def test_the_organisations_list_holds_its_own_and_its_plans_indicators(sessions, plan):
    own = indicator_create(organisation=plan.organisation, name="Own", unit="%")
    names = [s.indicator.name for s in indicators_for_organisation(organisation=plan.organisation)]
    assert names == [own.name, sessions.name]  # its own first, then each plan's
    assert [s.indicator.name for s in indicators_for_plan(plan=plan)] == [sessions.name]


def test_one_indicator_with_its_track(sessions):
    with CaptureQueriesContext(connection) as queries:
        summary = indicator_get(pk=sessions.pk)
    assert len(queries) == 4
    assert [v.value for v in summary.values] == [4, 6, 8]
    assert [g.year for g in summary.goals] == [2024, 2028]  # in year order
    assert summary.latest.value == 8 and summary.next_goal.value == 12
    # 4, 6, 8: slope 2; by 2024, 12: exactly the goal, on track.
    assert summary.track.verdict.on_track is True
    # From 8 in 2022 to 12 by 2024: 2 a year.
    assert summary.track.rate.tonnes_per_year == 2
    # Baseline 2 in 2019 to 12 in 2024 (2 a year), then to 20 in 2028 (2 a year).
    assert summary.pathway == {
        2019: 2,
        2020: 4,
        2021: 6,
        2022: 8,
        2024: 12,
        2028: 20,
    }


def test_an_unknown_indicator_is_not_found(db):
    with pytest.raises(NotFound, match="No indicator 999"):
        indicator_get(pk=999)


def test_a_percentage_reads_as_per_cent_in_the_verdict(plan):
    indicator = indicator_create(plan=plan, name="Fleet", unit="%", direction="up")
    indicator_goal_add(indicator=indicator, value=Decimal(90), year=2028)
    for year, value in ((2022, 50), (2023, 55)):
        indicator_value_add(indicator=indicator, year=year, value=Decimal(value))
    # 50, 55: slope 5; by 2028, 55 + 25 = 80, below 90.
    assert indicator_get(pk=indicator.pk).track.verdict.reason == (
        "Off track: the trend over 2022-2023 reaches 80 per cent by 2028, below the target of "
        "90 per cent."
    )
