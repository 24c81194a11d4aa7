from __future__ import annotations

from decimal import Decimal

import pytest

from netzero.indicators.services import indicator_create, indicator_goal_add, indicator_value_add
from netzero.testing.factories import ActionFactory, PlanFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def sessions(plan):
    """Training sessions, up is good: 4, 6, 8 in 2020-2022 (slope 2 a year), baseline 2 in
    2019, goals 12 by 2024 and 20 by 2028, measuring Ref 9."""
    action = ActionFactory(plan=plan, ref="9")
    indicator = indicator_create(
        plan=plan,
        name="Training sessions held",
        unit="sessions a year",
        direction="up",
        baseline_year=2019,
        baseline_value=Decimal(2),
        source="Ref 9's success measure.",
        actions=[action],
    )
    indicator_goal_add(indicator=indicator, value=Decimal(20), year=2028, label="by 2028")
    indicator_goal_add(indicator=indicator, value=Decimal(12), year=2024, label="by March 2024")
    for year, value in ((2020, 4), (2021, 6), (2022, 8)):
        indicator_value_add(
            indicator=indicator,
            year=year,
            period_label=f"{year}-{str(year + 1)[2:]} Q4",
            value=Decimal(value),
            source="Quarterly report.",
            note="Counted by the team." if year == 2022 else "",
        )
    return indicator
