"""Reads for plans and actions."""

from __future__ import annotations

from netzero.core.exceptions import NotFound
from netzero.plans.models import Action, Delivery, Plan
from netzero.plans.outline import PlanOutline, outline_build


def action_get(*, plan: Plan, ref: str) -> Action:
    """The plan's action with ``ref`` ("ll15" finds "LL15"); NotFound if there is none."""
    action = Action.objects.filter(plan=plan, ref__iexact=ref.strip()).first()
    if action is None:
        raise NotFound(f"{plan.name} has no action with ref {ref!r}.", code="unknown_ref")
    return action


def plan_get(*, slug: str) -> Plan:
    """The plan with ``slug`` (its organisation read with it); NotFound if there is none."""
    plan = Plan.objects.select_related("organisation").filter(slug=slug).first()
    if plan is None:
        known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise NotFound(
            f"No plan with slug {slug!r}." + (f" Plans: {known}." if known else ""),
            code="unknown_plan",
        )
    return plan


def action_get_exact(*, plan: Plan, ref: str) -> Action:
    """The plan's action whose ref is exactly ``ref`` (a page's address), with its plan, theme,
    delivery theme and the action it reports through; NotFound if there is none."""
    action = (
        Action.objects.select_related("plan", "theme", "delivery_theme", "reports_through")
        .filter(plan=plan, ref=ref)
        .first()
    )
    if action is None:
        raise NotFound(f"{plan.name} has no action with ref {ref!r}.", code="unknown_ref")
    return action


def actions_reporting_through(*, action: Action) -> list[Action]:
    """The actions that report through ``action``, in the plan's order."""
    return list(action.reported_by.order_by("ref_sort", "id"))


def plan_outline(*, plan: Plan) -> PlanOutline:
    """The plan's tree of themes with every action, its timescale, role and delivering
    organisations (four queries, whatever the plan's size)."""
    themes = list(plan.themes.order_by("position", "id"))
    actions = list(
        plan.actions.order_by("ref_sort", "id")
        .select_related("delivery_theme")
        .prefetch_related("deliveries__organisation")
    )
    return outline_build(plan=plan, themes=themes, actions=actions)


def action_deliveries(*, action: Action) -> list[Delivery]:
    """The organisations that deliver ``action``: the lead first, then partners by name."""
    deliveries = action.deliveries.select_related("organisation")
    return sorted(deliveries, key=lambda d: (d.role != Delivery.Role.LEAD, d.organisation.name))
