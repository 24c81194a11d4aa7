"""The Climate Change Programme Dashboard for one plan and one period, computed from records.

``dashboard_for_period`` is the only place the dashboard's figures are worked out: the web page,
the ``netzero dashboard`` command and (later) the API and committee reports all call it, so they
cannot disagree. It runs a fixed number of SQL queries however many actions the plan has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.safestring import SafeString

from netzero.core.narrative import narrative_plain_text, render_narrative
from netzero.core.percent import whole_percent
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.presenters import Tag, change_text, impact_label, status_tag
from netzero.reporting.selectors import period_previous, periods_for_plan
from netzero.reporting.status import (
    AT_RISK_STATUSES,
    STATUSES_BEST_FIRST,
    Change,
    Impact,
    Status,
    status_change,
)


@dataclass
class ActionRow:
    """One action as the dashboard shows it in this period."""

    action_id: int
    ref: str
    kind: str
    title: str
    text: str  # sanitised HTML
    strategy_theme: str
    theme: str
    delivery_theme: str | None
    delivery_theme_lead: str | None
    target: str
    success_measure: str
    impact: Impact | None
    status: Status
    previous_status: Status | None
    change: Change
    progress: str  # sanitised HTML
    reason: str
    mitigation: str
    note: str
    reports_through: str | None  # ref
    reported_by: list[str] = field(default_factory=list)  # refs folded into this one

    @property
    def is_at_risk(self) -> bool:
        return self.status in AT_RISK_STATUSES

    @property
    def status_tag(self) -> Tag:
        return status_tag(self.status)

    @property
    def previous_status_tag(self) -> Tag | None:
        return status_tag(self.previous_status) if self.previous_status else None

    @property
    def change_text(self) -> str:
        return change_text(self.change, self.previous_status)

    @property
    def impact_text(self) -> str:
        return impact_label(self.impact)

    @property
    def text_plain(self) -> str:
        """The action's words without markup (templates escape them once)."""
        return narrative_plain_text(self.text)

    @property
    def progress_html(self) -> SafeString:
        return render_narrative(self.progress)

    @property
    def label(self) -> str:
        """How the action is named in lists: "Ref 5", or "LL15 Grid Capacity and Demand"."""
        return f"{self.ref} {self.title}" if self.title else f"Ref {self.ref}"


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    lead: str | None  # delivery themes only
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Movement:
    ref: str
    title: str
    from_status: Status
    to_status: Status
    change: Change


@dataclass(frozen=True)
class ThemeTable:
    theme: str
    rows: list[ActionRow]


@dataclass(frozen=True)
class StatusSummary:
    """Counts and whole-number percentages of one kind of action in one period."""

    total: int
    counts: dict[Status, int]
    percentages: dict[Status, int]


@dataclass
class Dashboard:
    plan: Plan
    period: ReportingPeriod
    previous_period: ReportingPeriod | None
    periods: list[ReportingPeriod]
    priority: StatusSummary
    by_strategy_theme: list[ThemeCount]
    by_delivery_theme: list[ThemeCount]
    movements: list[Movement]
    at_risk_high_impact: list[ActionRow]
    priority_tables: list[ThemeTable]
    long_list: StatusSummary
    long_list_movements: list[Movement]
    long_list_tables: list[ThemeTable]
    rows: list[ActionRow]
    basis: DashboardBasis
    frozen: bool  # True: the figures as published, not recomputed from today's records

    @property
    def plan_name(self) -> str:
        return self.basis.plan_name

    @property
    def organisation_name(self) -> str:
        return self.basis.organisation_name

    @property
    def notes(self) -> str:
        return self.basis.notes

    @property
    def long_list_action_items(self) -> list[ActionRow]:
        return [r for t in self.long_list_tables for r in t.rows if r.status == Status.ACTION]

    @property
    def not_reported_rows(self) -> list[ActionRow]:
        return [r for r in self.rows if r.status == Status.NOT_REPORTED]


@dataclass
class DashboardBasis:
    """Everything a dashboard's figures are computed from. Publishing a period freezes this."""

    previous_period_id: int | None
    strategy_themes: list[str]
    delivery_themes: list[tuple[str, str]]  # (name, lead as shown)
    rows: list[ActionRow]
    plan_name: str
    organisation_name: str
    notes: str  # the period's notes on data gaps


def dashboard_for_period(*, plan: Plan, period: ReportingPeriod, live: bool = False) -> Dashboard:
    """The plan's dashboard for ``period``, in a fixed number of queries whatever its size.

    A published period shows the figures frozen when it was published (one query); ``live``
    recomputes from the records instead (five queries), which is what publishing itself does.
    """
    periods = periods_for_plan(plan=plan)  # 1
    if period.is_published and period.snapshot and not live:
        from netzero.dashboards.snapshot import basis_from_snapshot

        basis = basis_from_snapshot(period.snapshot)
        previous = next((p for p in periods if p.pk == basis.previous_period_id), None)
        return _assemble(plan, period, previous, periods, basis, frozen=True)
    previous = period_previous(period=period, periods=periods)
    return _assemble(plan, period, previous, periods, _basis(plan, period, previous), frozen=False)


def _basis(plan: Plan, period: ReportingPeriod, previous: ReportingPeriod | None) -> DashboardBasis:
    themes = list(Theme.objects.filter(plan=plan).order_by("position", "id"))  # 2
    delivery_themes = list(DeliveryTheme.objects.filter(plan=plan).order_by("position", "id"))  # 3
    actions = list(  # 4
        Action.objects.filter(plan=plan)
        .select_related("reports_through")
        .order_by("kind", "position", "id")
    )
    wanted_periods = [period.pk] + ([previous.pk] if previous else [])
    updates: dict[tuple[int, int], ActionUpdate] = {
        (u.action_id, u.period_id): u
        for u in ActionUpdate.objects.filter(period_id__in=wanted_periods).only(  # 5
            "action_id", "period_id", "status", "progress", "reason", "mitigation", "note"
        )
    }
    theme_by_id = {t.pk: t for t in themes}
    root_of = {t.pk: _root(t, theme_by_id) for t in themes}
    delivery_by_id = {d.pk: d for d in delivery_themes}
    return DashboardBasis(
        plan_name=plan.name,
        organisation_name=plan.organisation.name,
        notes=period.notes,
        previous_period_id=previous.pk if previous else None,
        strategy_themes=[t.name for t in themes if t.parent_id is None],
        delivery_themes=[(d.name, d.lead_display) for d in delivery_themes],
        rows=[
            _row(action, period, previous, updates, theme_by_id, root_of, delivery_by_id)
            for action in actions
        ],
    )


def _assemble(
    plan: Plan,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    periods: list[ReportingPeriod],
    basis: DashboardBasis,
    *,
    frozen: bool,
) -> Dashboard:
    """All the dashboard's figures, from the basis alone (no queries)."""
    rows = basis.rows
    for row in rows:
        row.reported_by = []
    priority_rows = [r for r in rows if r.kind == Action.Kind.PRIORITY]
    long_rows = [r for r in rows if r.kind == Action.Kind.LONG_LIST]
    roots = basis.strategy_themes
    return Dashboard(
        plan=plan,
        period=period,
        previous_period=previous,
        periods=periods,
        priority=_summary(priority_rows),
        by_strategy_theme=[
            ThemeCount(root, None, _counts(r for r in priority_rows if r.strategy_theme == root))
            for root in roots
        ],
        by_delivery_theme=[
            ThemeCount(name, lead, _counts(r for r in priority_rows if r.delivery_theme == name))
            for name, lead in basis.delivery_themes
        ],
        movements=_movements(priority_rows),
        at_risk_high_impact=_at_risk_high_impact(priority_rows),
        priority_tables=_tables(priority_rows, roots),
        long_list=_summary(long_rows),
        long_list_movements=_movements(long_rows),
        long_list_tables=_tables(long_rows, roots),
        rows=rows,
        basis=basis,
        frozen=frozen,
    )


def _root(theme: Theme, theme_by_id: dict[int, Theme]) -> Theme:
    node = theme
    seen = {node.pk}
    while node.parent_id is not None and node.parent_id not in seen:
        node = theme_by_id[node.parent_id]
        seen.add(node.pk)
    return node


def _row(
    action: Action,
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    updates: dict[tuple[int, int], ActionUpdate],
    theme_by_id: dict[int, Theme],
    root_of: dict[int, Theme],
    delivery_by_id: dict[int, DeliveryTheme],
) -> ActionRow:
    update = updates.get((action.pk, period.pk))
    status = Status(update.status) if update else Status.NOT_REPORTED
    previous_status: Status | None = None
    if previous is not None:
        previous_update = updates.get((action.pk, previous.pk))
        previous_status = Status(previous_update.status) if previous_update else Status.NOT_REPORTED
    delivery = delivery_by_id.get(action.delivery_theme_id) if action.delivery_theme_id else None
    return ActionRow(
        action_id=action.pk,
        ref=action.ref,
        kind=action.kind,
        title=action.title,
        text=action.text,
        strategy_theme=root_of[action.theme_id].name,
        theme=theme_by_id[action.theme_id].name,
        delivery_theme=delivery.name if delivery else None,
        delivery_theme_lead=delivery.lead_display if delivery else None,
        target=action.target,
        success_measure=action.success_measure,
        impact=Impact(action.impact) if action.impact else None,
        status=status,
        previous_status=previous_status,
        change=status_change(previous_status, status),
        progress=update.progress if update else "",
        reason=update.reason if update else "",
        mitigation=update.mitigation if update else "",
        note=update.note if update else "",
        reports_through=action.reports_through.ref if action.reports_through_id else None,
    )


def _counts(rows) -> dict[Status, int]:
    counts = dict.fromkeys(STATUSES_BEST_FIRST, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def _summary(rows: list[ActionRow]) -> StatusSummary:
    counts = _counts(rows)
    total = len(rows)
    return StatusSummary(
        total=total,
        counts=counts,
        percentages={status: whole_percent(n, total) for status, n in counts.items()},
    )


def _movements(rows: list[ActionRow]) -> list[Movement]:
    return [
        Movement(r.ref, r.title, r.previous_status, r.status, r.change)
        for r in rows
        if r.previous_status is not None and r.previous_status != r.status
    ]


def _at_risk_high_impact(rows: list[ActionRow]) -> list[ActionRow]:
    """Review or Action with High impact; an action reporting through another listed action is
    folded into that action's entry instead of being listed twice."""
    at_risk = [r for r in rows if r.is_at_risk and r.impact == Impact.HIGH]
    listed = {r.ref: r for r in at_risk}
    result: list[ActionRow] = []
    for row in at_risk:
        if row.reports_through and row.reports_through in listed:
            listed[row.reports_through].reported_by.append(row.ref)
        else:
            result.append(row)
    return result


def _tables(rows: list[ActionRow], roots: list[str]) -> list[ThemeTable]:
    by_root: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        by_root[row.strategy_theme].append(row)
    return [ThemeTable(root, by_root[root]) for root in roots if by_root.get(root)]


@dataclass(frozen=True)
class RowFilter:
    """What a reader narrowed the action tables to. Empty means everything."""

    theme: str = ""
    delivery_theme: str = ""
    statuses: frozenset[Status] = frozenset()
    impact: str = ""

    @property
    def active(self) -> bool:
        return bool(self.theme or self.delivery_theme or self.statuses or self.impact)

    def matches(self, row: ActionRow) -> bool:
        return (
            (not self.theme or row.strategy_theme == self.theme)
            and (not self.delivery_theme or row.delivery_theme == self.delivery_theme)
            and (not self.statuses or row.status in self.statuses)
            and (not self.impact or (row.impact is not None and row.impact.value == self.impact))
        )


def tables_filtered(tables: list[ThemeTable], row_filter: RowFilter) -> list[ThemeTable]:
    """The theme tables with only the rows the filter keeps; empty tables dropped."""
    kept = [ThemeTable(t.theme, [r for r in t.rows if row_filter.matches(r)]) for t in tables]
    return [t for t in kept if t.rows]


@dataclass(frozen=True)
class PlanOverview:
    """A plan on the home page: its latest period and how many priority actions are off track."""

    plan: Plan
    period: ReportingPeriod | None
    priority_total: int
    off_track: int  # Review or Action, the same rule as the dashboard's at-risk statuses


def plan_overviews(*, user) -> list[PlanOverview]:
    """Every plan with the latest period this user may read and its off-track count, in a fixed
    number of queries however many plans there are."""
    plans = list(Plan.objects.select_related("organisation").order_by("organisation__name", "name"))
    latest: dict[int, ReportingPeriod] = {}
    for period in ReportingPeriod.objects.select_related("plan").order_by("year", "quarter"):
        if user.has_perm("netzero.view_period", period):
            latest[period.plan_id] = period
    totals = dict(
        Action.objects.filter(kind=Action.Kind.PRIORITY)
        .values("plan_id")
        .annotate(n=Count("id"))
        .values_list("plan_id", "n")
    )
    off_track = dict(
        ActionUpdate.objects.filter(
            period_id__in=[p.pk for p in latest.values()],
            action__kind=Action.Kind.PRIORITY,
            status__in=[s.value for s in AT_RISK_STATUSES],
        )
        .values("period_id")
        .annotate(n=Count("id"))
        .values_list("period_id", "n")
    )
    overviews = []
    for plan in plans:
        period = latest.get(plan.pk)
        if period is not None and period.is_published and period.snapshot:
            # A published quarter's figures are the frozen ones, like its dashboard's.
            rows = [r for r in period.snapshot["rows"] if r["kind"] == Action.Kind.PRIORITY]
            total = len(rows)
            risky = sum(1 for r in rows if r["status"] in {s.value for s in AT_RISK_STATUSES})
        else:
            total = totals.get(plan.pk, 0)
            risky = off_track.get(period.pk, 0) if period else 0
        overviews.append(PlanOverview(plan, period, total, risky))
    return overviews
