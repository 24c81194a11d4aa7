"""The 2022-23 Q3 committee paper's own words, read from the published paper (the vendored seed
``data/seeds/000_f5bb49f435e2e682.txt``): its header block, sections and implications, as the
report details of the demo's 2022-23 Q3 period.

The paper's paragraph numbers ("2.1") are left out (the report numbers its paragraphs itself);
its "Implications" and "Appendices" sections are left out too, because the report writes
both from its own appendices.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from netzero.reporting.models import ReportingPeriod
from netzero.reports.models import IMPLICATIONS, ReportDetails

PAPER = Path(__file__).resolve().parent / "data" / "seeds" / "000_f5bb49f435e2e682.txt"

# The paper's numbered sections, mapped to the report's fields (None: written by the report).
_SECTIONS = {
    "Purpose": "purpose",
    "Information and Analysis": "information",
    "Consultation": "consultation",
    "Alternative Options Considered": "alternative_options",
    "Implications": None,
    "Background Papers": "background_papers",
    "Appendices": None,
    "Recommendation": "recommendation",
    "Reasons for Recommendation": "reasons",
}
_IMPLICATION_HEADINGS = {heading.split(" (")[0]: name for name, heading in IMPLICATIONS}
_NUMBERED = re.compile(r"^(?:-\s+)?\d+\.\d+\s+")
_SECTION = re.compile(r"^(\d+)\.\s+(.+)$")


def _paragraph(line: str) -> str:
    """A paper line as typed into the report: numbered paragraphs lose their number, bullet
    points keep their "- "."""
    if _NUMBERED.match(line):
        return _NUMBERED.sub("", line)
    return line


def _join(lines: list[str]) -> str:
    return "\n\n".join(_paragraph(line) for line in lines)


def paper_details(path: Path = PAPER) -> dict[str, Any]:
    """The paper's header and sections as report details (field name to value)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    end = lines.index("Climate Change Programme Dashboard 2022-23, Q3")
    lines = lines[:end]
    details: dict[str, Any] = {"marking": lines[0].capitalize()}
    committee_start = next(i for i, line in enumerate(lines) if line.startswith("**"))
    committee_end = next(i for i in range(committee_start, len(lines)) if lines[i].endswith("**"))
    committee = " ".join(lines[committee_start : committee_end + 1]).strip("*")
    details["committee"] = re.sub(r"\s+", " ", committee)
    details["meeting_date"] = datetime.strptime(
        lines[committee_end + 1].title(), "%A, %d %B %Y"
    ).date()
    details["report_of"] = lines[committee_end + 2].removeprefix("Report of the ")
    details["title"] = lines[committee_end + 3]

    author_at = next(i for i, line in enumerate(lines) if line.startswith("Report Author:"))
    bold = re.findall(r"\*\*([^*]+)\*\*", lines[author_at])
    details["author"], details["contact"] = bold[0], bold[2]

    current: str | None = None
    collected: dict[str, list[str]] = {}
    for line in lines[committee_end + 4 : author_at]:
        heading = _SECTION.match(line)
        if heading and heading.group(2) in _SECTIONS:
            current = _SECTIONS[heading.group(2)]
            continue
        if current is not None:
            collected.setdefault(current, []).append(line)
    current = None
    for line in lines[author_at + 1 :]:
        name = _IMPLICATION_HEADINGS.get(line.split(" (")[0])
        if name is not None:
            current = name
            continue
        if current is not None:
            collected.setdefault(current, []).append(line)
    for name, section_lines in collected.items():
        details[name] = _join(section_lines)
    return details


def _as_named(capitals: str) -> str:
    """ "IMPROVEMENT AND SCRUTINY COMMITTEE" as it is named in a sentence."""
    small = {"and", "of", "the", "for", "on", "in"}
    words = capitals.title().split(" ")
    return " ".join(w.lower() if i and w.lower() in small else w for i, w in enumerate(words))


def paper_details_load(*, period: ReportingPeriod, path: Path = PAPER) -> ReportDetails:
    """Write the paper's words as ``period``'s report details (the loader writes them before
    the period is published: afterwards they are frozen), and the meeting its header names as
    the meeting the period was presented to."""
    values = paper_details(path)
    period.presented_to = _as_named(values.pop("committee"))
    period.presented_on = values.pop("meeting_date")
    period.full_clean()
    period.save(update_fields=["presented_to", "presented_on"])
    details = ReportDetails(period=period, **values)
    details.full_clean()
    details.save()
    return details
