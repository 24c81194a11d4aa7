"""Searching a plan's actions: what the reader typed, read into a ref and words, and the test an
action passes. Plain functions, no queries (``dashboards.selectors.actions_search`` runs them).

Text that names one of the plan's refs exactly ("16", "Ref 16", "ll1", whatever the case) finds
that action alone: "1" is Ref 1, not every action whose words hold a 1 ("Action 10", "2021").
Any other text finds the actions in which every word typed is found, whatever its case, in the
title, the action's words, its delivery theme's name or that theme's lead as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_MAX_LENGTH = 200  # characters read from what was typed; the rest is ignored
WORDS_AT_MOST = 20

_REF_WORD = re.compile(r"^ref(?:[\s.]+|(?=\d))", re.IGNORECASE)  # "Ref 16", "Ref. 16", "ref16"


@dataclass(frozen=True)
class ActionMatch:
    """An action found by a search, as the records stand (its status comes from a dashboard)."""

    action_id: int
    ref: str
    kind: str  # Action.Kind
    title: str
    text: str  # sanitised HTML
    strategy_theme: str
    delivery_theme: str | None
    delivery_theme_lead: str | None


def query_text(typed: str | None) -> str:
    """What was typed, spaces tidied and cut to ``QUERY_MAX_LENGTH``: what the box shows again."""
    return " ".join((typed or "")[:QUERY_MAX_LENGTH].split())


def query_words(typed: str | None) -> list[str]:
    """The words to find, case folded, each once, at most ``WORDS_AT_MOST``."""
    words: list[str] = []
    for word in query_text(typed).casefold().split():
        if word not in words:
            words.append(word)
    return words[:WORDS_AT_MOST]


def query_ref(typed: str | None) -> str | None:
    """The ref the text names, case folded ("Ref 16" -> "16", "ll1" -> "ll1"), or None when
    it is not one word (after an optional "Ref")."""
    text = _REF_WORD.sub("", query_text(typed)).strip()
    if not text or " " in text:
        return None
    return text.casefold()


def words_match(words: list[str], haystack: str) -> bool:
    """``haystack`` is the action's searchable words, case folded."""
    return bool(words) and all(word in haystack for word in words)
