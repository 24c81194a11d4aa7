"""A plan as an XLSX workbook in the one layout (``layout.py``), and the blank template."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from netzero.core.narrative import narrative_to_markdown
from netzero.plans.models import Action, Delivery, Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.status import Status
from netzero.spreadsheets import layout
from netzero.spreadsheets.selectors import PlanContents, plan_contents

# Text a spreadsheet would read as a formula (as the dashboard's downloads neutralise it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60
_BOLD = Font(bold=True)
_WRAPPED = Alignment(vertical="top", wrap_text=True)


def _cell_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value or None
    return value


def _append(ws: Worksheet, values: Sequence[Any], *, bold: bool = False) -> None:
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=_cell_value(value))
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"  # openpyxl took a leading "=" for a formula: kept as text
            cell.quotePrefix = True
        if bold:
            cell.font = _BOLD


def _fit(ws: Worksheet) -> None:
    for index, column in enumerate(ws.iter_cols(), start=1):
        longest = max(
            (len(line) for c in column if c.value is not None for line in str(c.value).split("\n")),
            default=0,
        )
        ws.column_dimensions[get_column_letter(index)].width = max(min(longest + 2, 60), 8)
        if longest + 2 > MAX_COLUMN_WIDTH:
            for cell in column[1:]:
                cell.alignment = _WRAPPED


def _organisation_line(delivery: Delivery) -> str:
    name = delivery.organisation.name
    return f"{name} | {delivery.note}" if delivery.note else name


def _category_path(category) -> str:
    path = f"{category.parent.name} / {category.name}" if category.parent_id else category.name
    return f"{category.scheme.name}: {path}"


def _rows(contents: PlanContents) -> dict[str, list[list[Any]]]:
    rows: dict[str, list[list[Any]]] = {sheet.name: [] for sheet in layout.SHEETS}
    for theme in contents.themes:
        rows[layout.THEMES].append(
            [
                theme.name,
                theme.parent.name if theme.parent_id else "",
                theme.description,
                theme.vision,
                theme.benefits,
                theme.risks,
                theme.position,
            ]
        )
    for dt in contents.delivery_themes:
        rows[layout.DELIVERY_THEMES].append([dt.name, dt.lead_name, dt.position])
    for action in contents.actions:
        deliveries = contents.deliveries.get(action.pk, [])
        lead = [d for d in deliveries if d.role == Delivery.Role.LEAD]
        partners = [d for d in deliveries if d.role != Delivery.Role.LEAD]
        rows[layout.ACTIONS].append(
            [
                action.ref,
                Action.Kind(action.kind).label,
                action.title,
                narrative_to_markdown(action.text),
                action.theme.name,
                action.delivery_theme.name if action.delivery_theme_id else "",
                action.target,
                action.role,
                action.success_measure,
                action.get_impact_display() if action.impact else "",
                action.reports_through.ref if action.reports_through_id else "",
                _organisation_line(lead[0]) if lead else "",
                "\n".join(_organisation_line(d) for d in partners),
                "\n".join(_category_path(c) for c in contents.classified.get(action.pk, [])),
            ]
        )
    first_of_scheme: set[int] = set()
    for category in contents.categories:
        scheme = category.scheme
        first = scheme.pk not in first_of_scheme
        first_of_scheme.add(scheme.pk)
        count, source = contents.reported_counts.get(category.pk, (None, ""))
        rows[layout.CLASSIFICATIONS].append(
            [
                scheme.name,
                category.name,
                category.parent.name if category.parent_id else "",
                scheme.top_level_name if first else "",
                scheme.second_level_name if first else "",
                scheme.description if first else "",
                scheme.source if first else "",
                count,
                source,
            ]
        )
    for period in contents.periods:
        rows[layout.PERIODS].append(
            [
                period.name,
                "Published" if period.is_published else "Open",
                period.notes,
                period.presented_to,
                period.presented_on.strftime("%d/%m/%Y") if period.presented_on else "",
            ]
        )
    for update in contents.updates:
        rows[layout.UPDATES].append(
            [
                update.period.name,
                update.action.ref,
                Status(update.status).label,
                narrative_to_markdown(update.progress),
                update.reason,
                update.mitigation,
                update.note,
                update.get_state_display(),
                update.version,
            ]
        )
    for note in contents.notes:
        rows[layout.PLAN_NOTES].append(
            [note.get_section_display(), note.from_period.name, note.text, note.source]
        )
    for change in contents.changes:
        rows[layout.ACTION_CHANGES].append(
            [
                change.action.ref,
                change.period.name,
                change.get_kind_display(),
                change.other.ref if change.other_id else "",
                change.reason,
            ]
        )
    return rows


def _workbook(plan: Plan | None, rows: dict[str, list[list[Any]]]) -> bytes:
    workbook = Workbook()
    about = workbook.active
    about.title = layout.ABOUT
    _append(about, [layout.ABOUT_PLAN, plan.name if plan else ""], bold=False)
    _append(about, [layout.ABOUT_ADDRESS, plan.slug if plan else ""])
    _append(about, [layout.ABOUT_ORGANISATION, plan.organisation.name if plan else ""])
    _append(about, [layout.ABOUT_VERSION, layout.LAYOUT_VERSION])
    _append(about, [layout.ABOUT_DESCRIPTION, plan.description if plan else ""])
    downloaded = timezone.localtime().isoformat(timespec="microseconds") if plan else ""
    _append(about, [layout.ABOUT_DOWNLOADED, downloaded])
    _append(about, [])
    _append(about, ["Sheet and column", "What it holds"], bold=True)
    for label, text in layout.about_lines():
        _append(about, [label, text])
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 100
    for sheet in layout.SHEETS:
        ws = workbook.create_sheet(sheet.name)
        _append(ws, sheet.headers, bold=True)
        for row in rows.get(sheet.name, []):
            _append(ws, row)
        ws.freeze_panes = "A2"
        _fit(ws)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_workbook(*, plan: Plan, periods: Sequence[ReportingPeriod] | None = None) -> bytes:
    """``plan`` in the layout: its themes, delivery themes, actions, classifications, and the
    periods ``periods`` (None: all) with their updates, notes and action changes."""
    return _workbook(plan, _rows(plan_contents(plan=plan, periods=periods)))


def plan_template() -> bytes:
    """The layout with no rows: headers only, and the About sheet's explanations."""
    return _workbook(None, {})


def plan_filename(plan: Plan) -> str:
    return f"{slugify(plan.slug)[:100] or 'plan'}-plan.xlsx"
