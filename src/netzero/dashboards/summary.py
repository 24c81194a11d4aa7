"""The dashboard's summary text, generated from its figures in the published paper's wording.

Each paragraph is a list of pieces, some of them emphasised (the status words), so the same
words can be written as HTML for the page and as plain text for the command line and reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from netzero.dashboards.types import ActionRow, Dashboard, Movement, StatusSummary
from netzero.plans.models import Action
from netzero.reporting.status import (
    AT_RISK_STATUSES,
    REPORTED_STATUSES,
    STATUS_INFO,
    Change,
    Status,
)

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


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


ROUNDING_NOTE = "Percentages are rounded to whole numbers, so they may not add up to 100."


def _rounding_note(summary: StatusSummary) -> list[Paragraph]:
    """Said once, and only when the rounded percentages of a summary with actions do not add up
    to 100 (1, 1, 1 and 5 of 8 actions are 13%, 13%, 13% and 63%: 102)."""
    if sum(summary.percentages.values()) != 100:
        return [_p(ROUNDING_NOTE)]
    return []


def priority_paragraphs(dashboard: Dashboard) -> list[Paragraph]:
    """The summary of the priority actions: overall, per status, and movement since last period."""
    summary = dashboard.priority
    noun = "priority action"
    if summary.total == 0:
        return [
            _p(
                f"There are no priority actions within the {dashboard.organisation_name} "
                f"{dashboard.plan_name} to report on."
            )
        ]
    paragraphs = [
        _p(
            f"Overall performance of the {count_words(summary.total, noun)} within the "
            f"{dashboard.organisation_name} {dashboard.plan_name} is presented below."
        )
    ]
    zero = [s for s in REPORTED_STATUSES if summary.counts[s] == 0]
    if zero:
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

    like_for_like = _like_for_like(dashboard)
    allocated = [s for s in REPORTED_STATUSES if summary.counts[s]]
    for i, status in enumerate(allocated):
        n = summary.counts[status]
        count = count_words(n, noun)
        lead = _cap(count) if i else f"For this quarter, {count}"
        named = _named(dashboard, status)
        pieces = [
            f"{lead} ({named}{summary.percentages[status]}%) {'has' if n == 1 else 'have'} been "
            f"allocated {_article(status.label)} ",
            (status.label, True),
            f" rating, meaning that "
            f"{STATUS_INFO[status].meaning_one if n == 1 else STATUS_INFO[status].meaning}.",
        ]
        pieces += _movement_sentences(moved_into[status], like_for_like=like_for_like)
        paragraphs.append(_p(*pieces))

    n = summary.counts[Status.NOT_REPORTED]
    if n:
        paragraphs.append(
            _p(
                f"{_cap(count_words(n, noun))} ({summary.percentages[Status.NOT_REPORTED]}%) "
                f"{'has' if n == 1 else 'have'} ",
                ("no reported status", True),
                " for this quarter.",
                *_movement_sentences(moved_into[Status.NOT_REPORTED]),
            )
        )
    if not like_for_like:
        paragraphs.append(_comparison_among_reported(dashboard))
    paragraphs += _rounding_note(summary)
    if dashboard.previous_period is None:
        paragraphs.append(_p("There is no earlier quarter to compare with."))
    elif not dashboard.movements:
        paragraphs.append(
            _p(f"No priority action's rating has changed since {dashboard.previous_period.name}.")
        )
    return paragraphs


# The actions rated Action (the ones a committee is asked to act on) are named by ref when
# there are this many or fewer: "One priority action (Ref 3; 3%) has been allocated an Action
# rating".
NAMED_AT_MOST = 5


def _priority_rows(dashboard: Dashboard) -> list[ActionRow]:
    return [r for r in dashboard.rows if r.kind == Action.Kind.PRIORITY]


def _named(dashboard: Dashboard, status: Status) -> str:
    """ "Ref 3; " before a percentage of few actions, so the reader knows which they are."""
    if status != Status.ACTION:
        return ""
    refs = [r.ref for r in _priority_rows(dashboard) if r.status == status]
    return f"{_refs(refs)}; " if 0 < len(refs) <= NAMED_AT_MOST else ""


def _like_for_like(dashboard: Dashboard) -> bool:
    """Whether this quarter's counts compare with the previous quarter's: the same actions
    reported in both. When some action reported in one quarter and not the other, the counts
    are of different sets of actions, so "an improvement" would mislead."""
    if dashboard.previous_period is None:
        return True
    return all(
        (r.status == Status.NOT_REPORTED) == (r.previous_status == Status.NOT_REPORTED)
        for r in _priority_rows(dashboard)
        if r.previous_status is not None
    )


def _comparison_among_reported(dashboard: Dashboard) -> Paragraph:
    """The comparison with the previous quarter made only among the actions reported in both."""
    previous = dashboard.previous_period
    assert previous is not None
    rows = [r for r in _priority_rows(dashboard) if r.previous_status is not None]
    missing_now = sum(1 for r in rows if r.status == Status.NOT_REPORTED)
    missing_then = sum(1 for r in rows if r.previous_status == Status.NOT_REPORTED)
    both = [
        r
        for r in rows
        if r.status != Status.NOT_REPORTED and r.previous_status != Status.NOT_REPORTED
    ]
    off_then = sum(1 for r in both if r.previous_status in AT_RISK_STATUSES)
    off_now = sum(1 for r in both if r.status in AT_RISK_STATUSES)

    def missing(n: int, when: str) -> str:
        verb = "had" if when == "then" else "has" if n in (0, 1) else "have"
        if n == 0:
            return f"every priority action {verb} a reported status {when}"
        return f"{count_words(n, 'priority action')} {verb} no reported status {when}"

    text = (
        f"These counts are not like for like with {previous.name}'s: "
        f"{missing(missing_then, 'then')}, and {missing(missing_now, 'now')}."
    )
    if both:
        text += (
            f" Of the {count_words(len(both), 'priority action')} reported in both quarters, "
            f"{count_words(off_then, 'action')} {'was' if off_then == 1 else 'were'} rated Review "
            f"or Action in {previous.name} and {count_words(off_now, 'action')} "
            f"{'is' if off_now == 1 else 'are'} now."
        )
    else:
        text += " No priority action was reported in both quarters, so they cannot be compared."
    return _p(text)


def _movement_sentences(movements: list[Movement], *, like_for_like: bool = True) -> list[str]:
    """Sentences on the actions that moved into one status, grouped as the paper words them:
    "This is an improvement from the last quarter due to one action (Ref 3) moving from an
    Action to Review rating." """
    if not movements:
        return []
    to = movements[0].to_status
    groups: dict[Change, dict[Status, list[str]]] = defaultdict(lambda: defaultdict(list))
    # From-statuses in the vocabulary's order (best first), whatever the order of the rows.
    for m in sorted(movements, key=lambda m: STATUS_INFO[m.from_status].rank):
        groups[m.change][m.from_status].append(m.ref)

    def clauses(by_from: dict[Status, list[str]]) -> str:
        parts = [
            f"{count_words(len(refs), 'action')} ({_refs(refs)}) moving from "
            f"{_article(frm.label)} {frm.label} to {to.label} rating"
            for frm, refs in by_from.items()
        ]
        return " and ".join(parts)

    sentences = []
    if not like_for_like:
        # Said of the actions themselves, not of the quarter: its counts are of other actions.
        for change, word in (
            (Change.IMPROVED, "an improvement"),
            (Change.WORSE, "a deterioration"),
        ):
            if change in groups:
                n = sum(len(refs) for refs in groups[change].values())
                sentences.append(
                    f" This includes {clauses(groups[change])}, {word} for "
                    f"{'that action' if n == 1 else 'those actions'}."
                )
    elif Change.IMPROVED in groups:
        sentences.append(
            " This is an improvement from the last quarter due to "
            f"{clauses(groups[Change.IMPROVED])}."
        )
    if like_for_like and Change.WORSE in groups:
        sentences.append(
            " This is a deterioration from the last quarter due to "
            f"{clauses(groups[Change.WORSE])}."
        )
    for frm, refs in groups.get(Change.NOT_COMPARABLE, {}).items():
        who = f"{_cap(count_words(len(refs), 'action'))} ({_refs(refs)})"
        if frm == Status.NOT_REPORTED:
            sentences.append(f" {who} had no reported status last quarter.")
        else:
            sentences.append(f" {who} had {_article(frm.label)} {frm.label} rating last quarter.")
    return sentences


def at_risk_intro(dashboard: Dashboard) -> Paragraph:
    statuses = [s for s in (Status.REVIEW, Status.ACTION) if dashboard.priority.counts[s]]
    words = " or ".join(s.label for s in statuses) or "Review or Action"
    if not dashboard.at_risk_high_impact:
        return _p(
            f"No action allocated {_article(words)} {words} rating has a High impact on "
            "achieving net zero targets if not achieved."
        )
    one = len(dashboard.at_risk_high_impact) == 1
    return _p(
        f"Of those actions allocated {_article(words)} ",
        (words, True),
        f" rating, {'the action that has' if one else 'the actions that have'} the potentially "
        "biggest negative impact on achieving net zero targets if not achieved (impact High) "
        f"{'is' if one else 'are'}:",
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
    noun = "long list action"
    good, review = c[Status.GOOD], c[Status.REVIEW]
    good_def = STATUS_INFO[Status.GOOD].definition.lower()
    review_def = STATUS_INFO[Status.REVIEW].definition.lower()
    if good and review:
        first = _p(
            f"{_cap(count_words(good, noun))} ({pc[Status.GOOD]}%) "
            f"{'is' if good == 1 else 'are'} scored as being ",
            ("Good", True),
            f" ({good_def}) with {count_words(review, 'action')} ({pc[Status.REVIEW]}%) requiring ",
            ("Review", True),
            f" ({review_def}).",
        )
    elif good:
        first = _p(
            f"{_cap(count_words(good, noun))} ({pc[Status.GOOD]}%) "
            f"{'is' if good == 1 else 'are'} scored as being ",
            ("Good", True),
            f" ({good_def}).",
        )
    elif review:
        first = _p(
            f"{_cap(count_words(review, noun))} ({pc[Status.REVIEW]}%) "
            f"{'requires' if review == 1 else 'require'} ",
            ("Review", True),
            f" ({review_def}).",
        )
    elif c[Status.NOT_REPORTED]:
        first = _p(f"No {noun} has a Good or Review status recorded for this quarter.")
    else:
        first = _p(f"No {noun}s are scored as Good or Review for this quarter.")
    paragraphs = [first]
    n_action = c[Status.ACTION]
    if n_action:
        paragraphs.append(
            _p(
                f"{_cap(count_words(n_action, 'action'))} "
                f"{'is' if n_action == 1 else 'are'} identified as requiring ",
                ("Action", True),
                f" ({STATUS_INFO[Status.ACTION].definition.lower()}); the actions being taken to "
                f"bring {'it' if n_action == 1 else 'them'} back on track are detailed below.",
            )
        )
    else:
        paragraphs.append(_p(f"No {noun}s are identified as requiring ", ("Action", True), "."))
    n_missing = c[Status.NOT_REPORTED]
    if n_missing:
        of_all = f" Percentages are of all {summary.total} long list actions."
        paragraphs.append(
            _p(
                f"{_cap(count_words(n_missing, noun))} ({pc[Status.NOT_REPORTED]}%) "
                f"{'has' if n_missing == 1 else 'have'} ",
                ("no reported status", True),
                f" for this quarter.{of_all if summary.total > 1 else ''}",
            )
        )
        if dashboard.long_list_notes:
            paragraphs.append(_p(LONG_LIST_CAVEAT))
    return paragraphs + _rounding_note(summary)


# Said under the long-list summary when some actions have no status and the plan's notes quote
# the printed words (which may give counts of their own, as the 2022-23 Q3 paper's do).
LONG_LIST_CAVEAT = (
    "Where the counts quoted above differ from these, only the statuses recorded for each action "
    "are counted here; an action whose status was not recorded is shown as Not reported rather "
    "than guessed."
)
