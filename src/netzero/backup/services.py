"""Backups that restore: ``backup_export`` writes everything to one JSON file (gzip when the
name ends .gz), ``backup_import`` restores it, all or nothing, into a new, migrated database of
either kind (SQLite or PostgreSQL).

What is copied, not copied and referred to by natural key is decided in ``tables.py``. Rows keep
their primary keys. Rows are written the way ``loaddata`` writes them (raw saves, signals sent
with ``raw=True``) for every model with save signals, inside ``restoring()`` so the
published-period guards let them through; tables no signal listens to (history, many-to-many,
area statistics) are inserted in batches of the same raw values.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from netzero.access.roles import ROLE_GROUPS
from netzero.backup.tables import BY_REFERENCE, Table, copied_tables, referenced_apps
from netzero.core.exceptions import ImportRefused, Refused
from netzero.core.public_pages import public_pages_changed
from netzero.factors.models import Factor, FactorSet
from netzero.factors.services import factor_set_load
from netzero.factors.sources import SOURCES
from netzero.workflow.guards import restoring

FORMAT = "netzero-tracker-backup"
VERSION = 1
EMPTY_DATABASE_NEEDED = (
    "import-all restores into an empty database: run netzero migrate on a new database first"
)
_BATCH = 1000


def _app_version() -> str:
    try:
        return version("netzero-tracker")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def _applied_migrations(connection, app_labels: list[str]) -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        app: sorted(name for a, name in applied if a == app)
        for app in app_labels
        if any(a == app for a, _ in applied)
    }


# -- values ------------------------------------------------------------------------------------


class _Holder:
    """Lets ``Field.value_to_string`` read one value."""

    def __init__(self, attname: str, value: Any):
        setattr(self, attname, value)


def _encoder(f: models.Field):
    """How one column's values are written to JSON (None is always null)."""
    if isinstance(f, models.JSONField):
        return lambda value: value
    if isinstance(f, models.DecimalField):
        return str  # as the database holds it: "7775.000"

    def encode(value: Any) -> Any:
        if isinstance(value, bool | int | float | str):
            return value
        return f.value_to_string(_Holder(f.attname, value))  # datetime, date, UUID...

    return encode


def _decode(f: models.Field, value: Any) -> Any:
    if value is None or isinstance(f, models.JSONField):
        return value
    return f.to_python(value)


def _natural_keys(model: type[models.Model], pks: set) -> dict[Any, list]:
    """pk -> natural key (as a list, as JSON has it) for rows of a not-copied model."""
    found: dict[Any, list] = {}
    pks = sorted(pk for pk in pks if pk is not None)
    for start in range(0, len(pks), 500):
        for obj in model._base_manager.select_related().filter(pk__in=pks[start : start + 500]):
            found[obj.pk] = list(obj.natural_key())
    return found


# -- export ------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    unresolved: dict[str, int]
    size: int


def _open_for_writing(path: Path):
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed into place when complete
        dir=path.parent, prefix=f".{path.name}.", delete=False
    )
    if path.name.endswith(".gz"):
        return handle, gzip.open(handle, "wt", encoding="utf-8", compresslevel=6)
    return handle, open(handle.fileno(), "w", encoding="utf-8", closefd=False)


def backup_export(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> ExportResult:
    """Write the whole database (see ``tables.py``) to ``path``, from one consistent snapshot.

    The file appears only when complete (written beside it, then renamed).
    """
    connection = connections[using]
    tables = copied_tables()
    path = Path(path)
    outermost = not connection.in_atomic_block
    raw, out = _open_for_writing(path)
    try:
        with transaction.atomic(using=using):
            if outermost and connection.vendor == "postgresql":  # one snapshot for all tables
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            counts = {t.label: t.model._base_manager.using(using).count() for t in tables}
            factor_sets = [
                _factor_set_reference(s, using)
                for s in FactorSet.objects.using(using).order_by("set_year")
            ]
            header = {
                "format": FORMAT,
                "version": VERSION,
                "app_version": _app_version(),
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "migrations": _applied_migrations(connection, referenced_apps(tables)),
                "reference_data": {"factor_sets": factor_sets},
                "not_copied": sorted(
                    {t._meta.label_lower for t in _all_models()} - set(counts) - BY_REFERENCE
                ),
                "by_reference": sorted(BY_REFERENCE),
                "counts": counts,
            }
            text = json.dumps(header, indent=1, ensure_ascii=False)
            out.write(text[: text.rindex("}")].rstrip() + ',\n "tables": [')
            unresolved: dict[str, int] = {}
            for number, table in enumerate(tables):
                written = _write_table(out, table, using, unresolved, first=number == 0)
                if written != counts[table.label]:  # pragma: no cover - the snapshot held
                    raise Refused(f"{table.label} changed during the export.", code="changed")
            out.write("\n ],\n")
            out.write(f' "unresolved_references": {json.dumps(unresolved)}\n}}\n')
        out.close()
        raw.close()
        os.replace(raw.name, path)
    except BaseException:
        out.close()
        raw.close()
        Path(raw.name).unlink(missing_ok=True)
        raise
    return ExportResult(path, counts, unresolved, path.stat().st_size)


def _all_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _write_table(out, table: Table, using: str, unresolved: dict[str, int], first: bool) -> int:
    qs = table.model._base_manager.using(using).order_by("pk")
    attnames = [f.attname for f in table.fields]
    keys = {
        name: _natural_keys(
            model,
            set(qs.values_list(table.model._meta.get_field(name).attname, flat=True).distinct()),
        )
        for name, model in table.by_reference.items()
    }
    meta = {
        "model": table.label,
        "fields": [f.name for f in table.fields],
        "natural_keys": {name: m._meta.label_lower for name, m in table.by_reference.items()},
    }
    head = json.dumps(meta, ensure_ascii=False)
    out.write(("\n" if first else ",\n") + head[:-1] + ', "rows": [')
    encoders = []
    for f in table.fields:
        if f.name in keys:

            def encode(value, ids=keys[f.name], where=f"{table.label}.{f.name}"):
                key = ids.get(value)
                if key is None:  # a history row pointing at a row since deleted
                    unresolved[where] = unresolved.get(where, 0) + 1
                return key

            encoders.append(encode)
        else:
            encoders.append(_encoder(f))
    written = 0
    for values in qs.values_list(*attnames).iterator(chunk_size=2000):
        row = [None if v is None else e(v) for e, v in zip(encoders, values, strict=True)]
        out.write(("\n" if written == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
        written += 1
    out.write("]}")
    return written


# -- import ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    header: dict[str, Any]
    counts: dict[str, int]
    factor_sets: list[tuple[int, str]] = field(default_factory=list)  # (year, what was done)


def _refuse(message: str, code: str) -> ImportRefused:
    return ImportRefused(message, code=code)


def backup_read(*, path: Path) -> dict[str, Any]:
    """The backup's contents, checked for format, version and shape. Writes nothing."""
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            gzipped = handle.read(2) == b"\x1f\x8b"
        opener = gzip.open if gzipped else open
        with opener(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise _refuse(f"No file at {path}.", "missing") from exc
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise _refuse(
            f"{name} is not a Net Zero Tracker backup: it cannot be read as JSON ({exc}). "
            "Nothing was restored.",
            "unreadable",
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse(
            f"{name} is not a Net Zero Tracker backup (no format {FORMAT!r}). "
            "Nothing was restored.",
            "foreign",
        )
    if data.get("version") != VERSION:
        raise _refuse(
            f"{name} is a version {data.get('version')!r} backup; this version of Net Zero "
            f"Tracker ({_app_version()}) reads version {VERSION}. Nothing was restored.",
            "version",
        )
    _check_shape(name, data)
    return data


def _damaged(name: str, detail: str) -> ImportRefused:
    return _refuse(f"{name} is damaged: {detail}. Nothing was restored.", "damaged")


def _check_shape(name: str, data: dict[str, Any]) -> None:
    for key, kind in (
        ("counts", dict),
        ("tables", list),
        ("migrations", dict),
        ("reference_data", dict),
    ):
        if not isinstance(data.get(key), kind):
            raise _damaged(name, f"{key!r} is missing")
    known = {t.label: t for t in copied_tables()}
    seen = set()
    for entry in data["tables"]:
        label = entry.get("model") if isinstance(entry, dict) else None
        if label not in known:
            raise _damaged(name, f"it holds a table this version does not restore ({label!r})")
        if label in seen:
            raise _damaged(name, f"{label} appears twice")
        seen.add(label)
        table = known[label]
        expected = [f.name for f in table.fields]
        if entry.get("fields") != expected:
            raise _damaged(name, f"{label}'s columns differ from this version's")
        rows = entry.get("rows")
        if not isinstance(rows, list) or data["counts"].get(label) != len(rows):
            raise _damaged(name, f"{label} should have {data['counts'].get(label)} rows")
        if any(not isinstance(r, list) or len(r) != len(expected) for r in rows):
            raise _damaged(name, f"a row of {label} has the wrong number of values")
    if set(data["counts"]) != seen:
        raise _damaged(name, "its counts do not match its tables")


def _database_ready(connection, data: dict[str, Any], tables: list[Table]) -> None:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        raise _refuse(f"This database has no tables. {EMPTY_DATABASE_NEEDED}.", "not_migrated")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise _refuse(
            f"This database is not fully migrated. {EMPTY_DATABASE_NEEDED}.", "not_migrated"
        )
    ours = _applied_migrations(connection, referenced_apps(tables))
    theirs = data["migrations"]
    if ours != theirs:
        newer = sorted(
            f"{app}.{m}"
            for app, names in theirs.items()
            for m in names
            if m not in ours.get(app, [])
        )
        older = sorted(
            f"{app}.{m}"
            for app, names in ours.items()
            for m in names
            if m not in theirs.get(app, [])
        )
        detail = (
            f"it has migrations this version lacks ({', '.join(newer[:5])})"
            if newer
            else f"it lacks this version's migrations ({', '.join(older[:5])})"
        )
        raise _refuse(
            f"The backup was made by Net Zero Tracker {data.get('app_version', '?')} with another "
            f"database schema: {detail}. Restore it with the version that made it, then upgrade "
            "(install the new version, netzero migrate). Nothing was restored.",
            "schema",
        )
    holding = sorted(  # the programme's own tables first, history and link tables after
        ((t, n) for t in tables if (n := t.model._base_manager.using(connection.alias).count())),
        key=lambda item: (
            bool(item[0].model._meta.auto_created)
            or item[0].model._meta.model_name.startswith("historical")
        ),
    )
    if holding:
        listed = ", ".join(f"{t.model._meta.verbose_name_plural} ({n})" for t, n in holding[:4])
        more = f" and {len(holding) - 4} more tables" if len(holding) > 4 else ""
        raise _refuse(
            f"{EMPTY_DATABASE_NEEDED}. This database already holds {listed}{more}. "
            "Nothing was restored.",
            "not_empty",
        )


# A supplied set's rows travel in the backup: no version of the product ships its file.
_SUPPLIED_SET_FIELDS = ["publisher", "gwp_basis", "licence"]
_SUPPLIED_ROW_FIELDS = [
    "source_row",
    "source_id",
    "scope",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "column_text",
    "unit",
    "ghg_text",
    "gas",
    "value",
    "value_text",
]


def _factor_set_reference(factor_set: FactorSet, using: str) -> dict[str, Any]:
    """A set as the backup refers to it: year, edition, file and sha256; a set loaded from a
    file someone supplied (not shipped) carries its rows too, so it can be restored anywhere."""
    entry: dict[str, Any] = {
        "set_year": factor_set.set_year,
        "edition": factor_set.edition,
        "source_file": factor_set.source_file,
        "sha256": factor_set.sha256,
        "origin": factor_set.origin,
    }
    if factor_set.origin == FactorSet.Origin.SUPPLIED:
        entry |= {f: getattr(factor_set, f) for f in _SUPPLIED_SET_FIELDS}
        entry["rows"] = [
            [
                str(v) if v is not None and f == "value" else v
                for f, v in zip(_SUPPLIED_ROW_FIELDS, row, strict=True)
            ]
            for row in factor_set.factors.using(using)
            .order_by("source_row")
            .values_list(*_SUPPLIED_ROW_FIELDS)
        ]
    return entry


def _supplied_set_restore(name: str, entry: dict[str, Any], using: str) -> str:
    """Recreates a supplied set from the rows the backup carries; checked, all or nothing."""
    rows = entry.get("rows")
    if not isinstance(rows, list) or not rows:
        raise _damaged(name, f"its {entry.get('set_year')} conversion factors have no rows")
    try:
        factor_set = FactorSet(
            set_year=entry["set_year"],
            edition=entry["edition"],
            source_file=entry["source_file"],
            sha256=entry["sha256"],
            origin=FactorSet.Origin.SUPPLIED,
            **{f: entry[f] for f in _SUPPLIED_SET_FIELDS},
        )
        factor_set.full_clean()
        factor_set.save(using=using)
        factors = []
        for row in rows:
            factor = Factor(
                factor_set=factor_set, **dict(zip(_SUPPLIED_ROW_FIELDS, row, strict=True))
            )
            factor.full_clean(exclude=["factor_set"], validate_unique=False)
            factors.append(factor)
    except (ValidationError, TypeError, ValueError, KeyError) as exc:
        raise _damaged(
            name, f"its {entry.get('set_year')} conversion factors cannot be read"
        ) from exc
    Factor.objects.using(using).bulk_create(factors, batch_size=_BATCH)
    return f"{len(factors)} rows restored from the backup (a supplied file, {entry['source_file']})"


def _factor_sets_load(name: str, data: dict[str, Any], using: str) -> list[tuple[int, str]]:
    wanted = data["reference_data"].get("factor_sets", [])
    done = []
    for entry in wanted:
        year, sha = entry.get("set_year"), entry.get("sha256")
        present = FactorSet.objects.using(using).filter(set_year=year).first()
        if present is not None:
            if present.sha256 != sha:
                raise _refuse(
                    f"This database's {year} conversion factors (sha256 {present.sha256[:12]}) "
                    f"differ from the backup's ({str(sha)[:12]}). Nothing was restored.",
                    "reference_data",
                )
            done.append((year, f"already loaded (sha256 {sha[:12]})"))
            continue
        if entry.get("origin") == FactorSet.Origin.SUPPLIED:
            done.append((year, _supplied_set_restore(name, entry, using)))
            continue
        source = SOURCES.get(year)
        if source is None:
            raise _refuse(
                f"The backup uses the {year} conversion factors, which this version of Net Zero "
                "Tracker does not ship. Nothing was restored.",
                "reference_data",
            )
        if source.sha256 != sha:
            raise _refuse(
                f"The backup's {year} conversion factors came from a file with sha256 "
                f"{str(sha)[:12]}; this version ships {source.filename} with sha256 "
                f"{source.sha256[:12]}. Restore with the version that made the backup. "
                "Nothing was restored.",
                "reference_data",
            )
        result = factor_set_load(year=year)  # checks the shipped file's sha256 too
        done.append((year, f"{result.rows} rows loaded from {source.filename}"))
    return done


def _resolve(name: str, model: type[models.Model], keys: set[tuple], using: str) -> dict:
    found = {}
    manager = model._default_manager.db_manager(using)
    for key in keys:
        try:
            found[key] = manager.get_by_natural_key(*key).pk
        except (model.DoesNotExist, TypeError, ValueError) as exc:
            raise _damaged(
                name, f"it refers to a {model._meta.verbose_name} {list(key)} not in this database"
            ) from exc
    return found


def _decoded_rows(name: str, table: Table, rows: list[list], using: str) -> list[list]:
    """The rows' values as Python values, natural keys replaced by this database's ids."""
    keys: dict[str, set[tuple]] = defaultdict(set)
    positions = {f.name: i for i, f in enumerate(table.fields)}
    for column in table.by_reference:
        for row in rows:
            value = row[positions[column]]
            if value is not None:
                if not isinstance(value, list):
                    raise _damaged(name, f"{table.label}.{column} should be a natural key")
                keys[column].add(tuple(value))
    resolved = {
        column: _resolve(name, model, keys[column], using)
        for column, model in table.by_reference.items()
    }
    decoders = [
        (lambda v, ids=resolved[f.name]: ids[tuple(v)])
        if f.name in resolved
        else (lambda v, f=f: _decode(f, v))
        for f in table.fields
    ]
    decoded = []
    for number, row in enumerate(rows, start=1):
        try:
            decoded.append(
                [None if v is None else d(v) for d, v in zip(decoders, row, strict=True)]
            )
        except (ValidationError, TypeError, ValueError, KeyError) as exc:
            raise _damaged(name, f"{table.label} row {number} has a value it cannot hold") from exc
    return decoded


def _insert(table: Table, rows: list[list], using: str) -> None:
    model = table.model
    attnames = [f.attname for f in table.fields]
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        with restoring():
            for values in rows:
                obj = model(**dict(zip(attnames, values, strict=True)))
                obj.save_base(raw=True, force_insert=True, using=using)
        return
    connection = connections[using]
    qn = connection.ops.quote_name
    table_name = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in table.fields)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            prepared = [
                [
                    f.get_db_prep_save(value, connection)
                    for f, value in zip(table.fields, values, strict=True)
                ]
                for values in rows[start : start + _BATCH]
            ]
            if connection.vendor == "postgresql":  # COPY: the same rows, far fewer round trips
                with cursor.cursor.copy(f"COPY {table_name} ({columns}) FROM STDIN") as copy:
                    for values in prepared:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(table.fields))
                cursor.executemany(
                    f"INSERT INTO {table_name} ({columns}) VALUES ({marks})",  # noqa: S608
                    prepared,
                )


def backup_import(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> ImportResult:
    """Restore a backup into this database, which must be migrated and empty. All or nothing."""
    data = backup_read(path=path)
    name = Path(path).name
    connection = connections[using]
    tables = copied_tables()
    by_label = {entry["model"]: entry["rows"] for entry in data["tables"]}
    counts = {}
    try:
        with transaction.atomic(using=using):
            # The roles' groups are made by migrate in every database (access 0003), like the
            # permissions; the backup carries them as they were. Undone with the rest if refused.
            Group.objects.using(using).filter(name__in=ROLE_GROUPS).delete()
            _database_ready(connection, data, tables)
            factor_sets = _factor_sets_load(name, data, using)
            for table in tables:
                rows = by_label.get(table.label, [])
                if rows:
                    _insert(table, _decoded_rows(name, table, rows, using), using)
                counts[table.label] = len(rows)
            connection.check_constraints()
            statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
            for table in tables:
                stored = table.model._base_manager.using(using).count()
                if stored != counts[table.label]:  # pragma: no cover - a signal wrote more rows
                    raise _damaged(name, f"{table.label} has {stored} rows after restoring")
    except IntegrityError as exc:
        raise _damaged(name, f"its rows do not fit together ({exc})") from exc
    public_pages_changed()  # pages stored for the public came from what was there before
    return ImportResult(header=data, counts=counts, factor_sets=factor_sets)
