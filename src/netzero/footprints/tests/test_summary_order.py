"""A footprint reads the same from SQLite and PostgreSQL: a figure with no scope ("Not stated")
comes last on both (SQLite alone would sort it first)."""

from __future__ import annotations

from netzero.footprints.models import Boundary, Category
from netzero.footprints.selectors import footprint_summary
from netzero.footprints.services import entry_report
from netzero.plans.services import organisation_create


def test_figures_without_a_scope_come_last_on_every_database(db):
    trust = organisation_create(name="Order Trust", slug="order-trust", kind="nhs_trust")
    for scope, category, tco2e in [
        (None, Category.PROCUREMENT, 30),
        (2, Category.ELECTRICITY, 20),
        (1, Category.GAS, 10),
        (None, Category.FOOD, 5),
    ]:
        entry_report(
            organisation=trust,
            reporting_year=2022,
            category=category,
            boundary=Boundary.NHS_CARBON_FOOTPRINT,
            tco2e=tco2e,
            source="test",
            scope=scope,
        )
    summary = footprint_summary(organisation=trust, reporting_year=2022)
    assert [label for label, _ in summary.by_scope] == ["Scope 1", "Scope 2", "Not stated"]
    assert [t for _, t in summary.by_scope] == [10, 20, 35]
    assert [(e.scope, e.category) for e in summary.entries] == [
        (1, "gas"),
        (2, "electricity"),
        (None, "food"),
        (None, "procurement"),
    ]
