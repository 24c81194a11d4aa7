"""Addresses of pages that may not be part of this installation yet."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def optional_url(name: str, **kwargs) -> str:
    """The address of the page named ``name``, or "" while no such page is routed (the people
    and plan set-up pages arrive with their own apps' changes; then this is a plain reverse)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""
