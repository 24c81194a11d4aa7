"""A spreadsheet import's preview as the page shows it: a table per verdict, problems first."""

from __future__ import annotations

from dataclasses import dataclass

from netzero.spreadsheets.services import (
    ABSENT,
    CHANGE,
    CREATE,
    SAME,
    VERDICT_WORDS,
    Item,
    Preview,
)


@dataclass(frozen=True)
class VerdictTable:
    id: str
    title: str
    rows: list[Item]
    differences: bool = False  # a column saying which fields change
    collapsed: bool = False  # shown under a "details" toggle (what is left alone)


def preview_tables(preview: Preview) -> list[VerdictTable]:
    """What will be created, changed and left alone; then what the file does not mention (the
    plan's records it leaves as they are: a renamed ref or theme shows here)."""
    return [
        VerdictTable(
            f"{verdict}-table",
            VERDICT_WORDS[verdict],
            preview.of(verdict),
            differences=verdict == CHANGE,
            collapsed=verdict == SAME,
        )
        for verdict in (CREATE, CHANGE, SAME)
    ] + [VerdictTable(f"{ABSENT}-table", VERDICT_WORDS[ABSENT], preview.not_in_file)]


def preview_changes_nothing(preview: Preview) -> bool:
    """A file with no problems that would create and change nothing: it matches the plan."""
    return preview.ok and not preview.of(CREATE) and not preview.of(CHANGE)


def preview_can_apply(preview: Preview) -> bool:
    """Apply is offered only for a file with no problems that would change something."""
    return preview.ok and not preview_changes_nothing(preview)


def preview_summary(preview: Preview) -> str:
    if preview_changes_nothing(preview):
        return (
            "The file matches the plan: importing it would change nothing, so there is "
            "nothing to apply."
        )
    created, changed, same = (len(preview.of(v)) for v in (CREATE, CHANGE, SAME))
    return f"{created} to create, {changed} to change, {same} left alone."
