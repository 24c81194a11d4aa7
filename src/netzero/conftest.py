"""Fixtures shared by every app's tests. Demo data comes from the seed, through the demo loader."""

from __future__ import annotations

import pytest

from netzero.demo.services import demo_load
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.selectors import period_get


@pytest.fixture
def demo_plan(db) -> Plan:
    """Derbyshire County Council's strategy with its 2022-23 Q2 and Q3 data, from the seed."""
    return demo_load()


@pytest.fixture
def q3(demo_plan) -> ReportingPeriod:
    return period_get(plan=demo_plan, name="2022-23 Q3")


@pytest.fixture
def q2(demo_plan) -> ReportingPeriod:
    return period_get(plan=demo_plan, name="2022-23 Q2")


@pytest.fixture
def q4(demo_plan) -> ReportingPeriod:
    """Open for updates (the seed stops at Q3, so it starts empty)."""
    return period_get(plan=demo_plan, name="2022-23 Q4")
