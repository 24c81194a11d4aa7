"""Reads for plans and actions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from netzero.core.exceptions import NotFound
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme
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


@dataclass(frozen=True)
class ThemeRow:
    """A theme in the plan's tree, for the set-up page: its depth (0 at the top), how many
    actions and themes sit directly beneath it, and its path ("Transport > Fleet")."""

    theme: Theme
    depth: int
    path: str
    actions: int
    children: int


def plan_theme_tree(*, plan: Plan) -> list[ThemeRow]:
    """The plan's themes in tree order, each after its parent (one query)."""
    themes = list(
        plan.themes.order_by("position", "id").annotate(
            action_count=Count("actions", distinct=True),
            child_count=Count("children", distinct=True),
        )
    )
    beneath: dict[int | None, list[Theme]] = {}
    for theme in themes:
        beneath.setdefault(theme.parent_id, []).append(theme)
    rows: list[ThemeRow] = []

    def walk(parent_id: int | None, depth: int, prefix: str) -> None:
        for theme in beneath.get(parent_id, []):
            path = f"{prefix} > {theme.name}" if prefix else theme.name
            rows.append(ThemeRow(theme, depth, path, theme.action_count, theme.child_count))
            walk(theme.pk, depth + 1, path)

    walk(None, 0, "")
    return rows


@dataclass(frozen=True)
class PlanSetUp:
    """How far the plan's set-up has come: its themes, delivery themes and actions counted."""

    themes: int
    delivery_themes: int
    actions: int
    periods: int


def plan_set_up_counts(*, plan: Plan) -> PlanSetUp:
    counts = Plan.objects.filter(pk=plan.pk).aggregate(
        themes=Count("themes", distinct=True),
        delivery_themes=Count("delivery_themes", distinct=True),
        actions=Count("actions", distinct=True),
        periods=Count("periods", distinct=True),
    )
    return PlanSetUp(**counts)


def plan_delivery_themes(*, plan: Plan) -> list[DeliveryTheme]:
    """The plan's delivery themes in order, each with how many actions it delivers."""
    return list(
        plan.delivery_themes.order_by("position", "id").annotate(action_count=Count("actions"))
    )


def plan_actions_for_table(*, plan: Plan) -> list[Action]:
    """The plan's actions in ref order, for the set-up table."""
    return list(plan.actions.order_by("ref_sort", "id"))


def theme_get(*, plan: Plan, pk: object) -> Theme:
    """The plan's theme with id ``pk``; NotFound if the plan has none (another plan's too)."""
    theme = Theme.objects.filter(plan=plan, pk=_id(pk)).first()
    if theme is None:
        raise NotFound(f"{plan.name} has no such theme.", code="unknown_theme")
    return theme


def delivery_theme_get(*, plan: Plan, pk: object) -> DeliveryTheme:
    """The plan's delivery theme with id ``pk``; NotFound if the plan has none."""
    delivery_theme = DeliveryTheme.objects.filter(plan=plan, pk=_id(pk)).first()
    if delivery_theme is None:
        raise NotFound(f"{plan.name} has no such delivery theme.", code="unknown_delivery_theme")
    return delivery_theme


def _id(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0
