"""What makes the stored public pages out of date among the area statistics
(``netzero.core.public_pages``): the home and organisation pages link an area only when the
loaded statistics have it. A dataset or an area's year saved, or a dataset deleted, moves the
generation on; the import, which writes in bulk (no signals), says so itself
(``territorial.services``). No receiver is connected for deleting an area's years or figures,
so replacing a dataset keeps Django's fast delete of its many figures."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from netzero.core.public_pages import public_pages_changed
from netzero.territorial.models import AreaDataset, AreaYear


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:  # a restore from a backup says so once, when it has finished
        public_pages_changed()


def connect() -> None:
    for model in (AreaDataset, AreaYear):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public-pages-{model.__name__}")
    post_delete.connect(_changed, sender=AreaDataset, dispatch_uid="public-pages-d-AreaDataset")
