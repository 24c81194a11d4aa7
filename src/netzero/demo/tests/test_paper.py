"""The demo's 2022-23 Q3 report carries the published paper's own words and numbering."""

from __future__ import annotations

import datetime
import re

from netzero.demo.paper import PAPER, paper_details
from netzero.reports.document import Heading, document_words
from netzero.reports.models import ReportDetails
from netzero.reports.selectors import report_document

SEED = PAPER.read_text(encoding="utf-8")
FRONT = SEED[: SEED.index("Report Author:")]  # the paper before its implications appendix


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def test_the_papers_header_and_sections_are_read_word_for_word():
    details = paper_details()
    assert details["meeting_date"] == datetime.date(2023, 2, 13)
    assert details["report_of"] == "Executive Director - Place"
    assert details["title"] == "Climate Change Performance Reporting - 2022-2023 Q3"
    assert details["committee"].startswith("IMPROVEMENT AND SCRUTINY COMMITTEE")
    assert (details["author"], details["contact"]) == (
        "Caroline Toplis",
        "Caroline.Toplis@derbyshire.gov.uk",
    )
    seed = _plain(SEED)
    for name, value in details.items():
        if isinstance(value, str):
            for paragraph in value.split("\n\n"):
                words = _plain(paragraph.removeprefix("- "))
                assert words in seed or words.upper() in seed, (name, paragraph)
    # Four numbered paragraphs and two bullet points in Information and Analysis.
    paragraphs = details["information"].split("\n\n")
    assert len(paragraphs) == 6
    assert [p.startswith("- ") for p in paragraphs] == [False] * 4 + [True] * 2
    assert details["alternative_options"] == "Not applicable."
    assert details["equalities"].startswith("Some of the projects")
    assert details["corporate_objectives"].startswith("Delivery of the Strategy will improve")


def test_the_q3_report_numbers_its_sections_and_paragraphs_as_the_paper_did(q3):
    assert ReportDetails.objects.get(period=q3).author == "Caroline Toplis"
    document = report_document(plan=q3.plan, period=q3)
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    printed = re.findall(r"^(\d+\. [A-Z][A-Za-z ]+)$", FRONT, flags=re.MULTILINE)
    assert len(printed) == 9
    assert headings[:9] == printed
    words = document_words(document)
    numbers = [w.split(" ", 1)[0] for w in words[: words.index("Appendix 1")] if w[0].isdigit()]
    numbers = [n for n in numbers if not n.endswith(".")]  # paragraphs, not section headings
    assert numbers == re.findall(r"^(?:- )?(\d+\.\d+) ", FRONT, flags=re.MULTILINE)
    assert (
        "5.1 Appendix 1 sets out the relevant implications considered in the preparation of the "
        "report." in words
    )
    assert words[:5] == [
        "FOR PUBLICATION",
        "DERBYSHIRE COUNTY COUNCIL",
        "IMPROVEMENT AND SCRUTINY COMMITTEE \N{EN DASH} CLIMATE CHANGE, BIODIVERSITY AND CARBON "
        "REDUCTION",
        "MONDAY, 13 FEBRUARY 2023",
        "Report of the Executive Director - Place",
    ]
    assert "Report Author: Caroline Toplis Contact details: Caroline.Toplis@derbyshire.gov.uk" in (
        words
    )
    # The seed's seven implications, in its order, each numbered n.1.
    implications = words[words.index("Implications", words.index("Appendix 1")) + 1 :]
    assert [w for w in implications[:14] if w[0].isdigit()] == [
        w for w in implications[:14] if re.match(r"[1-7]\.1 ", w)
    ]
    assert implications[0] == "Financial"
    assert implications[1].startswith("1.1 The delivery of the actions within the Strategy")
