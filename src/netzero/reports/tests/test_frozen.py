"""A published quarter's report does not change when the records change after publication; an
open quarter's follows them."""

from __future__ import annotations

import io

from docx import Document as read_docx

from netzero.core.narrative import narrative_plain_text
from netzero.plans.models import DeliveryTheme
from netzero.reports.document import document_words
from netzero.reports.render import report_file
from netzero.reports.selectors import report_document


def _docx_words(council, period) -> list[str]:
    content = report_file(plan=council.plan, period=period, format="docx").content
    document = read_docx(io.BytesIO(content))
    words = [p.text for p in document.paragraphs]
    words += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return words


def test_a_published_report_keeps_its_words_and_figures_when_records_change(council):
    published_before = document_words(report_document(plan=council.plan, period=council.q3))
    word_before = _docx_words(council, council.q3)
    open_before = document_words(report_document(plan=council.plan, period=council.q4))

    # After publication: an action reworded, a delivery theme's lead replaced, the plan renamed.
    action = council.actions["16"]
    old_text = narrative_plain_text(action.text)
    assert old_text
    action.text = "Reworded after the committee met."
    action.save()
    DeliveryTheme.objects.filter(plan=council.plan).update(lead_name="A new lead")
    council.plan.name = "Renamed plan"
    council.plan.save()

    published_after = document_words(report_document(plan=council.plan, period=council.q3))
    assert published_after == published_before
    assert _docx_words(council, council.q3) == word_before
    assert not any("Reworded after the committee met." in w for w in published_after)
    assert any(old_text in w for w in published_after)
    # The open quarter is live: it shows the change.
    open_after = document_words(report_document(plan=council.plan, period=council.q4))
    assert open_after != open_before
    assert any("Reworded after the committee met." in w for w in open_after)
    assert "A new lead" in open_after and "A new lead" not in published_after
