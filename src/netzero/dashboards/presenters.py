"""What the dashboard and action pages show, decided here so templates only print it.

Status words, tag classes and change wording come from ``netzero.reporting.presenters``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from netzero.core.narrative import narrative_plain_text, render_narrative
from netzero.dashboards.links import off_track_url
from netzero.dashboards.types import ActionRow, Dashboard, PlanOverview, ThemeTable
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.presenters import Tag, change_text, impact_label, status_tag
from netzero.reporting.selectors import HistoryEntry
from netzero.reporting.status import STATUS_INFO, STATUSES_BEST_FIRST, Status


@dataclass(frozen=True)
class ActionRowView:
    """A dashboard row as a page shows it. Its data fields (ref, title, progress, ...) are the
    row's own; the display ones are worked out here."""

    row: ActionRow

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)

    @property
    def status_tag(self) -> Tag:
        return status_tag(self.row.status)

    @property
    def previous_status_tag(self) -> Tag | None:
        previous = self.row.previous_status
        return status_tag(previous) if previous else None

    @property
    def change_text(self) -> str:
        return change_text(self.row.change, self.row.previous_status)

    @property
    def impact_text(self) -> str:
        return impact_label(self.row.impact)

    @property
    def text_plain(self) -> str:
        """The action's words without markup (templates escape them once)."""
        return narrative_plain_text(self.row.text)

    @property
    def progress_html(self) -> SafeString:
        return render_narrative(self.row.progress)

    @property
    def label(self) -> str:
        """How the action is named in lists: "Ref 5", or "LL15 Grid Capacity and Demand"."""
        row = self.row
        return f"{row.ref} {row.title}" if row.title else f"Ref {row.ref}"


@dataclass(frozen=True)
class ThemeTableView:
    theme: str
    rows: list[ActionRowView]


def row_views(rows: list[ActionRow]) -> list[ActionRowView]:
    return [ActionRowView(row) for row in rows]


def table_views(tables: list[ThemeTable]) -> list[ThemeTableView]:
    return [ThemeTableView(t.theme, row_views(t.rows)) for t in tables]


@dataclass(frozen=True)
class Overview:
    """The overview tables: priority actions by strategy theme and by delivery theme."""

    statuses: list[Status]  # the columns; Not reported only when some action has it
    strategy_rows: list[tuple[str, list[int]]]  # (theme, counts)
    delivery_rows: list[tuple[str, str | None, list[int]]]  # (theme, lead, counts)
    total_counts: list[int]


def overview(dashboard: Dashboard) -> Overview:
    show_not_reported = dashboard.priority.counts[Status.NOT_REPORTED] > 0
    statuses = [s for s in STATUSES_BEST_FIRST if show_not_reported or STATUS_INFO[s].reported]
    return Overview(
        statuses=statuses,
        strategy_rows=[
            (t.theme, [t.counts[s] for s in statuses]) for t in dashboard.by_strategy_theme
        ],
        delivery_rows=[
            (t.theme, t.lead, [t.counts[s] for s in statuses]) for t in dashboard.by_delivery_theme
        ],
        total_counts=[dashboard.priority.counts[s] for s in statuses],
    )


def status_key() -> list[tuple[Tag, str]]:
    """What the statuses mean: each status's tag and definition, best first."""
    return [(status_tag(s), STATUS_INFO[s].definition) for s in STATUSES_BEST_FIRST]


@dataclass(frozen=True)
class HistoryRow:
    """One period in an action's status history."""

    period: ReportingPeriod
    tag: Tag
    change: str
    update: ActionUpdate | None
    progress: SafeString | str


def history_rows(entries: list[HistoryEntry]) -> list[HistoryRow]:
    """The action's history for its page, newest first."""
    return [
        HistoryRow(
            period=entry.period,
            tag=status_tag(entry.status),
            change=change_text(entry.change, entry.previous_status),
            update=entry.update,
            progress=render_narrative(entry.update.progress) if entry.update else "",
        )
        for entry in reversed(entries)
    ]


@dataclass(frozen=True)
class ActionPage:
    """What the action page shows besides the action's own fields."""

    text: SafeString
    impact: str
    reported_by: list[Action]
    history: list[HistoryRow]


def action_page(
    *, action: Action, reported_by: list[Action], history: list[HistoryEntry]
) -> ActionPage:
    return ActionPage(
        text=render_narrative(action.text),
        impact=impact_label(action.impact),
        reported_by=reported_by,
        history=history_rows(history),
    )


@dataclass(frozen=True)
class PlanEntry:
    """A plan on the home page, with the one-click link to its latest period's off-track actions
    ("" when it has no period this reader may see)."""

    overview: PlanOverview
    off_track_url: str


def plan_entries(overviews: list[PlanOverview]) -> list[PlanEntry]:
    return [
        PlanEntry(
            overview,
            off_track_url(plan_slug=overview.plan.slug, period_slug=overview.period.slug)
            if overview.period
            else "",
        )
        for overview in overviews
    ]
