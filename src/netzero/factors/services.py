"""Loading the conversion factor library."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from python_calamine import CalamineWorkbook

from netzero.core.exceptions import Refused
from netzero.core.permissions import Permission
from netzero.core.uploads import SheetLimits, SpreadsheetRefused, megabytes, xlsx_check
from netzero.core.years import financial_year_label
from netzero.factors.flatfile import (
    FlatFileError,
    read_flat_file,
    read_flat_workbook,
    sha256_of,
)
from netzero.factors.models import Factor, FactorSet, SetYearChoice
from netzero.factors.sources import SOURCES, set_year_for_reporting_year


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
            "origin": FactorSet.Origin.SHIPPED,
        },
    )
    _rows_replace(factor_set, rows)
    return LoadResult(factor_set, len(rows), loaded=True)


def _rows_replace(factor_set: FactorSet, rows) -> None:
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


# --- A flat file the user supplies (a year the product does not ship) -----------------------

SUPPLIED_LIMITS = SheetLimits(rows=100_000, columns=1_000, cells=2_000_000, csv_accepted=False)
GWP_FROM_2023 = 2023  # the government's files use IPCC AR5 values from the 2023 set on


def _supplied_workbook(path: Path, content: bytes):
    """The workbook, read only after the checks that keep a file from hurting the server."""
    name = path.name
    limit = settings.NETZERO_UPLOAD_MAX_BYTES
    if len(content) > limit:
        raise Refused(
            f"{name} is larger than {megabytes(limit)}, the most a file may be (the government's "
            "flat files are about 2 MB).",
            code="too_large",
        )
    suffix = path.suffix.lower()
    if suffix not in (".xls", ".xlsx"):
        raise Refused(
            f"{name} is not a spreadsheet the product reads: the government's flat file is an "
            "Excel workbook (.xls or .xlsx) with the sheet 'Factors by Category'.",
            code="not_a_spreadsheet",
        )
    if suffix == ".xlsx":
        try:
            xlsx_check(content, limits=SUPPLIED_LIMITS)
        except SpreadsheetRefused as exc:
            raise Refused(f"{name} is refused: {exc}", code="not_a_spreadsheet") from exc
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(content))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors, and a Rust panic (not an Exception)
        raise Refused(
            f"{name} could not be read as a spreadsheet ({str(exc)[:200]}): the government's "
            "flat file is an Excel workbook (.xls or .xlsx).",
            code="not_a_spreadsheet",
        ) from exc


@transaction.atomic
def factor_set_load_file(
    *, path: Path | str, year: int, edition: str = "", gwp: str | None = None
) -> LoadResult:
    """Load a UK Government flat file someone downloaded themselves as the ``year`` set: for a
    year the product does not ship (before 2019, or newer than it). All rows or none.

    Any edition's layout is read (2019-21, 2022, 2023 on); the file name, its sha256 and its
    edition (``edition``, else the version its front page states, else "as supplied") are
    recorded, and the set is marked as supplied. GWP basis: ``gwp``, else AR4 before 2023 and
    AR5 from 2023, as the government's files changed. A set already used by figures stays."""
    path = Path(path)
    if year in SOURCES:
        raise Refused(
            f"The {year} factors ship with the product, checked against their published "
            f"sha256: load them with netzero factors load --year {year}.",
            code="shipped_year",
        )
    if not 1990 <= year <= 2100:
        raise Refused(f"{year} is not a set year (like 2016).", code="bad_year")
    if gwp is not None and gwp not in FactorSet.GwpBasis.values:
        raise Refused(
            f"GWP basis {gwp!r} is not one of {', '.join(FactorSet.GwpBasis.values)}.",
            code="bad_gwp",
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise Refused(
            f"{path} could not be read: {exc.strerror or exc}.", code="unreadable"
        ) from exc
    workbook = _supplied_workbook(path, content)
    try:
        flat = read_flat_workbook(workbook, path.name)
    except FlatFileError as exc:
        raise Refused(str(exc), code="layout_not_recognised") from exc
    if not flat.rows:
        raise Refused(
            f"{path.name} has no data rows below its header in the sheet 'Factors by Category'.",
            code="no_rows",
        )
    if flat.stated_year is not None and flat.stated_year != year:
        raise Refused(
            f"{path.name} gives the GHG Conversion Factor {flat.stated_year}, not {year}: load "
            f"it as the {flat.stated_year} set (--year {flat.stated_year}).",
            code="year_mismatch",
        )
    digest = hashlib.sha256(content).hexdigest()
    existing = FactorSet.objects.filter(set_year=year).first()
    if existing is not None and existing.sha256 == digest:
        return LoadResult(existing, existing.factors.count(), loaded=False)
    if existing is not None and existing.factors.filter(entries__isnull=False).exists():
        raise Refused(
            f"The {year} factors are used by footprint figures; they stay as loaded (from "
            f"{existing.source_file}, sha256 {existing.sha256[:12]}).",
            code="set_in_use",
        )
    stated = " ".join(str(edition or "").split()) or flat.edition or "as supplied"
    factor_set, _ = FactorSet.objects.update_or_create(
        set_year=year,
        defaults={
            "edition": stated[:100],
            "source_file": path.name[:300],
            "sha256": digest,
            "gwp_basis": gwp or ("AR5" if year >= GWP_FROM_2023 else "AR4"),
            "origin": FactorSet.Origin.SUPPLIED,
        },
    )
    _rows_replace(factor_set, flat.rows)
    return LoadResult(factor_set, len(flat.rows), loaded=True)


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


# --- The factor set an organisation uses for a reporting year ------------------------------

REASON_MAX = SetYearChoice._meta.get_field("reason").max_length


def _history_note(text: str) -> str:
    limit = SetYearChoice.history.model._meta.get_field("history_change_reason").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(user) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


def _check_chooser(organisation, user) -> None:
    if user is not None and not user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied(
            f"You do not have permission to choose the conversion factors for {organisation}."
        )


def _figures_with_other_sets(*, organisation, reporting_year: int, set_year: int) -> None:
    """Refused while figures of that year were calculated with another set's factors: a year
    never mixes two sets' factors."""
    used = (
        Factor.objects.filter(
            entries__organisation=organisation, entries__reporting_year=reporting_year
        )
        .exclude(factor_set__set_year=set_year)
        .order_by()
        .values_list("factor_set__set_year", "entries__batch")
        .distinct()
    )
    found = list(used)
    if not found:
        return
    years = sorted({y for y, _ in found})
    batches = sorted({b for _, b in found if b is not None})
    figures = (
        Factor.objects.filter(
            entries__organisation=organisation, entries__reporting_year=reporting_year
        )
        .exclude(factor_set__set_year=set_year)
        .values("entries")
        .count()
    )
    label = financial_year_label(reporting_year)
    imports = f" (import {', '.join(str(b) for b in batches)})" if batches else ""
    raise Refused(
        f"{organisation} has {figures:,} figure(s) for {label} calculated with the "
        f"{' and '.join(str(y) for y in years)} factors{imports}. Undo those imports first, then "
        f"choose the {set_year} factors and import the activity data again, so that no year "
        "mixes two sets' factors.",
        code="figures_use_another_set",
    )


@transaction.atomic
def set_year_choose(
    *,
    organisation,
    reporting_year: int,
    set_year: int,
    reason: str,
    user=None,
    who: str = "",
) -> SetYearChoice:
    """Use the ``set_year`` factors for the organisation's ``reporting_year`` (2016 for 2016-17).

    The set must be loaded; a reason is required when it is not the default set (the set of the
    calendar year the reporting year starts in); refused while figures of that year were
    calculated with another set's factors. ``user``, when given, must be allowed to manage the
    organisation's plan; ``who`` names whoever acted otherwise (the command line). The choice's
    history records the person and the reason."""
    _check_chooser(organisation, user)
    label = financial_year_label(reporting_year)
    reason = " ".join(str(reason or "").split())
    if not FactorSet.objects.filter(set_year=set_year).exists():
        loaded = ", ".join(str(y) for y in FactorSet.objects.values_list("set_year", flat=True))
        how = (
            f"netzero factors load --year {set_year}"
            if set_year in SOURCES
            else f"netzero factors load --file PATH --year {set_year}"
        )
        raise Refused(
            f"The {set_year} conversion factors are not loaded (loaded: {loaded or 'none'}). "
            f"Load them first: {how}.",
            code="set_not_loaded",
        )
    default = set_year_for_reporting_year(reporting_year)
    if set_year != default and not reason:
        raise Refused(
            f"Say why {organisation} uses the {set_year} factors for {label} rather than the "
            f"{default} set: a reason is required when the set is not the default.",
            code="reason_required",
        )
    if len(reason) > REASON_MAX:
        raise Refused(
            f"The reason is {len(reason):,} characters long; at most {REASON_MAX} fit.",
            code="reason_too_long",
        )
    _figures_with_other_sets(
        organisation=organisation, reporting_year=reporting_year, set_year=set_year
    )
    choice = SetYearChoice.objects.filter(
        organisation=organisation, reporting_year=reporting_year
    ).first() or SetYearChoice(organisation=organisation, reporting_year=reporting_year)
    choice.set_year = set_year
    choice.reason = reason
    by = _name(user) if user is not None else who
    choice._history_user = user
    choice._change_reason = _history_note(
        f"{set_year} factors for {label}{' by ' + by if by else ''}: {reason or 'the default'}"
    )
    choice.save()
    return choice


@transaction.atomic
def set_year_clear(
    *, organisation, reporting_year: int, reason: str = "", user=None, who: str = ""
) -> bool:
    """Go back to the default set for the reporting year (False: no choice was recorded).
    Refused, like a choice, while figures of that year use another set's factors."""
    _check_chooser(organisation, user)
    choice = SetYearChoice.objects.filter(
        organisation=organisation, reporting_year=reporting_year
    ).first()
    if choice is None:
        return False
    default = set_year_for_reporting_year(reporting_year)
    _figures_with_other_sets(
        organisation=organisation, reporting_year=reporting_year, set_year=default
    )
    by = _name(user) if user is not None else who
    choice._history_user = user
    choice._change_reason = _history_note(
        f"Back to the default {default} factors for {financial_year_label(reporting_year)}"
        f"{' by ' + by if by else ''}{': ' + reason if reason else ''}"
    )
    choice.delete()
    return True
