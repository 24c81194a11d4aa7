"""Writes for footprints: stated totals, reported figures, figures calculated from activity,
and activity data imports (each one a recorded batch that can be undone or replaced)."""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import dateformat, timezone

from netzero.core.permissions import Permission
from netzero.factors.models import Factor
from netzero.factors.selectors import factor_get, factor_set_for
from netzero.footprints.calculation import tonnes_co2e
from netzero.footprints.imports import (
    ActivityImportDuplicate,
    ActivityImportRefused,
    ImportResult,
    Rows,
    activity_rows_check,
    read_rows,
)
from netzero.footprints.models import FootprintEntry, ImportBatch, StatedTotal
from netzero.footprints.units import parse_quantity, to_factor_unit
from netzero.organisations.models import Organisation

MAX_TCO2E = Decimal("1e11")  # tco2e columns: 14 digits, 3 of them after the point


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
) -> StatedTotal:
    total = StatedTotal(
        organisation=organisation,
        reporting_year=reporting_year,
        label=label,
        boundary=boundary,
        tco2e=parse_quantity(tco2e, places=3, below=MAX_TCO2E),
        source=source,
        quality_note=quality_note,
        parent=parent,
        parts_complete=parts_complete,
    )
    total.full_clean()
    total.save()
    return total


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
) -> FootprintEntry:
    """A figure as an organisation reported it."""
    entry = FootprintEntry(
        organisation=organisation,
        reporting_year=reporting_year,
        category=category,
        boundary=boundary,
        tco2e=parse_quantity(tco2e, places=3, below=MAX_TCO2E),
        source=source,
        scope=scope,
        itemises=itemises,
        quality_note=quality_note,
        method=FootprintEntry.Method.REPORTED,
    )
    entry.full_clean()
    entry.save()
    return entry


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


def _figures_add(
    batch: ImportBatch, entries: list[FootprintEntry], user: AbstractBaseUser | None
) -> None:
    """Saves the figures with one history row each, carrying the importing user."""
    for entry in entries:
        entry.batch = batch
    FootprintEntry.objects.bulk_create(entries, batch_size=HISTORY_CHUNK)
    if entries and entries[0].pk is None:  # a database that does not return new ids
        entries = list(FootprintEntry.objects.filter(batch=batch).order_by("pk"))
    reason = _history_reason(f"Import {batch.pk} ({batch.get_channel_display()})")
    for start in range(0, len(entries), HISTORY_CHUNK):
        FootprintEntry.history.bulk_history_create(
            entries[start : start + HISTORY_CHUNK],
            batch_size=HISTORY_CHUNK,
            default_user=user,
            default_change_reason=reason,
            default_date=batch.imported_at,
        )


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
    result, entries = activity_rows_check(
        organisation=organisation,
        header=header,
        rows=rows,
        source=source or f"Activity data import: {file_name}",
        progress=progress,
        replacing=replace,
    )
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
