"""The dashboard's data as files: JSON, CSV and an Excel workbook, all from one ``Dashboard``.

Every figure and word comes from ``dashboards.formats.dashboard_as_dict`` (the command line's
JSON), so the downloads cannot disagree with ``netzero dashboard --format json`` or with each
other. A published period's dashboard is its frozen snapshot, so its files never change.

Spreadsheets run formulas: a cell beginning ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return) could be read as one (OWASP's "CSV injection"). The CSV prefixes such text with an
apostrophe; the workbook stores it as text with Excel's own apostrophe (the cell's quote prefix),
so its value is the text exactly and never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from netzero.dashboards.formats import dashboard_as_dict, dashboard_as_json
from netzero.dashboards.types import Dashboard
from netzero.plans.models import Action
from netzero.reporting.status import STATUSES_BEST_FIRST

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60  # characters; longer text wraps
MIN_COLUMN_WIDTH = 6
_BOLD = Font(bold=True)
_TOP = Alignment(vertical="top")
_WRAPPED = Alignment(vertical="top", wrap_text=True)
MAX_FILENAME_STEM = 150

# The action sheets' columns: a key of ``dashboard_as_dict``'s "actions" entries and its heading.
# "kind" is left out: the sheet it is on says which kind an action is.
ACTION_COLUMNS: list[tuple[str, str]] = [
    ("ref", "Ref"),
    ("title", "Title"),
    ("text", "Action"),
    ("strategy_theme", "Strategy theme"),
    ("theme", "Theme"),
    ("delivery_theme", "Delivery theme"),
    ("target", "Target"),
    ("success_measure", "Success measure"),
    ("impact", "Impact if not achieved"),
    ("status", "Status"),
    ("previous_status", "Previous status"),
    ("change", "Change since last period"),
    ("progress", "Progress"),
    ("reason", "Reason"),
    ("mitigation", "Mitigation"),
    ("note", "About this record"),
    ("reports_through", "Reports through"),
    ("overdue", "Overdue"),
    ("state", "State"),
]
NOT_COUNTED_COLUMNS: list[tuple[str, str]] = [
    ("ref", "Ref"),
    ("state", "Change"),
    ("other", "Other action"),
    ("from_period", "From period"),
    ("reason", "Reason"),
    ("text", "Not counted"),
]
SHEET_STRATEGY = "By strategy theme"
SHEET_DELIVERY = "By delivery theme"
SHEET_PRIORITY = "Priority actions"
SHEET_LONG_LIST = "Long-list actions"
SHEET_NOT_COUNTED = "Not counted"
SHEET_NOTES = "Notes"


def needs_neutralising(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def neutralised(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet reads as text: an apostrophe before a formula."""
    return "'" + text if needs_neutralising(text) else text


# JSON ------------------------------------------------------------------------------------------


def dashboard_json(dashboard: Dashboard) -> bytes:
    """The dashboard as a UTF-8 JSON file."""
    return dashboard_as_json(dashboard).encode("utf-8")


# CSV -------------------------------------------------------------------------------------------


def csv_value(value: Any) -> str:
    """One JSON value as a CSV cell: empty for none, TRUE/FALSE (as Excel writes them), lists
    joined with "; ", text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, list | tuple):
        return neutralised("; ".join(str(v) for v in value))
    if isinstance(value, int | float):
        return str(value)
    return neutralised(str(value))


def dashboard_csv(dashboard: Dashboard) -> bytes:
    """Every action row of the dashboard, one a line, the JSON's keys as the header row; UTF-8
    with a byte-order mark so Excel reads the accents and dashes."""
    actions = dashboard_as_dict(dashboard)["actions"]
    out = io.StringIO()
    writer = csv.writer(out)
    keys = list(actions[0]) if actions else action_keys()
    writer.writerow(keys)
    writer.writerows([csv_value(row[key]) for key in keys] for row in actions)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def action_keys() -> list[str]:
    """The keys of the JSON's "actions" entries, in order, for a header row when there are no
    actions: the workbook's columns with "kind" second (the tests hold them to the JSON's)."""
    keys = [key for key, _ in ACTION_COLUMNS]
    return [keys[0], "kind", *keys[1:]]


# XLSX ------------------------------------------------------------------------------------------


def xlsx_value(value: Any) -> Any:
    """One JSON value as a workbook cell's value: numbers and booleans as themselves, none as an
    empty cell, lists joined with "; ", text without the control characters XML cannot hold."""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _append(ws: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    """Write ``values`` as row ``row``; text a spreadsheet could read as a formula is stored as
    quoted text."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column, value=xlsx_value(value))
        if isinstance(cell.value, str) and needs_neutralising(cell.value):
            cell.data_type = "s"  # openpyxl took a leading "=" for a formula
            cell.quotePrefix = True
        if bold:
            cell.font = _BOLD


def _table_sheet(
    wb: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    total_row: bool = False,
    freeze: str = "B2",
) -> Worksheet:
    """A sheet of one table: its header row bold and frozen (with the first column, unless
    ``freeze`` says otherwise), columns as wide as their text; ``total_row``: the last row bold."""
    ws = wb.create_sheet(title[:31])  # Excel's limit on a sheet's name
    _append(ws, 1, headers, bold=True)
    for n, row in enumerate(rows, start=1):
        _append(ws, n + 1, row, bold=total_row and n == len(rows))
    ws.freeze_panes = freeze
    _fit_columns(ws)
    return ws


def _fit_columns(ws: Worksheet) -> None:
    """Each column as wide as its longest line, up to ``MAX_COLUMN_WIDTH``, text in a column that
    hits the limit wrapped; every row's cells aligned to its top, as a long narrative's row is
    tall."""
    for index, column in enumerate(ws.iter_cols(), start=1):
        longest = max(
            (
                len(line)
                for cell in column
                if cell.value is not None
                for line in str(cell.value).split("\n")
            ),
            default=0,
        )
        width = min(longest + 2, MAX_COLUMN_WIDTH)
        ws.column_dimensions[get_column_letter(index)].width = max(width, MIN_COLUMN_WIDTH)
        alignment = _WRAPPED if width == MAX_COLUMN_WIDTH else _TOP
        for cell in column[1:]:
            cell.alignment = alignment


def _status_labels() -> list[str]:
    return [s.label for s in STATUSES_BEST_FIRST]


def _theme_rows(themes: list[dict[str, Any]], total: list[Any], *, lead: bool) -> list[list[Any]]:
    """The theme counts as rows (name, lead, each status, total) and the Total row."""
    labels = _status_labels()
    rows = [
        [t["theme"], *([t.get("lead")] if lead else []), *(t[s] for s in labels), t["Total"]]
        for t in themes
    ]
    return [*rows, ["Total", *([None] if lead else []), *total]]


def _action_rows(actions: list[dict[str, Any]], kind: str) -> list[list[Any]]:
    return [[row[key] for key, _ in ACTION_COLUMNS] for row in actions if row["kind"] == kind]


def _day(moment: datetime) -> str:
    """A moment's local date as the paper writes it: "5 January 2023"."""
    day = timezone.localtime(moment)
    return f"{day.day} {day:%B %Y}"


def notes_lines(dashboard: Dashboard, data: dict[str, Any], *, licence: str) -> list[list[str]]:
    """The Notes sheet: where the figures come from, whether they may change (a draft) or under
    what licence they are published, the period's notes on data gaps and the long-list notes."""
    period = dashboard.period
    source = (
        f"{data['plan']['organisation']}: {data['plan']['name']}. Climate Change Programme "
        f"Dashboard {period.name}"
    )
    lines = [["Source", source + ", the same figures as the dashboard page and its JSON."]]
    if dashboard.frozen:
        published = f" on {_day(period.published_at)}" if period.published_at else ""
        lines.append(["Figures", f"As published{published}: frozen when the period was published."])
    else:
        lines.append(["Figures", "Worked out from the records as they stood when downloaded."])
    if period.is_published:
        if licence:
            organisation = data["plan"]["organisation"]
            lines.append(["Licence", f"Published by {organisation} under the {licence}."])
    else:
        lines.append(
            [
                "Draft",
                f"Draft: {period.name} is not published. Its figures include updates not yet "
                "approved and may change.",
            ]
        )
    if data["notes"]:
        lines.append(["About this period's data", data["notes"]])
    for note in data["long_list"]["notes"]:
        text = f"“{note['text']}”" + (f" ({note['source']})" if note["source"] else "")
        lines.append(["Long-list actions", text])
    return lines


def dashboard_workbook(dashboard: Dashboard, *, licence: str) -> Workbook:
    """The dashboard as a workbook: one sheet per table, then the notes."""
    data = dashboard_as_dict(dashboard)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = (
        f"{data['plan']['name']}: Climate Change Programme Dashboard {data['period']}"
    )
    wb.properties.creator = data["plan"]["organisation"]
    labels = _status_labels()
    total = [*(data["totals"][s] for s in labels), data["priority_actions"]]
    _table_sheet(
        wb,
        SHEET_STRATEGY,
        ["Strategy theme", *labels, "Total"],
        _theme_rows(data["by_strategy_theme"], total, lead=False),
        total_row=True,
    )
    _table_sheet(
        wb,
        SHEET_DELIVERY,
        ["Delivery theme", "Theme lead", *labels, "Total"],
        _theme_rows(data["by_delivery_theme"], total, lead=True),
        total_row=True,
    )
    headers = [heading for _, heading in ACTION_COLUMNS]
    for title, kind in (
        (SHEET_PRIORITY, Action.Kind.PRIORITY),
        (SHEET_LONG_LIST, Action.Kind.LONG_LIST),
    ):
        ws = _table_sheet(wb, title, headers, _action_rows(data["actions"], kind))
        ws.auto_filter.ref = ws.dimensions
    if data["not_counted"]:
        _table_sheet(
            wb,
            SHEET_NOT_COUNTED,
            [heading for _, heading in NOT_COUNTED_COLUMNS],
            [[n[key] for key, _ in NOT_COUNTED_COLUMNS] for n in data["not_counted"]],
        )
    _table_sheet(
        wb,
        SHEET_NOTES,
        ["About", "Note"],
        notes_lines(dashboard, data, licence=licence),
        freeze="A2",
    )
    return wb


def dashboard_xlsx(dashboard: Dashboard, *, licence: str) -> bytes:
    """The dashboard as an Excel workbook (``dashboard_workbook``), as bytes."""
    out = io.BytesIO()
    dashboard_workbook(dashboard, licence=licence).save(out)
    return out.getvalue()


# File names ------------------------------------------------------------------------------------


def slug_filename(parts: Iterable[str], suffix: str) -> str:
    """A file name safe on every system: the parts slugified and joined, then ``.suffix``."""
    stem = slugify(" ".join(parts))[:MAX_FILENAME_STEM].strip("-") or "dashboard"
    return f"{stem}.{suffix.lstrip('.')}"


def plan_short_name(name: str) -> str:
    """A plan's name without its subtitle (the words after a colon), for file names."""
    return name.split(":", 1)[0].strip() or name


def dashboard_filename(dashboard: Dashboard, suffix: str) -> str:
    """For example "derbyshire-county-council-climate-change-strategy-2022-23-q3.xlsx"."""
    return slug_filename(
        [dashboard.organisation_name, plan_short_name(dashboard.plan_name), dashboard.period.slug],
        suffix,
    )
