"""Writes for footprints: stated totals, reported figures, figures calculated from activity,
and activity data imports (each one a recorded batch that can be undone or replaced)."""

from __future__ import annotations

import copy
import getpass
import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import chain, islice

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import dateformat, timezone

from netzero.core.permissions import Permission
from netzero.core.public_pages import public_pages_changed
from netzero.core.years import financial_year_label
from netzero.factors.models import Factor
from netzero.factors.selectors import factor_get, factor_set_for
from netzero.footprints.calculation import tonnes_co2e
from netzero.footprints.imports import (
    SAVED_COLUMNS,
    ActivityImportDuplicate,
    ActivityImportRefused,
    CheckedFigures,
    ImportResult,
    Rows,
    activity_rows_check,
    read_rows,
)
from netzero.footprints.models import FootprintEntry, ImportBatch, StatedTotal, Target
from netzero.footprints.units import parse_quantity, to_factor_unit
from netzero.organisations.models import Organisation

MAX_TCO2E = Decimal("1e11")  # tco2e columns: 14 digits, 3 of them after the point

# What a person gives for each kind of record (the keywords of its record and update services),
# in the order the pages and the admin ask for them.
REPORTED_FIGURE_FIELDS = [
    "reporting_year",
    "scope",
    "category",
    "boundary",
    "tco2e",
    "itemises",
    "source",
    "quality_note",
]
STATED_TOTAL_FIELDS = [
    "reporting_year",
    "label",
    "boundary",
    "tco2e",
    "parts_complete",
    "parent",
    "source",
    "quality_note",
]
TARGET_FIELDS = [
    "description",
    "boundary",
    "covers",
    "baseline_year",
    "baseline_tco2e",
    "target_year",
    "reduction_percent",
    "source",
]


# --- Reported figures, stated totals and targets, as an organisation's managers record them --


def _figure(value: Decimal | int | str, field: str = "tco2e") -> Decimal:
    """A tCO2e figure (to 3 places, below 1e11, not negative), its refusal beside ``field``."""
    try:
        return parse_quantity(value, places=3, below=MAX_TCO2E)
    except ValidationError as exc:
        raise ValidationError({field: [_figure_refusal(value, exc)]}) from exc


def _figure_refusal(value: object, exc: ValidationError) -> str:
    """parse_quantity's refusal in a form's words (it speaks of quantities in a file)."""
    shown = " ".join(str(value).split())[:40]
    if exc.code == "negative":
        return f"Emissions are zero or more ({shown} is given)."
    if exc.code == "too_many_places":
        return f"{shown} has more than 3 decimal places: give the tonnes to the kilogram at most."
    if exc.code == "too_large":
        return f"{shown} tCO2e is too large to be right."
    if exc.code == "too_many_digits":
        return f"{shown} has more than 15 significant digits: round it."
    return " ".join(m.replace(" in the file", "") for m in exc.messages)


def _as_user(record, user: AbstractBaseUser | None):
    """The history row of the next save or delete carries ``user`` (when one is given; else the
    page's request user, set by simple-history's middleware)."""
    if user is not None:
        record._history_user = user
    return record


def _check_manager(user: AbstractBaseUser | None, organisation: Organisation) -> None:
    if user is not None and not user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied(
            f"You do not have permission to change footprint figures or targets of {organisation}."
        )


def _same_org_and_year(
    part: StatedTotal | None, *, organisation: Organisation, reporting_year: int, field: str
) -> None:
    if part is None:
        return
    if part.organisation_id != organisation.pk or part.reporting_year != reporting_year:
        raise ValidationError(
            {
                field: f"{part.label} is {part.organisation}'s total for "
                f"{financial_year_label(part.reporting_year)}: a part must be of the same "
                f"organisation and reporting year ({financial_year_label(reporting_year)})."
            },
            code="part_elsewhere",
        )


def _clean_save(record, user: AbstractBaseUser | None):
    record.full_clean()
    _as_user(record, user).save()
    return record


def _total_fill(
    total: StatedTotal,
    *,
    reporting_year: int,
    label: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    quality_note: str,
    parent: StatedTotal | None,
    parts_complete: bool,
) -> StatedTotal:
    if not (source or "").strip():
        raise ValidationError({"source": "Say where the total is printed."}, code="no_source")
    _same_org_and_year(
        parent, organisation=total.organisation, reporting_year=reporting_year, field="parent"
    )
    ancestor = parent
    while ancestor is not None:  # a total cannot be a part of itself, however far up
        if total.pk is not None and ancestor.pk == total.pk:
            raise ValidationError(
                {"parent": "A total cannot be a part of itself or of one of its parts."},
                code="part_of_itself",
            )
        ancestor = ancestor.parent
    total.reporting_year = reporting_year
    total.label = label
    total.boundary = boundary
    total.tco2e = _figure(tco2e)
    total.source = source
    total.quality_note = quality_note
    total.parent = parent
    total.parts_complete = parts_complete
    return total


@transaction.atomic
def stated_total_record(
    *,
    organisation: Organisation,
    reporting_year: int,
    label: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    quality_note: str = "",
    parent: StatedTotal | None = None,
    parts_complete: bool = False,
    user: AbstractBaseUser | None = None,
) -> StatedTotal:
    """A total as the organisation states it, optionally a part of another of its totals."""
    _check_manager(user, organisation)
    total = _total_fill(
        StatedTotal(organisation=organisation),
        reporting_year=reporting_year,
        label=label,
        boundary=boundary,
        tco2e=tco2e,
        source=source,
        quality_note=quality_note,
        parent=parent,
        parts_complete=parts_complete,
    )
    return _clean_save(total, user)


def _total_year_kept(total: StatedTotal, reporting_year: int) -> None:
    if (
        total.pk is not None
        and reporting_year != total.reporting_year
        and (total.components.exists() or total.entries.exists())
    ):
        raise ValidationError(
            {
                "reporting_year": "This total has parts in "
                f"{financial_year_label(total.reporting_year)}: change or remove them first."
            },
            code="has_parts",
        )


def stated_total_check(*, total: StatedTotal, **fields) -> None:
    """Refuses, as ``stated_total_record``/``stated_total_update`` would, without saving (the
    admin's form checks with it; ``total`` is the record as stored, or a new one)."""
    stored = StatedTotal.objects.get(pk=total.pk) if total.pk else total
    _total_year_kept(stored, fields["reporting_year"])
    _total_fill(copy.copy(stored), **fields).full_clean()


@transaction.atomic
def stated_total_update(
    *,
    total: StatedTotal,
    reporting_year: int,
    label: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    quality_note: str = "",
    parent: StatedTotal | None = None,
    parts_complete: bool = False,
    user: AbstractBaseUser | None = None,
) -> StatedTotal:
    """Corrects a stated total. Its year cannot move away from the parts that itemise it."""
    _check_manager(user, total.organisation)
    total = StatedTotal.objects.select_for_update().get(pk=total.pk)
    _total_year_kept(total, reporting_year)
    _total_fill(
        total,
        reporting_year=reporting_year,
        label=label,
        boundary=boundary,
        tco2e=tco2e,
        source=source,
        quality_note=quality_note,
        parent=parent,
        parts_complete=parts_complete,
    )
    return _clean_save(total, user)


@transaction.atomic
def stated_total_delete(*, total: StatedTotal, user: AbstractBaseUser | None = None) -> None:
    """Deletes a stated total that nothing itemises (its history kept)."""
    _check_manager(user, total.organisation)
    total = StatedTotal.objects.select_for_update().get(pk=total.pk)
    parts = total.components.count() + total.entries.count()
    if parts:
        raise ValidationError(
            f"{total.label} ({financial_year_label(total.reporting_year)}) has {parts} "
            f"part{'s' if parts != 1 else ''} itemising it: remove or move them first.",
            code="has_parts",
        )
    _as_user(total, user).delete()


def _reported_fill(
    entry: FootprintEntry,
    *,
    reporting_year: int,
    category: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    scope: int | None,
    itemises: StatedTotal | None,
    quality_note: str,
) -> FootprintEntry:
    if not (source or "").strip():
        raise ValidationError({"source": "Say where the figure is printed."}, code="no_source")
    _same_org_and_year(
        itemises, organisation=entry.organisation, reporting_year=reporting_year, field="itemises"
    )
    entry.reporting_year = reporting_year
    entry.category = category
    entry.boundary = boundary
    entry.tco2e = _figure(tco2e)
    entry.source = source
    entry.scope = scope
    entry.itemises = itemises
    entry.quality_note = quality_note
    entry.method = FootprintEntry.Method.REPORTED
    return entry


@transaction.atomic
def entry_report(
    *,
    organisation: Organisation,
    reporting_year: int,
    category: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    scope: int | None = None,
    itemises: StatedTotal | None = None,
    quality_note: str = "",
    user: AbstractBaseUser | None = None,
) -> FootprintEntry:
    """A figure as an organisation reported it."""
    _check_manager(user, organisation)
    entry = _reported_fill(
        FootprintEntry(organisation=organisation),
        reporting_year=reporting_year,
        category=category,
        boundary=boundary,
        tco2e=tco2e,
        source=source,
        scope=scope,
        itemises=itemises,
        quality_note=quality_note,
    )
    return _clean_save(entry, user)


def _reported_only(entry: FootprintEntry) -> None:
    if entry.method != FootprintEntry.Method.REPORTED:
        where = f"import {entry.batch_id}" if entry.batch_id else "the activity data it came from"
        raise ValidationError(
            f"This figure was calculated from activity data: it belongs to {where}, and is "
            "corrected by undoing or replacing that import on the activity data page.",
            code="calculated_figure",
        )


def entry_reported_check(*, entry: FootprintEntry, **fields) -> None:
    """Refuses, as ``entry_report``/``entry_reported_update`` would, without saving."""
    if entry.pk:
        entry = FootprintEntry.objects.get(pk=entry.pk)
        _reported_only(entry)
    _reported_fill(copy.copy(entry), **fields).full_clean()


@transaction.atomic
def entry_reported_update(
    *,
    entry: FootprintEntry,
    reporting_year: int,
    category: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    scope: int | None = None,
    itemises: StatedTotal | None = None,
    quality_note: str = "",
    user: AbstractBaseUser | None = None,
) -> FootprintEntry:
    """Corrects a reported figure (a calculated one is corrected through its import)."""
    _check_manager(user, entry.organisation)
    entry = FootprintEntry.objects.select_for_update().get(pk=entry.pk)
    _reported_only(entry)
    _reported_fill(
        entry,
        reporting_year=reporting_year,
        category=category,
        boundary=boundary,
        tco2e=tco2e,
        source=source,
        scope=scope,
        itemises=itemises,
        quality_note=quality_note,
    )
    return _clean_save(entry, user)


@transaction.atomic
def entry_delete(*, entry: FootprintEntry, user: AbstractBaseUser | None = None) -> None:
    """Deletes a reported figure (its history kept); a calculated one is undone with its import."""
    _check_manager(user, entry.organisation)
    entry = FootprintEntry.objects.select_for_update().get(pk=entry.pk)
    _reported_only(entry)
    _as_user(entry, user).delete()


def _target_fill(
    target: Target,
    *,
    description: str,
    target_year: int,
    reduction_percent: Decimal | int | str,
    source: str,
    boundary: str,
    covers: str,
    baseline_year: int | None,
    baseline_tco2e: Decimal | int | str | None,
) -> Target:
    errors: dict[str, str] = {}
    if not (description or "").strip():
        errors["description"] = "Say what the target is, as the source words it."
    if not (source or "").strip():
        errors["source"] = "Say where the target is published."
    try:
        percent = parse_quantity(reduction_percent, places=2, below=Decimal(1000))
    except ValidationError as exc:
        errors["reduction_percent"] = " ".join(exc.messages)
        percent = None
    if percent is not None and percent > 100:
        errors["reduction_percent"] = "A reduction is between 0 and 100% (100% is net zero)."
    baseline = None
    if baseline_tco2e not in (None, ""):
        if baseline_year is None:
            errors["baseline_tco2e"] = "A baseline figure needs its baseline year."
        try:
            baseline = _figure(baseline_tco2e, "baseline_tco2e")
        except ValidationError as exc:
            errors.setdefault("baseline_tco2e", " ".join(exc.messages))
    if baseline_year is not None and target_year <= baseline_year:
        errors["target_year"] = (
            f"The target year ({target_year}) must come after the baseline year "
            f"({financial_year_label(baseline_year)})."
        )
    if errors:
        raise ValidationError(errors)
    target.description = description
    target.target_year = target_year
    target.reduction_percent = percent
    target.source = source
    target.boundary = boundary
    target.covers = covers
    target.baseline_year = baseline_year
    target.baseline_tco2e = baseline
    return target


@transaction.atomic
def target_record(
    *,
    organisation: Organisation,
    description: str,
    target_year: int,
    reduction_percent: Decimal | int | str,
    source: str,
    boundary: str = "",
    covers: str = "",
    baseline_year: int | None = None,
    baseline_tco2e: Decimal | int | str | None = None,
    user: AbstractBaseUser | None = None,
) -> Target:
    """A reduction target (100% for net zero) by a year, from a baseline year if stated."""
    _check_manager(user, organisation)
    target = _target_fill(
        Target(organisation=organisation),
        description=description,
        target_year=target_year,
        reduction_percent=reduction_percent,
        source=source,
        boundary=boundary,
        covers=covers,
        baseline_year=baseline_year,
        baseline_tco2e=baseline_tco2e,
    )
    return _clean_save(target, user)


def target_check(*, target: Target, **fields) -> None:
    """Refuses, as ``target_record``/``target_update`` would, without saving."""
    _target_fill(copy.copy(target), **fields).full_clean()


@transaction.atomic
def target_update(
    *,
    target: Target,
    description: str,
    target_year: int,
    reduction_percent: Decimal | int | str,
    source: str,
    boundary: str = "",
    covers: str = "",
    baseline_year: int | None = None,
    baseline_tco2e: Decimal | int | str | None = None,
    user: AbstractBaseUser | None = None,
) -> Target:
    _check_manager(user, target.organisation)
    target = Target.objects.select_for_update().get(pk=target.pk)
    _target_fill(
        target,
        description=description,
        target_year=target_year,
        reduction_percent=reduction_percent,
        source=source,
        boundary=boundary,
        covers=covers,
        baseline_year=baseline_year,
        baseline_tco2e=baseline_tco2e,
    )
    return _clean_save(target, user)


@transaction.atomic
def target_delete(*, target: Target, user: AbstractBaseUser | None = None) -> None:
    _check_manager(user, target.organisation)
    _as_user(Target.objects.select_for_update().get(pk=target.pk), user).delete()


def emissions_tco2e(*, quantity: Decimal, unit: str, factor: Factor) -> Decimal:
    """Quantity x the published factor (kg CO2e per factor unit), in tonnes, to 3 places."""
    if factor.value is None:
        raise ValidationError(f"{factor} is not published.", code="factor_not_published")
    in_factor_unit = to_factor_unit(quantity, unit, factor.unit)
    return tonnes_co2e(quantity=in_factor_unit, kg_co2e_per_unit=factor.value)


@transaction.atomic
def entry_calculate(
    *,
    organisation: Organisation,
    reporting_year: int,
    category: str,
    boundary: str,
    scope: int,
    quantity: Decimal | int | str,
    unit: str,
    level_1: str,
    level_2: str,
    level_3: str,
    factor_unit: str,
    source: str,
    itemises: StatedTotal | None = None,
) -> FootprintEntry:
    """A figure computed from activity data x the factor row for the reporting year's set."""
    amount = parse_quantity(quantity)
    factor = factor_get(
        factor_set=factor_set_for(reporting_year=reporting_year, organisation=organisation),
        level_1=level_1,
        level_2=level_2,
        level_3=level_3,
        unit=factor_unit,
        scope=f"Scope {scope}",
    )
    entry = FootprintEntry(
        organisation=organisation,
        reporting_year=reporting_year,
        category=category,
        boundary=boundary,
        scope=scope,
        quantity=amount,
        unit=unit,
        factor=factor,
        tco2e=emissions_tco2e(quantity=amount, unit=unit, factor=factor),
        method=FootprintEntry.Method.CALCULATED,
        source=source,
        itemises=itemises,
    )
    entry.full_clean()
    entry.save()
    return entry


# --- Imports: every import is a recorded batch ----------------------------------------------

HISTORY_CHUNK = 2000


def command_line_who(username: str = "") -> str:
    """Who ran a command-line import, in words: the named user and the operating-system user."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):
        account = "unknown"
    if username:
        return f"{username} (command line, run by {account})"
    return f"command line, run by {account}"


def _require_manager(user: AbstractBaseUser, organisation: Organisation) -> None:
    if not user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied(
            f"You do not have permission to import or undo activity data for {organisation}."
        )


def _history_reason(text: str) -> str:
    limit = FootprintEntry.history.model._meta.get_field("history_change_reason").max_length
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def import_batch_same_file(*, organisation: Organisation, sha256: str) -> ImportBatch | None:
    """The applied import of a file with these bytes, if any."""
    if not sha256:
        return None
    return (
        ImportBatch.objects.filter(
            organisation=organisation, sha256=sha256, state=ImportBatch.State.APPLIED
        )
        .select_related("user")
        .first()
    )


def _duplicate(batch: ImportBatch) -> ActivityImportDuplicate:
    when = dateformat.format(timezone.localtime(batch.imported_at), "j F Y \\a\\t H:i")
    message = (
        f"This file was already imported on {when} by {batch.who} (import {batch.pk}: "
        f"{batch.figures_created:,} figures, from {batch.file_name or 'the same file'}). Nothing "
        "was saved. To import it again, choose to replace that import: its figures are removed "
        "and this file's are added, together."
    )
    return ActivityImportDuplicate(ImportResult(errors=[message]), batch)


class _Counted:
    """Rows streamed with their number known (Django's query log, when on, counts them)."""

    def __init__(self, rows: Iterable, count: int):
        self.rows, self.count = rows, count

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return self.count


ROWS_PER_STATEMENT = 200  # past about 200, more rows a statement saved no more time


def _rows_per_statement(width: int) -> int:
    """How many rows of ``width`` values one SQLite statement may hold: its limit on
    parameters (32,766 from SQLite 3.32; 999 before), at most ``ROWS_PER_STATEMENT``."""
    limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    if width > limit:
        raise ValueError(f"A row of {width} values is more than SQLite's {limit} parameters.")
    return min(ROWS_PER_STATEMENT, limit // width)


def _in_blocks(rows: Iterable[tuple], per: int, rest: list) -> Iterator[list]:
    """The rows' values, ``per`` rows to a flat block; the values of the rows left over at the
    end (fewer than ``per``) go into ``rest``."""
    rows = iter(rows)
    while True:
        chunk = list(islice(rows, per))
        if len(chunk) < per:
            rest.extend(chain.from_iterable(chunk))
            return
        yield list(chain.from_iterable(chunk))


def _figures_add(
    batch: ImportBatch, figures: CheckedFigures, user: AbstractBaseUser | None
) -> None:
    """Saves the checked figures in bulk, each with its history row ("+", the importing user,
    the import's time and reason), as one figure saved alone would have.

    The figures go in as one stream, never as model objects: PostgreSQL's COPY; on SQLite,
    ``ROWS_PER_STATEMENT`` rows an INSERT (one ``executemany`` of the whole blocks, then one
    statement for the rest). Their history rows are then copied from them by one INSERT ...
    SELECT, so each row holds exactly what was stored. The caller's transaction makes it all
    or nothing.
    """
    if not len(figures):
        return
    history = FootprintEntry.history.model
    if user is None:  # as django-simple-history chooses: the page's signed-in user, if any
        user = history.get_default_history_user(figures[0])
    qn = connection.ops.quote_name
    table = qn(FootprintEntry._meta.db_table)
    names = ", ".join(qn(FootprintEntry._meta.get_field(c).column) for c in SAVED_COLUMNS)
    rows = figures.saved_values(batch_id=batch.pk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors:  # a broken constraint is Django's IntegrityError
                copy_sql = f"COPY {table} ({names}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        else:  # SQLite: many rows a statement (each statement also updates its key's counter)
            width = len(SAVED_COLUMNS)
            per = _rows_per_statement(width)
            values = "(" + ", ".join(["%s"] * width) + ")"
            insert = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 - names from the model, quoted
            rest: list = []
            if len(figures) >= per:
                blocks = _Counted(_in_blocks(rows, per, rest), len(figures) // per)
                cursor.executemany(insert + ", ".join([values] * per), blocks)
            else:
                rest = list(chain.from_iterable(rows))
            if rest:
                cursor.execute(insert + ", ".join([values] * (len(rest) // width)), rest)
        tracked = [f.column for f in history.tracked_fields]
        copied = ", ".join(qn(c) for c in tracked)
        stamp = ["history_date", "history_change_reason", "history_type", "history_user"]
        stamped = ", ".join(qn(history._meta.get_field(f).column) for f in stamp)
        batch_column = qn(FootprintEntry._meta.get_field("batch").column)
        reason = _history_reason(f"Import {batch.pk} ({batch.get_channel_display()})")
        when = history._meta.get_field("history_date").get_db_prep_save(
            batch.imported_at, connection
        )
        cursor.execute(
            f"INSERT INTO {qn(history._meta.db_table)} ({copied}, {stamped}) "  # noqa: S608 - names from the models, quoted
            f"SELECT {copied}, %s, %s, '+', %s FROM {table} WHERE {batch_column} = %s "
            f"ORDER BY {qn(FootprintEntry._meta.pk.column)}",
            [when, reason, user.pk if user is not None else None, batch.pk],
        )
    public_pages_changed()  # written in bulk: no signal says the public pages changed


def _figures_remove(batch: ImportBatch, *, user: AbstractBaseUser | None, reason: str) -> int:
    """Deletes the batch's figures, writing each one's deletion history row first (in bulk: an
    import may hold hundreds of thousands of figures, too many to delete one by one)."""
    history = FootprintEntry.history.model
    tracked = history.tracked_fields
    now = timezone.now()
    change_reason = _history_reason(reason)
    rows: list = []
    removed = 0
    for entry in FootprintEntry.objects.filter(batch=batch).order_by("pk").iterator(HISTORY_CHUNK):
        rows.append(
            history(
                history_date=now,
                history_user=user,
                history_change_reason=change_reason,
                history_type="-",
                **{f.attname: getattr(entry, f.attname) for f in tracked},
            )
        )
        if len(rows) == HISTORY_CHUNK:
            history.objects.bulk_create(rows)
            removed += len(rows)
            rows = []
    history.objects.bulk_create(rows)
    removed += len(rows)
    # Their history rows are written just above; a plain DELETE avoids a second, per-row history
    # row from django-simple-history's post_delete signal. Nothing refers to a figure.
    table = connection.ops.quote_name(FootprintEntry._meta.db_table)
    column = connection.ops.quote_name(FootprintEntry._meta.get_field("batch").column)
    sql = f"DELETE FROM {table} WHERE {column} = %s"  # noqa: S608 - names from the model, quoted
    with connection.cursor() as cursor:
        cursor.execute(sql, [batch.pk])
    public_pages_changed()  # deleted in bulk: no signal says the public pages changed
    return removed


def _batch_close(
    batch: ImportBatch,
    *,
    state: str,
    reason: str,
    user: AbstractBaseUser | None,
    who: str,
    replaced_by: ImportBatch | None = None,
) -> None:
    _figures_remove(batch, user=user, reason=f"Import {batch.pk} {state}: {reason}")
    batch.state = state
    batch.undone_at = timezone.now()
    batch.undone_by = user
    batch.undone_by_who = who
    batch.undo_reason = reason
    batch.replaced_by = replaced_by
    batch.full_clean()
    batch.save()


def import_batch_apply(
    *,
    organisation: Organisation,
    header: list[str],
    rows: Iterable[tuple[int, dict]],
    channel: str,
    source: str = "",
    file_name: str = "",
    sha256: str = "",
    user: AbstractBaseUser | None = None,
    who: str = "",
    replace: ImportBatch | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportBatch:
    """Checks every row, then saves all the figures as one recorded import, or nothing.

    ``user``: the signed-in person (who must be allowed to manage the organisation's plan);
    without one, ``who`` says who ran it (the command line). The same file (``sha256``) already
    imported and still applied is refused (``ActivityImportDuplicate``) unless it is the batch
    given as ``replace``: that batch is then undone (marked replaced) and this one applied in the
    same transaction. Rows are checked before the transaction starts, so a long file does not
    hold the database's write lock; the database's unique constraint catches a race.
    """
    if user is not None:
        _require_manager(user, organisation)
        who = who or user.get_username()
    if not who:
        raise ValidationError("Say who is importing (a user, or the command line).")
    if replace is not None and (
        replace.organisation_id != organisation.pk or not replace.is_applied
    ):
        raise ValidationError(
            f"Import {replace.pk} cannot be replaced: it is not an applied import of "
            f"{organisation}."
        )
    same = import_batch_same_file(organisation=organisation, sha256=sha256)
    if same is not None and same != replace:
        raise _duplicate(same)
    try:
        result, entries = activity_rows_check(
            organisation=organisation,
            header=header,
            rows=rows,
            source=source or f"Activity data import: {file_name}",
            progress=progress,
            replacing=replace,
        )
    except ActivityImportRefused:
        # The same file, imported meanwhile (on another page or server), is why its rows are
        # already recorded: say that, as when it is seen first.
        same = import_batch_same_file(organisation=organisation, sha256=sha256)
        if same is not None and same != replace:
            raise _duplicate(same) from None
        raise
    try:
        with transaction.atomic():
            # One import at a time per organisation (PostgreSQL; SQLite takes its write lock).
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
            same = import_batch_same_file(organisation=organisation, sha256=sha256)
            if same is not None and same != replace:
                raise _duplicate(same)
            if replace is not None:
                replace.refresh_from_db()
                if not replace.is_applied:
                    raise ActivityImportRefused(
                        ImportResult(errors=[f"Import {replace.pk} was undone meanwhile."])
                    )
            batch = ImportBatch(
                organisation=organisation,
                user=user,
                who=who,
                channel=channel,
                file_name=file_name,
                sha256=sha256,
                rows_read=result.rows,
                figures_created=len(entries),
            )
            batch.full_clean()
            batch.save()
            if replace is not None:
                _batch_close(
                    replace,
                    state=ImportBatch.State.REPLACED,
                    reason=f"replaced by import {batch.pk} ({file_name or channel})",
                    user=user,
                    who=who,
                    replaced_by=batch,
                )
            _figures_add(batch, entries, user)
    except IntegrityError as exc:
        raise ActivityImportRefused(
            ImportResult(
                errors=[
                    "Some of these figures were recorded by someone else while the file was "
                    "being checked. Nothing was saved: import the file again."
                ]
            )
        ) from exc
    return batch


def import_file_apply(
    *,
    organisation: Organisation,
    file_name: str,
    content: bytes,
    channel: str,
    user: AbstractBaseUser | None = None,
    who: str = "",
    replace: ImportBatch | None = None,
    replace_same_file: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportBatch:
    """A CSV or XLSX file's bytes read (or refused, ``ActivityImportRefused``) and applied as one
    recorded import (``import_batch_apply``). ``replace_same_file``: replace the applied import
    of this very file, if there is one (the page's "replace that import")."""
    sha256 = hashlib.sha256(content).hexdigest()
    if replace_same_file:
        replace = import_batch_same_file(organisation=organisation, sha256=sha256)
    header, rows = read_rows(file_name, content)
    return import_batch_apply(
        organisation=organisation,
        header=header,
        rows=rows,
        channel=channel,
        file_name=file_name,
        sha256=sha256,
        user=user,
        who=who,
        replace=replace,
        progress=progress,
    )


@transaction.atomic
def import_batch_undo(
    *,
    batch: ImportBatch,
    reason: str,
    user: AbstractBaseUser | None = None,
    who: str = "",
) -> ImportBatch:
    """Undoes an import: its figures are deleted (with history rows), the batch is kept and
    marked undone with who, when and why. A reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Give a reason for undoing the import.", code="reason_required")
    if user is not None:
        _require_manager(user, batch.organisation)
        who = who or user.get_username()
    if not who:
        raise ValidationError("Say who is undoing the import (a user, or the command line).")
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not locked.is_applied:
        raise ValidationError(
            f"Import {locked.pk} is already {locked.get_state_display().lower()}.",
            code="not_applied",
        )
    _batch_close(locked, state=ImportBatch.State.UNDONE, reason=reason, user=user, who=who)
    return locked


def activity_import(
    *,
    organisation: Organisation,
    header: list[str],
    rows: Rows,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check and save rows given in code (recorded as a command-line import by this process's
    user); pages and commands call ``import_batch_apply`` themselves."""
    batch = import_batch_apply(
        organisation=organisation,
        header=header,
        rows=rows,
        source=source,
        channel=ImportBatch.Channel.COMMAND_LINE,
        who=command_line_who(),
        progress=progress,
    )
    return ImportResult(rows=batch.rows_read, saved=batch.figures_created, batch=batch)


def factor_row_columns(factor: Factor) -> dict[str, str]:
    """How an activity file names this published row: by its published ID where the set has
    them (2023 on), else by its levels, column text, unit and scope."""
    if factor.source_id:
        return {"factor_id": factor.source_id}
    columns = {
        "level_1": factor.level_1,
        "level_2": factor.level_2,
        "level_3": factor.level_3,
        "level_4": factor.level_4,
        "column_text": factor.column_text,
        "factor_unit": factor.unit,
        "scope": factor.scope,
    }
    return {k: v for k, v in columns.items() if v or k in ("level_1", "factor_unit")}
