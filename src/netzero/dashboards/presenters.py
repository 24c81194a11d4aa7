"""What the dashboard and action pages show, decided here so templates only print it.

Status words, tag classes and change wording come from ``netzero.reporting.presenters``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from netzero.core.narrative import narrative_plain_text, render_narrative
from netzero.core.permissions import Permission
from netzero.dashboards.links import off_track_url
from netzero.dashboards.search import ActionMatch
from netzero.dashboards.types import (
    ActionRow,
    Dashboard,
    NotCounted,
    PlanOverview,
    StatusSummary,
    ThemeTable,
)
from netzero.plans.models import Action
from netzero.reporting.lifecycle import is_overdue
from netzero.reporting.models import ActionStateChange, ActionUpdate, ReportingPeriod
from netzero.reporting.presenters import (
    OVERDUE_TAG,
    Tag,
    change_text,
    impact_label,
    state_change_text,
    status_tag,
)
from netzero.reporting.selectors import HistoryEntry
from netzero.reporting.status import STATUS_INFO, STATUSES_BEST_FIRST, Status

NO_LEAD_THEME = "No lead theme named"


@dataclass(frozen=True)
class ActionRowView:
    """A dashboard row as a page shows it. Its data fields (ref, title, progress, ...) are the
    row's own; the display ones are worked out here. ``plan_slug`` gives it its page's address."""

    row: ActionRow
    plan_slug: str = ""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in {"row", "plan_slug"}:
            raise AttributeError(name)
        return getattr(self.row, name)

    @property
    def status_tag(self) -> Tag:
        return status_tag(self.row.status)

    @property
    def status_tag_html(self) -> SafeString:
        return tag_html(status_tag(self.row.status))

    @property
    def overdue_tag(self) -> Tag | None:
        return OVERDUE_TAG if self.row.overdue else None

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
        """The action's words without markup (templates escape them once): kept with the action
        when it is saved (a row made some other way works them out)."""
        return self.row.text_plain or narrative_plain_text(self.row.text)

    @property
    def progress_html(self) -> SafeString:
        """The summary of progress as stored: sanitised when it was saved (``NarrativeField``;
        rows stored before were sanitised again by a migration), so not again on each read."""
        return mark_safe(self.row.progress)  # noqa: S308 - sanitised when saved

    @property
    def href(self) -> str:
        """The action's page."""
        return action_href(self.plan_slug, self.row.ref)

    @property
    def label(self) -> str:
        """How the action is named in lists: "Ref 5", or "LL15 Grid Capacity and Demand"."""
        row = self.row
        return f"{row.ref} {row.title}" if row.title else f"Ref {row.ref}"


@functools.lru_cache(maxsize=64)
def tag_html(tag: Tag) -> SafeString:
    """A tag as ``web/_tag.html`` draws it: drawn once per tag, not once per row."""
    return mark_safe(render_to_string("web/_tag.html", {"tag": tag}).strip())  # noqa: S308


# A ref made only of these (not starting with a dot) stands in an address as it is.
_PLAIN_REF = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


def action_href(plan_slug: str, ref: str) -> str:
    """The action page's address, as ``reverse`` gives it: the address around the ref is worked
    out once per plan, and a ref with anything to quote goes through ``reverse`` itself."""
    if not _PLAIN_REF.fullmatch(ref):
        return reverse("dashboards:action", args=[plan_slug, ref])
    before, after = _action_href_parts(plan_slug)
    return f"{before}{ref}{after}"


@functools.lru_cache(maxsize=256)
def _action_href_parts(plan_slug: str) -> tuple[str, str]:
    marker = "0REF0"
    before, after = reverse("dashboards:action", args=[plan_slug, marker]).split(marker)
    return before, after


def action_rows_html(rows: list[ActionRowView], *, long_list: bool) -> SafeString:
    """The ``<tr>`` of each row of an action table (``_action_table.html`` draws the table
    around them): one string per row in Python, since a table can hold thousands of rows and
    a template's includes, tags and lookups per cell cost more than the page's figures.
    Every value is escaped as a template escapes it; tags are ``web/_tag.html``'s own."""
    label = "Action" if long_list else "Priority action"
    # Cells that depend only on the status, its change or the impact: drawn once each.
    status_cells: dict[tuple, str] = {}
    impact_cells: dict[object, str] = {}
    out = []
    for view in rows:
        row = view.row
        ref = escape(row.ref)
        name = ref if long_list else f"Ref {ref}"
        overdue = f"<br>{tag_html(OVERDUE_TAG)}" if row.overdue else ""
        title = f"<strong>{escape(row.title)}</strong>: " if row.title else ""
        out.append(
            f'<tr class="govuk-table__row" data-ref="{ref}">'
            f'<th scope="row" class="govuk-table__header nzt-nowrap" data-label="Ref">'
            f'<a class="govuk-link" href="{escape(view.href)}">{name}</a>{overdue}</th>'
            f'<td class="govuk-table__cell" data-label="{label}">{title}'
            f"{escape(view.text_plain)}</td>"
        )
        if not long_list:
            out.append(
                f'<td class="govuk-table__cell" data-label="Lead theme">'
                f"{escape(row.delivery_theme or '')}</td>"
                f'<td class="govuk-table__cell" data-label="Target date for completion">'
                f"{escape(row.target)}</td>"
                f'<td class="govuk-table__cell nzt-measure-cell" data-label="Success measure">'
                f"{escape(row.success_measure)}</td>"
            )
        key = (row.status, row.change, row.previous_status)
        cell = status_cells.get(key)
        if cell is None:
            cell = status_cells[key] = (
                f'<td class="govuk-table__cell" data-label="Status (change since last period)">'
                f'{tag_html(status_tag(row.status))}<br><span class="govuk-body-s">'
                f"{escape(change_text(row.change, row.previous_status))}</span></td>"
            )
        out.append(cell)
        if not long_list:
            cell = impact_cells.get(row.impact)
            if cell is None:
                cell = impact_cells[row.impact] = (
                    f'<td class="govuk-table__cell" data-label="Impact if not achieved">'
                    f"{escape(impact_label(row.impact))}</td>"
                )
            out.append(cell)
        out.append(
            '<td class="govuk-table__cell nzt-progress-cell" data-label="Summary of progress">'
        )
        if row.progress or row.reason or row.mitigation or row.note or row.reports_through:
            out.append('<div class="nzt-narrative nzt-progress" data-progress>')
            if row.reason:
                out.append(f"<p><strong>Reason:</strong> {escape(row.reason)}</p>")
            out.append(row.progress)  # sanitised when saved: see ``progress_html``
            if row.mitigation:
                out.append(f"<p><strong>Mitigation:</strong> {escape(row.mitigation)}</p>")
            if row.reports_through:
                out.append(f"<p>Reports through Ref {escape(row.reports_through)}.</p>")
            if row.note:
                out.append(
                    f'<p class="nzt-data-gap"><strong>About this record:</strong> '
                    f"{escape(row.note)}</p>"
                )
            out.append("</div>")
        else:
            out.append('<span class="govuk-body-s">No narrative recorded</span>')
        out.append("</td></tr>\n")
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


def not_counted_text(item: NotCounted) -> str:
    """ "Ref 7 retired from 2022-23 Q4 (no longer funded)"."""
    return state_change_text(
        ref=item.ref,
        kind=item.kind,
        change=item.change,
        other_ref=item.other_ref,
        from_period=item.from_period,
        reason=item.reason,
    )


def not_counted_lines(items: list[NotCounted]) -> list[str]:
    return [not_counted_text(item) for item in items]


@dataclass(frozen=True)
class ThemeTableView:
    theme: str
    rows: list[ActionRowView]
    long_list: bool = False

    @property
    def rows_html(self) -> SafeString:
        return action_rows_html(self.rows, long_list=self.long_list)


def row_views(rows: list[ActionRow], *, plan_slug: str = "") -> list[ActionRowView]:
    return [ActionRowView(row, plan_slug) for row in rows]


def table_views(
    tables: list[ThemeTable], *, plan_slug: str = "", long_list: bool = False
) -> list[ThemeTableView]:
    return [
        ThemeTableView(t.theme, row_views(t.rows, plan_slug=plan_slug), long_list) for t in tables
    ]


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
    overdue_tag: Tag | None = None  # as of the plan's latest period the reader can see
    overdue_period: ReportingPeriod | None = None
    state_changes: list[str] | None = None  # "Ref 7 retired from 2022-23 Q4 (reason)", oldest first


def _as_of(changes: list[ActionStateChange], period: ReportingPeriod) -> list[ActionStateChange]:
    return [
        c for c in changes if (c.period.year, c.period.quarter) <= (period.year, period.quarter)
    ]


def action_page(
    *,
    action: Action,
    reported_by: list[Action],
    history: list[HistoryEntry],
    state_changes: list[ActionStateChange] | None = None,
) -> ActionPage:
    """``history`` holds the periods this reader may see; the latest of them decides the
    overdue tag. ``state_changes`` are the action's completions and retirements, oldest first."""
    latest = history[-1].period if history else None
    # Only changes that hold in a period this reader may see.
    changes = _as_of(state_changes or [], latest) if latest is not None else []
    overdue = False
    if latest is not None:
        kind = changes[-1].kind if changes else None
        completed = kind == ActionStateChange.Kind.COMPLETED
        # Retired, merged or superseded: it has left the plan's counts, so it is not overdue.
        left = kind is not None and not completed
        overdue = not left and is_overdue(action.target, latest.end, completed)
    return ActionPage(
        text=render_narrative(action.text),
        impact=impact_label(action.impact),
        reported_by=reported_by,
        history=history_rows(history),
        overdue_tag=OVERDUE_TAG if overdue else None,
        overdue_period=latest if overdue else None,
        state_changes=[
            state_change_text(
                ref=action.ref,
                kind=action.kind,
                change=c.kind,
                other_ref=c.other.ref if c.other_id else None,
                from_period=c.period.name,
                reason=c.reason,
            )
            for c in changes
        ],
    )


@dataclass(frozen=True)
class PlanEntry:
    """A plan on the home page, with the one-click link to its latest period's off-track actions
    ("" when it has no period this reader may see)."""

    overview: PlanOverview
    off_track_url: str
    # Before any quarter: where its managers open the first one ("" for everyone else, who read
    # "No quarter published yet").
    first_quarter_url: str = ""

    @property
    def off_track_text(self) -> str:
        o = self.overview
        return (
            f"{o.off_track} of {o.priority_total} priority actions rated Review or Action "
            f"in {o.period.name}"
            if o.period
            else ""
        )

    @property
    def unpublished_note(self) -> str:
        """Said beside an open quarter shown to its members, so that no one quotes its figures
        as the published ones ("" for a published quarter)."""
        o = self.overview
        if o.period is None or o.period.is_published:
            return ""
        return "Not yet published: its figures may change until the quarter is published."

    @property
    def not_reported_text(self) -> str:
        """Said beside the off-track figure, which counts only the actions that reported."""
        o = self.overview
        if o.period is None:
            return ""
        if not o.not_reported:
            return f"None: all {o.priority_total} priority actions reported in {o.period.name}"
        if o.not_reported == o.priority_total:
            return (
                f"None of the {o.priority_total} priority actions has a reported status in "
                f"{o.period.name} yet"
            )
        return (
            f"{o.not_reported} of {o.priority_total} priority actions have no reported status "
            f"in {o.period.name}, so the off-track figure covers only the "
            f"{o.priority_total - o.not_reported} that reported"
        )


def _first_quarter_url(overview: PlanOverview, user) -> str:
    if overview.period is not None or user is None:
        return ""
    if not user.has_perm(Permission.MANAGE_PERIODS, overview.plan):
        return ""
    return reverse("workflow:period_new", kwargs={"plan_slug": overview.plan.slug})


def plan_entries(overviews: list[PlanOverview], *, user=None) -> list[PlanEntry]:
    """The home page's plans; for a plan with no quarter yet, its managers (``user``) are
    offered the first."""
    return [
        PlanEntry(
            overview,
            off_track_url(plan_slug=overview.plan.slug, period_slug=overview.period.slug)
            if overview.period
            else "",
            first_quarter_url=reverse(
                "workflow:period_new", kwargs={"plan_slug": overview.plan.slug}
            )
            if overview.period is None
            and user is not None
            and user.has_perm(Permission.MANAGE_PERIODS, overview.plan)
            else "",
        )
        for overview in overviews
    ]


# Search across a plan's actions ------------------------------------------------------------

SEARCH_TITLE_CHARS = 160


@dataclass(frozen=True)
class SearchResultView:
    """An action found by a search, as the results list shows it."""

    ref: str
    name: str  # "Ref 16", or "LL1" for a long-list action, as the dashboard names them
    title: str  # its title, or its words shortened when it has none
    strategy_theme: str
    delivery_theme: str  # "Planning (lead: TBC)", or NO_LEAD_THEME for an action without one
    status_tag: Tag | None  # in ``SearchResults.period``
    status_note: str  # said instead of a tag: the action is not on that quarter's dashboard


@dataclass(frozen=True)
class SearchResults:
    query: str  # as typed (tidied), shown again in the box
    searched: bool  # something was typed
    heading: str
    period: ReportingPeriod | None  # the quarter the statuses are from
    status_heading: str
    rows: list[SearchResultView]


def _action_title(title: str, text: str) -> str:
    if title:
        return title
    words = narrative_plain_text(text).replace("\n", " ")
    if len(words) <= SEARCH_TITLE_CHARS:
        return words
    return words[: SEARCH_TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def search_results(
    *, query: str, matches: list[ActionMatch], dashboard: Dashboard | None
) -> SearchResults:
    """``dashboard`` is the latest quarter the reader may see (None: no quarter yet): each
    action's status is its row there, as that quarter's dashboard shows it."""
    rows_by_action = {row.action_id: row for row in dashboard.rows} if dashboard else {}
    period = dashboard.period if dashboard else None
    views = []
    for match in matches:
        row = rows_by_action.get(match.action_id)
        if row is not None:
            note = ""
        elif period is None:
            note = "No quarter published yet"
        else:
            note = f"Not on the {period.name} dashboard"
        views.append(
            SearchResultView(
                ref=match.ref,
                name=match.ref if match.kind == Action.Kind.LONG_LIST else f"Ref {match.ref}",
                title=_action_title(match.title, match.text),
                strategy_theme=match.strategy_theme,
                delivery_theme=(
                    f"{match.delivery_theme} (lead: {match.delivery_theme_lead})"
                    if match.delivery_theme
                    else NO_LEAD_THEME
                ),
                status_tag=status_tag(row.status) if row is not None else None,
                status_note=note,
            )
        )
    n = len(views)
    if not query:
        heading = "Search actions"
    elif n:
        heading = f"{n} {'action matches' if n == 1 else 'actions match'} “{query}”"
    else:
        heading = f"No actions match “{query}”"
    return SearchResults(
        query=query,
        searched=bool(query),
        heading=heading,
        period=period,
        status_heading=f"Status in {period.name}" if period else "Status",
        rows=views,
    )


# The status trend by quarter ---------------------------------------------------------------


@dataclass(frozen=True)
class TrendRow:
    period: ReportingPeriod
    label: str  # "2022-23 Q3", "2022-23 Q4 (open: may change)"
    counts: list[int]  # in ``TrendTable.statuses`` order
    total: int

    @property
    def chart_label(self) -> str:
        """Short, for the chart's axis: "2022-23 Q4 (open)"."""
        name = self.period.name
        return name if self.period.is_published else f"{name} (open)"


@dataclass(frozen=True)
class TrendTable:
    statuses: list[Status]  # the columns, best first, Not reported last
    rows: list[TrendRow]  # oldest first

    @property
    def has_open(self) -> bool:
        return any(not row.period.is_published for row in self.rows)


def trend_period_label(period: ReportingPeriod) -> str:
    return period.name if period.is_published else f"{period.name} (open: may change)"


def trend_table(trend: list[tuple[ReportingPeriod, StatusSummary]]) -> TrendTable:
    statuses = list(STATUSES_BEST_FIRST)
    return TrendTable(
        statuses=statuses,
        rows=[
            TrendRow(
                period=period,
                label=trend_period_label(period),
                counts=[summary.counts[s] for s in statuses],
                total=summary.total,
            )
            for period, summary in trend
        ],
    )
