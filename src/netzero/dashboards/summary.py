"""The dashboard's summary text, generated from its figures in the seed paper's wording.

Each paragraph is a list of pieces, some of them emphasised (the status words), so the same
words can be written as HTML for the page and as plain text for the command line and reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from netzero.dashboards.selectors import ActionRow, Dashboard, Movement
from netzero.reporting.status import REPORTED_STATUSES, STATUS_INFO, Change, Status

_NUMBER_WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
]


@dataclass(frozen=True)
class Paragraph:
    pieces: tuple[tuple[str, bool], ...]  # (text, emphasised)

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)

    @property
    def html(self) -> SafeString:
        return format_html_join(
            "",
            "{}",
            ((format_html("<strong>{}</strong>", t) if em else t,) for t, em in self.pieces),
        )


def _p(*pieces: str | tuple[str, bool]) -> Paragraph:
    return Paragraph(tuple(p if isinstance(p, tuple) else (p, False) for p in pieces))


def count_words(n: int, noun: str, *, capital: bool = False) -> str:
    """ "one action", "two actions", "17 actions"."""
    word = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    if capital:
        word = word[:1].upper() + word[1:]
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _refs(refs: list[str]) -> str:
    return ("Ref " if len(refs) == 1 else "Refs ") + ", ".join(refs)


def priority_paragraphs(dashboard: Dashboard) -> list[Paragraph]:
    """The summary of the priority actions: overall, per status, and movement since last period."""
    summary = dashboard.priority
    noun = "priority action"
    paragraphs = [
        _p(
            f"Overall performance of the {count_words(summary.total, noun)} within the "
            f"{dashboard.plan.organisation.name} {dashboard.plan.name} is presented below."
        )
    ]
    zero = [s for s in REPORTED_STATUSES if summary.counts[s] == 0]
    if summary.total and zero:
        pieces: list[str | tuple[str, bool]] = [f"No {noun}s have been allocated "]
        for i, status in enumerate(zero):
            if i:
                pieces.append(" or " if i == len(zero) - 1 else ", ")
            pieces += [f"{_article(status.label)} ", (status.label, True)]
        pieces.append(" rating for this quarter.")
        paragraphs.append(_p(*pieces))

    moved_into: dict[Status, list[Movement]] = defaultdict(list)
    for movement in dashboard.movements:
        moved_into[movement.to_status].append(movement)

    first = True
    for status in REPORTED_STATUSES:
        n = summary.counts[status]
        if n == 0:
            continue
        lead = "For this quarter, " if first else ""
        first = False
        verb = "has" if n == 1 else "have"
        pieces = [
            f"{lead}{n} {noun}{'' if n == 1 else 's'} ({summary.percentages[status]}%) {verb} been "
            f"allocated {_article(status.label)} ",
            (status.label, True),
            f" rating, meaning that {STATUS_INFO[status].meaning}.",
        ]
        pieces += _movement_sentences(moved_into.pop(status, []))
        paragraphs.append(_p(*pieces))

    n = summary.counts[Status.NOT_REPORTED]
    if n:
        verb = "has" if n == 1 else "have"
        paragraphs.append(
            _p(
                f"{n} {noun}{'' if n == 1 else 's'} ({summary.percentages[Status.NOT_REPORTED]}%) "
                f"{verb} ",
                ("no reported status", True),
                " for this quarter.",
                *_movement_sentences(moved_into.pop(Status.NOT_REPORTED, [])),
            )
        )
    if dashboard.previous_period is None:
        paragraphs.append(_p("There is no earlier quarter to compare with."))
    elif not dashboard.movements:
        paragraphs.append(
            _p(f"No priority action's rating has changed since {dashboard.previous_period.name}.")
        )
    return paragraphs


def _movement_sentences(movements: list[Movement]) -> list[str]:
    by_kind: dict[tuple[Change, Status], list[str]] = defaultdict(list)
    for m in movements:
        by_kind[(m.change, m.from_status)].append(m.ref)
    sentences = []
    for (change, from_status), refs in by_kind.items():
        to_status = movements[0].to_status
        moving = f"{count_words(len(refs), 'action')} ({_refs(refs)}) moving from "
        rating = f"{_article(from_status.label)} {from_status.label} to {to_status.label} rating."
        if change is Change.IMPROVED:
            sentences.append(
                f" This is an improvement from the last quarter due to {moving}{rating}"
            )
        elif change is Change.WORSE:
            sentences.append(
                f" This is a deterioration from the last quarter due to {moving}{rating}"
            )
        else:
            sentences.append(
                f" {count_words(len(refs), 'action', capital=True)} ({_refs(refs)}) moved from "
                f"{from_status.label} to {to_status.label} since the last quarter."
            )
    return sentences


def at_risk_intro(dashboard: Dashboard) -> Paragraph:
    statuses = [s for s in (Status.REVIEW, Status.ACTION) if dashboard.priority.counts[s]]
    words = " or ".join(s.label for s in statuses) or "Review or Action"
    if not dashboard.at_risk_high_impact:
        return _p(
            f"No action allocated a {words} rating has a High impact on achieving net zero "
            "targets if not achieved."
        )
    return _p(
        f"Of those actions allocated {_article(words)} ",
        (words, True),
        " rating, the actions that have the potentially biggest negative impact on achieving net "
        "zero targets if not achieved (impact High) are:",
    )


def at_risk_by_theme(dashboard: Dashboard) -> list[tuple[str, list[ActionRow]]]:
    grouped: dict[str, list[ActionRow]] = defaultdict(list)
    for row in dashboard.at_risk_high_impact:
        grouped[row.strategy_theme].append(row)
    order = [t.theme for t in dashboard.by_strategy_theme]
    return [(theme, grouped[theme]) for theme in order if grouped.get(theme)]


def long_list_paragraphs(dashboard: Dashboard) -> list[Paragraph]:
    summary = dashboard.long_list
    if summary.total == 0:
        return []
    c, pc = summary.counts, summary.percentages
    paragraphs = [
        _p(
            f"{c[Status.GOOD]} long list actions ({pc[Status.GOOD]}%) are scored as being ",
            ("Good", True),
            f" ({STATUS_INFO[Status.GOOD].definition.lower()}) with {c[Status.REVIEW]} actions "
            f"({pc[Status.REVIEW]}%) requiring ",
            ("Review", True),
            f" ({STATUS_INFO[Status.REVIEW].definition.lower()}).",
        )
    ]
    n_action = c[Status.ACTION]
    if n_action:
        paragraphs.append(
            _p(
                f"{count_words(n_action, 'action', capital=True)} "
                f"{'is' if n_action == 1 else 'are'} identified as requiring ",
                ("Action", True),
                f" ({STATUS_INFO[Status.ACTION].definition.lower()}); the actions being taken to "
                "bring them back on track are detailed below.",
            )
        )
    else:
        paragraphs.append(
            _p("No long list actions are identified as requiring ", ("Action", True), ".")
        )
    n_missing = c[Status.NOT_REPORTED]
    if n_missing:
        paragraphs.append(
            _p(
                f"{count_words(n_missing, 'long list action', capital=True)} "
                f"({pc[Status.NOT_REPORTED]}%) {'has' if n_missing == 1 else 'have'} ",
                ("no reported status", True),
                " for this quarter, so the figures above cover only the actions with a status.",
            )
        )
    return paragraphs
