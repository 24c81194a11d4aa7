"""A national instance, simulated: every body on one service, for query-count tests and the
national load benchmark. Clearly labelled test data, never demo data.

``national_instance_create`` makes ``organisations`` bodies, ``partnerships`` of them
partnerships (integrated care systems) and the rest their members (NHS trusts as members, councils
as partners), each with a plan of ``actions`` actions and ``quarters`` quarters of updates (all
published through the workflow's freeze, oldest first, except the latest, left open with drafts)
and reported footprint figures for ``footprint_years`` years (recorded after the quarters were
published). Statuses and figures come from a
seeded random generator, so runs repeat exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from netzero.footprints.models import Boundary, Category, FootprintEntry, default_boundary
from netzero.organisations.models import Organisation, PartnershipRole
from netzero.plans.impact import Impact
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.periods import Quarter
from netzero.reporting.status import Status
from netzero.workflow.services import period_freeze

_STATUSES = [Status.GOOD, Status.REVIEW, Status.ACTION, Status.NOT_REPORTED]
# (scope, category, typical tCO2e) of a body's reported figures each year.
_FIGURES = [
    (1, Category.GAS, 4000),
    (1, Category.FLEET, 900),
    (2, Category.ELECTRICITY, 3000),
    (3, Category.BUSINESS_TRAVEL, 400),
    (3, Category.WASTE, 150),
    (3, Category.WATER, 60),
]
_MEMBER_KINDS = [
    Organisation.Kind.NHS_TRUST,
    Organisation.Kind.NHS_TRUST,
    Organisation.Kind.DISTRICT_COUNCIL,
    Organisation.Kind.UNITARY_AUTHORITY,
    Organisation.Kind.COUNTY_COUNCIL,
]
LAST_QUARTER = Quarter(2026, 2)  # 2026-27 Q2: the quarter left open
FIRST_FOOTPRINT_YEAR = 2016


@dataclass(frozen=True)
class NationalInstance:
    organisations: list[Organisation]
    partnerships: list[Organisation]
    plans: list[Plan]


def national_instance_create(
    *,
    organisations: int = 400,
    partnerships: int = 45,
    actions: int = 100,
    quarters: int = 40,
    footprint_years: int = 10,
    seed: int = 1,
    progress=None,
) -> NationalInstance:
    """Make the instance (see the module's docstring): the records in bulk, then each body's
    quarters published oldest first through the workflow's freeze, each body in its own
    transaction; ``progress(message)`` is told as bodies are done."""
    if not 0 < partnerships <= organisations:
        raise ValueError("A national instance needs 1 to `organisations` partnerships.")
    rng = random.Random(seed)
    with transaction.atomic():
        heads = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Synthetic Integrated Care System {n:03d} (test data)",
                    slug=f"synthetic-ics-{n:03d}",
                    kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM,
                )
                for n in range(1, partnerships + 1)
            ]
        )
        members = []
        for n in range(1, organisations - partnerships + 1):
            # Partnership n % partnerships; its members' kinds go round the list, so every
            # partnership of more than two has NHS members (its page lists members' footprints).
            kind = _MEMBER_KINDS[(n // partnerships) % len(_MEMBER_KINDS)]
            members.append(
                Organisation(
                    name=f"Synthetic Body {n:03d} (test data)",
                    slug=f"synthetic-body-{n:03d}",
                    kind=kind,
                    partnership=heads[n % partnerships],
                    partnership_role=(
                        PartnershipRole.MEMBER
                        if kind == Organisation.Kind.NHS_TRUST
                        else PartnershipRole.PARTNER
                    ),
                )
            )
        made = heads + Organisation.objects.bulk_create(members, batch_size=500)
        plans = _plans_create(made, rng=rng, actions=actions, quarters=quarters)
        _statistics_gather()
    published = list(
        ReportingPeriod.objects.filter(plan__in=plans)
        .exclude(year=LAST_QUARTER.year, quarter=LAST_QUARTER.quarter)
        .select_related("plan__organisation")
        .order_by("plan_id", "year", "quarter")
    )
    for done, plan in enumerate(plans, start=1):
        with transaction.atomic():
            for period in [p for p in published if p.plan_id == plan.pk]:
                period_freeze(period=period, user=None)
        if progress and done % 20 == 0:
            progress(f"{done} of {len(plans)} bodies' quarters published")
    # Recorded after the quarters were published, so their reports' frozen appendices (kept
    # as publishing found them) hold no footprint, and publishing draws no footprint charts.
    _footprints_create(made, rng=rng, years=footprint_years)
    _statistics_gather()
    return NationalInstance(organisations=made, partnerships=heads, plans=plans)


def _statistics_gather() -> None:
    """PostgreSQL's planner statistics brought up to date after a bulk load, as autovacuum
    would soon do on a real instance.

    Without it, a table last analysed while it held pages but no live rows is taken to hold
    none however many it now has, and every join on it is planned for one row. Inside a test's
    transaction, which autovacuum cannot see into, the 400-body query-count test took 326 s in
    a full PostgreSQL pass (and 161 s after the other web tests) against 11 s on a new database;
    with this, 11.5 s after the web tests. ANALYZE counts the rows of its own transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _plans_create(
    bodies: list[Organisation], *, rng: random.Random, actions: int, quarters: int
) -> list[Plan]:
    plans = Plan.objects.bulk_create(
        [
            Plan(
                organisation=body,
                name=f"{body.name.removesuffix(' (test data)')} climate plan (test data)",
                slug=body.slug,
            )
            for body in bodies
        ],
        batch_size=500,
    )
    themes = Theme.objects.bulk_create(
        [Theme(plan=plan, name=f"Theme {i}", position=i) for plan in plans for i in range(1, 6)],
        batch_size=1000,
    )
    delivery = DeliveryTheme.objects.bulk_create(
        [
            DeliveryTheme(plan=plan, name=f"Delivery {i}", lead_name=f"Lead {i}", position=i)
            for plan in plans
            for i in range(1, 4)
        ],
        batch_size=1000,
    )
    impacts = [Impact.HIGH, Impact.MODERATE, Impact.LOW]
    created = Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                ref=str(i),
                kind=Action.Kind.PRIORITY,
                text=f"<p>Synthetic action {i}.</p>",
                theme=themes[5 * n + i % 5],
                delivery_theme=delivery[3 * n + i % 3],
                target=str(2026 + i % 5),
                target_year=2026 + i % 5,
                success_measure="Synthetic success measure.",
                impact=rng.choice(impacts),
                position=i,
            )
            for n, plan in enumerate(plans)
            for i in range(1, actions + 1)
        ],
        batch_size=2000,
    )
    quarter, order = LAST_QUARTER, []
    for _ in range(quarters):
        order.append(quarter)
        quarter = quarter.previous()
    order.reverse()
    periods = ReportingPeriod.objects.bulk_create(
        [
            ReportingPeriod(plan=plan, year=q.year, quarter=q.quarter)
            for plan in plans
            for q in order
        ],
        batch_size=2000,
    )
    # Written a plan at a time, so that 1.6 million updates are never all in memory.
    for n in range(len(plans)):
        plan_periods = periods[n * quarters : (n + 1) * quarters]
        ActionUpdate.objects.bulk_create(
            [
                ActionUpdate(
                    action=action,
                    period=period,
                    status=rng.choice(_STATUSES),
                    progress=f"<p>Synthetic progress for action {action.ref} in {period.name}.</p>",
                    mitigation="Synthetic mitigation." if rng.random() < 0.3 else "",
                    state=(
                        ActionUpdate.State.DRAFT
                        if period is plan_periods[-1]
                        else ActionUpdate.State.APPROVED
                    ),
                )
                for period in plan_periods
                for action in created[n * actions : (n + 1) * actions]
            ],
            batch_size=2000,
        )
    return plans


def _footprints_create(bodies: list[Organisation], *, rng: random.Random, years: int) -> None:
    entries = []
    for body in bodies:
        boundary = default_boundary(body)
        if boundary == Boundary.CUSTOM:
            boundary = Boundary.NHS_CARBON_FOOTPRINT
        scale = Decimal(rng.randint(50, 200)) / 100
        entries += [
            FootprintEntry(
                organisation=body,
                reporting_year=year,
                scope=scope,
                category=category,
                boundary=boundary,
                # Falling about 4% a year from the first year's figure.
                tco2e=(
                    Decimal(typical) * scale * Decimal("0.96") ** (year - FIRST_FOOTPRINT_YEAR)
                ).quantize(Decimal("0.001")),
                method=FootprintEntry.Method.REPORTED,
                source="Synthetic figure (test data).",
            )
            for year in range(FIRST_FOOTPRINT_YEAR, FIRST_FOOTPRINT_YEAR + years)
            for scope, category, typical in _FIGURES
        ]
    FootprintEntry.objects.bulk_create(entries, batch_size=2000)
