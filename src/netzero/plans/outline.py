"""A plan's outline: its tree of themes (visions and objectives, or strategy themes) with each
action's timescale, role and delivering organisations, and the role gaps left to fill.

The plan's page, ``netzero plan show`` and (later) its reports all read this one structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from netzero.core.narrative import narrative_plain_text, render_narrative
from netzero.plans.models import Action, Delivery, Plan, Theme
from netzero.plans.roles import RoleGap, role_gap
from netzero.plans.targets import financial_year_label


@dataclass(frozen=True)
class OutlineAction:
    action: Action
    theme: Theme
    deliveries: tuple[Delivery, ...]  # the lead first, then partners by name
    gap: RoleGap | None

    @property
    def text_html(self) -> SafeString:
        """The action's text, its paragraphs and lists kept (sanitised)."""
        return render_narrative(self.action.text)

    @property
    def role(self) -> str:
        """Who delivers it: the role as printed, else its delivery theme's lead ("Karl Apps,
        Low Carbon Economy lead"; "TBC" while there is none), else ""."""
        a = self.action
        if a.role or a.delivery_theme is None:
            return a.role
        return f"{a.delivery_theme.lead_display}, {a.delivery_theme.name} lead"

    @property
    def timescale(self) -> str:
        """The timescale in financial years ("2022/23 to 2025/26"), or "Not set"."""
        return self.action.financial_years_label


@dataclass(frozen=True)
class OutlineTheme:
    theme: Theme
    actions: tuple[OutlineAction, ...]
    children: tuple[OutlineTheme, ...]


@dataclass(frozen=True)
class PlanOutline:
    plan: Plan
    themes: tuple[OutlineTheme, ...]  # the top of the tree, in the plan's order

    def actions(self) -> list[OutlineAction]:
        """Every action, theme by theme in the tree's order (depth first)."""
        found: list[OutlineAction] = []

        def walk(nodes: tuple[OutlineTheme, ...]) -> None:
            for node in nodes:
                found.extend(node.actions)
                walk(node.children)

        walk(self.themes)
        return found

    def gaps(self) -> list[OutlineAction]:
        """The actions whose printed role leaves a gap (no role, a placeholder, a NEW post, TBC)."""
        return [a for a in self.actions() if a.gap is not None]


def outline_build(*, plan: Plan, themes: list[Theme], actions: list[Action]) -> PlanOutline:
    """Arrange ``themes`` (all the plan's) and ``actions`` (their deliveries prefetched) into the
    plan's tree. Themes and actions keep the order they are given in."""
    by_theme: dict[int, list[OutlineAction]] = {t.pk: [] for t in themes}
    theme_by_id = {t.pk: t for t in themes}
    for action in actions:
        deliveries = sorted(
            action.deliveries.all(),
            key=lambda d: (d.role != Delivery.Role.LEAD, d.organisation.name),
        )
        by_theme[action.theme_id].append(
            OutlineAction(
                action=action,
                theme=theme_by_id[action.theme_id],
                deliveries=tuple(deliveries),
                gap=role_gap(_who(action)),
            )
        )
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)

    def node(theme: Theme) -> OutlineTheme:
        return OutlineTheme(
            theme=theme,
            actions=tuple(by_theme[theme.pk]),
            children=tuple(node(child) for child in children.get(theme.pk, [])),
        )

    return PlanOutline(plan=plan, themes=tuple(node(t) for t in children.get(None, [])))


def _who(action: Action) -> str:
    if action.role or action.delivery_theme is None:
        return action.role
    return action.delivery_theme.lead_display


# --- formats: the command line's (and later the API's) ------------------------------------------
def _year(year: int | None) -> str | None:
    return None if year is None else financial_year_label(year)


def _action_dict(item: OutlineAction) -> dict[str, Any]:
    a = item.action
    return {
        "ref": a.ref,
        "kind": a.get_kind_display(),
        "title": a.title,
        "text": narrative_plain_text(a.text),
        "theme": item.theme.name,
        "timescale": a.target,
        "start_year": _year(a.start_year),
        "end_year": _year(a.end_year),
        "role": item.role,
        "role_gap": list(item.gap.reasons) if item.gap else [],
        "organisations": [
            {"organisation": d.organisation.name, "slug": d.organisation.slug, "role": d.role}
            for d in item.deliveries
        ],
    }


def _theme_dict(node: OutlineTheme) -> dict[str, Any]:
    t = node.theme
    return {
        "name": t.name,
        "vision": t.vision,
        "benefits": t.benefits,
        "risks": t.risks,
        "actions": [a.action.ref for a in node.actions],
        "children": [_theme_dict(child) for child in node.children],
    }


def outline_as_dict(outline: PlanOutline) -> dict[str, Any]:
    plan = outline.plan
    return {
        "plan": {"slug": plan.slug, "name": plan.name, "organisation": plan.organisation.name},
        "themes": [_theme_dict(node) for node in outline.themes],
        "actions": [_action_dict(item) for item in outline.actions()],
        "gaps": [
            {"ref": item.action.ref, "role": item.role, "reasons": list(item.gap.reasons)}
            for item in outline.gaps()
            if item.gap is not None
        ],
    }


def outline_as_text(outline: PlanOutline) -> str:
    plan = outline.plan
    lines = [plan.name, f"Owned by {plan.organisation.name}", ""]

    def theme_lines(node: OutlineTheme, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}{node.theme.name}")
        for label, value in (
            ("Vision", node.theme.vision),
            ("Benefits", node.theme.benefits),
            ("Risks", node.theme.risks),
        ):
            if value:
                lines.append(f"{pad}  {label}: {value}")
        for item in node.actions:
            a = item.action
            heading = f"{a.ref} {a.title}".strip() if a.title else f"Ref {a.ref}"
            lines.append(f"{pad}  - {heading}: {narrative_plain_text(a.text)}")
            lines.append(f"{pad}    Timescale: {a.target or 'Not set'} ({item.timescale})")
            lines.append(f"{pad}    Role: {item.role or 'None given'}")
            if item.deliveries:
                orgs = "; ".join(
                    f"{d.organisation.name} ({d.get_role_display().lower()})"
                    for d in item.deliveries
                )
                lines.append(f"{pad}    Delivered by: {orgs}")
        for child in node.children:
            theme_lines(child, depth + 1)

    for node in outline.themes:
        theme_lines(node, 0)
        lines.append("")
    gaps = outline.gaps()
    lines.append(f"Roles to fill: {len(gaps)}")
    for item in gaps:
        assert item.gap is not None
        role = item.role or "(none given)"
        lines.append(f"  {item.action.ref}: {role}: {'; '.join(item.gap.reasons)}")
    return "\n".join(lines) + "\n"
