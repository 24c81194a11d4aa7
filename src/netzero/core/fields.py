"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from netzero.core.narrative import plain_text, sanitise_narrative


class NarrativeField(models.TextField):
    """A text field holding narrative HTML, sanitised every time it is saved.

    Sanitising in ``pre_save`` covers forms, the admin, services, ``bulk_create`` and the demo
    loader. Django's ``loaddata`` saves raw and skips it, so pages sanitise again on the way out
    (``render_narrative``) rather than trusting what is stored.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = sanitise_narrative(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


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
