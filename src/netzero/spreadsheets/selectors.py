"""Reads for a plan's spreadsheet: everything the layout holds, in the order it is written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netzero.classifications.models import (
    ActionCategory,
    Category,
    ClassificationScheme,
    ReportedCount,
)
from netzero.core.exceptions import NotFound
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme
from netzero.reporting.models import ActionStateChange, ActionUpdate, PlanNote, ReportingPeriod
from netzero.spreadsheets.models import PlanImport


@dataclass
class PlanContents:
    plan: Plan
    themes: list[Theme]  # parents before their children, each level by position
    delivery_themes: list[DeliveryTheme]
    actions: list[Action]  # natural ref order, priority actions first
    deliveries: dict[int, list[Delivery]]  # by action id: the lead first, then partners
    categories: list[Category]  # by scheme, top-level before those beneath it
    reported_counts: dict[int, tuple[int, str]]  # by category id: the count for all organisations
    classified: dict[int, list[Category]]  # by action id
    periods: list[ReportingPeriod]
    updates: list[ActionUpdate]
    notes: list[PlanNote]
    changes: list[ActionStateChange]


def _tree_order(themes: list[Theme]) -> list[Theme]:
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)
    ordered: list[Theme] = []

    def visit(parent_id: int | None) -> None:
        for theme in children.get(parent_id, []):
            ordered.append(theme)
            visit(theme.pk)

    visit(None)
    return ordered


def plan_contents(*, plan: Plan, periods: Sequence[ReportingPeriod] | None = None) -> PlanContents:
    """Everything of ``plan`` a spreadsheet holds; updates, notes and action changes only of
    ``periods`` (None: every period of the plan)."""
    all_periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter"))
    wanted = {p.pk for p in (all_periods if periods is None else periods)}
    chosen = [p for p in all_periods if p.pk in wanted]
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("theme", "delivery_theme", "reports_through")
        .order_by("ref_sort", "id")
    )
    deliveries: dict[int, list[Delivery]] = {}
    for delivery in Delivery.objects.filter(action__plan=plan).select_related("organisation"):
        deliveries.setdefault(delivery.action_id, []).append(delivery)
    for found in deliveries.values():
        found.sort(key=lambda d: (d.role != Delivery.Role.LEAD, d.organisation.name))
    schemes = list(ClassificationScheme.objects.filter(plan=plan).order_by("position", "id"))
    categories: list[Category] = []
    for scheme in schemes:
        found = list(
            scheme.categories.select_related("scheme", "parent").order_by("position", "id")
        )
        for top in (c for c in found if c.parent_id is None):
            categories.append(top)
            categories.extend(c for c in found if c.parent_id == top.pk)
    counts = {
        rc.category_id: (rc.count, rc.source)
        for rc in ReportedCount.objects.filter(
            category__scheme__plan=plan, organisation__isnull=True
        )
    }
    classified: dict[int, list[Category]] = {}
    for ac in (
        ActionCategory.objects.filter(action__plan=plan)
        .select_related("category__scheme", "category__parent")
        .order_by("category__scheme__position", "category__position", "category_id")
    ):
        classified.setdefault(ac.action_id, []).append(ac.category)
    return PlanContents(
        plan=plan,
        themes=_tree_order(list(Theme.objects.filter(plan=plan).order_by("position", "id"))),
        delivery_themes=list(DeliveryTheme.objects.filter(plan=plan).order_by("position", "id")),
        actions=actions,
        deliveries=deliveries,
        categories=categories,
        reported_counts=counts,
        classified=classified,
        periods=chosen,
        updates=list(
            ActionUpdate.objects.filter(period_id__in=wanted)
            .select_related("period", "action")
            .order_by("period__year", "period__quarter", "action__ref_sort", "action_id")
        ),
        notes=list(
            PlanNote.objects.filter(plan=plan, from_period_id__in=wanted)
            .select_related("from_period")
            .order_by("from_period__year", "from_period__quarter", "id")
        ),
        changes=list(
            ActionStateChange.objects.filter(action__plan=plan, period_id__in=wanted)
            .select_related("period", "action", "other")
            .order_by("period__year", "period__quarter", "action__ref_sort")
        ),
    )


def deliverers_for(*, owner: Organisation) -> list[Organisation]:
    """The organisations that may deliver the actions of ``owner``'s plans: the owner and the
    members of its partnership."""
    return [owner, *Organisation.objects.filter(partnership=owner).order_by("name")]


def plan_periods(*, plan: Plan) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter"))


def plans_of(*, organisation: Organisation) -> dict[str, Plan]:
    return {p.slug: p for p in Plan.objects.filter(organisation=organisation)}


def plan_import_get(*, pk: int, organisation: Organisation) -> PlanImport:
    found = PlanImport.objects.filter(pk=pk, organisation=organisation).first()
    if found is None:
        raise NotFound(f"No spreadsheet import {pk} of {organisation.name}.")
    return found


def plan_imports(*, plan: Plan) -> Iterable[PlanImport]:
    return PlanImport.objects.filter(plan=plan, state=PlanImport.State.APPLIED).select_related(
        "user"
    )
