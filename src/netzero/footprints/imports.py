"""Activity data from a CSV or XLSX file: every row checked first, then all saved or none.

Columns: reporting_year (2022-23), activity (a key of ACTIVITIES), quantity, unit; optional
boundary (default NHS Carbon Footprint), reference (a site or meter: two rows with the same
year, activity and reference are a duplicate) and note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from python_calamine import CalamineWorkbook

from netzero.factors.models import Factor, SupplementaryFactor
from netzero.factors.selectors import factor_get, factor_set_for
from netzero.footprints.activities import ACTIVITIES, SUPPLEMENTARY_ACTIVITIES, Activity
from netzero.footprints.models import Boundary, FootprintEntry
from netzero.footprints.units import parse_quantity, to_factor_unit
from netzero.organisations.models import Organisation
from netzero.reporting.periods import parse_quarter

REQUIRED = ["reporting_year", "activity", "quantity", "unit"]
TONNES = Decimal("0.001")


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    errors: list[str] = field(default_factory=list)


class ActivityImportRefused(Exception):
    def __init__(self, result: ImportResult):
        super().__init__(f"{len(result.errors)} problem(s); nothing saved.")
        self.result = result


def read_rows(name: str, content: bytes) -> Iterator[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts of text, by the file's ending."""
    if name.lower().endswith((".xlsx", ".xls")):
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = workbook.get_sheet_by_index(0).to_python()
        header = [str(c).strip() for c in rows[0]] if rows else []
        for row in rows[1:]:
            yield {h: ("" if c is None else str(c)) for h, c in zip(header, row, strict=False)}
    else:
        text = content.decode("utf-8-sig")
        yield from csv.DictReader(io.StringIO(text))


def activity_import(
    *,
    organisation: Organisation,
    rows: Iterable[dict[str, str]],
    source: str,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    result = ImportResult()
    factors: dict[tuple[int, str], Factor] = {}
    ratios: dict[tuple[str, str], Decimal] = {}
    seen: dict[tuple[int, str, str], int] = {}
    boundaries = {b.value: b.value for b in Boundary} | {b.label.lower(): b.value for b in Boundary}
    entries: list[FootprintEntry] = []
    supplementary: dict[str, SupplementaryFactor] = {}
    for line, row in enumerate(rows, start=2):
        result.rows += 1
        if line == 2:
            missing = [c for c in REQUIRED if c not in row]
            if missing:
                result.errors.append(f"Header: missing column(s) {', '.join(missing)}.")
                raise ActivityImportRefused(result)
        if progress and result.rows % 10000 == 0:
            progress(result.rows)
        try:
            year = parse_quarter(f"{row['reporting_year'].strip()} Q1").year
        except ValidationError:
            result.errors.append(
                f"Row {line}: reporting_year {row['reporting_year']!r} is not like 2022-23."
            )
            continue
        activity_key = row["activity"].strip()
        if activity_key in SUPPLEMENTARY_ACTIVITIES:
            entry = _supplementary_entry(
                organisation, year, activity_key, row, line, result, supplementary, seen, source
            )
            if entry is not None:
                entries.append(entry)
            continue
        activity: Activity | None = ACTIVITIES.get(activity_key)
        if activity is None:
            known = ", ".join([*ACTIVITIES, *SUPPLEMENTARY_ACTIVITIES])
            result.errors.append(f"Row {line}: unknown activity {row['activity']!r} ({known}).")
            continue
        reference = (row.get("reference") or "").strip()
        key = (year, activity.key, reference)
        if key in seen:
            result.errors.append(
                f"Row {line}: duplicates row {seen[key]} (same year, activity and reference)."
            )
            continue
        seen[key] = line
        boundary = boundaries.get((row.get("boundary") or "nhs_cf").strip().lower())
        if boundary is None:
            result.errors.append(f"Row {line}: unknown boundary {row.get('boundary')!r}.")
            continue
        try:
            quantity = parse_quantity(row["quantity"])
            factor = factors.get((year, activity.key))
            if factor is None:
                factor = factor_get(
                    factor_set=factor_set_for(reporting_year=year, organisation=organisation),
                    level_1=activity.level_1,
                    level_2=activity.level_2,
                    level_3=activity.level_3,
                    unit=activity.factor_unit,
                    scope=f"Scope {activity.scope}",
                )
                factors[(year, activity.key)] = factor
            unit = row["unit"].strip()
            ratio = ratios.get((unit, factor.unit))
            if ratio is None:  # pint once per unit pair; then plain multiplication
                ratio = to_factor_unit(Decimal(1), unit, factor.unit)
                ratios[(unit, factor.unit)] = ratio
        except ValidationError as exc:
            result.errors.append(f"Row {line}: {' '.join(exc.messages)}")
            continue
        entries.append(
            FootprintEntry(
                organisation=organisation,
                reporting_year=year,
                scope=activity.scope,
                category=activity.category,
                boundary=boundary,
                quantity=quantity,
                unit=unit,
                factor=factor,
                tco2e=(quantity * ratio * factor.value / 1000).quantize(TONNES, ROUND_HALF_UP),
                method=FootprintEntry.Method.CALCULATED,
                source=source,
                quality_note=(row.get("note") or "").strip(),
            )
        )
    if result.errors:
        raise ActivityImportRefused(result)
    with transaction.atomic():
        FootprintEntry.objects.bulk_create(entries, batch_size=5000)
    result.saved = len(entries)
    return result


def activity_import_file(*, organisation: Organisation, path: Path, progress=None) -> ImportResult:
    return activity_import(
        organisation=organisation,
        rows=read_rows(path.name, path.read_bytes()),
        source=f"Activity data import: {path.name}",
        progress=progress,
    )


_COUNTS = {"inhaler", "inhalers", "each", "count", "number"}


def _supplementary_entry(organisation, year, key, row, line, result, cache, seen, source):
    """A figure from a cited supplementary factor (kg of agent, or inhalers dispensed)."""
    reference = (row.get("reference") or "").strip()
    if (year, key, reference) in seen:
        result.errors.append(
            f"Row {line}: duplicates row {seen[(year, key, reference)]} (same year, activity "
            "and reference)."
        )
        return None
    seen[(year, key, reference)] = line
    factor = cache.get(key)
    if factor is None:
        factor = SupplementaryFactor.objects.filter(key=key).first()
        if factor is None:
            result.errors.append(
                f"Row {line}: the supplementary factor {key!r} is not loaded "
                "(netzero factors load --supplementary)."
            )
            return None
        cache[key] = factor
    unit = row["unit"].strip()
    try:
        quantity = parse_quantity(row["quantity"])
        if factor.unit == "inhaler":
            if unit.lower() not in _COUNTS:
                raise ValidationError(f"{unit} does not count inhalers: use 'inhalers'.")
            ratio = Decimal(1)
        else:
            ratio = to_factor_unit(Decimal(1), unit, factor.unit)
    except ValidationError as exc:
        result.errors.append(f"Row {line}: {' '.join(exc.messages)}")
        return None
    category, scope = SUPPLEMENTARY_ACTIVITIES[key]
    boundary = (row.get("boundary") or Boundary.NHS_CARBON_FOOTPRINT).strip().lower()
    return FootprintEntry(
        organisation=organisation,
        reporting_year=year,
        scope=scope,
        category=category,
        boundary=boundary if boundary in Boundary.values else Boundary.NHS_CARBON_FOOTPRINT,
        quantity=quantity,
        unit=unit,
        supplementary_factor=factor,
        tco2e=(quantity * ratio * factor.kg_co2e_per_unit / 1000).quantize(TONNES, ROUND_HALF_UP),
        method=FootprintEntry.Method.CALCULATED,
        source=source,
        quality_note=(row.get("note") or "").strip(),
    )
