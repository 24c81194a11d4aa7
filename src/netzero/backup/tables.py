"""What a backup holds: every table of every installed app, except those listed here, with why.

The walk is generic (``apps.get_models``, auto-created many-to-many tables included), so a model
added later is backed up without a change here. A row keeps its primary key; a column pointing at
a table that is not copied (content types, permissions, conversion factors) holds that row's
natural key instead, because those rows' ids differ between databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

# Whole apps not copied.
EXCLUDED_APPS: dict[str, str] = {
    # Sign-ins in progress: restored users sign in again.
    "sessions": "sign-in sessions",
    # django-axes: failed sign-ins and lockouts of this server, not programme data.
    "axes": "sign-in attempts and lockouts",
    # Created by `migrate` in every database (ids differ): rows point at them by natural key.
    "contenttypes": "created by migrate; referred to by natural key",
}

# Single tables not copied.
EXCLUDED_MODELS: dict[str, str] = {
    # Created by `migrate` in every database (ids differ): rows point at them by natural key.
    "auth.permission": "created by migrate; referred to by natural key",
    # Reference data, by reference: the UK Government conversion factor sets (about 47,000 rows)
    # ship with the product, each file with its sha256. The backup records each loaded set's
    # year and sha256; import-all loads the same sets from the shipped files. A set loaded from
    # a file someone supplied (no version ships it) carries its rows in the backup instead.
    "factors.factorset": "reference data: set year and sha256, loaded from the shipped file "
    "(a supplied set's rows travel in the backup)",
    "factors.factor": "reference data: referred to by set year and source row",
    # The loading history of that reference data: the restored database records its own loads.
    "factors.historicalfactorset": "reference data's loading history",
}

# Tables not copied that copied rows may point at, and how (their natural key).
BY_REFERENCE = {
    "contenttypes.contenttype",
    "auth.permission",
    "factors.factorset",
    "factors.factor",
}


def excluded_reason(model: type[models.Model]) -> str | None:
    return EXCLUDED_MODELS.get(model._meta.label_lower) or EXCLUDED_APPS.get(model._meta.app_label)


@dataclass(frozen=True)
class Table:
    """One copied model: its columns, in the order rows are written."""

    model: type[models.Model]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @cached_property
    def fields(self) -> list[models.Field]:
        return list(self.model._meta.local_concrete_fields)

    @cached_property
    def by_reference(self) -> dict[str, type[models.Model]]:
        """Column name -> the not-copied model it points at, by natural key."""
        return {
            f.name: f.related_model
            for f in self.fields
            if f.is_relation and f.related_model._meta.label_lower in BY_REFERENCE
        }

    def dependencies(self) -> set[str]:
        return {
            f.related_model._meta.label_lower
            for f in self.fields
            if f.is_relation and f.related_model is not self.model
        }


def copied_tables() -> list[Table]:
    """Every copied table, each after the tables it points at (where there is no cycle)."""
    tables = [
        Table(model)
        for model in apps.get_models(include_auto_created=True)
        if excluded_reason(model) is None
        and model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
    ]
    labels = {t.label for t in tables}
    for table in tables:
        for target in table.dependencies() - labels - BY_REFERENCE:
            raise ImproperlyConfigured(
                f"{table.label} points at {target}, which backups do not copy: copy it, or add "
                "it to netzero.backup.tables.BY_REFERENCE with a natural key."
            )
    ordered: list[Table] = []
    placed: set[str] = set()
    remaining = list(tables)
    while remaining:
        ready = [t for t in remaining if not (t.dependencies() & labels) - placed]
        if not ready:  # a cycle: the database checks foreign keys at commit, so any order works
            ready = remaining[:1]
        for table in ready:
            ordered.append(table)
            placed.add(table.label)
            remaining.remove(table)
    return ordered


def referenced_apps(tables: list[Table]) -> list[str]:
    """Apps whose migrations decide the tables' shape and the natural keys they use."""
    found = {t.model._meta.app_label for t in tables}
    found |= {label.split(".")[0] for label in BY_REFERENCE}
    return sorted(found)
