"""What a dashboard is made of: plain data, no queries and no display.

``dashboards.selectors`` fills these from the records, ``dashboards.calculation`` works the
figures out from a ``DashboardBasis``, ``dashboards.snapshot`` stores and reads a basis, and
``dashboards.presenters`` decides how a row looks on a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netzero.plans.impact import Impact
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.status import AT_RISK_STATUSES, Change, Status


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
    # Worked out when the dashboard is read, never stored in a published snapshot:
    overdue: bool = False  # its timescale ended before the period did and it is not completed
    completed: bool = False  # recorded as completed as of the period
    # The words of ``text`` without markup (``narrative_plain_text``): kept with the action when it
    # is saved, worked out from ``text`` when a published snapshot is read; never stored in it.
    # Not compared: it follows ``text``, which is.
    text_plain: str = field(default="", compare=False)

    @property
    def is_at_risk(self) -> bool:
        return self.status in AT_RISK_STATUSES


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


@dataclass(frozen=True)
class NotCounted:
    """An action retired, merged or superseded as of the period: left out of its counts."""

    action_id: int
    ref: str
    kind: str  # Action.Kind
    title: str
    change: str  # ActionStateChange.Kind
    other_ref: str | None
    from_period: str  # its name
    reason: str


@dataclass(frozen=True)
class SectionNote:
    """A plan note shown on one part of the dashboard (the long-list summary)."""

    section: str
    text: str
    source: str


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
    not_counted: list[NotCounted] = field(default_factory=list)
    notes_by_section: dict[str, list[SectionNote]] = field(default_factory=dict)

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
    def priority_not_counted(self) -> list[NotCounted]:
        return [n for n in self.not_counted if n.kind == Action.Kind.PRIORITY]

    @property
    def long_list_not_counted(self) -> list[NotCounted]:
        return [n for n in self.not_counted if n.kind == Action.Kind.LONG_LIST]

    @property
    def long_list_notes(self) -> list[SectionNote]:
        return self.notes_by_section.get("long_list", [])

    @property
    def not_reported_rows(self) -> list[ActionRow]:
        return [r for r in self.rows if r.status == Status.NOT_REPORTED]


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


@dataclass(frozen=True)
class PlanOverview:
    """A plan on the home page: its latest period and how many priority actions are off track."""

    plan: Plan
    period: ReportingPeriod | None
    priority_total: int
    off_track: int  # Review or Action, the same rule as the dashboard's at-risk statuses
    not_reported: int = 0  # no update in the period: beside off_track, so a low count reads right
