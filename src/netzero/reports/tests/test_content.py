"""The committee report's blocks: numbering, sections left out, appendices, drafts and licence."""

from __future__ import annotations

import pytest

from netzero.dashboards.selectors import dashboard_for_period
from netzero.reports.content import committee_report, narrative_blocks
from netzero.reports.document import Heading, Paragraph, Table, document_words
from netzero.reports.models import ReportDetails
from netzero.reports.selectors import report_document


def test_typed_text_becomes_numbered_paragraphs_and_bullets():
    text = "First line\ncontinues here.\r\n\r\nSecond:\n- one\n* two\n\n  \n\nThird."
    blocks = narrative_blocks(text, section=4)
    assert [(b.number, b.bullet, b.text) for b in blocks] == [
        ("4.1", False, "First line continues here."),
        ("4.2", False, "Second:"),
        ("", True, "one"),
        ("", True, "two"),
        ("4.3", False, "Third."),
    ]
    assert [b.number for b in narrative_blocks("a\n\nb", section=None)] == ["", ""]
    assert narrative_blocks("   \n\n ", section=1) == []


def _headings(document, level):
    return [b.text for b in document.blocks if isinstance(b, Heading) and b.level == level]


def test_empty_sections_are_left_out_and_the_rest_renumbered(council):
    details = ReportDetails(
        period=council.q3,
        purpose="Why.",
        consultation="Asked the board.\n\nAnd the public.",
        recommendation="That the Committee:\n\n- a) Notes it.",
        legal="None known.",
    )
    document = committee_report(
        dashboard=dashboard_for_period(plan=council.plan, period=council.q3),
        details=details,
        licence="Open Government Licence v3.0",
    )
    sections = [h for h in _headings(document, 2) if h[0].isdigit()]
    assert sections == [
        "1. Purpose",
        "2. Consultation",
        "3. Implications",
        "4. Appendices",
        "5. Recommendation",
    ]
    words = document_words(document)
    assert "2.2 And the public." in words
    assert (
        "3.1 Appendix 1 sets out the relevant implications considered in the preparation of "
        "the report." in words
    )
    assert "4.2 Appendix 2 \N{EN DASH} Climate Change Programme Dashboard 2022-23 Q3." in words
    # The recommendation is printed as typed: not numbered, its item a bullet point.
    recommendation = words.index("5. Recommendation")
    assert words[recommendation + 1 : recommendation + 3] == ["That the Committee:", "a) Notes it."]
    # Only the implications written are printed, each numbered by its place in the paper's list.
    assert words[words.index("Legal") + 1] == "2.1 None known."
    assert "Financial" not in words
    assert document.title == "Climate Change Performance Reporting - 2022-23 Q3"


def test_a_published_report_carries_the_licence_and_a_draft_says_it_is_one(council):
    council.plan.organisation.open_data_licence = "Creative Commons Attribution 4.0"
    published = report_document(plan=council.plan, period=council.q3)
    draft = report_document(plan=council.plan, period=council.q4)
    organisation = council.plan.organisation.name
    assert published.published and published.licence == "Creative Commons Attribution 4.0"
    assert document_words(published)[-1] == (
        f"Published by {organisation} under the Creative Commons Attribution 4.0."
    )
    assert not draft.published and draft.licence == ""
    notices = [b.text for b in draft.blocks if isinstance(b, Paragraph) and b.role == "notice"]
    assert notices == [
        "Draft: 2022-23 Q4 is not published. Its figures include updates not yet approved and "
        "may change."
    ]
    assert not any("Published by" in w for w in document_words(draft))
    assert not any(isinstance(b, Paragraph) and b.role == "notice" for b in published.blocks)


def test_the_dashboard_appendix_has_every_priority_action_and_the_overview_totals(council):
    document = report_document(plan=council.plan, period=council.q3)
    dashboard = dashboard_for_period(plan=council.plan, period=council.q3)
    tables = [b for b in document.blocks if isinstance(b, Table)]
    refs = [row[0].text for t in tables if t.key == "priority" for row in t.rows]
    expected = [f"Ref {r.ref}" for t in dashboard.priority_tables for r in t.rows]
    assert refs == expected and len(refs) == dashboard.priority.total
    strategy = next(t for t in tables if t.key == "strategy")
    total = [c.text for c in strategy.rows[-1]]
    assert total[0] == "Total"
    by_label = {s.label: n for s, n in dashboard.priority.counts.items()}
    assert [int(n) for n in total[1:]] == [by_label[h] for h in strategy.headers[1:]]
    assert sum(int(n) for n in total[1:]) == dashboard.priority.total
    # Every status cell names its status in words.
    for table in tables:
        for row in table.rows:
            for cell in row:
                if cell.status:
                    assert cell.text.split("\n")[0] in {"Good", "Review", "Action", "Not reported"}
    # The appendices are announced in the order they are printed.
    labels = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.role == "appendix"]
    assert labels == ["Appendix 1", "Appendix 2"]


@pytest.mark.parametrize("blank", ["", "   \n"])
def test_a_report_with_no_words_written_still_has_its_dashboard(council, blank):
    details = ReportDetails(period=council.q3, purpose=blank)
    document = committee_report(
        dashboard=dashboard_for_period(plan=council.plan, period=council.q3),
        details=details,
        licence="",
    )
    words = document_words(document)
    assert [w for w in words if w[:2] in ("1.", "2.")][:2] == [
        "1. Implications",
        "1.1 Appendix 1 sets out the relevant implications considered in the preparation of the "
        "report.",
    ]
    assert "No implications have been recorded for this report." in words
    assert "Climate Change Programme Dashboard 2022-23 Q3" in words
    assert not any(w.startswith("Published by") for w in words)  # no licence set
