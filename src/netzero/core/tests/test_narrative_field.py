"""A narrative reaches the database sanitised whichever way it is written: a raw save (as
``loaddata`` and a backup's restore make), ``QuerySet.update`` and ``bulk_update`` included, so
the dashboard may print the summaries of progress as stored."""

from __future__ import annotations

import pytest
from django.core import serializers

from netzero.reporting.models import ActionUpdate
from netzero.testing.factories import ActionUpdateFactory

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert(1)</script><p onclick="x()">Kept <b>words</b></p>'


def _stored(update: ActionUpdate) -> str:
    return ActionUpdate.objects.values_list("progress", flat=True).get(pk=update.pk)


def _safe(text: str) -> bool:
    return "<script" not in text and "onclick" not in text and "Kept" in text


def test_an_update_through_the_queryset_is_sanitised():
    update = ActionUpdateFactory()
    ActionUpdate.objects.filter(pk=update.pk).update(progress=HOSTILE)
    assert _safe(_stored(update))


def test_bulk_update_is_sanitised():
    update = ActionUpdateFactory()
    update.progress = HOSTILE
    ActionUpdate.objects.bulk_update([update], ["progress"])
    assert _safe(_stored(update))


def test_a_raw_save_as_a_restore_makes_it_is_sanitised():
    update = ActionUpdateFactory()
    data = serializers.serialize("json", [update])
    (restored,) = list(serializers.deserialize("json", data))
    restored.object.progress = HOSTILE
    restored.save()  # save_base(raw=True): pre_save is skipped, as in loaddata
    assert _safe(_stored(update))
