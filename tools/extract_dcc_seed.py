#!/usr/bin/env python3
"""Turn the text extraction of DCC's Q3 2022-23 climate dashboard into a JSON fixture.

Usage: python3 tools/extract_dcc_seed.py SEED_PATH OUT_JSON

The seed is a PDF-to-text extraction of Derbyshire County Council's committee paper
"Climate Change Programme Dashboard 2022-23, Q3". Parsing is general (sections found by
their printed headings, table rows split on their leading ref, continuation lines merged
cell-wise by column position); the seed's genuine one-off quirks live in the FIX-UPS block
below. Standard library only; the output is deterministic.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

EN_DASH = "\u2013"
BULLET = "\u2022"

# ---------------------------------------------------------------------------------------------
# Facts about the document that are printed in the seed but not in a parseable shape (mixed
# case, line-wrapped headings). Each phrase is checked against the seed before it is used.
# ---------------------------------------------------------------------------------------------
TITLE = "Climate Change Programme Dashboard 2022-23, Q3"
PUBLISHER = "Derbyshire County Council"
COMMITTEE = (
    f"Improvement and Scrutiny Committee {EN_DASH} Climate Change, Biodiversity and Carbon"
    " Reduction"
)
PLAN_NAME = "Climate Change Strategy: Achieving Net Zero (2021-2025)"
PLAN_SLUG = "dcc-climate-change-strategy"
ORGANISATION_KIND = "county_council"
# The council's code in the local authority emissions statistics (shared/reference's README:
# "Derbyshire County Council is `DBY`"), so its pages link to its area's figures.
LOCAL_AUTHORITY_CODE = "DBY"

# ---------------------------------------------------------------------------------------------
# FIX-UPS: the seed's genuine one-off quirks, and nothing else.
# (Extraction damage with a regular shape is handled by the general code instead: rows split
# over several lines (Refs 2, 4, 5, 8), a line one cell short whose impact and summary columns
# were merged (Refs 5, 30, 31 and Ref 4's continuation), a paragraph broken by a page break
# (Ref 4), and <ul>/<ol> lists printed as inline "•" / "1." items with no <li> or closing tag.)
# ---------------------------------------------------------------------------------------------
# Printed "Lead Theme" cells that are not exactly a delivery theme name (from the overview's
# delivery-theme table). Each row's delivery theme follows its own printed cell through this
# table; it is deliberately NOT reconciled with the printed delivery-theme totals, which
# disagree with the per-action column (Fleet, External Transport and Travel, Planning,
# Climate Change Team).
LEAD_THEME_ALIASES: dict[str, str] = {
    # Refs 1-4 and 8: the delivery theme is printed in full only in the overview.
    "Property and Estate": "Council Property and Estate",
    # Ref 5: words transposed.
    "External Travel and Transport": "External Transport and Travel",
    # Ref 23: stray trailing comma.
    "External Transport and Travel,": "External Transport and Travel",
}

# Ref 20's summary cell is only "See Action 16": no status word of its own. It takes the
# status of the action it reports through (checked below to be Review, which is also what
# makes the printed strategy-theme totals add up).
REPORTS_THROUGH: dict[str, dict[str, str]] = {
    "20": {
        "cell": "See Action 16",
        "ref": "16",
        "status": "Review",
        "note": (
            "The published paper prints no status word for Ref 20; it reports through Ref 16 "
            "(Review). Review also makes the paper's printed theme totals add up "
            "(Decarbonising the Domestic Sector 3 Good / 3 Review)."
        ),
    },
}

NOT_REPORTED_NOTE = (
    "The published paper shows this action's status only as a colour that was lost from its text; "
    "it is not invented here."
)

# ---------------------------------------------------------------------------------------------
# General parsing
# ---------------------------------------------------------------------------------------------
PRIORITY_HEADING = f"PRIORITY ACTIONS {EN_DASH} Summary"
LONG_LIST_HEADING = f"LONG-LIST ACTIONS {EN_DASH} Summary"
PRIORITY_COLUMNS = (
    "ref",
    "text",
    "lead_theme",
    "target",
    "success_measure",
    "status_change",
    "impact",
    "narrative",
)
IMPACT_LEVELS = ("High", "Moderate", "Low")
STATUS_WORDS = ("GOOD", "REVIEW", "ACTION")
NUMBER_WORDS = {"No": 0, "One": 1, "Two": 2, "Three": 3, "Four": 4, "Five": 5}

SEPARATOR_RE = re.compile(r"^[-\t]+$")
MERGED_IMPACT_RE = re.compile(
    r"^(?:<p>)?(High|Moderate|Low)(?:</p>)?\s+((?:<p>)?(?:GOOD|REVIEW|ACTION):.*)$", re.S
)
STATUS_RE = re.compile(r"^(GOOD|REVIEW|ACTION): ")
LIST_OPEN_RE = re.compile(r"<(ul|ol)\b[^>]*>")
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")

Block = tuple[str, Any]  # ("p", str) | ("ul", list[str]) | ("ol", list[str])


class SeedError(ValueError):
    """The seed does not have the shape this extractor expects."""


def collapse(text: str) -> str:
    return " ".join(text.split())


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def index_of(lines: list[str], heading: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip() == heading:
            return i
    raise SeedError(f"heading not found: {heading!r}")


def require_phrase(text: str, phrase: str) -> str:
    flat = collapse(text.replace("**", "")).casefold()
    if phrase.casefold() not in flat:
        raise SeedError(f"phrase not printed in seed: {phrase!r}")
    return phrase


def meeting_date(lines: list[str]) -> str:
    for line in lines:
        m = re.fullmatch(r"[A-Z]+DAY, (\d{1,2} [A-Z]+ \d{4})", line.strip())
        if m:
            return datetime.strptime(m.group(1), "%d %B %Y").date().isoformat()
    raise SeedError("meeting date not found")


# --- overview ----------------------------------------------------------------------------------
def table_after(lines: list[str], header: str, start: int) -> list[list[str]]:
    """Rows of the tab table whose header row starts with ``header``, up to its Total row."""
    i = start
    while not lines[i].startswith(header + "\t"):
        i += 1
    rows: list[list[str]] = []
    for line in lines[i + 1 :]:
        cells = [c.strip() for c in line.split("\t")]
        rows.append(cells)
        if cells[0] == "Total":
            return rows
    raise SeedError(f"no Total row after {header!r}")


def counts(cells: list[str]) -> dict[str, int]:
    good, review, action = (int(c) for c in cells[-3:])
    return {"Good": good, "Review": review, "Action": action}


def parse_overview(lines: list[str], start: int, end: int) -> dict[str, Any]:
    section = lines[start:end]
    strategy_rows = table_after(section, "Strategy Theme", 0)
    delivery_rows = table_after(section, "Delivery Theme", 0)
    by_strategy = [{"theme": r[0], **counts(r)} for r in strategy_rows[:-1]]
    by_delivery = [{"theme": r[0], "lead": r[1], **counts(r)} for r in delivery_rows[:-1]]
    totals = counts(strategy_rows[-1])
    if counts(delivery_rows[-1]) != totals:
        raise SeedError("overview tables print different totals")
    definitions: dict[str, str] = {}
    for line in section:
        m = re.fullmatch(r"-\s+(Good|Review|Action) (.+)", line.strip())
        if m:
            definitions[m.group(1)] = m.group(2).strip()
    if list(definitions) != ["Good", "Review", "Action"]:
        raise SeedError("status legend not found")
    return {
        "status_definitions": definitions,
        "by_strategy_theme": by_strategy,
        "by_delivery_theme": by_delivery,
        "totals": totals,
    }


# --- table rows ------------------------------------------------------------------------------
def align(cells: list[str], ncols: int) -> list[str]:
    """Line cells up with the header's columns.

    A line one cell short has its last two columns (impact and summary) merged into one cell:
    the impact level, if printed, leads it and is split off; the rest is the summary.
    """
    if len(cells) == ncols:
        return cells
    if len(cells) != ncols - 1:
        raise SeedError(f"row has {len(cells)} cells, expected {ncols}: {cells[:2]!r}")
    merged = cells[-1].strip()
    m = MERGED_IMPACT_RE.match(merged)
    impact, summary = (m.group(1), m.group(2)) if m else ("", merged)
    return [*cells[:-1], impact, summary]


def join_summary(prev: str, new: str) -> str:
    """Append a continuation of the summary cell.

    A continuation that opens a paragraph with a lower-case word finishes the sentence the
    previous line's last paragraph broke off (a page break), so the two paragraphs are joined.
    """
    if prev.endswith("</p>") and re.match(r"<p>[a-z]", new):
        return prev[: -len("</p>")] + " " + new[len("<p>") :]
    return f"{prev} {new}".strip()


def split_rows(lines: list[str], themes: list[str], ref_re: str) -> list[tuple[str, list[str]]]:
    """(strategy theme, cells) for each table row, continuation lines merged cell-wise."""
    theme_names = {t.casefold(): t for t in themes}
    rows: list[tuple[str, list[str]]] = []
    theme = ""
    ncols = 0
    for raw in lines:
        if not raw.strip() or SEPARATOR_RE.match(raw):
            continue
        cells = raw.split("\t")
        first = cells[0].strip()
        if first.casefold() in theme_names and not any(c.strip() for c in cells[1:]):
            theme = theme_names[first.casefold()]
        elif first == "Ref":
            ncols = len(cells)
        elif re.fullmatch(ref_re, first):
            if not theme or not ncols:
                raise SeedError(f"row {first} outside a themed table")
            rows.append((theme, [c.strip() for c in align(cells, ncols)]))
        elif first == "" and rows:
            row = rows[-1][1]
            for col, cell in enumerate(align(cells, ncols)):
                cell = cell.strip()
                if not cell:
                    continue
                if col == ncols - 1:
                    row[col] = join_summary(row[col], cell)
                else:
                    row[col] = f"{row[col]} {cell}".strip()
        else:
            raise SeedError(f"unexpected line in table: {raw[:60]!r}")
    return rows


# --- summary cells -----------------------------------------------------------------------------
def list_items(kind: str, body: str) -> list[str]:
    body = collapse(body)
    if kind == "ul":
        head, *items = body.split(BULLET)
        if head.strip():
            raise SeedError(f"text before first bullet: {head!r}")
        return [collapse(i) for i in items if i.strip()]
    parts = re.split(r"(?:^|\s)(\d+)\.\s", body)
    if parts[0].strip():
        raise SeedError(f"text before first list number: {parts[0]!r}")
    numbers = [int(n) for n in parts[1::2]]
    if numbers != list(range(1, len(numbers) + 1)):
        raise SeedError(f"list numbers out of sequence: {numbers}")
    return [collapse(i) for i in parts[2::2]]


def blocks(cell: str) -> list[Block]:
    """Paragraphs and lists of a summary cell.

    Handles ``<p>`` paragraphs, bare text between them (one paragraph each), and ``<ul>`` /
    ``<ol>`` lists whose items are printed inline as "• item" or "1. item" with no ``<li>``
    and usually no closing tag (the list then runs to the next ``<p>`` or the cell's end).
    """
    out: list[Block] = []
    pos = 0
    while pos < len(cell):
        if cell.startswith("<p>", pos):
            end = cell.find("</p>", pos)
            if end < 0:
                raise SeedError(f"unclosed <p>: {cell[pos : pos + 60]!r}")
            text = collapse(cell[pos + 3 : end])
            if text:
                out.append(("p", text))
            pos = end + 4
            continue
        m = LIST_OPEN_RE.match(cell, pos)
        if m:
            kind = m.group(1)
            close = f"</{kind}>"
            stops = [cell.find(mark, m.end()) for mark in ("<p>", close)]
            end = min([i for i in stops if i >= 0], default=len(cell))
            out.append((kind, list_items(kind, cell[m.end() : end])))
            pos = end + len(close) if cell.startswith(close, end) else end
            continue
        nxt = cell.find("<", pos)
        nxt = len(cell) if nxt < 0 else nxt
        if nxt == pos:
            raise SeedError(f"unexpected markup: {cell[pos : pos + 60]!r}")
        text = collapse(cell[pos:nxt])
        if text:
            out.append(("p", text))
        pos = nxt
    return out


def render(items: list[Block]) -> str:
    html = []
    for kind, body in items:
        if kind == "p":
            html.append(f"<p>{body}</p>")
        else:
            html.append(f"<{kind}>" + "".join(f"<li>{i}</li>" for i in body) + f"</{kind}>")
    return "".join(html)


def first_sentence(text: str) -> tuple[str, str]:
    """The first sentence of ``text`` and the rest."""
    first, *rest = SENTENCE_END_RE.split(text, maxsplit=1)
    return first.strip(), (rest[0].strip() if rest else "")


def split_update(cell: str, definitions: dict[str, str]) -> dict[str, str]:
    """Status, reason, progress and mitigation of a priority action's summary cell."""
    parts = blocks(cell)
    if not parts or parts[0][0] != "p" or not STATUS_RE.match(parts[0][1]):
        raise SeedError(f"summary does not start with a status: {cell[:60]!r}")
    word, head = parts[0][1].split(": ", 1)
    status = word.title()
    definition = definitions[status]
    if not head.startswith(definition):
        raise SeedError(f"status sentence differs from the legend: {head[:60]!r}")
    rest = head[len(definition) :].lstrip(". ").strip()
    progress: list[Block] = []
    mitigation: list[str] = []
    reason = ""
    if len(parts) == 1 and "<" not in cell:
        # Plain-text summary: status sentence, an optional "This is due to ..." sentence,
        # progress, then an optional "Mitigation: ..." tail.
        if status != "Good" and rest.startswith("This is due to"):
            reason, rest = first_sentence(rest)
        body, sep, tail = rest.partition("Mitigation:")
        if sep:
            mitigation.append(tail.strip())
        if body.strip():
            progress.append(("p", body.strip()))
    else:
        if status == "Good":
            if rest:
                progress.append(("p", rest))
        else:
            reason = rest
        for kind, body in parts[1:]:
            if kind == "p" and body.startswith("Mitigation:"):
                mitigation.append(body[len("Mitigation:") :].strip())
            else:
                progress.append((kind, body))
    return {
        "status": status,
        "reason": reason,
        "progress": render(progress),
        "mitigation": " ".join(mitigation),
        "note": "",
    }


# --- sections ----------------------------------------------------------------------------------
def parse_priority(
    lines: list[str],
    themes: list[str],
    delivery_names: list[str],
    definitions: dict[str, str],
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    actions: list[dict[str, Any]] = []
    aliases: dict[str, str] = {}
    for theme, cells in split_rows(lines, themes, r"\d+"):
        row = dict(zip(PRIORITY_COLUMNS, cells, strict=True))
        ref, printed = row["ref"], row["lead_theme"]
        if printed in delivery_names:
            delivery = printed
        elif printed in LEAD_THEME_ALIASES:
            delivery = aliases[printed] = LEAD_THEME_ALIASES[printed]
        else:
            raise SeedError(f"Ref {ref}: unknown lead theme {printed!r}")
        if row["impact"] not in IMPACT_LEVELS:
            raise SeedError(f"Ref {ref}: impact {row['impact']!r}")
        fixup = REPORTS_THROUGH.get(ref)
        if fixup:
            if collapse(row["narrative"]) != fixup["cell"]:
                raise SeedError(f"Ref {ref}: fix-up no longer matches the seed")
            update = {
                "status": fixup["status"],
                "reason": "",
                "progress": render([("p", fixup["cell"])]),
                "mitigation": "",
                "note": fixup["note"],
            }
        else:
            update = split_update(row["narrative"], definitions)
        actions.append(
            {
                "ref": ref,
                "text": row["text"],
                "strategy_theme": theme,
                "lead_theme_printed": printed,
                "delivery_theme": delivery,
                "target": row["target"],
                "success_measure": row["success_measure"],
                "impact": row["impact"],
                "reports_through": fixup["ref"] if fixup else None,
                "update": update,
            }
        )
    by_ref = {a["ref"]: a for a in actions}
    for ref, fixup in REPORTS_THROUGH.items():
        if by_ref[fixup["ref"]]["update"]["status"] != by_ref[ref]["update"]["status"]:
            raise SeedError(f"Ref {ref}: status differs from Ref {fixup['ref']}")
    return actions, aliases


def parse_long_list(
    lines: list[str], themes: list[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    stated: dict[str, Any] = {}
    flagged: dict[str, tuple[str, str]] = {}
    table_start = 0
    for i, line in enumerate(lines):
        m = re.match(
            r"(\d+) long list actions \(\d+%\) are scored as being \*\*Good\*\*.*?"
            r" with (\d+) actions \(\d+%\) requiring \*\*Review\*\*",
            line,
        )
        if m:
            stated.update(Good=int(m.group(1)), Review=int(m.group(2)))
            stated["text"] = line.replace("**", "").strip()
        m = re.match(r"(\w+) actions? (?:is|are) identified as requiring \*\*Action\*\*", line)
        if m:
            stated["Action"] = NUMBER_WORDS[m.group(1)]
        m = re.match(rf"- (LL\d+) {EN_DASH} (.+?):\*\* (.+)", line)
        if m:
            flagged[m.group(1)] = (m.group(2).strip(), collapse(m.group(3)))
        if "\t" in line and not table_start:
            table_start = i
    if set(stated) != {"Good", "Review", "Action", "text"}:
        raise SeedError(f"long-list summary not found: {sorted(stated)}")
    if len(flagged) != stated["Action"]:
        raise SeedError("long-list Action narratives do not match the stated count")
    actions: list[dict[str, Any]] = []
    for theme, (ref, cell, status_cell) in split_rows(lines[table_start:], themes, r"LL\d+"):
        if status_cell:
            raise SeedError(f"{ref}: unexpected status cell {status_cell!r}")
        title, sep, text = cell.partition(": ")
        if not sep:
            raise SeedError(f"{ref}: no title")
        update = {
            "status": "Not reported",
            "reason": "",
            "progress": "",
            "mitigation": "",
            "note": NOT_REPORTED_NOTE,
        }
        if ref in flagged:
            flagged_title, narrative = flagged.pop(ref)
            if flagged_title != title:
                raise SeedError(f"{ref}: summary title {flagged_title!r} != {title!r}")
            update.update(status="Action", progress=render([("p", narrative)]), note="")
        text = render(blocks(text)) if "<" in text else collapse(text)
        actions.append(
            {
                "ref": ref,
                "title": title,
                "text": text,
                "strategy_theme": theme,
                "update": update,
            }
        )
    if flagged:
        raise SeedError(f"summary names unknown long-list actions: {sorted(flagged)}")
    order = ["Good", "Review", "Action", "text"]
    return actions, {k: stated[k] for k in order}


def extract(raw: bytes, file_name: str) -> dict[str, Any]:
    text = raw.decode("utf-8")
    lines = text.split("\n")
    title_at = index_of(lines, TITLE, index_of(lines, "Implications"))
    priority_at = index_of(lines, PRIORITY_HEADING, title_at)
    long_list_at = index_of(lines, LONG_LIST_HEADING, priority_at)
    overview = parse_overview(lines, title_at, priority_at)
    themes = [row["theme"] for row in overview["by_strategy_theme"]]
    delivery = [{"name": r["theme"], "lead": r["lead"]} for r in overview["by_delivery_theme"]]
    priority, aliases = parse_priority(
        lines[priority_at + 1 : long_list_at],
        themes,
        [d["name"] for d in delivery],
        overview["status_definitions"],
    )
    long_list, stated = parse_long_list(lines[long_list_at + 1 :], themes)
    return {
        "source": {
            "file": file_name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "title": require_phrase(text, TITLE),
            "publisher": require_phrase(text, PUBLISHER),
            "committee": require_phrase(text, COMMITTEE),
            "meeting_date": meeting_date(lines),
        },
        "organisation": {
            "name": PUBLISHER,
            "slug": slugify(PUBLISHER),
            "kind": ORGANISATION_KIND,
            "local_authority_code": LOCAL_AUTHORITY_CODE,
        },
        "plan": {"name": require_phrase(text, PLAN_NAME), "slug": PLAN_SLUG},
        "status_definitions": overview["status_definitions"],
        "strategy_themes": themes,
        "delivery_themes": delivery,
        "lead_theme_aliases": aliases,
        "printed_overview": {
            "by_strategy_theme": overview["by_strategy_theme"],
            "by_delivery_theme": overview["by_delivery_theme"],
            "totals": overview["totals"],
            "long_list_stated": stated,
        },
        "priority_actions": priority,
        "long_list_actions": long_list,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    seed, out = Path(args[0]), Path(args[1])
    data = extract(seed.read_bytes(), seed.name)
    out.write_text(dumps(data), encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
