"""Reads for organisations."""

from __future__ import annotations

from netzero.core.exceptions import NotFound
from netzero.organisations.models import Organisation


def organisation_get(*, slug: str) -> Organisation:
    """The organisation with ``slug``; NotFound if there is none."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound(f"No organisation with slug {slug!r}.", code="unknown_organisation")
    return organisation
