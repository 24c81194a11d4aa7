"""Reading a UK Government conversion factor flat file (xls or xlsx) into plain rows.

The sheet "Factors by Category" has 4-5 preamble rows, then a header row, then data until an
END marker. Columns differ between editions (2019-21: UOM (simple), GHG, Lookup; 2022:
GHG/Unit; 2023+: a stable ID); they are found by their header text. python-calamine reads both
formats (the 2022 .xls defeats xlrd).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from python_calamine import CalamineWorkbook

SHEET = "Factors by Category"


class FlatFileError(ValueError):
    pass


@dataclass(frozen=True)
class FlatRow:
    source_row: int
    source_id: str
    scope: str
    level_1: str
    level_2: str
    level_3: str
    level_4: str
    column_text: str
    unit: str
    ghg_text: str
    gas: str
    value: Decimal | None
    value_text: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip() if cell is not None else ""


def _value(cell: object) -> tuple[Decimal | None, str]:
    """The published number as a Decimal (shortest repr of the stored double), or None with the
    cell's text when it is blank or not a number ("< 1")."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, ""
    if isinstance(cell, bool):
        return None, str(cell)
    if isinstance(cell, int | float):
        return Decimal(repr(float(cell))), ""
    try:
        return Decimal(str(cell).strip()), ""
    except InvalidOperation:
        return None, str(cell).strip()


_GAS = [
    (re.compile(r"^kg CO2e$", re.I), "CO2e"),
    (re.compile(r"^kg (CO2e of )?CO2( per unit)?$", re.I), "CO2"),
    (re.compile(r"^kg (CO2e of )?CH4( per unit)?$", re.I), "CH4"),
    (re.compile(r"^kg (CO2e of )?N2O( per unit)?$", re.I), "N2O"),
    (re.compile(r"^kWh", re.I), "energy"),
]


def gas_of(ghg_text: str) -> str:
    for pattern, gas in _GAS:
        if pattern.match(ghg_text.strip()):
            return gas
    return "unknown"


NEEDED_COLUMNS = (
    '"Scope", "Level 1", "Level 2", "Level 3", "UOM", "GHG" (or "GHG/Unit") and '
    '"GHG Conversion Factor <year>"'
)
_FACTOR_YEAR = re.compile(r"^GHG Conversion Factor\s+([0-9]{4})\b")


@dataclass(frozen=True)
class FlatFile:
    rows: list[FlatRow]
    edition: str  # the version its front page states ("v1.1"), or ""
    stated_year: int | None  # the year in its "GHG Conversion Factor <year>" heading


def read_flat_file(path: Path) -> list[FlatRow]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise FlatFileError(f"{path.name} could not be read as a spreadsheet: {exc}") from exc
    return read_flat_workbook(workbook, path.name).rows


def _edition(workbook: CalamineWorkbook) -> str:
    """The version the file's front page states ("Version:" then 1.1 -> "v1.1"), or ""."""
    if "Front page" not in workbook.sheet_names:
        return ""
    for row in workbook.get_sheet_by_name("Front page").to_python()[:60]:
        cells = [c for c in row if c not in ("", None)]
        for index, cell in enumerate(cells[:-1]):
            if isinstance(cell, str) and cell.strip().lower().rstrip(":") == "version":
                version = _text(cells[index + 1])
                if version and len(version) <= 40:
                    return version if version.lower().startswith("v") else f"v{version}"
    return ""


def read_flat_workbook(workbook: CalamineWorkbook, name: str) -> FlatFile:
    """Every row of the sheet "Factors by Category", whichever edition's layout (2019-21: UOM
    (simple), GHG, Lookup; 2022: GHG/Unit; 2023 on: ID); a sheet or header it does not
    recognise is refused with the columns it needs."""
    if SHEET not in workbook.sheet_names:
        raise FlatFileError(
            f"{name} has no sheet {SHEET!r} (its sheets: {', '.join(workbook.sheet_names)}). "
            f"The government's flat file has that sheet, with a header row naming the columns "
            f"{NEEDED_COLUMNS}."
        )
    rows = workbook.get_sheet_by_name(SHEET).to_python()
    header_index = next(
        (i for i, r in enumerate(rows[:15]) if "Scope" in [_text(c) for c in r[:2]]), None
    )
    if header_index is None:
        raise FlatFileError(
            f'{name}: the sheet {SHEET!r} has no header row (a row starting with "Scope", or '
            f'"ID" then "Scope") in its first 15 rows. It needs the columns '
            f"{NEEDED_COLUMNS}."
        )
    header = [_text(c) for c in rows[header_index]]

    def col(*names: str) -> int | None:
        for name in names:
            if name in header:
                return header.index(name)
        return None

    value_col = next(
        (i for i, h in enumerate(header) if h.startswith("GHG Conversion Factor")), None
    )
    ghg_col = col("GHG", "GHG/Unit")
    unit_col = col("UOM")
    missing = [
        label
        for label, found in (
            ('"Level 1"', col("Level 1")),
            ('"Level 2"', col("Level 2")),
            ('"Level 3"', col("Level 3")),
            ('"UOM"', unit_col),
            ('"GHG" (or "GHG/Unit")', ghg_col),
            ('"GHG Conversion Factor <year>"', value_col),
        )
        if found is None
    ]
    if missing:
        raise FlatFileError(
            f"{name}: the header row (row {header_index + 1}) lacks {', '.join(missing)}. A "
            f"flat file needs the columns {NEEDED_COLUMNS}."
        )
    stated = _FACTOR_YEAR.match(header[value_col])
    cols = {
        "source_id": col("ID"),
        "scope": col("Scope"),
        "level_1": col("Level 1"),
        "level_2": col("Level 2"),
        "level_3": col("Level 3"),
        "level_4": col("Level 4"),
        "column_text": col("Column Text"),
    }
    out: list[FlatRow] = []
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cells = [_text(c) for c in row]
        if "END" in cells[:3]:
            break
        if not any(cells):
            continue

        def get(key: str, cells=cells) -> str:
            index = cols[key]
            return cells[index] if index is not None and index < len(cells) else ""

        value, value_text = _value(row[value_col] if value_col < len(row) else None)
        ghg_text = cells[ghg_col]
        out.append(
            FlatRow(
                source_row=offset,
                source_id=get("source_id"),
                scope=get("scope"),
                level_1=get("level_1"),
                level_2=get("level_2"),
                level_3=get("level_3"),
                level_4=get("level_4"),
                column_text=get("column_text"),
                unit=cells[unit_col],
                ghg_text=ghg_text,
                gas=gas_of(ghg_text),
                value=value,
                value_text=value_text,
            )
        )
    return FlatFile(
        rows=out,
        edition=_edition(workbook),
        stated_year=int(stated.group(1)) if stated else None,
    )
