"""Reading a plan's spreadsheet: the workbook checked (``core.uploads``), opened with
python-calamine, each sheet of the layout found by name and each column by its header.

What comes back is text (and numbers and dates as the cells hold them) with each row's number as
the spreadsheet shows it; ``services`` checks what it means. A file that cannot be read at all is
refused here as a whole (``ImportRefused``), with a message a person can act on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from python_calamine import CalamineWorkbook

from netzero.core.exceptions import ImportRefused
from netzero.core.uploads import SheetLimits, SpreadsheetRefused, megabytes, xlsx_check
from netzero.spreadsheets import layout

MAX_ROWS = 20_000  # a sheet's rows: 250 actions' updates over 80 quarters
MAX_PROBLEMS = 100  # listed; a file with more is refused after this many
SHEET_LIMITS = SheetLimits(rows=MAX_ROWS + 1, columns=40, cells=MAX_ROWS * 40, csv_accepted=False)

_FORMULA = re.compile(rb'<c r="([A-Za-z]{1,3}[0-9]{1,7})"[^>]*>\s*<f[\s>/]')
_SHEET = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, Any]

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))


@dataclass
class Workbook:
    about: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, list[Row]] = field(default_factory=dict)  # only the sheets found
    # the layout's sheets (About too) in the order the file has them
    order: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def cell_text(value: Any) -> str:
    """A cell as text: a whole number without ".0", a date as 31/03/2026, text as typed
    (trailing spaces and a spreadsheet's CR line ends tidied)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _normal(header: Any) -> str:
    return " ".join(cell_text(header).split()).casefold()


def refuse(message: str) -> ImportRefused:
    return ImportRefused([message])


def _formula_cells(content: bytes) -> list[str]:
    """Each formula cell as "Sheet, cell B4": a plan's file holds values, not formulas."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = {n.lower(): n for n in archive.namelist()}
    workbook = archive.read(names["xl/workbook.xml"])
    rels_name = names.get("xl/_rels/workbook.xml.rels")
    rels: dict[bytes, bytes] = {}
    if rels_name:
        text = archive.read(rels_name)
        rels.update({i: t for i, t in _REL.findall(text)})
        rels.update({i: t for t, i in _REL_REVERSED.findall(text)})
    found: list[str] = []
    for sheet_name, rel_id in _SHEET.findall(workbook):
        target = rels.get(rel_id, b"").decode("utf-8", "replace").lstrip("/")
        target = target if target.startswith("xl/") else f"xl/{target}"
        part = names.get(target.lower())
        if part is None:
            continue
        for ref in _FORMULA.findall(archive.read(part)):
            found.append(f"{sheet_name.decode('utf-8', 'replace')}, cell {ref.decode()}")
            if len(found) >= 10:
                return found
    return found


def workbook_read(*, name: str, content: bytes) -> Workbook:
    """The layout's sheets of the file ``name``; refused as a whole when it is not a workbook
    of the layout (not an XLSX, no sheets of the layout, a required sheet or column missing,
    formulas, too large)."""
    limit = settings.NETZERO_UPLOAD_MAX_BYTES
    if len(content) > limit:
        raise refuse(f"{name} is larger than {megabytes(limit)}, the most a file may be.")
    if not content:
        raise refuse(f"{name} is empty: choose the plan's spreadsheet (.xlsx).")
    try:
        xlsx_check(content, limits=SHEET_LIMITS)
    except SpreadsheetRefused as exc:
        raise refuse(f"{name} is refused: {exc}") from exc
    formulas = _formula_cells(content)
    if formulas:
        raise refuse(
            f"{name} has formulas ({'; '.join(formulas)}): a plan's spreadsheet holds values. "
            "Copy the cells and paste them as values, then save it again."
        )
    try:
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet_names = list(calamine.sheet_names)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors, and a Rust panic (not an Exception)
        raise refuse(f"{name} could not be read as a spreadsheet: {str(exc)[:200]}") from exc
    by_normal = {_normal(s): s for s in sheet_names}
    known = [s.name for s in layout.SHEETS if _normal(s.name) in by_normal]
    if not known:
        raise refuse(
            f"{name} has none of the plan spreadsheet's sheets "
            f"({', '.join(s.name for s in layout.SHEETS)}). "
            "Start from the blank template or a plan's download."
        )
    missing = [s for s in layout.REQUIRED_SHEETS if _normal(s) not in by_normal]
    if missing:
        raise refuse(
            f"{name} has no {' or '.join(missing)} sheet: a plan's spreadsheet needs "
            f"{' and '.join(layout.REQUIRED_SHEETS)}."
        )
    result = Workbook()
    layout_names = {_normal(s): s for s in (layout.ABOUT, *(t.name for t in layout.SHEETS))}
    result.order = [layout_names[_normal(s)] for s in sheet_names if _normal(s) in layout_names]
    problems: list[str] = []

    def grid(sheet_name: str) -> list[list[Any]]:
        try:
            return calamine.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            raise refuse(f"The {sheet_name} sheet could not be read: {str(exc)[:200]}") from exc

    if _normal(layout.ABOUT) in by_normal:
        for cells in grid(by_normal[_normal(layout.ABOUT)])[:20]:
            if len(cells) >= 2 and cell_text(cells[0]):
                value = cells[1]
                if cell_text(cells[0]) == layout.ABOUT_DOWNLOADED and isinstance(value, datetime):
                    value = value.isoformat(timespec="seconds")  # a time, not only its date
                result.about.setdefault(cell_text(cells[0]), cell_text(value))
    for sheet in layout.SHEETS:
        actual = by_normal.get(_normal(sheet.name))
        if actual is None:
            continue
        cells = grid(actual)
        header = [_normal(h) for h in (cells[0] if cells else [])]
        columns: dict[str, int] = {}
        for column in sheet.columns:
            wanted = _normal(column.header)
            if wanted in header:
                columns[column.key] = header.index(wanted)
            elif column.required:
                problems.append(
                    f"{sheet.name}, row 1: the column {column.header} is missing (the sheet's "
                    f"columns are {', '.join(sheet.headers)})."
                )
        if len(cells) - 1 > MAX_ROWS:
            raise refuse(
                f"The {sheet.name} sheet has {len(cells) - 1:,} rows; at most {MAX_ROWS:,} "
                "are read."
            )
        rows: list[Row] = []
        for index in range(1, len(cells)):
            raw = cells[index]
            values = {
                key: (raw[position] if position < len(raw) else None)
                for key, position in columns.items()
            }
            if any(cell_text(v) for v in values.values()):
                rows.append(Row(index + 1, values))
        result.sheets[sheet.name] = rows
    if problems:
        raise ImportRefused(problems)
    if not any(result.sheets.values()):
        raise refuse(
            "The file has no themes, actions or updates: fill in the template's sheets first."
        )
    return result
