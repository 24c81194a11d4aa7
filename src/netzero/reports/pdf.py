"""The committee report as a PDF: the report's blocks laid out by ``reports/report.html`` and
``report.css``, drawn by WeasyPrint.

Everything is decided here; the template only prints. The blocks become small print-ready
records (sections, headings, paragraphs, lists, tables), each saying which element and classes
it prints as. WeasyPrint reads nothing but this package's own files (the stylesheet and the
shipped Source Sans 3 fonts, see ``static/reports/fonts/OFL.txt``) and ``data:`` URLs: the
fetcher refuses every other URL, so a report never touches the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from netzero.reporting.presenters import OVERDUE_TAG, status_tag
from netzero.reports.document import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    cell_lines,
)

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "static" / "reports"
TEMPLATE = "reports/report.html"
LANGUAGE = "en-GB"
GENERATOR = "Net Zero Tracker"
# WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree, marked content, /MarkInfo,
# DisplayDocTitle) of PDF 1.7 whose XMP metadata names PDF/UA part 1.
PDF_VARIANT = "pdf/ua-1"
ALLOWED_SCHEMES = ("file", "data")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
SVG_FONT_STYLE = '<style>text { font-family: "Source Sans 3", sans-serif; }</style>'


# -- What the template prints ------------------------------------------------------------------


@dataclass(frozen=True)
class PrintHeading:
    text: str
    element: str  # "h1" ... "h4"
    kind: str = "heading"


@dataclass(frozen=True)
class PrintParagraph:
    text: str
    number: str
    css_class: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class PrintList:
    items: list[str]
    css_class: str
    kind: str = "list"


@dataclass(frozen=True)
class CellLine:
    text: str
    tag_class: str = ""  # set: the line prints as a coloured tag (a status word)


@dataclass(frozen=True)
class PrintCell:
    element: str  # "th" (a row's heading cell) or "td"
    scope: str  # "row" for a row's heading cell
    css_class: str
    lines: list[CellLine]


@dataclass(frozen=True)
class PrintColumn:
    text: str
    style: str  # "width: 19%" or ""
    css_class: str


@dataclass(frozen=True)
class PrintTable:
    caption: str
    css_class: str
    columns: list[PrintColumn]
    rows: list[list[PrintCell]]
    kind: str = "table"


@dataclass(frozen=True)
class PrintChart:
    title: str
    svg: SafeString
    kind: str = "chart"  # its table follows it as a PrintTable


PrintBlock = PrintHeading | PrintParagraph | PrintList | PrintTable | PrintChart


@dataclass
class PrintSection:
    """The blocks between two page breaks; a landscape section prints on landscape pages."""

    landscape: bool
    blocks: list[PrintBlock] = field(default_factory=list)

    @property
    def css_class(self) -> str:
        return "section section--landscape" if self.landscape else "section"


# -- Blocks to print records -------------------------------------------------------------------


def heading_element(level: int) -> str:
    """The HTML heading for a block's level (1 to 3; anything deeper prints as h4)."""
    return f"h{min(max(level, 1), 4)}"


def paragraph_class(paragraph: Paragraph) -> str:
    classes = ["para"]
    if paragraph.number:
        classes.append("para--numbered")
    if paragraph.role:
        classes.append(f"para--{paragraph.role}")
    if paragraph.bold:
        classes.append("para--bold")
    return " ".join(classes)


def status_lines(cell: Cell) -> list[CellLine]:
    """A status cell: its first line is the status word, printed as the site's tag; an
    "Overdue" line is printed as the site's overdue tag; the rest (the change) as text."""
    lines = cell_lines(cell)
    if not lines:
        return []
    out = [CellLine(lines[0], status_tag(cell.status).css_class)]
    for line in lines[1:]:
        out.append(CellLine(line, OVERDUE_TAG.css_class if line == OVERDUE_TAG.text else ""))
    return out


def print_cell(cell: Cell) -> PrintCell:
    classes = ["cell"]
    if cell.numeric:
        classes.append("cell--numeric")
    if cell.strong:
        classes.append("cell--strong")
    if cell.status:
        classes.append("cell--status")
    lines = status_lines(cell) if cell.status else [CellLine(t) for t in cell_lines(cell)]
    return PrintCell(
        element="th" if cell.header else "td",
        scope="row" if cell.header else "",
        css_class=" ".join(classes),
        lines=lines,
    )


def column_is_numeric(table: Table, index: int) -> bool:
    """A column whose body cells are all numeric (the overview's counts) is right-aligned."""
    cells = [row[index] for row in table.rows if index < len(row)]
    return bool(cells) and all(c.numeric or not c.text for c in cells)


def print_table(table: Table) -> PrintTable:
    widths = table.widths if len(table.widths) == len(table.headers) else []
    columns = [
        PrintColumn(
            text=text,
            style=f"width: {widths[i]}%" if widths else "",
            css_class="col--numeric" if column_is_numeric(table, i) else "",
        )
        for i, text in enumerate(table.headers)
    ]
    key = table.key or "plain"
    layout = "table--fixed" if widths else "table--auto"
    return PrintTable(
        caption=table.caption,
        css_class=f"table table--{key} {layout}",
        columns=columns,
        rows=[[print_cell(c) for c in row] for row in table.rows],
    )


def chart_svg(chart: Chart) -> SafeString:
    """The chart's SVG with a <title> (the tagged PDF's alternative text for the figure) and
    its text set in the report's shipped font rather than the page's Arial."""
    # The SVG is drawn on the server by vl-convert from the app's own Vega-Lite spec (never
    # from a person's markup), so it is printed as it is, not sanitised. A chart built from
    # anything else must not come through here.
    alt = f"Chart: {chart.title}. Its figures are in the table that follows."
    extra = format_html("<title>{}</title>", alt) + SVG_FONT_STYLE
    svg = _SVG_OPEN.sub(lambda m: m.group(0) + extra, chart.svg, count=1)
    return mark_safe(svg)  # noqa: S308 - our own vl-convert output, see above


def print_chart(chart: Chart) -> list[PrintBlock]:
    """The chart's title and SVG, then its table."""
    return [PrintChart(title=chart.title, svg=chart_svg(chart)), print_table(chart.table)]


def print_sections(blocks: list[Block]) -> list[PrintSection]:
    """The blocks as sections split at each page break, consecutive bullets gathered into one
    list (indented under a numbered paragraph, as the paper prints them)."""
    sections = [PrintSection(landscape=False)]
    previous_number = ""
    for block in blocks:
        current = sections[-1].blocks
        if isinstance(block, PageBreak):
            sections.append(PrintSection(landscape=block.landscape))
            previous_number = ""
        elif isinstance(block, Paragraph) and block.bullet:
            if current and isinstance(current[-1], PrintList):
                current[-1].items.append(block.text)
            else:
                indented = "list list--indented" if previous_number else "list"
                current.append(PrintList(items=[block.text], css_class=indented))
        elif isinstance(block, Paragraph):
            current.append(PrintParagraph(block.text, block.number, paragraph_class(block)))
            previous_number = block.number
        elif isinstance(block, Heading):
            current.append(PrintHeading(block.text, heading_element(block.level)))
            previous_number = ""
        elif isinstance(block, Table):
            current.append(print_table(block))
        elif isinstance(block, Chart):
            current.extend(print_chart(block))
    return [s for s in sections if s.blocks]


def footer_text(document: Document) -> str:
    return document.period if document.published else f"{document.period} (draft)"


def report_context(document: Document) -> dict[str, Any]:
    """What ``reports/report.html`` prints."""
    return {
        "lang": LANGUAGE,
        "title": document.title,
        "author": document.author or document.organisation,
        "description": f"{document.organisation}: {document.title}",
        "generator": GENERATOR,
        "footer": footer_text(document),
        "sections": print_sections(document.blocks),
    }


def document_html(document: Document) -> str:
    return render_to_string(TEMPLATE, report_context(document))


# -- WeasyPrint --------------------------------------------------------------------------------


def url_is_allowed(url: str) -> bool:
    """A ``data:`` URL, or a ``file:`` URL of a file inside this package."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(parts.path)).resolve()
    return path.is_relative_to(PACKAGE_DIR)


def package_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads only this package's files and ``data:`` URLs,
    recording what it read (``fetched``) and what it refused (``refused``)."""
    _weasyprint()  # the clear error, if WeasyPrint or Pango is missing
    from weasyprint.urls import URLFetcher

    class PackageFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=ALLOWED_SCHEMES)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url_is_allowed(url):
                self.refused.append(url)
                raise ValueError(f"A report reads only its own files, not {url[:200]}")
            self.fetched.append(url)
            return super().fetch(url, headers)

    return PackageFetcher()


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # WeasyPrint or Pango (a system library) missing
        raise RuntimeError(
            "The PDF report needs WeasyPrint and the Pango library: install Pango "
            f"(Debian: libpango-1.0-0 libpangoft2-1.0-0) ({error})"
        ) from error
    return weasyprint


def render_pdf(document: Document, *, fetcher: Any) -> bytes:
    """The PDF of ``document``, reading files through ``fetcher`` (see ``package_fetcher``)."""
    weasyprint = _weasyprint()
    html = weasyprint.HTML(
        string=document_html(document),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    return html.write_pdf(pdf_variant=PDF_VARIANT)


def document_to_pdf(document: Document) -> bytes:
    """The committee report as a tagged A4 PDF (PDF/UA-1), with the shipped fonts embedded."""
    return render_pdf(document, fetcher=package_fetcher())
