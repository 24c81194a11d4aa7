"""Loading the conversion factor library."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from netzero.factors.flatfile import read_flat_file, sha256_of
from netzero.factors.models import Factor, FactorSet
from netzero.factors.sources import SOURCES


@dataclass(frozen=True)
class LoadResult:
    factor_set: FactorSet
    rows: int
    loaded: bool  # False: the same file was already loaded, nothing changed


@transaction.atomic
def factor_set_load(*, year: int, force: bool = False) -> LoadResult:
    """Load (or reload) the shipped flat file for ``year``. All rows or none.

    The file's sha256 must match the one recorded for it; a file that has changed is refused.
    """
    source = SOURCES.get(year)
    if source is None:
        known = ", ".join(str(y) for y in SOURCES)
        raise ValidationError(f"No conversion factor set for {year}. Shipped sets: {known}.")
    digest = sha256_of(source.path)
    if digest != source.sha256:
        raise ValidationError(
            f"{source.filename} has sha256 {digest[:12]}…, not the published {source.sha256[:12]}…;"
            " refusing to load a changed file."
        )
    existing = FactorSet.objects.filter(set_year=year).first()
    if existing is not None and existing.sha256 == digest and not force:
        return LoadResult(existing, existing.factors.count(), loaded=False)
    if existing is not None and existing.factors.filter(entries__isnull=False).exists():
        raise ValidationError(
            f"The {year} factors are used by footprint figures; they stay as loaded "
            f"(sha256 {existing.sha256[:12]})."
        )
    rows = read_flat_file(source.path)
    factor_set, _ = FactorSet.objects.update_or_create(
        set_year=year,
        defaults={
            "edition": source.edition,
            "source_file": source.filename,
            "sha256": digest,
            "gwp_basis": source.gwp_basis,
        },
    )
    factor_set.factors.all().delete()
    Factor.objects.bulk_create(
        [
            Factor(
                factor_set=factor_set,
                source_row=r.source_row,
                source_id=r.source_id,
                scope=r.scope,
                level_1=r.level_1,
                level_2=r.level_2,
                level_3=r.level_3,
                level_4=r.level_4,
                column_text=r.column_text,
                unit=r.unit,
                ghg_text=r.ghg_text,
                gas=r.gas,
                value=r.value,
                value_text=r.value_text,
            )
            for r in rows
        ],
        batch_size=2000,
    )
    return LoadResult(factor_set, len(rows), loaded=True)


SUPPLEMENTARY_CSV = SOURCES[2019].path.parent.parent / "supplementary.csv"


@transaction.atomic
def supplementary_factors_load(*, path=SUPPLEMENTARY_CSV) -> int:
    """Load (replace) the supplementary factors; every row needs a value and a citation."""
    import csv
    from decimal import Decimal, InvalidOperation

    from netzero.factors.models import SupplementaryFactor

    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    errors = []
    for line, row in enumerate(rows, start=2):
        try:
            value = Decimal(row["kg_co2e_per_unit"])
            if value <= 0:
                raise InvalidOperation
        except (InvalidOperation, KeyError):
            errors.append(f"Row {line}: kg_co2e_per_unit {row.get('kg_co2e_per_unit')!r}.")
        for column in ("key", "name", "unit", "source_title", "source_year", "url"):
            if not (row.get(column) or "").strip():
                errors.append(f"Row {line}: {column} is empty: every factor needs its citation.")
    if errors:
        raise ValidationError(errors)
    for r in rows:  # updated in place: figures keep pointing at their factor
        SupplementaryFactor.objects.update_or_create(
            key=r["key"],
            defaults={
                "name": r["name"],
                "unit": r["unit"],
                "kg_co2e_per_unit": Decimal(r["kg_co2e_per_unit"]),
                "gwp_basis": r["gwp_basis"],
                "source_title": r["source_title"],
                "source_publisher": r["source_publisher"],
                "source_year": int(r["source_year"]),
                "source_locator": r["source_locator"],
                "url": r["url"],
                "note": r["note"],
            },
        )
    SupplementaryFactor.objects.exclude(key__in=[r["key"] for r in rows]).filter(
        entries__isnull=True
    ).delete()
    return len(rows)
