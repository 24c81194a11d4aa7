"""What makes the stored public pages out of date among the footprint records
(``netzero.core.public_pages``): the home page lists the bodies with figures or targets, and a
partnership's page shows its members' figures side by side. A figure, a stated total or a target
saved or deleted moves the generation on; an activity import or its undo, which write figures in
bulk (no signals), says so itself (``footprints.services``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from netzero.core.public_pages import public_pages_changed
from netzero.footprints.models import FootprintEntry, StatedTotal, Target

SHOWN = [FootprintEntry, StatedTotal, Target]


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:  # a restore from a backup says so once, when it has finished
        public_pages_changed()


def connect() -> None:
    for model in SHOWN:
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public-pages-d-{model.__name__}")
