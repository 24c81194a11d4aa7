"""The committee report as a Word file: the words and figures of the report, in its order, laid
out in the template's styles; the file opens in LibreOffice; a council's restyled template is
used as it is, and one missing a style is refused by name."""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
import struct
import subprocess
import zlib
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams
from pdfminer.pdfpage import PDFPage

from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import priority_paragraphs
from netzero.reporting.status import Status
from netzero.reports.content import PRIORITY_WIDTHS
from netzero.reports.document import (
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    document_words,
)
from netzero.reports.models import ReportDetails
from netzero.reports.selectors import report_document
from netzero.reports.word import DEFAULT_TEMPLATE, STATUS_STYLES, check_styles, document_to_docx

_spec = importlib.util.spec_from_file_location(
    "build_report_template",
    Path(__file__).resolve().parents[4] / "tools" / "build_report_template.py",
)
build_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_tool)

COMMITTEE = (
    "Improvement and Scrutiny Committee \N{EN DASH} Climate Change, Biodiversity and Carbon "
    "Reduction"
)
PURPOSE = (
    "The purpose of this report is to present the Climate Change Programme Dashboard for "
    "Quarter 3 2022-2023."
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _words(doc: docx.document.Document) -> list[str]:
    """Every paragraph's text in reading order: body paragraphs, and each table's cell
    paragraphs row by row; empty ones (a section's end, an empty cell) left out."""
    out = []
    for item in doc.iter_inner_content():
        if isinstance(item, DocxParagraph):
            out.append(item.text)
        else:
            out += [p.text for row in item.rows for cell in row.cells for p in cell.paragraphs]
    return [_norm(text) for text in out if _norm(text)]


def _table_after(doc: docx.document.Document, caption: str) -> DocxTable:
    for item, following in itertools.pairwise(doc.iter_inner_content()):
        if (
            isinstance(item, DocxParagraph)
            and item.text == caption
            and isinstance(following, DocxTable)
        ):
            assert item.style.name == "Caption"
            return following
    raise AssertionError(f"no table captioned {caption!r}")


def _cells(table: DocxTable) -> list[list[str]]:
    return [[_norm(cell.text) for cell in row.cells] for row in table.rows]


def _section_index(doc: docx.document.Document, text: str) -> int:
    """Which section (0-based) the first body paragraph reading ``text`` is in."""
    index = 0
    for child in doc.element.body:
        if child.tag == qn("w:p"):
            if DocxParagraph(child, doc).text == text:
                return index
            if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                index += 1
    raise AssertionError(f"no paragraph {text!r}")


def _q3_details(q3) -> None:
    """The seed paper's header block and two of its sections (Q3 is published, so
    report_details_update refuses it: written directly, as the demo loader will)."""
    q3.presented_to, q3.presented_on = COMMITTEE, date(2023, 2, 13)
    q3.save(update_fields=["presented_to", "presented_on"])
    ReportDetails.objects.update_or_create(
        period=q3,
        defaults={
            "report_of": "Executive Director - Place",
            "title": "Climate Change Performance Reporting - 2022-2023 Q3",
            "author": "Caroline Toplis",
            "contact": "Caroline.Toplis@derbyshire.gov.uk",
            "purpose": PURPOSE,
            "recommendation": "That the Committee:\n\n- a) Notes the content of the Dashboard.",
        },
    )


def _png(width: int, height: int) -> bytes:
    """A plain red PNG of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xd4\x35\x1c" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _small_document() -> Document:
    return Document(
        title="A small report",
        organisation="Example Council",
        period="2024-25 Q1",
        author="",
        published=False,
        licence="",
        blocks=[
            PageBreak(),  # before any text: nothing to break
            Heading("A small report", 1),
            Paragraph("Said in bold.", bold=True),
            Paragraph("A role no style is named for.", role="unheard-of"),
            Heading("Deep", 5),
            Table(
                caption="",
                headers=["Status", "Count"],
                rows=[[Cell("Action\nOverdue", status="action"), Cell("3", numeric=True)]],
                widths=[70, 20, 10],  # not one per column: equal widths
            ),
            PageBreak(),  # after a table: a new page, still portrait
            PageBreak(landscape=True),  # right after another: a page of its own
            Chart(
                title="Emissions by year",
                svg="<svg/>",
                png=_png(400, 100),
                table=Table(caption="Emissions by year, as a table", headers=["Year"], rows=[]),
            ),
            Chart(
                title="A tall chart",
                svg="<svg/>",
                png=_png(50, 400),
                table=Table(caption="", headers=["Year"], rows=[[Cell("2024")]]),
            ),
        ],
    )


def test_q3_word_file_has_every_word_and_figure_of_the_report(demo_plan, q3, settings):
    settings.NETZERO_REPORT_WORD_TEMPLATE = ""
    _q3_details(q3)
    document = report_document(plan=demo_plan, period=q3)
    doc = _open(document_to_docx(document))

    words = _words(doc)
    assert words == [_norm(w) for w in document_words(document)]
    # The header block and first section, in the paper's order and styles.
    assert words[:8] == [
        "FOR PUBLICATION",
        "DERBYSHIRE COUNTY COUNCIL",
        COMMITTEE.upper(),
        "MONDAY, 13 FEBRUARY 2023",
        "Report of the Executive Director - Place",
        "Climate Change Performance Reporting - 2022-2023 Q3",
        "1. Purpose",
        f"1.1 {PURPOSE}",
    ]
    body = [p for p in doc.paragraphs if p.text]
    assert [p.style.name for p in body[:8]] == [
        "Report Marking",
        "Report Organisation",
        "Report Committee",
        "Report Meeting",
        "Report Of",
        "Heading 1",
        "Heading 2",
        "Numbered Paragraph",
    ]
    assert body[7].text == f"1.1\t{PURPOSE}"
    recommendation = words.index("That the Committee:")
    assert words[recommendation + 1] == "a) Notes the content of the Dashboard."
    author = "Report Author: Caroline Toplis Contact details: Caroline.Toplis@derbyshire.gov.uk"
    assert words.index(author) > recommendation

    # The dashboard's figures, cell by cell.
    dashboard = dashboard_for_period(plan=demo_plan, period=q3)
    reported = [Status.GOOD, Status.REVIEW, Status.ACTION]
    strategy = _cells(_table_after(doc, "Priority actions by strategy theme"))
    assert strategy[0] == ["Strategy theme", "Good", "Review", "Action"]
    assert strategy[1:-1] == [
        [t.theme, *(str(t.counts[s]) for s in reported)] for t in dashboard.by_strategy_theme
    ]
    assert strategy[1] == ["Council Estate and Operations", "6", "3", "0"]  # the seed's
    assert strategy[-1] == ["Total", "17", "15", "0"]
    delivery = _cells(_table_after(doc, "Priority actions by delivery theme"))
    assert delivery[0] == ["Delivery theme", "Theme lead", "Good", "Review", "Action"]
    assert delivery[1:-1] == [
        [t.theme, t.lead or "", *(str(t.counts[s]) for s in reported)]
        for t in dashboard.by_delivery_theme
    ]
    assert delivery[-1] == ["Total", "", "17", "15", "0"]
    summary = [_norm(p.text) for p in priority_paragraphs(dashboard)]
    assert summary and all(sentence in words for sentence in summary)
    assert any("17 priority actions (53%) have been allocated a Good rating" in w for w in words)
    assert any(
        w.startswith("15 priority actions (47%) have been allocated a Review") for w in words
    )

    props = doc.core_properties
    assert props.title == "Climate Change Performance Reporting - 2022-2023 Q3"
    assert props.author == "Caroline Toplis"
    assert props.subject == "Derbyshire County Council, 2022-23 Q3"
    assert props.language == "en-GB"


def test_q3_word_file_is_laid_out_for_print(demo_plan, q3, settings):
    settings.NETZERO_REPORT_WORD_TEMPLATE = ""
    document = report_document(plan=demo_plan, period=q3)
    doc = _open(document_to_docx(document))
    sections = doc.sections

    # The paper is portrait; the dashboard appendix starts a landscape section on a new page
    # and the rest of the report stays landscape.
    title = "Climate Change Programme Dashboard 2022-23 Q3"
    first, dashboard = sections[0], sections[_section_index(doc, title)]
    assert first.orientation == WD_ORIENT.PORTRAIT and first.page_width < first.page_height
    assert _section_index(doc, "Implications") == 1
    assert sections[1].orientation == WD_ORIENT.PORTRAIT
    assert dashboard.orientation == WD_ORIENT.LANDSCAPE
    assert dashboard.page_width > dashboard.page_height
    assert dashboard.start_type == WD_SECTION.NEW_PAGE
    assert _section_index(doc, title) == len(sections) - 1 == 2
    assert _section_index(doc, document.blocks[-1].text) == 2  # the licence, at the end

    # Every table's header row repeats on each page; the priority tables' columns take the
    # report's shares of the landscape page's width.
    tables = doc.tables
    assert len(tables) == sum(isinstance(b, Table) for b in document.blocks) == 13
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert table.style.name == "Report Table"
    assert all(row._tr.trPr is None for table in tables for row in list(table.rows)[1:])
    priority = _table_after(doc, "Council Estate and Operations")
    columns = [column.width for column in priority.columns]
    usable = dashboard.page_width - dashboard.left_margin - dashboard.right_margin
    assert abs(sum(columns) - usable) < len(columns) * 635  # within a twip a column
    assert [round(100 * w / sum(columns)) for w in columns] == PRIORITY_WIDTHS

    # Status cells: the word, in its status's style, and the cell shaded with that style's
    # colour; one per status Cell of the report.
    template = docx.Document(str(DEFAULT_TEMPLATE))
    shading = {
        name: template.styles[name].element.rPr.find(qn("w:shd")).get(qn("w:fill"))
        for name in STATUS_STYLES.values()
    }
    status_cells = 0
    for table in tables:
        for row in list(table.rows)[1:]:
            for cell in row.cells:
                fill = cell._tc.tcPr.find(qn("w:shd"))
                first_run = cell.paragraphs[0].runs[0] if cell.paragraphs[0].runs else None
                style = first_run.style.name if first_run is not None else ""
                if style not in shading:
                    assert fill is None
                    continue
                status_cells += 1
                label = Status(next(s for s, n in STATUS_STYLES.items() if n == style)).label
                assert cell.paragraphs[0].text == label
                assert fill.get(qn("w:fill")) == shading[style]
    expected = sum(
        1
        for block in document.blocks
        if isinstance(block, Table)
        for row in block.rows
        for cell in row
        if cell.status
    )
    assert status_cells == expected > 60
    assert len(set(shading.values())) == 4

    # Numbers right-aligned by their style; the totals strong.
    strategy = _table_after(doc, "Priority actions by strategy theme")
    number = strategy.rows[1].cells[1].paragraphs[0]
    assert number.style.name == "Table Number"
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    total = strategy.rows[-1].cells
    assert [c.paragraphs[0].runs[0].style.name for c in total] == ["Strong"] * 4
    assert strategy.rows[1].cells[0].paragraphs[0].runs[0].style.name != "Strong"

    # The footer: the period and "Page N of M", on every page.
    footer = sections[0].footer
    xml = footer._element.xml
    assert "2022-23 Q3" in footer.paragraphs[0].text
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", xml)
    assert all(s.footer.is_linked_to_previous for s in sections[1:])


def test_q3_word_file_opens_in_libreoffice(demo_plan, q3, settings, tmp_path):
    settings.NETZERO_REPORT_WORD_TEMPLATE = ""
    document = report_document(plan=demo_plan, period=q3)
    source = tmp_path / "report.docx"
    source.write_bytes(document_to_docx(document))
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "report.pdf"
    with pdf.open("rb") as handle:
        pages = sum(1 for _ in PDFPage.get_pages(handle))
    assert pages > 1
    # Text boxes in page order (top to bottom, then left to right): a table's cells row by row.
    text = extract_text(pdf, page_numbers=range(8), laparams=LAParams(boxes_flow=None))
    lines = [_norm(line) for line in text.splitlines()]
    flat = _norm(text)
    assert document.title == "Climate Change Performance Reporting - 2022-2023 Q3"  # the paper's
    assert document.title in lines
    assert "Climate Change Programme Dashboard 2022-23 Q3" in lines
    assert (
        "Strategy theme Good Review Action Council Estate and Operations 6 3 0 Low Carbon "
        "Economy 2 5 0" in flat
    )
    assert "Total 17 15 0 Priority actions by delivery theme" in flat
    assert flat.count("Total 17 15 0") == 2  # strategy and delivery themes
    # The narrow column's header; LibreOffice may split "achieved" where the page's font is
    # wider than Arial (DejaVu Sans stands in on a machine without Arial).
    assert re.search(r"Impact if not achieve ?d", flat)
    assert {"Good", "Review", "Action", "Not reported"} <= set(lines)
    assert f"Derbyshire County Council, 2022-23 Q3 \N{EN DASH} Page 1 of {pages}" in lines


def test_hand_made_blocks_breaks_charts_and_cells(tmp_path):
    document = _small_document()
    doc = _open(document_to_docx(document, template=DEFAULT_TEMPLATE))

    assert _words(doc) == document_words(document)
    assert [s.orientation for s in doc.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
    ]
    body = list(doc.element.body)
    assert body[0].tag == qn("w:p") and DocxParagraph(body[0], doc).text == "A small report"
    ends = [c for c in body if c.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    assert [DocxParagraph(c, doc).text for c in ends] == ["", ""]
    assert ends[0].getprevious().tag == qn("w:tbl") and ends[1].getprevious() is ends[0]
    turned = Document("T", "O", "P", "", True, "", [PageBreak(landscape=True), Paragraph("x")])
    turned_doc = _open(document_to_docx(turned, template=DEFAULT_TEMPLATE))
    assert [s.orientation for s in turned_doc.sections] == [WD_ORIENT.LANDSCAPE]
    assert turned_doc.sections[0].page_width > turned_doc.sections[0].page_height
    paragraphs = {p.text: p for p in doc.paragraphs}
    assert paragraphs["Said in bold."].runs[0].style.name == "Strong"
    assert paragraphs["A role no style is named for."].style.name == "Normal"
    assert paragraphs["Deep"].style.name == "Heading 3"

    status_table, year_table, _ = doc.tables
    action = status_table.rows[1].cells[0]
    assert [(p.style.name, p.runs[0].style.name) for p in action.paragraphs] == [
        ("Table Text", "Status Action"),
        ("Table Text", "Default Paragraph Font"),
    ]
    assert action._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "F6D7D2"
    assert [p.text for p in action.paragraphs] == ["Action", "Overdue"]
    widths = [column.width for column in status_table.columns]
    assert widths[0] == widths[1]
    assert year_table.rows[0].cells[0].text == "Year" and len(year_table.rows) == 1

    # Charts: the picture across the page, described by the chart's title; a tall one kept
    # within three-quarters of the page's height, its shape kept.
    section = doc.sections[-1]
    usable_width = section.page_width - section.left_margin - section.right_margin
    usable_height = section.page_height - section.top_margin - section.bottom_margin
    wide, tall = doc.inline_shapes
    assert abs(wide.width - usable_width) < 635 and abs(wide.height * 4 - wide.width) < 635 * 4
    assert wide._inline.docPr.get("descr") == "Emissions by year"
    assert tall.height == usable_height * 3 // 4
    assert abs(tall.width * 8 - tall.height) < 635 * 8

    props = doc.core_properties
    assert props.author == "Example Council"  # no author named
    assert props.content_status == "Draft"
    assert "(draft)" in doc.sections[0].footer.paragraphs[0].text


def test_restyled_template_is_used_and_one_without_a_style_refused(tmp_path, settings):
    restyled = docx.Document(str(DEFAULT_TEMPLATE))
    heading = restyled.styles["Heading 1"]
    heading.font.size = Pt(20)
    heading.font.color.rgb = RGBColor(0x1D, 0x70, 0xB8)
    path = tmp_path / "council.docx"
    restyled.save(str(path))

    settings.NETZERO_REPORT_WORD_TEMPLATE = str(path)
    for doc in (
        _open(document_to_docx(_small_document(), template=path)),
        _open(document_to_docx(_small_document())),  # the site's template
    ):
        style = doc.styles["Heading 1"]
        assert style.font.size == Pt(20)
        assert style.font.color.rgb == RGBColor(0x1D, 0x70, 0xB8)
        assert doc.paragraphs[0].style.name == "Heading 1"
    shipped = _open(document_to_docx(_small_document(), template=DEFAULT_TEMPLATE))
    assert shipped.styles["Heading 1"].font.size == Pt(14)

    lacking = docx.Document(str(DEFAULT_TEMPLATE))
    for name in ("Report Committee", "Status Good"):
        element = lacking.styles[name].element
        element.getparent().remove(element)
    lacking_path = tmp_path / "lacking.docx"
    lacking.save(str(lacking_path))
    with pytest.raises(ValueError, match="Report Committee") as refused:
        document_to_docx(_small_document(), template=lacking_path)
    assert "Status Good" in str(refused.value)
    assert "Report Marking" not in str(refused.value)
    with pytest.raises(ValueError, match="does not exist"):
        document_to_docx(_small_document(), template=tmp_path / "nowhere.docx")


def _contrast(text: str, fill: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(text), luminance(fill)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_shipped_template_is_the_built_one_with_every_style():
    assert build_tool.build_template() == DEFAULT_TEMPLATE.read_bytes()
    template = docx.Document(str(DEFAULT_TEMPLATE))
    check_styles(template, source="shipped")  # raises if any style is missing
    assert not template.paragraphs and not template.tables
    section = template.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert {round(m.cm, 2) for m in (section.left_margin, section.right_margin)} == {2.0}
    normal = template.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Arial", Pt(11))
    for name in STATUS_STYLES.values():
        rpr = template.styles[name].element.rPr
        colour = rpr.find(qn("w:color")).get(qn("w:val"))
        fill = rpr.find(qn("w:shd")).get(qn("w:fill"))
        assert _contrast(colour, fill) >= 4.5, name
