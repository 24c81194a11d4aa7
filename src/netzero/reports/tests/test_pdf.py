"""The committee report as a PDF (``reports.pdf``), read back from the rendered file: its words
in the report's order, its figures the dashboard's, its layout on the page, and its tags,
metadata and fonts.

The Q3 tests render Derbyshire's 2022-23 Q3 report with the seed paper's own header and
sections written in, as the council wrote them before the period was published.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTPage, LTTextContainer
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from PIL import Image, ImageStat

from netzero.core.charts import FONT, SCHEMA, spec_to_svg
from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import priority_paragraphs
from netzero.reporting.status import Status
from netzero.reports.document import (
    Cell,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
    document_words,
)
from netzero.reports.models import ReportDetails
from netzero.reports.pdf import (
    STATIC_DIR,
    document_to_pdf,
    package_fetcher,
    render_pdf,
)
from netzero.reports.selectors import report_document

# The pages drawn as pictures, for a person to look at: in the test's own temporary folder, or
# in NETZERO_REPORT_PNG_DIR when set (e.g. /tmp, to open them after a run).
PNG_DIR = os.environ.get("NETZERO_REPORT_PNG_DIR", "")
PNG_SCALE = 1.5
MM = 72 / 25.4

# The seed's overview: strategy theme -> Good, Review, Action.
SEED_STRATEGY = {
    "Council Estate and Operations": (6, 3, 0),
    "Low Carbon Economy": (2, 5, 0),
    "Decarbonising the Domestic Sector": (3, 3, 0),
    "Transport, Travel and Infrastructure": (4, 2, 0),
    "Waste": (2, 2, 0),
}
SEED_TOTAL = (17, 15, 0)
# The site's GOV.UK tag background colours (web/static/netzero/app.css), by status word.
TAG_BACKGROUNDS = {
    "Good": (0xCF, 0xE4, 0xDC),
    "Review": (0xFF, 0xEE, 0x80),
    "Action": (0xF4, 0xD7, 0xD7),
    "Not reported": (0xCE, 0xCE, 0xCE),
}
STATUS_HEADER = "Status (change since last period)"


@dataclass
class Rendered:
    document: Document
    pdf: bytes
    fetcher: Any


@pytest.fixture
def q3_report(demo_plan, q3) -> Rendered:
    """Q3's report as a PDF, rendered through a fetcher the test can ask what was read."""
    # The demo's Q3 report carries the seed paper's header and sections (netzero.demo.paper).
    assert ReportDetails.objects.get(period=q3).author == "Caroline Toplis"
    document = report_document(plan=demo_plan, period=q3)
    fetcher = package_fetcher()
    return Rendered(document, render_pdf(document, fetcher=fetcher), fetcher)


# -- Reading the file back ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """Whitespace collapsed; pdfium's mark for a hyphen that ended a line read as the hyphen."""
    return " ".join(text.replace("\ufffe", "-").split())


def stream_text(pdf: bytes) -> list[str]:
    """Each page's text in the order it is drawn, which is the tagged reading order (pdfminer's
    layout analysis reads a table column by column, so it cannot show the order)."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [normalise(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()


def missing_in_order(words: list[str], text: str) -> list[str]:
    """The entries of ``words`` not found in ``text``, as whole words, after the previous entry
    found ("0" is not found inside "2023")."""
    position = 0
    missing = []
    for word in words:
        pattern = re.compile(r"(?<!\w)" + re.escape(normalise(word)) + r"(?!\w)")
        found = pattern.search(text, position)
        if found is None:
            missing.append(word)
        else:
            position = found.end()
    return missing


def text_boxes(page: LTPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's text boxes (pdfminer's layout analysis): normalised text and bbox."""
    return [
        (normalise(box.get_text()), box.bbox) for box in page if isinstance(box, LTTextContainer)
    ]


def box_named(boxes: list, text: str) -> tuple[float, float, float, float]:
    matches = [bbox for words, bbox in boxes if words == text]
    assert matches, f"no text box {text!r} among {[w for w, _ in boxes][:40]}"
    return matches[0]


def render_png(pdf: bytes, index: int, path: Path) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[index].render(scale=PNG_SCALE).to_pil().convert("RGB")
    finally:
        document.close()
    image.save(path)
    return image


def assert_not_blank(image: Image.Image) -> None:
    stat = ImageStat.Stat(image.convert("L"))
    assert stat.stddev[0] > 20, f"page image looks blank (stddev {stat.stddev[0]:.1f})"
    dark = sum(image.convert("L").histogram()[:128])
    assert dark > 0.005 * image.width * image.height, "hardly any ink on the page image"


def pdf_catalog(pdf: bytes) -> tuple[dict, dict, list[dict]]:
    """The PDF's catalog, its info dictionary and its pages' font dictionaries."""
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    fonts = []
    for page in PDFPage.create_pages(document):
        for font in (resolve1(page.resources.get("Font")) or {}).values():
            fonts.append(resolve1(font))
    return resolve1(document.catalog), document.info[0], fonts


def struct_elements(root: Any) -> list[dict]:
    """Every structure element under the tree root, depth first."""
    out: list[dict] = []
    stack = [resolve1(root)]
    while stack:
        node = resolve1(stack.pop())
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if node.get("Type") is not None and node["Type"].name == "StructElem":
                out.append(node)
            kids = node.get("K")
            if kids is not None:
                stack.append(kids)
    return out


def name_of(value: Any) -> str:
    return getattr(resolve1(value), "name", str(value))


# -- Q3 ----------------------------------------------------------------------------------------


def test_q3_pdf_prints_every_word_in_order_and_the_dashboards_figures(q3_report, demo_plan, q3):
    pages = stream_text(q3_report.pdf)
    text = " ".join(pages)
    words = document_words(q3_report.document)
    assert len(words) > 500  # the whole report, the dashboard's tables included
    assert missing_in_order(words, text) == []
    # The seed paper's words, numbered as the paper numbers them, and its bullets.
    assert "2.3 The Dashboard is designed in the same format" in text
    assert "Report Author: Caroline Toplis Contact details: Caroline.Toplis@derbyshire" in text
    assert "Notes the content of the Climate Change Programme Dashboard" in text

    # The figures are the dashboard service's, and Q3's are the seed paper's.
    dashboard = dashboard_for_period(plan=demo_plan, period=q3)
    statuses = (Status.GOOD, Status.REVIEW, Status.ACTION)
    strategy_at = text.index("Priority actions by strategy theme")
    delivery_at = text.index("Priority actions by delivery theme")
    summary_at = text.index("Summary", delivery_at)
    strategy, delivery = text[strategy_at:delivery_at], text[delivery_at:summary_at]
    counts = {t.theme: tuple(t.counts[s] for s in statuses) for t in dashboard.by_strategy_theme}
    assert counts == SEED_STRATEGY
    for theme, (good, review, action) in counts.items():
        assert f"{theme} {good} {review} {action}" in strategy
    assert tuple(dashboard.priority.counts[s] for s in statuses) == SEED_TOTAL
    assert "Total 17 15 0" in strategy
    assert len(dashboard.by_delivery_theme) == 13
    for row in dashboard.by_delivery_theme:
        figures = " ".join(str(row.counts[s]) for s in statuses)
        assert normalise(f"{row.theme} {row.lead or ''} {figures}") in delivery
    assert "Total 17 15 0" in delivery
    # The summary's sentences, in the dashboard's order, after its heading.
    sentences = [p.text for p in priority_paragraphs(dashboard)]
    assert "17 priority actions (53%) have been allocated a Good rating" in " ".join(sentences)
    assert missing_in_order(sentences, text[summary_at:]) == []


def test_q3_pdf_layout_pages_tables_and_tags(q3_report, tmp_path):
    pictures = Path(PNG_DIR) if PNG_DIR else tmp_path
    pdf = q3_report.pdf
    pages = list(extract_pages(io.BytesIO(pdf)))
    count = len(pages)
    boxes = [text_boxes(page) for page in pages]

    # A4 portrait for the paper, landscape from the dashboard appendix on.
    dashboard_first = next(i for i, b in enumerate(boxes) if any(w == "Appendix 2" for w, _ in b))
    assert dashboard_first >= 1
    for i, page in enumerate(pages):
        width, height = page.width, page.height
        if i < dashboard_first:
            assert (round(width / MM), round(height / MM)) == (210, 297), i
        else:
            assert (round(width / MM), round(height / MM)) == (297, 210), i
            assert width > height

    # Page 1's footer: the period at the left, "Page 1 of N" at the right, below the text.
    footer_top = 22 * MM
    page_of = box_named(boxes[0], f"Page 1 of {count}")
    assert page_of[3] < footer_top and page_of[0] > pages[0].width / 2
    period = box_named(boxes[0], "2022-23 Q3")
    assert period[3] < footer_top and period[2] < pages[0].width / 2
    assert box_named(boxes[-1], f"Page {count} of {count}")[3] < footer_top

    # The first priority-actions page: heading, caption, then the header row, left to right.
    first = next(i for i, b in enumerate(boxes) if any(w == "Priority actions" for w, _ in b))
    page = boxes[first]
    heading = box_named(page, "Priority actions")
    caption = box_named(page, "Council Estate and Operations")
    ref, status, progress = (box_named(page, h) for h in ("Ref", STATUS_HEADER, "Progress"))
    assert heading[1] > caption[3] and caption[1] > ref[3]  # y grows upwards
    assert ref[2] < status[0] and status[2] < progress[0]
    assert abs(ref[3] - status[3]) < 1 and abs(status[3] - progress[3]) < 1  # one header row
    # Nothing runs off the page: every word of page 1 and of this page is within the margins.
    for i in (0, first):
        margin = (18 if i < dashboard_first else 12) * MM
        for word, (x0, _y0, x1, _y1) in boxes[i]:
            assert margin - 1 <= x0 and x1 <= pages[i].width - margin + 1, (i, word)
    # Each row's status word sits in the Status column, one per row ("Ref 1", "Ref 2" ...).
    words = [(w, b) for w, b in page if w in TAG_BACKGROUNDS]
    rows = [b for w, b in page if re.fullmatch(r"Ref \d+", w)]
    assert len(words) == len(rows) >= 1
    for word, bbox in words:
        assert status[0] <= bbox[0] and bbox[2] <= status[2], word
        assert bbox[3] < ref[1]  # below the header row

    # The table goes on over the page: there its header row is printed again, at the top.
    following = boxes[first + 1]
    top = max(following, key=lambda item: item[1][3])
    assert top[0] in ("Ref", "Priority action", "Lead theme", "Target", "Success measure")
    for header in ("Ref", STATUS_HEADER, "Progress"):
        assert abs(box_named(following, header)[3] - top[1][3]) < 1

    # Pictures of page 1, the dashboard's first page and the first priority page.
    assert_not_blank(render_png(pdf, 0, pictures / "nz-report-page-1.png"))
    assert_not_blank(render_png(pdf, dashboard_first, pictures / "nz-report-dashboard.png"))
    image = render_png(pdf, first, pictures / "nz-report-priority.png")
    assert_not_blank(image)
    # The status word is printed on its tag's colour (the site's), just left of the word.
    height = pages[first].height
    for word, (x0, y0, _x1, y1) in words:
        x = int((x0 - 1.5) * PNG_SCALE)
        y = int((height - (y0 + y1) / 2) * PNG_SCALE)
        pixel = image.getpixel((x, y))
        expected = TAG_BACKGROUNDS[word]
        assert all(abs(a - b) <= 6 for a, b in zip(pixel, expected, strict=True)), (
            word,
            pixel,
        )


def test_q3_pdf_is_tagged_with_metadata_and_the_shipped_font(q3_report):
    catalog, info, fonts = pdf_catalog(q3_report.pdf)
    document = q3_report.document

    # Tagged: a structure tree whose elements are the report's headings, lists and tables.
    assert "StructTreeRoot" in catalog
    assert resolve1(catalog["MarkInfo"])["Marked"] is True
    assert resolve1(catalog["Lang"]) == b"en-GB"
    assert resolve1(catalog["ViewerPreferences"])["DisplayDocTitle"] is True
    elements = struct_elements(resolve1(catalog["StructTreeRoot"])["K"])
    kinds = {name_of(e["S"]) for e in elements}
    assert {"Document", "H1", "H2", "H3", "P", "L", "LI", "Table", "TH", "TD"} <= kinds
    headed_cells = [e for e in elements if name_of(e["S"]) == "TD" and "A" in e]
    assert headed_cells and all(resolve1(e["A"]).get("Headers") for e in headed_cells)

    # Metadata: the report's title, its author, PDF/UA-1 in the XMP.
    assert info["Title"].decode() == document.title
    assert info["Title"] == b"Climate Change Performance Reporting - 2022-2023 Q3"  # the paper's
    assert info["Author"] == b"Caroline Toplis"
    xmp = resolve1(catalog["Metadata"]).get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and document.title in xmp

    # Fonts: only the shipped Source Sans 3, regular and bold, embedded.
    names = {name_of(f["BaseFont"]).split("+", 1)[1] for f in fonts}
    assert names and all(n.startswith("Source-Sans-3") for n in names)
    assert any("Bold" in n for n in names) and any("Bold" not in n for n in names)
    for font in fonts:
        descendant = (
            resolve1(resolve1(font["DescendantFonts"])[0]) if "DescendantFonts" in font else font
        )
        descriptor = resolve1(descendant["FontDescriptor"])
        assert {"FontFile", "FontFile2", "FontFile3"} & set(descriptor), descriptor

    # Nothing was read but the package's stylesheet and fonts.
    fetched = q3_report.fetcher.fetched
    assert q3_report.fetcher.refused == []
    assert (STATIC_DIR / "report.css").as_uri() in fetched
    assert any(url.endswith("-400-normal.woff") for url in fetched)
    assert any(url.endswith("-700-normal.woff") for url in fetched)
    assert all(url.startswith(STATIC_DIR.as_uri() + "/") for url in fetched), fetched


# -- Without the demo --------------------------------------------------------------------------


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two "#rrggbb" colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_chart_and_draft_fetcher_and_tag_contrast():
    spec = {
        "$schema": SCHEMA,
        "title": "Emissions by year",
        "data": {"values": [{"year": "2019", "t": 120.0}, {"year": "2020", "t": 98.5}]},
        "mark": {"type": "bar", "color": "#1d70b8"},
        "encoding": {
            "x": {"field": "year", "type": "nominal"},
            "y": {"field": "t", "type": "quantitative", "title": "tCO2e"},
        },
        "config": {"font": FONT},
    }
    table = Table(
        caption="Emissions by year, tCO2e",
        headers=["Year", "tCO2e"],
        rows=[[Cell("2019", header=True), Cell("120", numeric=True)]],
    )
    document = Document(
        title="A draft with a chart",
        organisation="Test Council",
        period="2024-25 Q1",
        author="",
        published=False,
        licence="",
        blocks=[
            Heading("A draft with a chart", 1),
            Paragraph("Numbered <b>words</b> & more", number="1.1"),
            Paragraph("A bullet", bullet=True),
            Chart("Emissions by year", spec_to_svg(spec), b"", table),
        ],
    )
    pdf = document_to_pdf(document)
    text = " ".join(stream_text(pdf))
    assert missing_in_order(document_words(document), text) == []
    assert "1.1 Numbered <b>words</b> & more" in text  # printed as text, never as markup
    assert "2024-25 Q1 (draft) Page 1 of 1" in text
    catalog, info, fonts = pdf_catalog(pdf)
    assert info["Author"] == b"Test Council"  # no report author: the organisation
    figures = [
        e
        for e in struct_elements(resolve1(catalog["StructTreeRoot"])["K"])
        if name_of(e["S"]) == "Figure"
    ]
    assert len(figures) == 1
    assert b"Emissions by year" in resolve1(figures[0]["Alt"])
    # The chart's own text is set in the shipped font too.
    assert all(name_of(f["BaseFont"]).split("+", 1)[1].startswith("Source-Sans-3") for f in fonts)

    # The fetcher reads the package's files and data: URLs, and refuses the rest unread.
    fetcher = package_fetcher()
    for url in (
        "https://example.invalid/font.woff",
        "http://127.0.0.1:9/x.css",
        "file:///etc/passwd",
        (STATIC_DIR / ".." / ".." / ".." / ".." / "pyproject.toml").resolve().as_uri(),
    ):
        with pytest.raises(ValueError, match="reads only its own files"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4 and fetcher.fetched == []
    assert fetcher.fetch((STATIC_DIR / "report.css").as_uri()).read().startswith(b"/*")
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"

    # Every status tag's word is readable on its colour (WCAG AA: 4.5 to 1 at least).
    css = (STATIC_DIR / "report.css").read_text()
    tags = re.findall(
        r"\.govuk-tag--(\w+) \{\s*color: (#[0-9a-f]{6});\s*background-color: (#[0-9a-f]{6});",
        css,
    )
    assert {name for name, _, _ in tags} >= {"green", "yellow", "red", "grey"}
    for name, foreground, background in tags:
        assert contrast(foreground, background) >= 4.5, name
