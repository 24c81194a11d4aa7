"""Whether a reader may see an organisation's pages at all: one check for every app's pages."""

from __future__ import annotations

from typing import Any

from netzero.core.exceptions import NotFound
from netzero.core.permissions import Permission


def require_visible(user: Any, obj: Any) -> None:
    """NotFound (the 404 page) unless ``user`` may read the pages of ``obj``'s organisation
    (``obj`` is the organisation, or a plan, period, action or anything that names it): an
    organisation whose pages are not public is not there for anyone outside it."""
    if not user.has_perm(Permission.VIEW_ORGANISATION, obj):
        raise NotFound("No such page.", code="not_public")
