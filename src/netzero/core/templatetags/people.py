"""``{% load people %}``: a person as their own organisation's pages show them, by full name (their
email when they have none, never their username: ``core.users.full_name``)."""

from __future__ import annotations

from django import template

from netzero.core.users import full_name as _full_name

register = template.Library()


@register.filter
def full_name(user) -> str:
    return _full_name(user)
