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
_NUMBERS = re.compile(r"(\d+)")


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


def natural_ref_key(ref: str, kind: str) -> tuple[int, tuple[tuple[int, object], ...]]:
    """Natural ref order: priority actions before the long list, then the ref's numbers read as
    numbers and its letters in any case (1, 2, 10, then LL1, LL2, LL10).

    The plans helper's ``Action.ref_sort`` stores the same order in the database; until it is
    merged this is the one place search results are sorted."""
    parts = _NUMBERS.split((ref or "").strip().casefold())
    key = tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)
    return (0 if kind == "priority" else 1, key)
