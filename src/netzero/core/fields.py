"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from netzero.core.narrative import narrative_plain_text, plain_text, sanitise_narrative


class NarrativeField(models.TextField):
    """A text field holding narrative HTML, sanitised every time it is saved.

    Sanitising in ``pre_save`` covers forms, the admin, services, ``bulk_create`` and the demo
    loader (and keeps the instance as stored); ``get_db_prep_save`` covers every other way a
    value reaches the database: Django's ``loaddata`` and a backup's restore (raw saves, which
    skip ``pre_save``), ``QuerySet.update`` and ``bulk_update``. Pages showing one record
    sanitise again on the way out (``render_narrative``); the dashboard, which shows thousands,
    prints the summaries of progress as stored (narratives stored before it did were sanitised
    again by ``reporting`` migration 0007 and ``plans`` migration 0009).
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = sanitise_narrative(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if isinstance(value, str):  # not an expression (F(), a subquery)
            value = sanitise_narrative(value)
        return super().get_db_prep_save(value, connection)


class PlainTextField(models.TextField):
    """A text field kept exactly as typed (surrounding whitespace trimmed on save).

    It is text, never HTML: nothing marks it safe, so templates print it autoescaped (``<`` as
    ``&lt;``) and no markup can become live. Nothing is deleted from it (``a<b and c>d`` stays).
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = plain_text(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class PlainTextCharField(models.CharField):
    """A short text field (a title) kept exactly as typed; text, escaped on output."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = plain_text(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class NarrativeWordsField(models.TextField):
    """The words of another field's narrative HTML without markup (``narrative_plain_text``),
    worked out every time the row is saved (``bulk_create`` too), so that pages listing many
    rows print them without sanitising and stripping each narrative on every read.

    ``source`` names the ``NarrativeField`` it follows. Not edited by anyone: it is always the
    source's words.
    """

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = narrative_plain_text(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
