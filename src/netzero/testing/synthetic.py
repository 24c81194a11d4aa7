"""Synthetic plans for query-count tests and benchmarks. Clearly labelled, never demo data.

Statuses are drawn from a seeded random generator so runs are repeatable; nothing here is
presented to users as a real programme.
"""

from __future__ import annotations

import random

from django.db import transaction

from netzero.organisations.models import Organisation
from netzero.plans.impact import Impact
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.periods import Quarter
from netzero.reporting.status import Status

_STATUSES = [Status.GOOD, Status.REVIEW, Status.ACTION, Status.NOT_REPORTED]


@transaction.atomic
def synthetic_plan_create(
    *, actions: int, periods: int, slug: str = "synthetic", seed: int = 1, long_list_every: int = 5
) -> Plan:
    """A plan of ``actions`` actions (every ``long_list_every``-th a long-list one) with an update
    for each action in each of ``periods`` quarters ending 2024-25 Q4."""
    rng = random.Random(seed)
    organisation, _ = Organisation.objects.get_or_create(
        slug="synthetic-organisation", defaults={"name": "Synthetic Organisation (test data)"}
    )
    plan = Plan.objects.create(organisation=organisation, name=f"Synthetic plan {slug}", slug=slug)
    roots = [Theme.objects.create(plan=plan, name=f"Theme {i}", position=i) for i in range(1, 6)]
    children = [
        Theme.objects.create(plan=plan, name=f"Objective {i}", parent=roots[i % 5], position=5 + i)
        for i in range(1, 6)
    ]
    delivery = [
        DeliveryTheme.objects.create(
            plan=plan, name=f"Delivery {i}", lead_name=f"Lead {i}", position=i
        )
        for i in range(1, 14)
    ]
    impacts = [Impact.HIGH, Impact.MODERATE, Impact.LOW]
    new_actions = []
    for i in range(1, actions + 1):
        long_list = long_list_every and i % long_list_every == 0
        new_actions.append(
            Action(
                plan=plan,
                ref=f"LL{i}" if long_list else str(i),
                kind=Action.Kind.LONG_LIST if long_list else Action.Kind.PRIORITY,
                title=f"Synthetic action {i}" if long_list else "",
                text=f"<p>Synthetic action {i}.</p>",
                theme=rng.choice(roots + children),
                delivery_theme=None if long_list else rng.choice(delivery),
                target=str(2022 + i % 4),
                target_year=2022 + i % 4,
                success_measure="Synthetic success measure.",
                impact="" if long_list else rng.choice(impacts),
                position=i,
            )
        )
    created = Action.objects.bulk_create(new_actions, batch_size=500)
    # Every tenth priority action reports through the one before it.
    through = [a for a in created if a.kind == Action.Kind.PRIORITY]
    for before, after in zip(through[::10], through[1::10], strict=False):
        after.reports_through = before
    Action.objects.bulk_update(through[1::10], ["reports_through"], batch_size=500)

    quarter = Quarter(2024, 4)
    quarters = []
    for _ in range(periods):
        quarters.append(quarter)
        quarter = quarter.previous()
    period_objs = ReportingPeriod.objects.bulk_create(
        [ReportingPeriod(plan=plan, year=q.year, quarter=q.quarter) for q in reversed(quarters)]
    )
    updates = [
        ActionUpdate(
            action=action,
            period=period,
            status=rng.choice(_STATUSES),
            progress=f"<p>Synthetic progress for {action.ref} in {period.name}.</p>",
            mitigation="Synthetic mitigation." if rng.random() < 0.3 else "",
        )
        for period in period_objs
        for action in created
    ]
    ActionUpdate.objects.bulk_create(updates, batch_size=1000)
    return plan
