"""``{% load periods %}``: a period's meeting and publication in words (reporting.presenters)."""

from __future__ import annotations

from django import template

from netzero.reporting import presenters

register = template.Library()


@register.filter
def presented(period) -> str:
    """ "Presented to <body> on <date>", or "Not recorded"."""
    return presenters.presented_text(period)


@register.filter
def published_in_service(period) -> str:
    """ "Published in this service on <date>"."""
    return presenters.published_in_service_text(period)
