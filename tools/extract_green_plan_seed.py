#!/usr/bin/env python3
"""Turn the text extraction of the JUCD ICS Green Plan's objectives into a JSON file.

Usage: python3 tools/extract_green_plan_seed.py SEED_PATH OUT_JSON

The seed is a PDF-to-text extraction of the Joined Up Care Derbyshire ICS Green Plan 2022-2025.
This reads three of its tables: Table 1 (section 6.0: each objective's vision and strategic
objective), Appendix A (the same objectives with their interventions, timescales, roles,
benefits and risks) and Figure 6 (section 5.1: the trusts' own actions counted by SDAT module and
action summary). Parsing is general (tables found by their printed headings and column
headers, repeated page-break headers dropped, cells split by a page break merged back cell-wise,
rows whose leading empty columns were lost read by the shape of their cells); the seed's genuine
one-off quirks live in the FIX-UPS block below. Standard library only; the output is
deterministic.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

EN_DASH = "\u2013"

# ---------------------------------------------------------------------------------------------
# Facts about the document. Each phrase is checked against the seed before it is used.
# ---------------------------------------------------------------------------------------------
# The cover prints the title over two lines, with spaces round the hyphen of "2022 - 2025".
PRINTED_TITLE = "Joined Up Care Derbyshire ICS Green Plan 2022 - 2025"
TITLE = "Joined Up Care Derbyshire ICS Green Plan 2022-2025"
SECTIONS = "Table 1 (section 6.0) and Appendix A"
PLAN_SLUG = "jucd-green-plan"
ORGANISATION = "jucd-ics"

SECTION_6 = "6.0 OUR JOINED-UP SUSTAINABILITY INTERVENTIONS"
TABLE_1_HEADER = ("Vision", "Strategic Objective")
TABLE_1_CAPTION = "Table 1: Our Strategic Sustainability Objectives"
APPENDIX_A = "Appendix A: strategic sustainability objectives of the Derbyshire ICS"
APPENDIX_B_PREFIX = "Appendix B:"
APPENDIX_COLUMNS = (
    "No.",
    "Vision",
    "Strategic Objective",
    "Intervention Detail",
    "Timescale",
    "Role",
    "Benefits",
    "Risks",
)
FOREWORD_COUNT = "a total of 11 interventions"

SECTION_5_1 = "5.1 Methodology"
FIGURE_6_HEADER = ("SDAT Module", "Action Summary", "Relevant Actions")
FIGURE_6_PREFIX = "Figure 6:"
# The sentence of section 5.1 that gives the figure's total, and how it is read.
FIGURE_6_TOTAL_RE = re.compile(r"a combined total of (\d+) relevant actions")

# ---------------------------------------------------------------------------------------------
# FIX-UPS: the seed's genuine one-off quirks and readings, and nothing else.
# (Damage with a regular shape is handled by the general code instead: the column header
# repeated after each page break, cells split across a page break (objectives 3, 5, 7 and 9),
# and rows whose leading empty columns were lost (objective 3's "Signposting to initiatives
# (e.g. Warmer Derbyshire)." and objective 10's "Procurement contracts and tenders").)
# ---------------------------------------------------------------------------------------------
# Rows that head the rows below them rather than being interventions themselves, keyed by
# objective number. The rows after the heading (to the end of the objective) become
# interventions worded "<heading> <row as printed>"; the first of them shares the heading's
# printed table row, so it takes the heading's timescale and role (it prints none of its own).
LIST_HEADINGS: dict[int, str] = {
    10: "Inclusion of net-zero targets across:",
}

# Wording in Appendix A that genuinely differs from Table 1, keyed by objective number and
# field ("vision" / "objective"): (Table 1's text, Appendix A's text). Table 1's wording is kept
# and the difference is recorded in layout_notes. The seed has none; any other difference fails.
TABLE_1_DIFFERENCES: dict[tuple[int, str], tuple[str, str]] = {}

# Partner organisations named by an intervention's own wording, keyed by ref:
# (organisation slug, the exact phrase in the text), in the order the text names them.
PARTNERS: dict[str, list[tuple[str, str]]] = {
    # "ambulance staff" names EMAS by service: it is the ICS's only ambulance trust.
    "3.3": [("emas", "ambulance staff")],
    # "Derby City" (Derby City Council) is not an organisation in the product: left out.
    "3.5": [
        ("derbyshire-county-council", "Derbyshire County Council"),
        ("dchs", "DCHS"),
    ],
    "7.1": [("crhft", "CRHFT")],
}
# Phrases that name a partner organisation; an intervention printing one must list it above.
PARTNER_PHRASES = (
    "CRHFT",
    "DCHS",
    "DHCFT",
    "EMAS",
    "UHDB",
    "ambulance",
    "Chesterfield Royal",
    "Derbyshire County Council",
    "Derbyshire Community Health",
    "Derbyshire Healthcare",
    "University Hospitals",
)

# The partners' full names, as printed in the plan (for layout_notes).
PARTNER_NAMES: dict[str, str] = {
    "crhft": "Chesterfield Royal Hospital NHS Foundation Trust",
    "dchs": "Derbyshire Community Health Services NHS Foundation Trust",
    "emas": "East Midlands Ambulance Service NHS Trust",
    "derbyshire-county-council": "Derbyshire County Council",
}

# Bodies an intervention names that are not organisations in the product (not partners):
# ref -> [(the phrase in the text, how layout_notes names the body)].
NOT_TRACKED: dict[str, list[tuple[str, str]]] = {
    "1.1": [("NHS England", "NHS England")],
    "3.5": [("Derby City", "Derby City Council (printed \u201cDerby City\u201d)")],
    "6.1": [("BP pulse", "BP pulse")],
    "8.1": [("National Audit Office", "the National Audit Office")],
    "9.1": [("Clinical Support Unit", "the Clinical Support Unit"), ("CCG", "the CCG")],
}

# Schemes an intervention names whose running organisation only the plan's narrative names:
# ref -> (phrase in the intervention, phrase in the narrative naming the organisation).
SCHEMES: dict[str, tuple[str, str]] = {
    "3.2": ("Warmer Derbyshire", "'Warmer Derbyshire' led by Derbyshire County Council"),
    "6.1": ("D2N2 network scheme", "Derbyshire County Council's D2N2 network scheme"),
}
# 5.3's "(could be with external partners, e.g. Council)" names no particular council.
UNNAMED_COUNCIL = ("5.3", "e.g. Council")

# The same newsletter is printed under objectives 1 and 2 (worded slightly differently).
REPEATED_NEWSLETTER = ("1.2", "2.3", "Quarterly ICS-wide publication/sustainability newsletter")

# ---------------------------------------------------------------------------------------------
# General parsing
# ---------------------------------------------------------------------------------------------
TIMESCALE_RE = re.compile(r"20\d\d(?:/\d\d|-20\d\d)?")
NUMBER_RE = re.compile(r"\d+")

OBJECTIVE_CELLS = ("vision", "objective", "benefits", "risks")


class SeedError(ValueError):
    """The seed does not have the shape this extractor expects."""


def collapse(text: str) -> str:
    return " ".join(text.split())


def join(prev: str, new: str) -> str:
    return collapse(f"{prev} {new}")


def index_of(lines: list[str], heading: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip() == heading:
            return i
    raise SeedError(f"heading not found: {heading!r}")


def require_phrase(text: str, phrase: str) -> str:
    if collapse(phrase) not in collapse(text):
        raise SeedError(f"phrase not printed in seed: {phrase!r}")
    return phrase


# --- Table 1 ---------------------------------------------------------------------------------
def parse_table_1(lines: list[str]) -> list[dict[str, str]]:
    start = index_of(lines, SECTION_6)
    header_at = next(
        (i for i in range(start, len(lines)) if tuple(lines[i].split("\t")) == TABLE_1_HEADER),
        None,
    )
    if header_at is None:
        raise SeedError("Table 1 header not found")
    end = index_of(lines, TABLE_1_CAPTION, header_at)
    rows = []
    for line in lines[header_at + 1 : end]:
        if not line.strip():
            continue
        cells = [collapse(c) for c in line.split("\t")]
        if len(cells) != 2 or not all(cells):
            raise SeedError(f"Table 1 row is not two cells: {line[:60]!r}")
        rows.append({"vision": cells[0], "objective": cells[1]})
    return rows


# --- Appendix A ------------------------------------------------------------------------------
def new_intervention(text: str, timescale: str, role: str, shifted: bool) -> dict[str, Any]:
    if timescale and not TIMESCALE_RE.fullmatch(timescale):
        raise SeedError(f"unexpected timescale {timescale!r}")
    return {"text": text, "timescale": timescale, "role": role, "shifted": shifted}


def parse_appendix_a(lines: list[str]) -> tuple[list[dict[str, Any]], set[int]]:
    """Appendix A's objectives, and the numbers of those with a cell split by a page break.

    Each line is one of:
    - the column header (printed again after every page break);
    - an objective's first row, led by its number;
    - a row of the objective above, its first (No.) cell empty. On the first line after a page
      break, non-empty vision, objective, benefits and risks cells continue the objective's
      cells, and an intervention cell that starts with a lower-case word and prints no
      timescale continues the intervention above (its text and role); otherwise the line's
      intervention cells are a new intervention;
    - a row whose leading empty columns were lost: its first cell is the intervention text and
      its only other printed cell must be a timescale.
    """
    start = index_of(lines, APPENDIX_A)
    end = next(
        (i for i in range(start, len(lines)) if lines[i].startswith(APPENDIX_B_PREFIX)),
        len(lines),
    )
    ncols = len(APPENDIX_COLUMNS)
    objectives: list[dict[str, Any]] = []
    split_by_page: set[int] = set()
    seen_header = after_break = False
    for raw in lines[start + 1 : end]:
        if not raw.strip():
            continue
        cells = [collapse(c) for c in raw.split("\t")]
        if tuple(cells) == APPENDIX_COLUMNS:
            after_break = seen_header
            seen_header = True
            continue
        if not seen_header:
            raise SeedError(f"line before Appendix A's header: {raw[:60]!r}")
        if len(cells) != ncols:
            raise SeedError(f"row has {len(cells)} cells, expected {ncols}: {raw[:60]!r}")
        first, vision, objective, text, timescale, role, benefits, risks = cells
        if NUMBER_RE.fullmatch(first):
            number = int(first)
            if number != len(objectives) + 1:
                raise SeedError(f"objective {number} out of sequence")
            if not all((vision, objective, text, benefits, risks)):
                raise SeedError(f"objective {number}: first row has an empty cell")
            objectives.append(
                {
                    "number": number,
                    "vision": vision,
                    "objective": objective,
                    "benefits": benefits,
                    "risks": risks,
                    "interventions": [new_intervention(text, timescale, role, False)],
                }
            )
        elif not objectives:
            raise SeedError(f"row before the first objective: {raw[:60]!r}")
        elif first == "":
            current = objectives[-1]
            carried = dict(zip(OBJECTIVE_CELLS, (vision, objective, benefits, risks), strict=True))
            if any(carried.values()):
                if not after_break:
                    raise SeedError(f"objective cell continued mid-page: {raw[:60]!r}")
                split_by_page.add(current["number"])
                for key, cell in carried.items():
                    if cell:
                        current[key] = join(current[key], cell)
            interventions = current["interventions"]
            continues = after_break and not timescale and (not text or text[0].islower())
            if continues and (text or role):
                split_by_page.add(current["number"])
                last = interventions[-1]
                last["text"] = join(last["text"], text)
                last["role"] = join(last["role"], role)
            elif text:
                interventions.append(new_intervention(text, timescale, role, False))
            elif timescale or role:
                raise SeedError(f"timescale or role without an intervention: {raw[:60]!r}")
        else:
            rest = [c for c in cells[1:] if c]
            if len(rest) > 1 or not all(TIMESCALE_RE.fullmatch(c) for c in rest):
                raise SeedError(f"row with lost columns is not text and timescale: {raw[:60]!r}")
            ts = rest[0] if rest else ""
            objectives[-1]["interventions"].append(new_intervention(first, ts, "", True))
        after_break = False
    for obj in objectives:
        for item in obj["interventions"]:
            if item["role"].count("[") != item["role"].count("]"):
                raise SeedError(f"objective {obj['number']}: unbalanced role {item['role']!r}")
    return objectives, split_by_page


def apply_list_headings(objective: dict[str, Any]) -> dict[str, str] | None:
    """Fold a heading row (text ending ":") into the rows below it; return the heading."""
    items = objective["interventions"]
    at = [i for i, item in enumerate(items) if item["text"].endswith(":")]
    expected = LIST_HEADINGS.get(objective["number"])
    if [items[i]["text"] for i in at] != ([expected] if expected else []):
        raise SeedError(f"objective {objective['number']}: list headings differ from FIX-UPS")
    if not at:
        return None
    heading = items[at[0]]
    subs = items[at[0] + 1 :]
    if not subs:
        raise SeedError(f"objective {objective['number']}: heading with no rows below it")
    if subs[0]["timescale"] or subs[0]["role"]:
        raise SeedError(f"objective {objective['number']}: first sub-item prints its own cells")
    subs[0]["timescale"], subs[0]["role"] = heading["timescale"], heading["role"]
    for sub in subs:
        sub["text"] = f"{heading['text']} {sub['text']}"
    objective["interventions"] = items[: at[0]] + subs
    return heading


def partners_for(ref: str, text: str) -> list[dict[str, str]]:
    partners = []
    for slug, phrase in PARTNERS.get(ref, []):
        if phrase not in text:
            raise SeedError(f"{ref}: partner phrase {phrase!r} not in its text")
        partners.append({"organisation": slug, "as_printed": phrase})
    named = " ".join(p["as_printed"] for p in partners)
    for phrase in PARTNER_PHRASES:
        if phrase in text and phrase not in named:
            raise SeedError(f"{ref}: names {phrase!r} but lists no such partner")
    return partners


# --- Figure 6 ----------------------------------------------------------------------------------
def sentences(paragraph: str) -> list[str]:
    return [collapse(p) for p in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph) if p.strip()]


def parse_figure_6(lines: list[str]) -> dict[str, Any]:
    """Figure 6 as printed in section 5.1: its caption, the sentence giving its total, and its
    rows (a module's name is printed on its first row only; the rows below it, whose module cell
    is blank, belong to it). The rows' counts must add up to the total the sentence prints."""
    start = index_of(lines, SECTION_5_1)
    end = index_of(lines, SECTION_6, start)
    header_at = next(
        (i for i in range(start, end) if tuple(lines[i].split("\t")) == FIGURE_6_HEADER), None
    )
    if header_at is None:
        raise SeedError("Figure 6's header not found in section 5.1")
    caption_at = next(
        (i for i in range(header_at, end) if lines[i].startswith(FIGURE_6_PREFIX)), None
    )
    if caption_at is None:
        raise SeedError("Figure 6's caption not found after its table")
    rows: list[dict[str, Any]] = []
    module = ""
    for line in lines[header_at + 1 : caption_at]:
        if not line.strip():
            continue
        cells = [collapse(c) for c in line.split("\t")]
        if len(cells) != len(FIGURE_6_HEADER):
            raise SeedError(f"Figure 6 row is not three cells: {line[:60]!r}")
        printed_module, summary, count = cells
        if printed_module:
            module = printed_module
        elif not module:
            raise SeedError("Figure 6's first row has no module")
        if not summary or not NUMBER_RE.fullmatch(count):
            raise SeedError(f"Figure 6 row needs a summary and a count: {line[:60]!r}")
        rows.append({"module": module, "summary": summary, "relevant_actions": int(count)})
    found = [
        sentence
        for paragraph in lines[start + 1 : header_at]
        for sentence in sentences(paragraph)
        if FIGURE_6_TOTAL_RE.search(sentence)
    ]
    if len(found) != 1:
        raise SeedError(f"section 5.1 has {len(found)} sentences giving Figure 6's total")
    match = FIGURE_6_TOTAL_RE.search(found[0])
    assert match is not None
    total = sum(r["relevant_actions"] for r in rows)
    if total != int(match.group(1)):
        raise SeedError(f"Figure 6's rows add up to {total}, section 5.1 prints {match.group(1)}")
    modules = [r["module"] for r in rows]
    seen: list[str] = []
    for m in modules:
        if m in seen and seen[-1] != m:
            raise SeedError(f"Figure 6 prints module {m!r} in two places")
        if m not in seen:
            seen.append(m)
    return {
        "title": collapse(lines[caption_at]),
        "section": SECTION_5_1.split()[0],
        "text": found[0],
        "rows": rows,
    }


# --- layout notes ------------------------------------------------------------------------------
def refs_text(refs: list[str]) -> str:
    if not refs:
        raise SeedError("a layout note has nothing to list")
    return refs[0] if len(refs) == 1 else ", ".join(refs[:-1]) + " and " + refs[-1]


def quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def layout_notes(
    text: str,
    objectives: list[dict[str, Any]],
    by_ref: dict[str, dict[str, Any]],
    split_by_page: set[int],
    headings: dict[int, dict[str, str]],
    shifted: list[str],
) -> list[str]:
    timescales = {item["timescale"] for item in by_ref.values()}
    if not {"2022/23", "2023", "2022-2025"} <= timescales:
        raise SeedError("the timescale examples in layout_notes are not all printed")
    total = sum(len(o["interventions"]) for o in objectives)
    numbers = [o["number"] for o in objectives]
    require_phrase(text, f"\n6.{len(numbers)} ")
    notes = [
        f"The printed plan numbers its {len(numbers)} objectives but not the interventions under "
        "them. Each intervention's reference is the objective number followed by its position "
        "under that objective, counting from 1 (so 3.2 is the second intervention under "
        "objective 3).",
        f"The foreword's {quote(require_phrase(text, FOREWORD_COUNT))} means the "
        f"{len(numbers)} objectives (sections 6.1 to 6.{len(numbers)}); the {total} "
        "interventions here are the rows printed under those objectives in Appendix A.",
    ]
    if TABLE_1_DIFFERENCES:
        for (number, field), (table_1, appendix) in sorted(TABLE_1_DIFFERENCES.items()):
            notes.append(
                f"Objective {number}'s {field} is worded differently in Appendix A "
                f"({quote(appendix)}); Table 1's wording ({quote(table_1)}) is used."
            )
    else:
        notes.append(
            "Each objective's vision and strategic objective are taken from Table 1 in section "
            "6.0; the wording printed in Appendix A was checked against it and matches."
        )
    notes += [
        "Benefits and risks are printed once for each objective, on its first row, so they "
        "belong to the objective as a whole rather than to any one intervention.",
        "Where a table cell runs across a page break in the printed plan (objectives "
        f"{refs_text([str(n) for n in sorted(split_by_page)])}), its parts are joined back "
        "together with a single space. The column headings repeated at the top of each page "
        "are not part of the table.",
        "Where the printed plan leaves an intervention's Timescale or Role cell blank, it is "
        "left blank here rather than copied from the row above, because the printed plan does "
        "not show the cell as shared with that row.",
        "Intervention wording, timescales and roles are kept exactly as printed, including "
        "square brackets, \u201cNEW\u201d and the plan's mix of hyphens and dashes. The "
        "timescales mix financial years (2022/23), single years (2023) and ranges "
        "(2022-2025).",
    ]
    two_roles = [ref for ref, item in by_ref.items() if "] [" in item["role"]]
    named = [ref for ref, item in by_ref.items() if item["role"] and "[" not in item["role"]]
    notes.append(
        f"Where one Role cell names two roles ({refs_text(two_roles)}), they are kept together "
        f"as printed. The Role cells of {refs_text(named)} name people "
        f"({refs_text([by_ref[r]['role'] for r in named])}) rather than roles; they are kept "
        "as printed."
    )
    for number, heading in sorted(headings.items()):
        subs = next(o for o in objectives if o["number"] == number)["interventions"]
        subs = [s for s in subs if s["text"].startswith(heading["text"] + " ")]
        first = subs[0]["text"][len(heading["text"]) + 1 :]
        if len(subs) < 2 or any(s["role"] for s in subs[1:]):
            raise SeedError(f"objective {number}: the list heading note no longer holds")
        notes.append(
            f"In objective {number} the printed row {quote(heading['text'])} introduces the "
            f"{len(subs)} rows beneath it, so it is not an intervention itself: each of those "
            f"rows is an intervention worded {quote(heading['text'])} followed by the row as "
            f"printed (for example {quote(subs[1]['text'])}). The first, {quote(first)}, "
            "shares the heading's row in the "
            "printed table and prints no timescale of its own, so it takes the heading's "
            f"timescale ({heading['timescale']}) and roles; the others keep their own "
            "timescale, and no role is printed for them."
        )
    if not all(by_ref[ref]["timescale"] for ref in shifted):
        raise SeedError("a row with lost columns has no timescale")
    notes.append(
        f"The rows of interventions {refs_text(shifted)} carry only their wording and a date, "
        "without the objective's columns beside them. Each is read as an intervention of the "
        "objective above it, with the date beside it as its timescale."
    )
    listed = []
    for ref, item in by_ref.items():
        if item["partners"]:
            names = [
                require_phrase(text, PARTNER_NAMES[p["organisation"]]) for p in item["partners"]
            ]
            printed = [quote(p["as_printed"]) for p in item["partners"]]
            listed.append(f"{refs_text(names)} in {ref} (printed {refs_text(printed)})")
    notes.append(
        "Partners are listed only where an intervention's own wording names another "
        f"organisation: {'; '.join(listed)}."
    )
    emas = next(
        (ref, phrase) for ref, ps in PARTNERS.items() for slug, phrase in ps if slug == "emas"
    )
    notes.append(
        f"{quote(emas[1].capitalize())} in {emas[0]} is read as naming East Midlands Ambulance "
        "Service NHS Trust, the ICS's only ambulance trust."
    )
    others = [
        f"{refs_text([label for _, label in names])} in {ref}" for ref, names in NOT_TRACKED.items()
    ]
    require_phrase(text, "Derby City Council")
    notes.append(
        "Some interventions name bodies that are not organisations in Net Zero Tracker, so they "
        f"are not listed as partners: {'; '.join(others)}."
    )
    for ref, (phrase, narrative) in SCHEMES.items():
        require_phrase(text, narrative)
        if phrase not in by_ref[ref]["text"]:
            raise SeedError(f"{ref}: scheme {phrase!r} not in its text")
    scheme_refs = list(SCHEMES)
    ref, phrase = UNNAMED_COUNCIL
    if phrase not in by_ref[ref]["text"]:
        raise SeedError(f"{ref}: {phrase!r} not in its text")
    notes.append(
        f"Interventions {refs_text(scheme_refs)} name schemes "
        f"({' and '.join(p for p, _ in SCHEMES.values())}) that the plan's sections 6.3 and 6.6 "
        "say Derbyshire County Council runs, but their own wording does not name the council, "
        f"so no partner is listed; nor for {quote(phrase)} in {ref}, which names no particular "
        "council."
    )
    a, b, newsletter = REPEATED_NEWSLETTER
    if not (by_ref[a]["text"].startswith(newsletter) and by_ref[b]["text"].startswith(newsletter)):
        raise SeedError("the repeated newsletter is not where FIX-UPS says")
    notes.append(
        f"The quarterly ICS-wide newsletter is printed under both objective {a.split('.')[0]} "
        f"({a}) and objective {b.split('.')[0]} ({b}), worded slightly differently; it is kept "
        "under each."
    )
    return notes


# --- document ----------------------------------------------------------------------------------
def extract(raw: bytes, file_name: str) -> dict[str, Any]:
    text = raw.decode("utf-8")
    lines = text.split("\n")
    require_phrase(text, PRINTED_TITLE)
    if PRINTED_TITLE.replace(" - ", "-") != TITLE:
        raise SeedError("title differs from the printed cover")
    table_1 = parse_table_1(lines)
    appendix, split_by_page = parse_appendix_a(lines)
    if len(table_1) != len(appendix):
        raise SeedError(f"Table 1 has {len(table_1)} rows, Appendix A {len(appendix)}")
    recorded: set[tuple[int, str]] = set()
    for row, obj in zip(table_1, appendix, strict=True):
        for field in ("vision", "objective"):
            if row[field] == obj[field]:
                continue
            key = (obj["number"], field)
            if TABLE_1_DIFFERENCES.get(key) != (row[field], obj[field]):
                raise SeedError(
                    f"objective {obj['number']} {field}: Appendix A {obj[field]!r} "
                    f"differs from Table 1 {row[field]!r}"
                )
            recorded.add(key)
            obj[field] = row[field]
    if recorded != set(TABLE_1_DIFFERENCES):
        raise SeedError("TABLE_1_DIFFERENCES lists differences the seed does not have")
    headings: dict[int, dict[str, str]] = {}
    for obj in appendix:
        heading = apply_list_headings(obj)
        if heading:
            headings[obj["number"]] = heading
    if set(headings) != set(LIST_HEADINGS):
        raise SeedError("list headings differ from FIX-UPS")

    objectives: list[dict[str, Any]] = []
    by_ref: dict[str, dict[str, Any]] = {}
    shifted: list[str] = []
    for obj in appendix:
        interventions = []
        for position, item in enumerate(obj["interventions"], start=1):
            ref = f"{obj['number']}.{position}"
            out = {
                "ref": ref,
                "text": item["text"],
                "timescale": item["timescale"],
                "role": item["role"],
                "partners": partners_for(ref, item["text"]),
            }
            interventions.append(out)
            by_ref[ref] = out
            if item["shifted"]:
                shifted.append(ref)
        objectives.append(
            {
                "number": obj["number"],
                "vision": obj["vision"],
                "objective": obj["objective"],
                "benefits": obj["benefits"],
                "risks": obj["risks"],
                "interventions": interventions,
            }
        )
    for ref in set(PARTNERS) | set(NOT_TRACKED):
        if ref not in by_ref:
            raise SeedError(f"FIX-UPS name unknown intervention {ref}")
    for ref, names in NOT_TRACKED.items():
        for name, _ in names:
            if name not in by_ref[ref]["text"]:
                raise SeedError(f"{ref}: {name!r} not in its text")

    return {
        "source": {
            "title": TITLE,
            "file": file_name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "sections": SECTIONS,
        },
        "plan": {"slug": PLAN_SLUG, "name": TITLE, "organisation": ORGANISATION},
        "objectives": objectives,
        "layout_notes": layout_notes(text, objectives, by_ref, split_by_page, headings, shifted),
        "figure_6": parse_figure_6(lines),
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
