"""In-memory dashboards for tests of the figures and the summary's wording: no database.

A test says only what it cares about; everything else has a sensible default::

    rows = [action_row("1", Status.GOOD), action_row("2", Status.ACTION, previous=Status.REVIEW)]
    dashboard = dashboard_build(rows, previous="2023-24 Q1")
    priority_paragraphs(dashboard)

    rows = status_rows(good=3, review=2, not_reported=1)          # refs "1" to "6"
    long_list = status_rows(action=2, kind=Action.Kind.LONG_LIST)  # refs "LL1", "LL2"

``dashboard_build`` runs the real ``dashboards.calculation.dashboard_assemble`` on a
``DashboardBasis`` with unsaved ``Plan`` and ``ReportingPeriod`` instances, so the figures are
the ones the page and the command would show for those rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from netzero.dashboards.calculation import dashboard_assemble
from netzero.dashboards.types import ActionRow, Dashboard, DashboardBasis
from netzero.organisations.models import Organisation
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reporting.status import Status, status_change

ORGANISATION = "Borough Council"
PLAN = "Climate Change Strategy"
ESTATE = "Council Estate and Operations"


def action_row(
    ref: str = "1",
    status: Status = Status.GOOD,
    *,
    previous: Status | None = None,
    kind: str = Action.Kind.PRIORITY,
    strategy_theme: str = ESTATE,
    theme: str | None = None,
    delivery_theme: str | None = None,
    delivery_theme_lead: str | None = None,
    impact: Impact | None = Impact.MODERATE,
    reports_through: str | None = None,
    title: str = "",
) -> ActionRow:
    """One action's row; ``previous`` is its status in the previous period (None: no previous
    period), the change is derived from the two as the selectors derive it."""
    return ActionRow(
        action_id=_action_id(ref),
        ref=ref,
        kind=kind,
        title=title or f"Action {ref}",
        text=f"<p>What Ref {ref} will do.</p>",
        strategy_theme=strategy_theme,
        theme=theme or strategy_theme,
        delivery_theme=delivery_theme,
        delivery_theme_lead=delivery_theme_lead if delivery_theme else None,
        target="2025",
        success_measure="Measured as the plan says.",
        impact=None if kind == Action.Kind.LONG_LIST else impact,
        status=status,
        previous_status=previous,
        change=status_change(previous, status),
        progress="" if status == Status.NOT_REPORTED else f"<p>Progress on Ref {ref}.</p>",
        reason="",
        mitigation="",
        note="",
        reports_through=reports_through,
        text_plain=f"What Ref {ref} will do.",  # as the action keeps it when saved
    )


def status_rows(
    *,
    good: int = 0,
    review: int = 0,
    action: int = 0,
    not_reported: int = 0,
    kind: str = Action.Kind.PRIORITY,
    start: int = 1,
    **row_fields,
) -> list[ActionRow]:
    """Rows with these many of each status, best first, refs numbered from ``start`` ("LL1"...
    for long-list actions); ``row_fields`` go to every ``action_row``."""
    statuses = (
        [Status.GOOD] * good
        + [Status.REVIEW] * review
        + [Status.ACTION] * action
        + [Status.NOT_REPORTED] * not_reported
    )
    prefix = "LL" if kind == Action.Kind.LONG_LIST else ""
    return [
        action_row(f"{prefix}{start + i}", status, kind=kind, **row_fields)
        for i, status in enumerate(statuses)
    ]


def dashboard_basis(
    rows: Iterable[ActionRow] = (),
    *,
    strategy_themes: list[str] | None = None,
    delivery_themes: list[tuple[str, str]] | None = None,
    previous_period_id: int | None = None,
    plan_name: str = PLAN,
    organisation_name: str = ORGANISATION,
    notes: str = "",
) -> DashboardBasis:
    """A basis of these rows. Without ``strategy_themes`` (or ``delivery_themes``), the rows'
    own themes in the order they first appear."""
    rows = list(rows)
    if strategy_themes is None:
        strategy_themes = list(dict.fromkeys(r.strategy_theme for r in rows))
    if delivery_themes is None:
        delivery_themes = list(
            dict.fromkeys(
                (r.delivery_theme, r.delivery_theme_lead or "TBC") for r in rows if r.delivery_theme
            )
        )
    return DashboardBasis(
        previous_period_id=previous_period_id,
        strategy_themes=strategy_themes,
        delivery_themes=delivery_themes,
        rows=rows,
        plan_name=plan_name,
        organisation_name=organisation_name,
        notes=notes,
    )


def dashboard_build(
    rows: Iterable[ActionRow] = (),
    *,
    basis: DashboardBasis | None = None,
    period: str = "2023-24 Q2",
    previous: str | None = None,
    frozen: bool = False,
) -> Dashboard:
    """The dashboard of these rows (or of ``basis``) for ``period``; ``previous`` names the
    previous period ("2023-24 Q1"), None for a plan's first period."""
    if basis is None:
        basis = dashboard_basis(rows)
    organisation = Organisation(name=basis.organisation_name, slug="borough-council")
    plan = Plan(organisation=organisation, name=basis.plan_name, slug="climate-change-strategy")
    this = _period(plan, period)
    before = _period(plan, previous) if previous else None
    return dashboard_assemble(
        plan=plan,
        period=this,
        previous=before,
        periods=[p for p in (before, this) if p is not None],
        basis=basis,
        frozen=frozen,
    )


def _period(plan: Plan, name: str) -> ReportingPeriod:
    quarter = parse_quarter(name)
    return ReportingPeriod(plan=plan, year=quarter.year, quarter=quarter.quarter)


def _action_id(ref: str) -> int:
    digits = "".join(c for c in ref if c.isdigit())
    return (100_000 if ref.upper().startswith("LL") else 0) + int(digits or 0)
