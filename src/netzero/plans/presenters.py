"""How pages, emails and files name an action."""

from __future__ import annotations

from netzero.core.narrative import narrative_plain_text
from netzero.plans.models import Action

NAME_WORDS_AT_MOST = 70


def action_name(action: Action) -> str:
    """An action as people know it: "Ref 10 Retrofit the depots". An action without a title (the
    paper printed none) is named by the start of its text, up to 70 characters."""
    words = action.title or narrative_plain_text(action.text).replace("\n", " ").rstrip(" .")
    if len(words) > NAME_WORDS_AT_MOST:
        words = words[:NAME_WORDS_AT_MOST].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return f"Ref {action.ref} {words}".strip()
