"""The page, the Word report and the PDF report of 2022-23 Q3 say the same: the overview tables
row by row, the summary sentences, and every priority action's ref and status in order. Read
from the files themselves (python-docx, pdfium) and from the page's HTML, not from the blocks."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pypdfium2 as pdfium
from django.urls import reverse
from docx import Document as read_docx

from netzero.reports.pdf import document_to_pdf
from netzero.reports.selectors import report_document
from netzero.reports.word import document_to_docx


class _Tables(HTMLParser):
    """The page's tables (by id, or in order) as rows of cell texts, and its paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.paragraphs: list[tuple[str, str]] = []  # (id, text)
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._paragraph: tuple[str, list[str]] | None = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "govuk-visually-hidden" in (attributes.get("class") or ""):
            self._hidden += 1
        elif self._hidden:
            self._hidden += 1 if tag == "span" else 0
        if tag == "br" and self._cell is not None:
            self._cell.append(" ")
        if tag == "table":
            self.tables.append((attributes.get("id") or "", []))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "p":
            self._paragraph = (attributes.get("id") or "", [])

    def handle_endtag(self, tag):
        if self._hidden and tag == "span":
            self._hidden -= 1
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None
        elif tag == "p" and self._paragraph is not None:
            self.paragraphs.append(
                (self._paragraph[0], " ".join("".join(self._paragraph[1]).split()))
            )
            self._paragraph = None

    def handle_data(self, data):
        if self._hidden:
            return
        if self._cell is not None:
            self._cell.append(data)
        if self._paragraph is not None:
            self._paragraph[1].append(data)


def _page(client, plan, period) -> _Tables:
    html = client.get(reverse("dashboards:dashboard", args=[plan.slug, period.slug])).content
    parser = _Tables()
    parser.feed(html.decode())
    return parser


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    return [
        [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
        for table in read_docx(io.BytesIO(data)).tables
    ]


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    return " ".join(text.replace("\ufffe", "-").split())


def test_page_word_and_pdf_print_the_same_figures_in_the_same_order(client, demo_plan, q3):
    page = _page(client, demo_plan, q3)
    document = report_document(plan=demo_plan, period=q3)
    docx = document_to_docx(document)
    word = _docx_tables(docx)
    pdf = _pdf_text(document_to_pdf(document))

    tables = dict(page.tables)
    for table_id, first_header in (
        ("overview-strategy", "Strategy theme"),
        ("overview-delivery", "Delivery theme"),
    ):
        on_page = tables[table_id]
        in_word = next(t for t in word if t[0][0] == first_header)
        assert in_word == on_page, table_id
        # The PDF prints each row's words in the same order.
        position = 0
        for row in on_page:
            line = " ".join(cell for cell in row if cell)
            found = pdf.find(line, position)
            assert found >= 0, line
            position = found + len(line)
    assert tables["overview-strategy"][-1] == ["Total", "17", "15", "0"]  # the paper's

    # Every priority action: its ref and status word, in the page's order, in both files.
    page_rows = [
        (" ".join(row[0].split()[:2]), row[5].split(" ")[0])  # "Ref 13" (its Overdue tag apart)
        for _, rows in page.tables
        if rows and rows[0][:2] == ["Ref", "Priority action"]
        for row in rows[1:]
    ]
    word_rows = [
        (row[0], row[5].split(" ")[0])
        for table in word
        if table[0][:2] == ["Ref", "Priority action"]
        for row in table[1:]
    ]
    assert len(page_rows) == 32 and word_rows == page_rows
    position = 0
    for ref, status in page_rows:
        found = re.compile(rf"\b{re.escape(ref)}\b.*?\b{status}\b").search(pdf, position)
        assert found, (ref, status)
        position = found.start() + len(ref)

    # The summary: the page's sentences, word for word, in the Word file and the PDF.
    texts = [text for _, text in page.paragraphs]
    start = next(i for i, t in enumerate(texts) if t.startswith("Overall performance of the"))
    summary = [t for t in texts[start:] if "priority actions" in t][:3]
    assert summary and summary[0].startswith("Overall performance of the 32 priority actions")
    paragraphs = [" ".join(p.text.split()) for p in read_docx(io.BytesIO(docx)).paragraphs]
    position = 0
    for sentence in summary:
        assert sentence in paragraphs
        found = pdf.find(sentence, position)
        assert found >= 0, sentence
        position = found + len(sentence)
