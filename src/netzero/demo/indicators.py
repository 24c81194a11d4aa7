"""The demo's indicators: the measurable commitments printed in the council's Q3 dashboard
(seed 000) and the ICS Green Plan (seed 004), from ``demo/data/indicators.json``.

Only what the documents print: goals as printed, observed values only where a document reports
one (Ref 9's eight training sessions by 2022-23 Q3), an estimate kept in the description (the
Williamthorpe solar site's 3.25 million kWh a year), and Appendix B's three outcome indicators
with no unit, baseline, goal or value. Each figure cites where it is printed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from netzero.indicators.models import Indicator
from netzero.indicators.services import (
    indicator_create,
    indicator_goal_add,
    indicator_value_add,
)
from netzero.plans.models import Plan

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"


def demo_indicators_data() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def demo_indicators_load() -> list[Indicator]:
    """Load (or reload, replacing) the indicators of the council's strategy and the Green Plan.
    Run after ``demo_load`` and ``green_plan_actions_load``: it links indicators to their
    actions by ref."""
    data = demo_indicators_data()
    slugs = sorted({item["plan"] for item in data["indicators"]})
    plans = {p.slug: p for p in Plan.objects.filter(slug__in=slugs)}
    Indicator.objects.filter(plan__slug__in=slugs).delete()
    created = []
    for position, item in enumerate(data["indicators"], start=1):
        plan = plans[item["plan"]]
        baseline = item["baseline"] or {}
        indicator = indicator_create(
            plan=plan,
            name=item["name"],
            unit=item["unit"],
            direction=item["direction"],
            baseline_year=baseline.get("year"),
            baseline_value=Decimal(baseline["value"]) if baseline else None,
            description=item["description"],
            source=item["source"],
            position=position,
            actions=[plan.actions.get(ref=ref) for ref in item["actions"]],
        )
        for goal in item["goals"]:
            indicator_goal_add(
                indicator=indicator,
                value=Decimal(goal["value"]),
                year=goal["year"],
                label=goal["label"],
                source=goal["source"],
            )
        for value in item["values"]:
            indicator_value_add(
                indicator=indicator,
                year=value["year"],
                period_label=value["period"],
                value=Decimal(value["value"]),
                source=value["source"],
                note=value["note"],
            )
        created.append(indicator)
    return created
