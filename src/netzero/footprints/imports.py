"""Activity data from a CSV or XLSX file: every row checked first, then all saved or none.

Columns: reporting_year (2022-23), activity (a key of ACTIVITIES or SUPPLEMENTARY_ACTIVITIES),
quantity, unit; optional boundary (default NHS Carbon Footprint), reference (a site or meter:
a year, activity and reference already recorded, or twice in the file, is a duplicate) and note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from python_calamine import CalamineWorkbook

from netzero.factors.models import Factor, SupplementaryFactor
from netzero.factors.selectors import factor_get, factor_set_for
from netzero.footprints.activities import ACTIVITIES, SUPPLEMENTARY_ACTIVITIES
from netzero.footprints.models import Boundary, FootprintEntry
from netzero.footprints.units import parse_quantity, to_factor_unit
from netzero.organisations.models import Organisation
from netzero.reporting.periods import parse_quarter

REQUIRED = ["reporting_year", "activity", "quantity", "unit"]
TONNES = Decimal("0.001")
MAX_TCO2E = Decimal("1e11")  # the column holds 11 digits before the point
MAX_QUANTITY = Decimal("1e14")
COUNTS = {"inhaler", "inhalers", "each", "count", "number"}
BOUNDARIES = {b.value: b.value for b in Boundary} | {b.label.lower(): b.value for b in Boundary}


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    errors: list[str] = field(default_factory=list)


class ActivityImportRefused(Exception):
    def __init__(self, result: ImportResult):
        super().__init__(f"{len(result.errors)} problem(s); nothing saved.")
        self.result = result


def _refuse(message: str) -> ActivityImportRefused:
    return ActivityImportRefused(ImportResult(errors=[message]))


def read_rows(name: str, content: bytes) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) pairs of a CSV or XLSX file, by the file's ending.

    A file that cannot be read at all is refused here, with a message, not a crash.
    """
    if name.lower().endswith(".xlsx"):
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
            rows = sheet.to_python()
        except Exception as exc:  # calamine's own error types
            raise _refuse(f"{name} could not be read as a spreadsheet: {exc}") from exc
        header = [str(c).strip() for c in rows[0]] if rows else []

        def xlsx_rows() -> Iterator[tuple[int, dict[str, str]]]:
            for number, row in enumerate(rows[1:], start=2):
                cells = [_cell(c) for c in row]
                if any(cells):
                    yield number, dict(zip(header, cells, strict=False))

        return header, xlsx_rows()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(f"{name} is not UTF-8 text: save it as CSV UTF-8.") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header

    def csv_rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            yield reader.line_num, {k: v for k, v in row.items() if k is not None}

    return header, csv_rows()


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def activity_import(
    *,
    organisation: Organisation,
    header: list[str],
    rows: Iterable[tuple[int, dict[str, str]]],
    source: str,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    result = ImportResult()
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append(f"Header: missing column(s) {', '.join(missing)}.")
        raise ActivityImportRefused(result)
    factors: dict[tuple[int, str], Factor] = {}
    supplementary: dict[str, SupplementaryFactor] = {}
    ratios: dict[tuple[str, str], Decimal] = {}
    seen: dict[tuple[int, str, str], int] = {}
    recorded = set(
        FootprintEntry.objects.filter(organisation=organisation)
        .exclude(reference="")
        .order_by()
        .values_list("reporting_year", "activity", "reference")
    )
    entries: list[FootprintEntry] = []
    for line, raw in rows:
        row = {k: (v or "").strip() for k, v in raw.items()}
        result.rows += 1
        if progress and result.rows % 10000 == 0:
            progress(result.rows)
        entry = _row_entry(
            organisation, line, row, source, factors, supplementary, ratios, seen, recorded, result
        )
        if entry is not None:
            entries.append(entry)
    if result.rows == 0:
        result.errors.append("The file has no data rows.")
    if result.errors:
        raise ActivityImportRefused(result)
    with transaction.atomic():
        FootprintEntry.objects.bulk_create(entries, batch_size=5000)
    result.saved = len(entries)
    return result


def _row_entry(
    organisation, line, row, source, factors, supplementary, ratios, seen, recorded, result
) -> FootprintEntry | None:
    def error(message: str) -> None:
        result.errors.append(f"Row {line}: {message}")

    try:
        year = parse_quarter(f"{row.get('reporting_year', '')} Q1").year
    except ValidationError:
        error(f"reporting_year {row.get('reporting_year')!r} is not like 2022-23.")
        return None
    key = row.get("activity", "")
    if key not in ACTIVITIES and key not in SUPPLEMENTARY_ACTIVITIES:
        error(f"unknown activity {key!r} ({', '.join([*ACTIVITIES, *SUPPLEMENTARY_ACTIVITIES])}).")
        return None
    reference = row.get("reference", "")[:100]
    if (year, key, reference) in seen:
        error(f"duplicates row {seen[(year, key, reference)]} (same year, activity and reference).")
        return None
    seen[(year, key, reference)] = line
    if reference and (year, key, reference) in recorded:
        error(f"{key} for {reference} in {row['reporting_year']} is already recorded.")
        return None
    boundary = BOUNDARIES.get((row.get("boundary") or Boundary.NHS_CARBON_FOOTPRINT).lower())
    if boundary is None:
        error(f"unknown boundary {row.get('boundary')!r}.")
        return None
    unit = row.get("unit", "")
    try:
        quantity = parse_quantity(row.get("quantity", ""))
        if quantity >= MAX_QUANTITY:
            raise ValidationError(f"Quantity {row['quantity']} is too large to be right.")
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
                        f"{unit or 'no unit'} does not count inhalers: use 'inhalers'."
                    )
                ratio = Decimal(1)
            else:
                ratio = ratios.get((unit, factor.unit)) or to_factor_unit(
                    Decimal(1), unit, factor.unit
                )
            value, factor_row, supplementary_row = factor.kg_co2e_per_unit, None, factor
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
        ratios[(unit, getattr(factor, "unit", ""))] = ratio
        tco2e = (quantity * ratio * value / 1000).quantize(TONNES, ROUND_HALF_UP)
        if tco2e >= MAX_TCO2E:
            raise ValidationError(f"{tco2e:,.0f} tCO2e is too large to be right.")
    except ValidationError as exc:
        error(" ".join(exc.messages))
        return None
    except InvalidOperation:
        error(f"quantity {row.get('quantity')!r} is out of range.")
        return None
    return FootprintEntry(
        organisation=organisation,
        reporting_year=year,
        scope=scope,
        category=category,
        boundary=boundary,
        quantity=quantity,
        unit=unit,
        factor=factor_row,
        supplementary_factor=supplementary_row,
        tco2e=tco2e,
        activity=key,
        reference=reference,
        method=FootprintEntry.Method.CALCULATED,
        source=source,
        quality_note=row.get("note", ""),
    )


def activity_import_file(*, organisation: Organisation, path: Path, progress=None) -> ImportResult:
    header, rows = read_rows(path.name, path.read_bytes())
    return activity_import(
        organisation=organisation,
        header=header,
        rows=rows,
        source=f"Activity data import: {path.name}",
        progress=progress,
    )
