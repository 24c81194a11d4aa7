"""Who delivers an action, as a plan prints it, and the gaps that leaves.

A Green Plan names roles rather than people ("[ICS HR Lead]"), new posts not yet filled
("[Sustainability Coordinator - NEW]"), people ("Jim Austin"), or nothing at all. Each gap stays
visible, in the plan's own words, until someone is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_NEW_POST = re.compile(r"\bNEW\b")
_TBC = re.compile(r"\bTBC\b", re.IGNORECASE)

NO_ROLE = "No role given"
NEW_POST = "A new post, not yet filled"
TO_BE_CONFIRMED = "To be confirmed"
PLACEHOLDER = "A role or group, not a named person"


@dataclass(frozen=True)
class RoleGap:
    role: str  # as printed ("" when none is)
    reasons: tuple[str, ...]  # most pressing first


def role_gap(role: str) -> RoleGap | None:
    """The gap a printed role leaves, or None when it names who delivers (a person's name).

    >>> role_gap("Jim Austin") is None
    True
    >>> role_gap("[Sustainability Coordinator - NEW]").reasons
    ('A new post, not yet filled', 'A role or group, not a named person')
    """
    text = " ".join((role or "").split())
    if not text:
        return RoleGap(role="", reasons=(NO_ROLE,))
    reasons = []
    if _NEW_POST.search(text):
        reasons.append(NEW_POST)
    if _TBC.search(text):
        reasons.append(TO_BE_CONFIRMED)
    if _PLACEHOLDER.search(text):
        reasons.append(PLACEHOLDER)
    return RoleGap(role=text, reasons=tuple(reasons)) if reasons else None
