"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from netzero.core.narrative import plain_text_only, sanitise_narrative


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
    """A text field that never stores markup: tags are removed on every save (escaped on output)."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = plain_text_only(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class PlainTextCharField(models.CharField):
    """A short text field (a title) that never stores markup; escaped on output."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = plain_text_only(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
