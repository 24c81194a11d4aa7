"""The footer's demo line, only on pages of demo organisations."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def shows_demo(context) -> bool:
    """Does this page show a demo organisation's data? Its ``organisation``, its ``plan``'s
    organisation, or any of ``demo_organisations`` (a page listing several, the home page)."""
    organisations = list(context.get("demo_organisations") or [])
    organisations.append(context.get("organisation"))
    plan = context.get("plan")
    organisations.append(getattr(plan, "organisation", None))
    return any(getattr(o, "is_demo", False) is True for o in organisations)
