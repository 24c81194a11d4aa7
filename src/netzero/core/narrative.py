"""Narrative HTML: the one place that decides what user-written HTML may contain.

Progress narratives keep paragraphs and lists (the seed's ``<p>``, ``<ul>``, ``<ol>``, ``<li>``) and
nothing else: no attributes, no links, no scripts. nh3 (the Python binding of the maintained Rust
sanitiser ammonia) does the work; we only choose the allow-list.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li"})

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def sanitise_narrative(value: str | None) -> str:
    """Return ``value`` with every tag but p/ul/ol/li removed and all attributes stripped."""
    if not value:
        return ""
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={},
        url_schemes=set(),
        strip_comments=True,
        link_rel=None,
    )
    return cleaned.strip()


def plain_text(value: str | None) -> str:
    """Plain text exactly as typed (only surrounding whitespace removed).

    Nothing between ``<`` and ``>`` is deleted: ``a<b and c>d`` stays ``a<b and c>d``. Plain-text
    fields are never marked safe; Django's autoescaping prints them as text on every page.
    """
    if not value:
        return ""
    return str(value).strip()


def render_narrative(value: str | None) -> SafeString:
    """Narrative HTML ready for a template: sanitised again on the way out, then marked safe."""
    return mark_safe(sanitise_narrative(value))  # noqa: S308 - sanitised by nh3 just above


def narrative_plain_text(value: str | None) -> str:
    """The words of a narrative without markup, for text output, exports and search."""
    if not value:
        return ""
    with_breaks = re.sub(r"</(p|li)>", "\n", sanitise_narrative(value))
    text = html.unescape(_TAG.sub(" ", with_breaks))
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
