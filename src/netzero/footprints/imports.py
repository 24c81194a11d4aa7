"""Activity data from a CSV or XLSX file: every row checked first, then all saved or none.

Columns, named in the header row (the first row with anything in it), each at most once and no
others: reporting_year (2022-23), quantity, unit (at most 40 characters), and the factor, named
in one of three ways on each row (a row naming it two ways is refused):

- activity: a code of ACTIVITIES or SUPPLEMENTARY_ACTIVITIES, or its label, whatever the case;
- factor_id: the stable ID the government's file gives each row from 2023 on;
- level_1, level_2, level_3 and factor_unit (with level_4 and column_text where they tell rows
  apart), as the file publishes them, whatever the case and spacing.

Every row named must be in the factor set of the row's reporting year (the organisation's
choice, or the default), with a published kg CO2e value. Its scope is the row's own ("Scope 2");
the optional scope column (1, 2 or 3) tells rows apart and gives the scope of a row published
without one (Outside of Scopes), which is otherwise refused. The optional category (a code or
label of ``models.Category``) defaults to the activity's, or ``activities.category_for_factor``.
A figure from a named row records that exact row (its factor) and, as its activity, "id:<ID>" or,
for a set without IDs, "row:<set year>-<row number>".

Optional too: boundary (default ``models.default_boundary``: a council's net zero scope, an NHS
body's NHS Carbon Footprint), reference (a site or meter, at most 100 characters: a year,
activity and reference already recorded, or twice in the file, is a duplicate) and note (at most
1,000 characters). A column
with a blank heading must be empty; a row with a value beyond the header's columns is refused.
Nothing is ever cut short: a value that does not fit is refused with its row number.

Quantities are plain decimal numbers as ``units.parse_quantity`` describes (digits 0-9, commas
between thousands, at most 6 decimal places and 15 significant digits, below 10^14); a
spreadsheet's number is first written out in full from the float it stored (1e-07 becomes
0.0000001) and then checked the same way.

Limits, so that no file can hurt the server (``netzero.core.uploads`` has the details):

- a file is at most 20 MB (``settings.NETZERO_UPLOAD_MAX_BYTES``), on the page and the command line;
- at most 200,000 rows below the header;
- CSV: UTF-8 text, no NUL character, no cell longer than 131,072 characters (Python's csv limit);
  any line ending (Windows, Unix, or the old Mac CR-only) reads the same;
- XLSX: checked as a zip before python-calamine opens it: at most 100 MB decompressed, no DTD,
  at most 50 columns (A to AX), 200,001 rows and 2,000,000 cells. The first sheet is read.

A file that cannot be read, or any bad row, raises ``ActivityImportRefused`` with one message per
problem; it never raises anything else, and nothing is saved (checked by property-based tests).
Saving, with the import's batch record and history, is ``services.import_batch_apply``.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from operator import itemgetter, le

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from python_calamine import CalamineWorkbook

from netzero.core.exceptions import ImportRefused
from netzero.core.narrative import plain_text
from netzero.core.quarters import parse_quarter
from netzero.core.uploads import SheetLimits, SpreadsheetRefused, column_letters, megabytes
from netzero.core.uploads import xlsx_check as _xlsx_check
from netzero.core.years import financial_year_label
from netzero.factors.models import Factor, SupplementaryFactor
from netzero.factors.selectors import (
    factor_by_id,
    factor_by_levels,
    factor_get,
    factor_set_for,
)
from netzero.footprints.activities import (
    ACTIVITIES,
    SUPPLEMENTARY_ACTIVITIES,
    activity_code,
    category_for_factor,
)
from netzero.footprints.calculation import tonnes_co2e
from netzero.footprints.models import (
    Boundary,
    Category,
    FootprintEntry,
    ImportBatch,
    default_boundary,
)
from netzero.footprints.units import parse_quantity, plain_decimal, shown, to_factor_unit
from netzero.organisations.models import Organisation

# What a file naming activities by their short key needs; a file naming published rows has
# factor_id, or level_1, level_2, level_3 and factor_unit, instead of activity.
REQUIRED = ["reporting_year", "activity", "quantity", "unit"]
LEVELS_NEEDED = ["level_1", "level_2", "level_3", "factor_unit"]
NAMING_LEVELS = ["level_1", "level_2", "level_3", "level_4", "column_text", "factor_unit"]
OPTIONAL = ["boundary", "reference", "note", "factor_id", *NAMING_LEVELS, "scope", "category"]
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 200_000
MAX_COLUMNS = 50
MAX_CELLS = 2_000_000
NOTE_MAX = 1_000
# The longest value each column takes; longer is refused, never cut.
MAX_LENGTH = {
    "reference": FootprintEntry._meta.get_field("reference").max_length,  # 100
    "unit": FootprintEntry._meta.get_field("unit").max_length,  # 40
    "note": NOTE_MAX,
    "reporting_year": 20,
    "activity": FootprintEntry._meta.get_field("activity").max_length,  # 40
    "quantity": 40,
    "boundary": 100,
    "factor_id": Factor._meta.get_field("source_id").max_length,  # 40
    "level_1": 200,
    "level_2": 200,
    "level_3": 200,
    "level_4": 200,
    "column_text": 200,
    "factor_unit": Factor._meta.get_field("unit").max_length,  # 60
    "scope": 20,
    "category": 100,
}
CSV_FIELD_LIMIT = 131_072  # Python's csv module default, kept
SHEET_LIMITS = SheetLimits(rows=MAX_ROWS + 1, columns=MAX_COLUMNS, cells=MAX_CELLS)
MAX_TCO2E = Decimal("1e11")  # the column holds 11 digits before the point
COUNTS = {"inhaler", "inhalers", "each", "count", "number"}
BOUNDARIES = {b.value: b.value for b in Boundary} | {b.label.lower(): b.value for b in Boundary}
CATEGORIES = {c.value: c.value for c in Category} | {c.label.lower(): c.value for c in Category}
_SCOPE = re.compile(r"^(?:scope\s*)?([123])$", re.I)
ACTIVITY_KEY_MAX = FootprintEntry._meta.get_field("activity").max_length  # 40
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class ReadCells(list):
    """A CSV row whose cells were checked as they were read: text, stripped, within their
    lengths, no NUL, one under each of the header's columns (all named; a short row's last
    cells blank). The check reads its cells by position, without making a dict of it unless it
    must."""


RowRead = dict | ReadCells
Rows = Iterable[tuple[int, RowRead]]


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    errors: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None


# A checked figure is kept compactly until it is saved: what its (year, activity, unit,
# boundary, category, scope) group shares is kept once, per figure only its own values.
GROUP_COLUMNS = [
    "organisation_id",
    "reporting_year",
    "scope",
    "category",
    "boundary",
    "method",
    "itemises_id",
    "source",
    "unit",
    "factor_id",
    "activity",
    "supplementary_factor_id",
    "batch_id",
]
ROW_COLUMNS = ["tco2e", "quality_note", "quantity", "reference"]
# What a figure saved from a file stores: the columns of FootprintEntry but its id.
SAVED_COLUMNS = GROUP_COLUMNS + ROW_COLUMNS


class CheckedFigures(Sequence):
    """The figures a checked file will save, in the file's order.

    Read one by one they are unsaved ``FootprintEntry`` objects (as a page or test looks at
    them); ``saved_values`` gives the values of each row to store, ``SAVED_COLUMNS`` in order,
    for one bulk write. No model object is made per figure on the way to the database.
    """

    def __init__(self, *, organisation: Organisation, source: str):
        self.organisation = organisation
        self.source = source
        self.groups: list[tuple] = []  # (year, key, unit, boundary, category, scope, factor, supp.)
        self._group_index: dict[tuple, int] = {}
        self.rows: list[tuple] = []  # (group, tco2e, note, quantity, reference)

    def add(self, group: tuple, factor, supplementary, quantity, tco2e, reference, note) -> int:
        """Adds a figure; returns its group's index, for ``add_to_group``."""
        index = self._group_index.get(group)
        if index is None:
            index = self._group_index[group] = len(self.groups)
            self.groups.append((*group, factor, supplementary))
        self.rows.append((index, tco2e, note, quantity, reference))
        return index

    def add_to_group(self, index: int, quantity, tco2e, reference, note) -> None:
        self.rows.append((index, tco2e, note, quantity, reference))

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._entry(row) for row in self.rows[index]]
        return self._entry(self.rows[index])

    def _entry(self, row: tuple) -> FootprintEntry:
        group, tco2e, note, quantity, reference = row
        year, key, unit, boundary, category, scope, factor, supplementary = self.groups[group]
        return FootprintEntry(
            organisation=self.organisation,
            reporting_year=year,
            scope=scope,
            category=category,
            boundary=boundary,
            quantity=quantity,
            unit=unit,
            factor=factor,
            supplementary_factor=supplementary,
            tco2e=tco2e,
            activity=key,
            reference=reference,
            method=FootprintEntry.Method.CALCULATED,
            source=self.source,
            quality_note=note,
        )

    def saved_values(self, *, batch_id: int) -> Iterator[tuple]:
        """Each figure's stored values (``SAVED_COLUMNS``), text trimmed as a save trims it."""
        source = plain_text(self.source)
        shared = [
            (
                self.organisation.pk,
                year,
                scope,
                category,
                boundary,
                FootprintEntry.Method.CALCULATED.value,
                None,
                source,
                unit,
                factor.pk if factor is not None else None,
                key,
                supplementary.pk if supplementary is not None else None,
                batch_id,
            )
            for year, key, unit, boundary, category, scope, factor, supplementary in self.groups
        ]
        for group, tco2e, note, quantity, reference in self.rows:
            yield (*shared[group], tco2e, plain_text(note), quantity, reference)


class ActivityImportRefused(ImportRefused):
    """An activity file refused as a whole; ``result`` holds what was read and every problem."""

    def __init__(self, result: ImportResult):
        super().__init__(result.errors, rows=result.rows)
        self.result = result

    def __str__(self) -> str:
        return f"{len(self.result.errors)} problem(s); nothing saved."


class ActivityImportDuplicate(ActivityImportRefused):
    """The same file (same sha256) is already imported for the organisation, still applied."""

    def __init__(self, result: ImportResult, batch: ImportBatch):
        super().__init__(result)
        self.batch = batch


def refuse(message: str) -> ActivityImportRefused:
    return ActivityImportRefused(ImportResult(errors=[message]))


def upload_limit() -> int:
    return settings.NETZERO_UPLOAD_MAX_BYTES


# --- Reading --------------------------------------------------------------------------------


def read_rows(name: str, content: bytes) -> tuple[list[str], Iterator[tuple[int, RowRead]]]:
    """The header and (row number, row) pairs of a CSV or XLSX file, by the file's ending.

    A row maps each heading to its cell's text; values in columns without a heading are listed
    under the key ``None`` (as ``csv.DictReader`` does) by column letter, for the check to refuse.
    A CSV row whose cells all passed as they were read is instead a ``ReadCells``: its cells in
    the header's order, read by position against this header only.
    A file that cannot be read at all is refused here, with a message, not a crash.
    """
    if len(content) > upload_limit():
        raise refuse(
            f"{name} is larger than {megabytes(upload_limit())}, the most a file may be. Split "
            "it into smaller files, each with the header row."
        )
    if name.lower().endswith(".xlsx"):
        return _xlsx_rows(name, content)
    return _csv_rows(name, content)


def _xlsx_rows(name: str, content: bytes) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    try:
        _xlsx_check(content, limits=SHEET_LIMITS)
    except SpreadsheetRefused as exc:
        raise refuse(f"{name} is refused: {exc}") from exc
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors, and a Rust panic (not an Exception)
        raise refuse(f"{name} could not be read as a spreadsheet: {shown(exc, 200)}") from exc
    header: list[str] = []
    start = 0
    while start < len(grid) and not header:  # the header is the first row with anything in it
        cells = [_cell(value) for value in grid[start]]
        header = cells if any(cells) else []
        start += 1

    def rows() -> Iterator[tuple[int, dict]]:
        for index in range(start, len(grid)):
            row = [_cell(value) for value in grid[index]]
            grid[index] = None  # each row once: memory is released as the check goes
            if any(row):
                yield index + 1, _row_dict(header, row)

    return header, rows()


def _cell(value: object) -> str:
    """A spreadsheet cell as text: numbers written out in full (never 1e-07), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return plain_decimal(value) if value == value and abs(value) != float("inf") else "NaN"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def _csv_rows(name: str, content: bytes) -> tuple[list[str], Iterator[tuple[int, RowRead]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(f"{name} is not UTF-8 text: save it as CSV UTF-8.") from exc
    nul = text.find("\x00")
    if nul != -1:
        line = len(_LINE_BREAK.findall(text, 0, nul)) + 1
        raise refuse(
            f"Line {line}: {name} contains a NUL character, which a CSV text file never has "
            "(is it a spreadsheet saved with a .csv name?)."
        )
    del text  # checked; the rows are read from the bytes as they are needed, not all at once
    stream = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    reader = csv.reader(stream)

    def records() -> Iterator:
        """The header row first (the first with anything in it), then (number, row) pairs.

        Numbered as a spreadsheet shows the file: a row per record (a blank line is an empty
        row), however many lines a quoted cell spans."""
        try:
            numbered = enumerate(reader, start=1)
            header: list[str] = []
            for _number, record in numbered:
                if "".join(record).strip():  # a row with anything in it
                    header = [h.strip() for h in record]
                    break
            yield header
            width, named = len(header), all(header)
            limits = [MAX_LENGTH.get(name, NOTE_MAX) for name in header]
            for number, record in numbered:
                if not "".join(record).strip():
                    continue
                if named and len(record) <= width:  # every cell under a named column
                    cells = ReadCells(map(str.strip, record))
                    cells.extend([""] * (width - len(cells)))  # a short row: its last cells blank
                    if all(map(le, map(len, cells), limits)):  # (no NUL: the file has none)
                        yield number, cells
                        continue
                yield number, _row_dict(header, record)
        except csv.Error as exc:
            line = max(reader.line_num, 1)
            if "field larger than field limit" in str(exc):
                raise refuse(
                    f"Line {line}: a cell is longer than {CSV_FIELD_LIMIT:,} characters, the most "
                    "a CSV cell may be (no column takes more than 1,000)."
                ) from exc
            raise refuse(f"Line {line}: the CSV could not be read ({exc}).") from exc

    found = records()
    return next(found), found


def _row_dict(header: list[str], cells: list[str]) -> dict:
    if len(cells) <= len(header) and all(header):  # every cell under a named column
        return dict(zip(header, cells, strict=False))
    row: dict = {}
    beyond = []
    for index, cell in enumerate(cells):
        name = header[index] if index < len(header) else ""
        if name:
            row[name] = cell
        elif str(cell).strip():
            beyond.append(column_letters(index + 1))
    if beyond:
        row[None] = beyond
    return row


# --- Checking -------------------------------------------------------------------------------


def header_problems(header: list[str]) -> list[str]:
    """Missing, repeated or unknown columns (a blank heading is allowed over an empty column)."""
    problems = []
    missing = [c for c in REQUIRED if c not in header]
    by_levels = all(c in header for c in LEVELS_NEEDED)
    if "activity" in missing and ("factor_id" in header or by_levels):
        missing.remove("activity")
    if missing:
        named = [
            c
            if c != "activity"
            else "activity (or factor_id, or level_1, level_2, level_3 and factor_unit)"
            for c in missing
        ]
        problems.append(f"Header: missing column(s) {', '.join(named)}.")
    partial = [c for c in NAMING_LEVELS if c in header]
    if partial and not by_levels:
        lacking = [c for c in LEVELS_NEEDED if c not in header]
        problems.append(
            f"Header: naming a factor row by its levels needs the columns "
            f"{', '.join(LEVELS_NEEDED)}; missing: {', '.join(lacking)}."
        )
    positions: dict[str, list[str]] = {}
    for index, name in enumerate(header):
        if name:
            positions.setdefault(name, []).append(column_letters(index + 1))
    for name, letters in positions.items():
        if len(letters) > 1 and name in COLUMNS:
            problems.append(
                f"Header: the column {name} appears {len(letters)} times (columns "
                f"{', '.join(letters)}); each column may appear once."
            )
    unknown = [name for name in positions if name not in COLUMNS]
    if unknown:
        problems.append(
            f"Header: unknown column(s) {', '.join(shown(n) for n in unknown[:10])}"
            f"{' and more' if len(unknown) > 10 else ''}. The columns are: {', '.join(COLUMNS)}."
        )
    return problems


def activity_rows_check(
    *,
    organisation: Organisation,
    header: list[str],
    rows: Rows,
    source: str,
    progress: Callable[[int], None] | None = None,
    replacing: ImportBatch | None = None,
) -> tuple[ImportResult, CheckedFigures]:
    """Every row checked; the figures to save (unsaved), or ``ActivityImportRefused``.

    ``replacing``: a batch about to be undone in the same transaction; its references are not
    counted as already recorded.
    """
    result = ImportResult()
    header = [str(h).strip() for h in header]
    result.errors.extend(header_problems(header))
    if result.errors:
        raise ActivityImportRefused(result)
    factors: dict[tuple[int, str], Factor] = {}
    supplementary: dict[str, SupplementaryFactor] = {}
    ratios: dict[tuple[str, str], Decimal] = {}
    seen: dict[tuple[int, str, str], int] = {}
    error_lines: list[int] = []  # the row of each message in result.errors, in order
    known = {name for name in header if name}
    entries = CheckedFigures(organisation=organisation, source=source)
    shared_cells = [c for c in COLUMNS if c in known and c not in ("quantity", "reference", "note")]
    groups_passed: dict[tuple, tuple] = {}
    # Where a CSV row read as cells (ReadCells) holds each column.
    at = {name: index for index, name in enumerate(header) if name}
    # Two at least (reporting_year and unit), so itemgetter gives a tuple.
    shared_at = itemgetter(*[at[c] for c in shared_cells])
    at_quantity, at_reference, at_note = at["quantity"], at.get("reference"), at.get("note")
    for line, raw in rows:
        result.rows += 1
        if result.rows > MAX_ROWS:
            raise refuse(
                f"The file has more than {MAX_ROWS:,} rows; split it into smaller files, each "
                "with the header row."
            )
        if progress and result.rows % 10000 == 0:
            progress(result.rows)
        # A row whose year, factor, unit, boundary, category and scope are those of a row that
        # passed needs only its own values checked: quantity, figure and reference. Any problem
        # sends it the long way, which words the message as for any row.
        if type(raw) is ReadCells:
            row = None
            named = shared_at(raw)
            passed = groups_passed.get(named)
            if passed is not None:
                quantity_text = raw[at_quantity]
                reference = "" if at_reference is None else raw[at_reference]
                note = "" if at_note is None else raw[at_note]
        else:
            row = _row_cells(line, raw, known, result)
            if row is None:
                error_lines.extend([line] * (len(result.errors) - len(error_lines)))
                continue
            named = tuple(map(row.get, shared_cells))
            passed = groups_passed.get(named)
            if passed is not None:
                quantity_text = row.get("quantity", "")
                reference = row.get("reference", "")
                note = row.get("note", "")
        if passed is not None:
            index, year, key, ratio, value = passed
            twice = (year, key, reference)
            try:
                quantity = parse_quantity(quantity_text)
                tco2e = tonnes_co2e(quantity=quantity * ratio, kg_co2e_per_unit=value)
            except (ValidationError, InvalidOperation):
                tco2e = None
            if tco2e is not None and tco2e < MAX_TCO2E and twice not in seen:
                seen[twice] = line
                entries.add_to_group(index, quantity, tco2e, reference, note)
                continue
        if row is None:
            row = dict(zip(header, raw, strict=True))
        entry = _row_entry(
            organisation, line, row, source, factors, supplementary, ratios, seen, result
        )
        error_lines.extend([line] * (len(result.errors) - len(error_lines)))
        if entry is not None:
            index = entries.add(*entry[:7])
            groups_passed[named] = (index, entry[0][0], entry[0][1], *entry[7:])
    if result.rows == 0:
        result.errors.append("The file has no data rows.")
    recorded = _already_recorded(organisation=organisation, seen=seen, replacing=replacing)
    if recorded:
        _errors_merge(result, error_lines, recorded)
    if result.errors:
        raise ActivityImportRefused(result)
    return result, entries


def _already_recorded(
    *,
    organisation: Organisation,
    seen: dict[tuple[int, str, str], int],
    replacing: ImportBatch | None,
) -> list[tuple[int, str]]:
    """(row, message) for each of the file's (year, activity, reference) the organisation has
    already recorded, in the file's order.

    Asked of the database, joined on the unique index of recorded figures: the check holds the
    file's own keys, never every figure the organisation has (a national instance may hold
    millions). First, which of the file's (year, activity) pairs have any figure with a
    reference: only the keys of those are looked up one by one (a new year's file usually has
    none to look up).
    """
    keys = [key for key in seen if key[2]]
    if not keys:
        return []
    qn = connection.ops.quote_name
    table = qn(FootprintEntry._meta.db_table)
    batch = qn(FootprintEntry._meta.get_field("batch").column)
    organisation_column = qn(FootprintEntry._meta.get_field("organisation").column)
    # The WHERE repeats the unique index's condition word for word, so that SQLite may use it.
    recorded = (
        f"f.{organisation_column} = %s AND f.reporting_year = k.y AND f.activity = k.a "
        "AND NOT (f.reference = '')"
    )
    params: list = [organisation.pk]
    if replacing is not None:
        recorded += f" AND (f.{batch} IS NULL OR f.{batch} <> %s)"
        params.append(replacing.pk)
    pairs, pair_params = _keys_table(sorted({key[:2] for key in keys}), ("y", "a"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k.y, k.a FROM {pairs} WHERE EXISTS "  # noqa: S608 - names from the model
            f"(SELECT 1 FROM {table} f WHERE {recorded})",
            pair_params + params,
        )
        held = set(cursor.fetchall())
        keys = [key for key in keys if key[:2] in held]
        if not keys:
            return []
        wanted, key_params = _keys_table(keys, ("y", "a", "r"))
        # CROSS JOIN: SQLite reads the keys first and looks each up in the unique index, never
        # the other way round; PostgreSQL plans it as it would any join.
        cursor.execute(
            f"SELECT f.reporting_year, f.activity, f.reference FROM {wanted} "  # noqa: S608 - names from the model
            f"CROSS JOIN {table} f WHERE {recorded} AND f.reference = k.r",
            key_params + params,
        )
        found = cursor.fetchall()
    return sorted(
        (
            seen[(year, key, reference)],
            f"{key} for {reference} in {financial_year_label(year)} is already recorded.",
        )
        for year, key, reference in found
    )


_KEY_TYPES = {"y": "smallint", "a": "text", "r": "text"}


def _keys_table(keys: list[tuple], names: tuple[str, ...]) -> tuple[str, list]:
    """A FROM item ``k`` whose rows are ``keys`` and whose columns are ``names`` (y: a year,
    a: an activity, r: a reference), and its parameters: on PostgreSQL an array per column,
    on SQLite one JSON parameter (its JSON functions take any number of keys)."""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{_KEY_TYPES[name]}[]" for name in names)
        columns = [[key[i] for key in keys] for i in range(len(names))]
        return f"unnest({arrays}) AS k ({', '.join(names)})", columns
    if connection.vendor == "sqlite":
        picked = ", ".join(
            f"json_extract(value, '$[{i}]') AS {name}" for i, name in enumerate(names)
        )
        return f"(SELECT {picked} FROM json_each(%s)) AS k", [json.dumps(keys)]  # noqa: S608 - names above
    raise NotImplementedError("Net Zero Tracker runs on PostgreSQL or SQLite.")


def _errors_merge(result: ImportResult, error_lines: list[int], recorded) -> None:
    """Adds the "already recorded" messages among the others, each after its row's own."""
    own = zip(error_lines, result.errors[: len(error_lines)], strict=True)
    found = ((line, f"Row {line}: {message}") for line, message in recorded)
    merged = [message for _line, message in heapq.merge(own, found, key=itemgetter(0))]
    result.errors[:] = merged + result.errors[len(error_lines) :]  # any not of a row, last


def _row_cells(line, raw: dict, known: set[str], result: ImportResult) -> dict[str, str] | None:
    """The row's text by column, or None after recording why it cannot be read."""

    def error(message: str) -> None:
        result.errors.append(f"Row {line}: {message}")

    if None not in raw and raw.keys() <= known:
        # The usual row, read from a file: text under named columns. Stripped, and its lengths
        # and NUL characters checked, without a Python step per cell.
        try:
            row = dict(zip(raw.keys(), map(str.strip, raw.values()), strict=True))
        except TypeError:  # a value that is not text (a number given to the API)
            pass
        else:
            values = row.values()
            if all(map(le, map(len, values), map(MAX_LENGTH.__getitem__, row))) and (
                "\x00" not in "".join(values)
            ):
                return row
    text = {k: "" if v is None else str(v).strip() for k, v in raw.items() if k is not None}
    row = text
    if None in raw or not text.keys() <= known:
        beyond = list(raw.get(None) or [])
        beyond += [k for k, v in text.items() if k not in known and v]
        if beyond:
            where = ", ".join(str(b) for b in beyond[:10])
            where += " and more" if len(beyond) > 10 else ""
            error(
                f"a value in column(s) {where}, which the header row does not name. Remove it, "
                f"or name the column ({', '.join(COLUMNS)})."
            )
            return None
        row = {k: v for k, v in text.items() if k in known}
    for name, value in row.items():
        if "\x00" in value:
            error(f"{name} contains a NUL character, which cannot be stored.")
            return None
        limit = MAX_LENGTH.get(name, NOTE_MAX)
        if len(value) > limit:
            error(
                f"{name} is {len(value):,} characters long; at most {limit:,} fit "
                "(nothing is cut short)."
            )
            return None
    return row


def activity_key_for(factor: Factor) -> str:
    """A figure's activity when its file named a published row: "id:<ID>" (2023 on), else
    "row:<set year>-<row number>" (the row's place in the file; its factor records the row)."""
    key = f"id:{factor.source_id}"
    if factor.source_id and len(key) <= ACTIVITY_KEY_MAX:
        return key
    return f"row:{factor.factor_set.set_year}-{factor.source_row}"


def _ways_named(row: dict[str, str]) -> list[str]:
    ways = []
    if row.get("activity"):
        ways.append("activity")
    if row.get("factor_id"):
        ways.append("factor_id")
    if any(row.get(c) for c in NAMING_LEVELS):
        ways.append("levels")
    return ways


def _row_factor(organisation, year, row, factors, error) -> tuple[str, Factor] | None:
    """The published row a file's row names by factor_id or levels, and its activity key."""
    wanted = (
        ("id", row["factor_id"].casefold())
        if row.get("factor_id")
        else ("levels", *(" ".join(row.get(c, "").split()).casefold() for c in NAMING_LEVELS))
    )
    scope = row.get("scope", "")
    factor = factors.get((year, wanted, scope))
    if factor is None:
        try:
            factor_set = factors.get((year, "set")) or factor_set_for(
                reporting_year=year, organisation=organisation
            )
            factors[(year, "set")] = factor_set
            if wanted[0] == "id":
                factor = factor_by_id(factor_set=factor_set, source_id=row["factor_id"])
            else:
                levels = {c: row.get(c, "") for c in NAMING_LEVELS if c != "factor_unit"}
                try:
                    factor = factor_by_levels(
                        factor_set=factor_set, unit=row.get("factor_unit", ""), **levels
                    )
                except ValidationError as exc:
                    if exc.code != "ambiguous_factor" or not _SCOPE.match(scope):
                        raise
                    number = _SCOPE.match(scope).group(1)
                    factor = factor_by_levels(
                        factor_set=factor_set,
                        unit=row.get("factor_unit", ""),
                        scope=f"Scope {number}",
                        **levels,
                    )
        except ValidationError as exc:
            error(" ".join(exc.messages))
            return None
        factors[(year, wanted, scope)] = factor
    key = activity_key_for(factor)
    factors[(year, key)] = factor
    return key, factor


def _row_entry(
    organisation, line, row, source, factors, supplementary, ratios, seen, result
) -> tuple | None:
    """The row's figure as ``CheckedFigures.add`` takes it, then its unit ratio and factor value;
    or None after recording why not."""

    def error(message: str) -> None:
        result.errors.append(f"Row {line}: {message}")

    try:
        year = parse_quarter(f"{row.get('reporting_year', '')} Q1").year
    except ValidationError:
        error(f"reporting_year {shown(row.get('reporting_year', ''))} is not like 2022-23.")
        return None
    ways = _ways_named(row)
    if len(ways) > 1:
        error(
            f"names its factor {len(ways)} ways ({' and '.join(ways)}); give one: activity, "
            "factor_id, or level_1, level_2, level_3 and factor_unit."
        )
        return None
    category = row.get("category", "")
    if category and category.lower() not in CATEGORIES:
        error(f"unknown category {shown(category)} ({', '.join(CATEGORIES)}).")
        return None
    scope_text = row.get("scope", "")
    scope_named = _SCOPE.match(scope_text)
    if scope_text and scope_named is None:
        error(f"scope {shown(scope_text)} is not 1, 2 or 3.")
        return None
    overrides = (CATEGORIES.get(category.lower()) if category else None, None)
    if ways in ([], ["activity"]):
        named = row.get("activity", "")
        key = activity_code(named)
        if key is None:
            known_activities = ", ".join([*ACTIVITIES, *SUPPLEMENTARY_ACTIVITIES])
            error(
                f"unknown activity {shown(named)} ({known_activities}, or their labels; or name "
                "a published row by factor_id, or by level_1, level_2, level_3 and factor_unit)."
            )
            return None
        fixed = ACTIVITIES[key].scope if key in ACTIVITIES else SUPPLEMENTARY_ACTIVITIES[key][1]
        if scope_named and int(scope_named.group(1)) != fixed:
            error(f"scope {scope_text} is given, but {key} is scope {fixed}.")
            return None
    else:
        found = _row_factor(organisation, year, row, factors, error)
        if found is None:
            return None
        key, factor = found
        own = _SCOPE.match(factor.scope.strip())
        if own and scope_named and own.group(1) != scope_named.group(1):
            error(f"scope {scope_text} is given, but the row is published as {factor.scope}.")
            return None
        if not own and not scope_named:
            error(
                f"the {factor.factor_set.set_year} row {factor} is published "
                f"{'as ' + repr(factor.scope) if factor.scope else 'with no scope'}, not scope "
                "1, 2 or 3: give the scope it counts in (1, 2 or 3) in the scope column."
            )
            return None
        number = int((own or scope_named).group(1))
        overrides = (overrides[0] or category_for_factor(factor), number)
    # The row's own values are checked before it is compared with other rows, so a row that is
    # wrong in itself (a negative quantity) says so rather than "duplicates row 2".
    problems = len(result.errors)
    entry = _row_values(
        organisation,
        line,
        row,
        key,
        year,
        source,
        factors,
        supplementary,
        ratios,
        result,
        overrides,
    )
    reference = row.get("reference", "")
    if (year, key, reference) in seen:
        error(f"duplicates row {seen[(year, key, reference)]} (same year, activity and reference).")
    else:
        seen[(year, key, reference)] = line  # already recorded? asked once all rows are read
    return entry if len(result.errors) == problems else None


def _row_values(
    organisation, line, row, key, year, source, factors, supplementary, ratios, result, overrides
) -> tuple | None:
    """``overrides``: the category the file gives (or None) and, for a named row, its scope."""

    def error(message: str) -> None:
        result.errors.append(f"Row {line}: {message}")

    reference = row.get("reference", "")
    boundary_named = row.get("boundary") or default_boundary(organisation)
    boundary = BOUNDARIES.get(boundary_named.lower())
    if boundary is None:
        error(f"unknown boundary {shown(row.get('boundary', ''))}.")
        return None
    unit = row.get("unit", "")
    try:
        quantity = parse_quantity(row.get("quantity", ""))
    except ValidationError as exc:
        if exc.code == "negative":
            error(f"quantity must be zero or more ({shown(row.get('quantity', ''))} is given).")
        else:
            error(" ".join(exc.messages))
        return None
    try:
        if key in SUPPLEMENTARY_ACTIVITIES:
            category, scope = SUPPLEMENTARY_ACTIVITIES[key]
            factor = supplementary.get(key) or SupplementaryFactor.objects.filter(key=key).first()
            if factor is None:
                raise ValidationError(
                    f"the supplementary factor {key!r} is not loaded "
                    "(netzero factors load --supplementary)."
                )
            supplementary[key] = factor
            if factor.unit == "inhaler":
                if unit.lower() not in COUNTS:
                    raise ValidationError(
                        f"{shown(unit) if unit else 'no unit'} does not count inhalers: use "
                        "'inhalers'."
                    )
                ratio = Decimal(1)
            else:
                ratio = ratios.get((unit, factor.unit)) or to_factor_unit(
                    Decimal(1), unit, factor.unit
                )
            value, factor_row, supplementary_row = factor.kg_co2e_per_unit, None, factor
        elif key not in ACTIVITIES:  # a published row named by factor_id or levels
            factor = factors[(year, key)]
            category, scope = overrides
            ratio = ratios.get((unit, factor.unit)) or to_factor_unit(Decimal(1), unit, factor.unit)
            value, factor_row, supplementary_row = factor.value, factor, None
        else:
            activity = ACTIVITIES[key]
            category, scope = activity.category, activity.scope
            factor = factors.get((year, key))
            if factor is None:
                factor = factor_get(
                    factor_set=factor_set_for(reporting_year=year, organisation=organisation),
                    level_1=activity.level_1,
                    level_2=activity.level_2,
                    level_3=activity.level_3,
                    unit=activity.factor_unit,
                    scope=f"Scope {activity.scope}",
                )
                factors[(year, key)] = factor
            ratio = ratios.get((unit, factor.unit)) or to_factor_unit(Decimal(1), unit, factor.unit)
            value, factor_row, supplementary_row = factor.value, factor, None
        category = overrides[0] or category
        ratios[(unit, getattr(factor, "unit", ""))] = ratio
        tco2e = tonnes_co2e(quantity=quantity * ratio, kg_co2e_per_unit=value)
        if tco2e >= MAX_TCO2E:
            raise ValidationError(f"{tco2e:,.0f} tCO2e is too large to be right.")
    except ValidationError as exc:
        error(" ".join(exc.messages))
        return None
    except InvalidOperation:
        error(f"quantity {shown(row.get('quantity', ''))} is out of range.")
        return None
    group = (year, key, unit, boundary, category, scope)
    note = row.get("note", "")
    return group, factor_row, supplementary_row, quantity, tco2e, reference, note, ratio, value
