"""The committee report as blocks: the paper's header, its sections, the implications and the
dashboard appendix, in the seed paper's order and words.

Every figure comes from ``dashboard_for_period`` (a published period's frozen snapshot) and the
dashboard's own presenters and summary, so the report says what the page says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.utils.formats import date_format

from netzero.core.narrative import narrative_plain_text
from netzero.dashboards.presenters import ActionRowView, not_counted_lines, overview, row_views
from netzero.dashboards.summary import (
    at_risk_by_theme,
    at_risk_intro,
    long_list_paragraphs,
    priority_paragraphs,
)
from netzero.dashboards.types import Dashboard, ThemeTable
from netzero.reporting.status import STATUS_INFO, STATUSES_BEST_FIRST
from netzero.reports.document import Block, Cell, Document, Heading, PageBreak, Paragraph, Table
from netzero.reports.models import IMPLICATIONS, SECTIONS, ReportDetails

DEFAULT_LICENCE = "Open Government Licence v3.0"
_BULLET = re.compile(r"^\s*[-•*]\s+")
EN_DASH = "\N{EN DASH}"

# Optional appendices (footprint, indicators) add their blocks after the dashboard's.
Appendix = tuple[str, Callable[[], list[Block]]]  # (title, blocks)


def narrative_blocks(text: str, *, section: int | None) -> list[Paragraph]:
    """Typed text as paragraphs: blank lines part paragraphs, "- " lines are bullet points;
    with ``section`` each paragraph is numbered ``section.n`` as the paper numbers them."""
    out: list[Paragraph] = []
    n = 0
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        # Consecutive prose lines make one paragraph; each bullet line is its own item.
        pieces: list[tuple[bool, list[str]]] = []
        for line in (line.strip() for line in chunk.split("\n")):
            if not line:
                continue
            if _BULLET.match(line):
                pieces.append((True, [_BULLET.sub("", line)]))
            elif pieces and not pieces[-1][0]:
                pieces[-1][1].append(line)
            else:
                pieces.append((False, [line]))
        for bullet, lines in pieces:
            if bullet:
                out.append(Paragraph(lines[0], bullet=True))
            else:
                n += 1
                number = f"{section}.{n}" if section is not None else ""
                out.append(Paragraph(" ".join(lines), number=number))
    return out


def _status_cell(view: ActionRowView) -> Cell:
    lines = [view.status_tag.text, view.change_text]
    if view.overdue_tag:
        lines.append(view.overdue_tag.text)
    return Cell("\n".join(lines), status=view.row.status.value)


def progress_text(view: ActionRowView) -> str:
    """The progress column in full: reason, progress, mitigation, what it reports through."""
    row = view.row
    parts = []
    if row.reason:
        parts.append(f"Reason: {row.reason}")
    if row.progress:
        parts.append(narrative_plain_text(row.progress))
    if row.mitigation:
        parts.append(f"Mitigation: {row.mitigation}")
    if row.reports_through:
        parts.append(f"Reports through Ref {row.reports_through}.")
    if row.note:
        parts.append(f"About this record: {row.note}")
    return "\n".join(parts) or "No narrative recorded"


def _action_title(view: ActionRowView) -> str:
    return f"{view.row.title}: {view.text_plain}" if view.row.title else view.text_plain


PRIORITY_HEADERS = [
    "Ref",
    "Priority action",
    "Lead theme",
    "Target",
    "Success measure",
    "Status (change since last period)",
    "Impact if not achieved",
    "Progress",
]
PRIORITY_WIDTHS = [5, 19, 9, 7, 13, 10, 9, 28]
LONG_LIST_HEADERS = ["Ref", "Action", "Status (change since last period)", "Progress"]
LONG_LIST_WIDTHS = [6, 34, 14, 46]


def action_table(table: ThemeTable, *, long_list: bool) -> Table:
    rows = []
    for view in row_views(table.rows):
        r = view.row
        if long_list:
            rows.append(
                [
                    Cell(r.ref, header=True),
                    Cell(_action_title(view)),
                    _status_cell(view),
                    Cell(progress_text(view)),
                ]
            )
        else:
            rows.append(
                [
                    Cell(f"Ref {r.ref}", header=True),
                    Cell(_action_title(view)),
                    Cell(r.delivery_theme or ""),
                    Cell(r.target),
                    Cell(r.success_measure),
                    _status_cell(view),
                    Cell(view.impact_text),
                    Cell(progress_text(view)),
                ]
            )
    return Table(
        caption=table.theme,
        headers=LONG_LIST_HEADERS if long_list else PRIORITY_HEADERS,
        rows=rows,
        widths=LONG_LIST_WIDTHS if long_list else PRIORITY_WIDTHS,
        key="long-list" if long_list else "priority",
    )


def _count_widths(first: int, columns: int) -> list[int]:
    """``first`` percent for the name column, the rest shared by the count columns (the last
    takes what rounding leaves, so the widths sum to 100)."""
    share = (100 - first) // columns
    return [first, *[share] * (columns - 1), 100 - first - share * (columns - 1)]


def overview_tables(dashboard: Dashboard) -> list[Table]:
    o = overview(dashboard)
    labels = [s.label for s in o.statuses]
    total = [Cell(str(n), numeric=True, strong=True) for n in o.total_counts]
    strategy = Table(
        caption="Priority actions by strategy theme",
        headers=["Strategy theme", *labels],
        rows=[
            [Cell(theme, header=True), *(Cell(str(n), numeric=True) for n in counts)]
            for theme, counts in o.strategy_rows
        ]
        + [[Cell("Total", header=True, strong=True), *total]],
        widths=_count_widths(40, len(labels)),
        key="strategy",
    )
    delivery = Table(
        caption="Priority actions by delivery theme",
        headers=["Delivery theme", "Theme lead", *labels],
        rows=[
            [Cell(theme, header=True), Cell(lead or ""), *(Cell(str(n), numeric=True) for n in c)]
            for theme, lead, c in o.delivery_rows
        ]
        + [[Cell("Total", header=True, strong=True), Cell(""), *total]],
        widths=[30, *_count_widths(20, len(labels))],
        key="delivery",
    )
    return [strategy, delivery]


def dashboard_blocks(dashboard: Dashboard, *, title: str) -> list[Block]:
    """Appendix: the Climate Change Programme Dashboard, as the page shows it."""
    out: list[Block] = [PageBreak(landscape=True), Heading(title, 1)]
    if dashboard.notes:
        out += [Heading("About this period's data", 2), Paragraph(dashboard.notes)]
    out.append(Heading("Overview", 2))
    out += overview_tables(dashboard)
    out.append(
        Table(
            caption="What the statuses mean",
            headers=["Status", "Meaning"],
            rows=[
                [Cell(s.label, status=s.value), Cell(STATUS_INFO[s].definition)]
                for s in STATUSES_BEST_FIRST
            ],
            widths=[20, 80],
            key="status-key",
        )
    )
    out.append(Heading("Summary", 2))
    out += [Paragraph(p.text) for p in priority_paragraphs(dashboard)]
    out.append(Paragraph(at_risk_intro(dashboard).text))
    for theme, rows in at_risk_by_theme(dashboard):
        out.append(Heading(theme, 3))
        for view in row_views(rows):
            r = view.row
            words = f"(Ref {r.ref}) {view.text_plain} [{view.status_tag.text}]"
            if r.reported_by:
                refs = ", ".join(f"Ref {ref}" for ref in r.reported_by)
                words += f" Also covers {refs}, which reports through this action."
            if r.mitigation:
                words += f" Mitigation: {r.mitigation}"
            out.append(Paragraph(words, bullet=True))
    out.append(Heading("Priority actions", 2))
    if not dashboard.priority_tables:
        out.append(Paragraph("No priority actions."))
    out += [action_table(t, long_list=False) for t in dashboard.priority_tables]
    out += _not_counted(not_counted_lines(dashboard.priority_not_counted))
    if dashboard.long_list.total or dashboard.long_list_not_counted:
        out.append(Heading("Long-list actions", 2))
        for note in dashboard.long_list_notes:
            out.append(Paragraph(f"“{note.text}”", role="quote"))
            if note.source:
                out.append(Paragraph(note.source, role="source"))
        out += [Paragraph(p.text) for p in long_list_paragraphs(dashboard)]
        for view in row_views(dashboard.long_list_action_items):
            out.append(Heading(f"{view.row.ref} {EN_DASH} {view.row.title}", 3))
            out.append(Paragraph(f"Status: {view.status_tag.text}"))
            out += narrative_blocks(narrative_plain_text(view.row.progress), section=None)
        out += [action_table(t, long_list=True) for t in dashboard.long_list_tables]
        out += _not_counted(not_counted_lines(dashboard.long_list_not_counted))
    return out


def _not_counted(lines: list[str]) -> list[Block]:
    if not lines:
        return []
    return [Paragraph("Not counted from this period:", bold=True)] + [
        Paragraph(line, bullet=True) for line in lines
    ]


def dashboard_title(dashboard: Dashboard) -> str:
    return f"Climate Change Programme Dashboard {dashboard.period.name}"


def _header(details: ReportDetails, dashboard: Dashboard) -> list[Block]:
    out: list[Block] = []
    if details.marking:
        out.append(Paragraph(details.marking.upper(), role="marking"))
    out.append(Paragraph(dashboard.organisation_name.upper(), role="organisation"))
    period = dashboard.period
    if period.presented_to:
        out.append(Paragraph(period.presented_to.upper(), role="committee"))
    if period.presented_on:
        out.append(Paragraph(date_format(period.presented_on, "l, j F Y").upper(), role="meeting"))
    if details.report_of:
        out.append(Paragraph(f"Report of the {details.report_of}", role="report-of"))
    return out


def _renumbered(paragraph: Paragraph, section: int) -> Paragraph:
    """``paragraph`` numbered within ``section`` ("0.2" becomes "5.2"); unnumbered ones kept."""
    if not paragraph.number:
        return paragraph
    return replace(paragraph, number=f"{section}.{paragraph.number.split('.', 1)[1]}")


def _appendix_label(n: int) -> Paragraph:
    """ "Appendix 2", printed above the appendix's own title (a label, not a heading)."""
    return Paragraph(f"Appendix {n}", role="appendix")


def report_title(details: ReportDetails, dashboard: Dashboard) -> str:
    return details.title or f"Climate Change Performance Reporting - {dashboard.period.name}"


def committee_report(
    *,
    dashboard: Dashboard,
    details: ReportDetails,
    licence: str,
    appendices: Iterable[Appendix] = (),
) -> Document:
    """The committee paper for the dashboard's period, with ``details``'s words around it.

    Sections left empty are left out and the rest renumbered; the implications and appendices
    sections are the report's own, naming its appendices."""
    period = dashboard.period
    published = period.is_published
    title = report_title(details, dashboard)
    extra = list(appendices)
    appendix_titles = ["Implications", dashboard_title(dashboard)] + [t for t, _ in extra]
    blocks: list[Block] = _header(details, dashboard)
    blocks.append(Heading(title, 1))
    if not published:
        blocks.append(
            Paragraph(
                f"Draft: {period.name} is not published. Its figures include updates not yet "
                "approved and may change.",
                role="notice",
            )
        )
    number = 0

    def section(heading: str, paragraphs: list[Paragraph]) -> None:
        nonlocal number
        number += 1
        blocks.append(Heading(f"{number}. {heading}", 2))
        # Renumber to this section's place in the paper.
        blocks.extend(_renumbered(p, number) for p in paragraphs)

    for name, heading in SECTIONS:
        text = getattr(details, name)
        if name == "background_papers":
            section(
                "Implications",
                narrative_blocks(
                    "Appendix 1 sets out the relevant implications considered in the "
                    "preparation of the report.",
                    section=0,
                ),
            )
        if text.strip():
            numbered = name != "recommendation"
            section(heading, narrative_blocks(text, section=0 if numbered else None))
        if name == "background_papers":
            section(
                "Appendices",
                narrative_blocks(
                    "\n\n".join(
                        f"Appendix {n} {EN_DASH} {t}." for n, t in enumerate(appendix_titles, 1)
                    ),
                    section=0,
                ),
            )
    if details.author or details.contact:
        words = []
        if details.author:
            words.append(f"Report Author: {details.author}")
        if details.contact:
            words.append(f"Contact details: {details.contact}")
        blocks.append(Paragraph(" ".join(words), role="author"))

    # Each implication keeps its place in the paper's list (Legal is always 2.x), written or not.
    implications = [(n, h, getattr(details, name)) for n, (name, h) in enumerate(IMPLICATIONS, 1)]
    blocks += [PageBreak(), _appendix_label(1), Heading("Implications", 1)]
    written = [(n, h, text) for n, h, text in implications if text.strip()]
    if not written:
        blocks.append(Paragraph("No implications have been recorded for this report."))
    for n, heading, text in written:
        blocks.append(Heading(heading, 2))
        blocks += [_renumbered(p, n) for p in narrative_blocks(text, section=0)]

    dashboard_part = dashboard_blocks(dashboard, title=dashboard_title(dashboard))
    blocks += [dashboard_part[0], _appendix_label(2), *dashboard_part[1:]]
    for n, (heading, build) in enumerate(extra, start=3):
        blocks += [PageBreak(), _appendix_label(n), Heading(heading, 1), *build()]
    if published and licence:
        blocks.append(
            Paragraph(
                f"Published by {dashboard.organisation_name} under the {licence}.",
                role="licence",
            )
        )
    return Document(
        title=title,
        organisation=dashboard.organisation_name,
        period=period.name,
        author=details.author,
        published=published,
        licence=licence if published else "",
        blocks=blocks,
    )
