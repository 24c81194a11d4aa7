"""Importing the local authority emissions CSV: all rows or none, with row-level errors."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from netzero.core.exceptions import ImportRefused
from netzero.core.public_pages import public_pages_changed
from netzero.territorial.models import AreaDataset, AreaEmission, AreaYear

REQUIRED = ["Year", "local-authority-code", "official-name", "Total Emissions:kt CO2"]
NOT_SECTORS = {"Total Emissions", "Population", "Per Person Emissions", "Area", "Emissions per km2"}


@dataclass
class ImportReport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    dataset: AreaDataset | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class AreaImportRefused(ImportRefused):
    """A local authority emissions file refused as a whole; ``report`` holds every problem."""

    def __init__(self, report: ImportReport):
        super().__init__(report.errors, rows=report.rows)
        self.report = report


def _number(text: str) -> Decimal:
    value = Decimal(text.strip())
    if not value.is_finite():
        raise InvalidOperation
    return value


def _sector(measure: str) -> str:
    for prefix in (
        "Industry",
        "Commercial",
        "Public Sector",
        "Domestic",
        "Transport",
        "Agriculture",
        "Waste Management",
        "Large Industrial Installations",
        "Industrial",
        "Road Transport",
    ):
        if measure.startswith(prefix):
            return {
                "Large Industrial Installations": "Industry",
                "Industrial": "Industry",
                "Road Transport": "Transport",
            }.get(prefix, prefix)
    return "Other"


def area_emissions_import(
    *,
    path: Path,
    title: str = "UK local authority CO2 emissions 2005-2020",
    licence: str = "CC-BY-4.0",
    attribution: str = "mySociety, from the UK Government's local authority "
    "CO2 emissions statistics",
) -> ImportReport:
    """Validate every row first; write nothing unless all are good; then replace the dataset."""
    report = ImportReport()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            report.errors.append(f"Header: missing column(s) {', '.join(missing)}.")
            raise AreaImportRefused(report)
        measures = [
            c for c in header if c.endswith(":kt CO2") and c.split(":")[0] not in NOT_SECTORS
        ]
        seen: set[tuple[str, int]] = set()
        parsed = []
        for line, row in enumerate(reader, start=2):
            report.rows += 1
            try:
                year = int(row["Year"])
            except (TypeError, ValueError):
                report.errors.append(f"Row {line}: Year {row.get('Year')!r} is not a year.")
                continue
            code = (row["local-authority-code"] or "").strip()
            if not code:
                report.errors.append(f"Row {line}: no local-authority-code.")
                continue
            if (code, year) in seen:
                report.errors.append(f"Row {line}: {code} {year} appears twice.")
                continue
            seen.add((code, year))
            values: dict[str, Decimal] = {}
            for column in [*measures, "Total Emissions:kt CO2"]:
                try:
                    values[column] = _number(row[column])
                except (InvalidOperation, AttributeError):
                    report.errors.append(
                        f"Row {line}: {column} {row.get(column)!r} is not a number."
                    )
            optional = {}
            for column in ("Population:000s", "Area:km2"):
                try:
                    optional[column] = _number(row[column]) if row.get(column) else None
                except InvalidOperation:
                    report.errors.append(
                        f"Row {line}: {column} {row.get(column)!r} is not a number."
                    )
            parsed.append((code, row["official-name"].strip(), year, values, optional))
    if report.errors:
        raise AreaImportRefused(report)
    with transaction.atomic():
        AreaDataset.objects.filter(title=title).delete()
        dataset = AreaDataset.objects.create(
            title=title,
            source_file=path.name,
            sha256=digest,
            licence=licence,
            attribution=attribution,
            rows=report.rows,
        )
        years = AreaYear.objects.bulk_create(
            [
                AreaYear(
                    dataset=dataset,
                    authority_code=code,
                    authority_name=name,
                    year=year,
                    total_kt_co2=values["Total Emissions:kt CO2"],
                    population_thousands=optional.get("Population:000s"),
                    area_km2=optional.get("Area:km2"),
                )
                for code, name, year, values, optional in parsed
            ],
            batch_size=2000,
        )
        AreaEmission.objects.bulk_create(
            [
                AreaEmission(
                    area_year=area_year,
                    sector=_sector(column.split(":")[0]),
                    measure=column.split(":")[0],
                    is_sector_total=column.split(":")[0].endswith("Total"),
                    kt_co2=values[column],
                )
                for area_year, (_, _, _, values, _) in zip(years, parsed, strict=True)
                for column in measures
            ],
            batch_size=5000,
        )
        # Written in bulk (no signals): the home and organisation pages link areas by these.
        public_pages_changed()
    report.dataset = dataset
    return report
