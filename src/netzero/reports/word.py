"""The committee report as a Word document.

``document_to_docx`` lays ``reports.document``'s blocks out in a Word template with the
template's named styles only, so a council restyles its reports by editing the template's styles
in Word (``NETZERO_REPORT_WORD_TEMPLATE`` names its copy). What the report says is decided in
``reports.content``; nothing here adds or drops a word. The shipped template is built by
``tools/build_report_template.py``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.section import Section
from docx.shared import Emu, Mm
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from netzero.reporting.status import Status
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

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "reports" / "committee-report.docx"
EN_DASH = "\N{EN DASH}"

# The styles the writer uses, by their names in Word.
STYLE_BODY = "Normal"
STYLE_TITLE = "Title"
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
STYLE_NUMBERED = "Numbered Paragraph"  # "2.1<tab>text", with a hanging indent
STYLE_BULLET = "List Bullet"
STYLE_CAPTION = "Caption"  # a table's caption and a chart's title
STYLE_FOOTER = "Footer"
STYLE_STRONG = "Strong"  # a bold paragraph, a total
STYLE_CELL = "Table Text"
STYLE_CELL_HEADING = "Table Heading"  # the header row
STYLE_CELL_NUMBER = "Table Number"  # right-aligned
STYLE_TABLE = "Report Table"
ROLE_STYLES: dict[str, str] = {
    "marking": "Report Marking",
    "organisation": "Report Organisation",
    "committee": "Report Committee",
    "meeting": "Report Meeting",
    "report-of": "Report Of",
    "title": STYLE_TITLE,
    "author": "Report Author",
    "notice": "Report Notice",
    "licence": "Report Licence",
    "quote": "Report Quote",
    "source": "Report Source",
    "appendix": "Report Appendix",
}
# A status cell's first line (its word) takes the status's character style; the cell is shaded
# with that style's own shading, so the colours too are the template's.
STATUS_STYLES: dict[str, str] = {
    Status.GOOD: "Status Good",
    Status.REVIEW: "Status Review",
    Status.ACTION: "Status Action",
    Status.NOT_REPORTED: "Status Not Reported",
}
_TYPE_WORDS = {
    WD_STYLE_TYPE.PARAGRAPH: "paragraph",
    WD_STYLE_TYPE.CHARACTER: "character",
    WD_STYLE_TYPE.TABLE: "table",
}


def heading_style(level: int) -> str:
    """The style of a heading of ``level`` (1 to 3; deeper headings take level 3's)."""
    return HEADING_STYLES[min(max(level, 1), len(HEADING_STYLES)) - 1]


def required_styles() -> dict[str, WD_STYLE_TYPE]:
    """Every style the writer uses, with the kind of style it must be."""
    paragraph = [
        STYLE_BODY,
        *HEADING_STYLES,
        STYLE_NUMBERED,
        STYLE_BULLET,
        STYLE_CAPTION,
        STYLE_FOOTER,
        STYLE_CELL,
        STYLE_CELL_HEADING,
        STYLE_CELL_NUMBER,
        *ROLE_STYLES.values(),
    ]
    out = dict.fromkeys(paragraph, WD_STYLE_TYPE.PARAGRAPH)
    out.update(dict.fromkeys([STYLE_STRONG, *STATUS_STYLES.values()], WD_STYLE_TYPE.CHARACTER))
    out[STYLE_TABLE] = WD_STYLE_TYPE.TABLE
    return out


def check_styles(doc: DocxDocument, *, source: str) -> dict[str, BaseStyle]:
    """The template's styles the writer uses, by name. Raises ValueError naming each style that
    ``source`` lacks or has as another kind of style."""
    have = {style.name: style for style in doc.styles}
    problems = []
    for name, kind in required_styles().items():
        style = have.get(name)
        if style is None:
            problems.append(f"“{name}” ({_TYPE_WORDS[kind]} style) is missing")
        elif style.type != kind:
            problems.append(f"“{name}” must be a {_TYPE_WORDS[kind]} style")
    if problems:
        raise ValueError(
            f"The Word template {source} cannot lay out a report: {'; '.join(problems)}. "
            "Add the styles in Word or start from the shipped committee-report.docx."
        )
    return {name: have[name] for name in required_styles()}


def template_path(template: str | Path | None = None) -> Path:
    """The template to use: ``template``, else the site's NETZERO_REPORT_WORD_TEMPLATE, else the
    shipped one."""
    chosen = template or getattr(settings, "NETZERO_REPORT_WORD_TEMPLATE", "") or DEFAULT_TEMPLATE
    path = Path(chosen)
    if not path.is_file():
        raise ValueError(f"The Word template {path} does not exist.")
    return path


@dataclass
class _Out:
    """The document being written, with the template's styles resolved once."""

    doc: DocxDocument
    styles: dict[str, BaseStyle]
    fills: dict[str, str]  # status -> its style's shading colour (hex)

    def style(self, target: DocxParagraph | Run, name: str) -> None:
        """Give a paragraph or run the named style. (By id: python-docx's own setter searches
        every style in the template for the default on each call.)"""
        element = target._p if isinstance(target, DocxParagraph) else target._r
        element.style = self.styles[name].style_id

    def paragraph(self, text: str, style: str, *, strong: bool = False) -> DocxParagraph:
        """A paragraph of ``text`` at the end of the body."""
        paragraph = self.doc.add_paragraph()
        self.style(paragraph, style)
        run = paragraph.add_run(text)
        if strong:
            self.style(run, STYLE_STRONG)
        return paragraph

    def section(self) -> Section:
        """The section being written: the body's last."""
        return Section(self.doc.element.body.get_or_add_sectPr(), self.doc.part)

    def usable_width(self) -> int:
        """The current section's width between the margins, in EMU."""
        section = self.section()
        page = section.page_width or Mm(210)
        return page - (section.left_margin or 0) - (section.right_margin or 0)

    def usable_height(self) -> int:
        section = self.section()
        page = section.page_height or Mm(297)
        return page - (section.top_margin or 0) - (section.bottom_margin or 0)


def _status_fills(styles: dict[str, BaseStyle]) -> dict[str, str]:
    """Each status's cell shading: the fill of its character style's own shading, if any."""
    fills = {}
    for status, name in STATUS_STYLES.items():
        rpr = styles[name].element.rPr
        shd = rpr.find(qn("w:shd")) if rpr is not None else None
        fill = shd.get(qn("w:fill")) if shd is not None else None
        if fill and fill.lower() != "auto":
            fills[status] = fill
    return fills


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _add_field(paragraph: DocxParagraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice work out when they lay the pages."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")  # shown until the field is worked out
    _field_char(paragraph, "end")


def _write_footer(out: _Out, document: Document) -> None:
    """The organisation, the period and "Page N of M" on every page (later sections inherit
    the first's footer)."""
    footer = out.section().footer
    footer.is_linked_to_previous = False
    for child in list(footer._element):
        footer._element.remove(child)
    paragraph = footer.add_paragraph()
    out.style(paragraph, STYLE_FOOTER)
    label = f"{document.organisation}, {document.period}"
    if not document.published:
        label += " (draft)"
    paragraph.add_run(f"{label} {EN_DASH} Page ")
    _add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _add_field(paragraph, "NUMPAGES")


def _write_page_break(out: _Out, block: PageBreak) -> None:
    """A new section on a new page: landscape if asked for, else in the current orientation."""
    body = out.doc.element.body
    current = body.get_or_add_sectPr()
    landscape = block.landscape or out.section().orientation == WD_ORIENT.LANDSCAPE
    previous = current.getprevious()
    if previous is None:  # nothing written yet: no page to break, only the orientation
        _orient(out.section(), landscape=landscape)
        return
    ends_section = previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    # The last paragraph carries the break; after a table, or a paragraph that already ends a
    # section, an empty one does.
    carrier = previous if isinstance(previous, CT_P) and not ends_section else body.add_p()
    # The section that ends keeps the page setup and footer written so far...
    carrier.set_sectPr(current.clone())
    # ...and the new one inherits the footer and starts on a new page.
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg"):
        for element in current.findall(qn(tag)):
            current.remove(element)
    section = out.section()
    section.start_type = WD_SECTION.NEW_PAGE
    _orient(section, landscape=landscape)


def _orient(section: Section, *, landscape: bool) -> None:
    """Turn the page to landscape (or portrait), swapping its width and height if need be."""
    width, height = section.page_width or Mm(210), section.page_height or Mm(297)
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _write_paragraph(out: _Out, block: Paragraph) -> None:
    """A paragraph in its role's style, else as a bullet, a numbered paragraph or body text."""
    if block.role:
        style = ROLE_STYLES.get(block.role, STYLE_BODY)
    elif block.bullet:
        style = STYLE_BULLET
    elif block.number:
        style = STYLE_NUMBERED
    else:
        style = STYLE_BODY
    text = f"{block.number}\t{block.text}" if block.number else block.text
    out.paragraph(text, style, strong=block.bold)


def _column_widths(table: Table, count: int, usable: int) -> list[Emu]:
    """Each column's width: its share (``Table.widths``) of the usable width, else equal."""
    shares = table.widths if len(table.widths) == count and sum(table.widths) > 0 else [1] * count
    total = sum(shares)
    return [Emu(usable * share // total) for share in shares]


def _repeat_as_header(row: _Row) -> None:
    """Mark the row to repeat at the top of each page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(marker)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _write_lines(out: _Out, target: _Cell, lines: list[str], style: str) -> list[DocxParagraph]:
    """One paragraph per line in the cell (at least one: a cell holds a paragraph)."""
    paragraphs = [target.paragraphs[0]] + [target.add_paragraph() for _ in lines[1:]]
    for paragraph in paragraphs:
        out.style(paragraph, style)
    for paragraph, line in zip(paragraphs, lines, strict=False):
        paragraph.add_run(line)
    return paragraphs


def _write_cell(out: _Out, target: _Cell, cell: Cell) -> None:
    """A body cell: numbers right-aligned, totals strong, a status's word in its style and the
    cell shaded with the status's colour."""
    style = STYLE_CELL_NUMBER if cell.numeric else STYLE_CELL
    paragraphs = _write_lines(out, target, cell_lines(cell), style)
    for index, paragraph in enumerate(paragraphs):
        for run in paragraph.runs:
            if cell.status in STATUS_STYLES and index == 0:
                out.style(run, STATUS_STYLES[cell.status])
            elif cell.strong:
                out.style(run, STYLE_STRONG)
    if cell.status in out.fills:
        _shade(target, out.fills[cell.status])


def _new_table(out: _Out, widths: list[Emu]) -> DocxTable:
    """An empty table in the template's table style, fixed to ``widths``."""
    table = out.doc.add_table(rows=0, cols=len(widths))
    table.style = out.styles[STYLE_TABLE]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        table._tbl.tblPr.append(table_width)
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(Emu(w).twips for w in widths)))
    return table


def _write_table(out: _Out, block: Table) -> None:
    """Caption, then the table: a header row repeated on each page, then its rows."""
    if block.caption:
        out.paragraph(block.caption, STYLE_CAPTION)
    count = len(block.headers) or max((len(row) for row in block.rows), default=1)
    widths = _column_widths(block, count, out.usable_width())
    table = _new_table(out, widths)
    if block.headers:
        row = table.add_row()
        _repeat_as_header(row)
        for target, text in zip(row.cells, block.headers, strict=False):
            _write_lines(out, target, [text], STYLE_CELL_HEADING)
    for cells in block.rows:
        row = table.add_row()
        for target, cell in zip(row.cells, cells, strict=False):
            _write_cell(out, target, cell)


def _write_chart(out: _Out, block: Chart) -> None:
    """The chart's title, its picture across the page (PNG: Word cannot show SVG everywhere),
    described by its title for screen readers, then its table."""
    out.paragraph(block.title, STYLE_CAPTION)
    if block.png:
        width = out.usable_width()
        picture = out.doc.add_paragraph()
        out.style(picture, STYLE_BODY)
        shape = picture.add_run().add_picture(io.BytesIO(block.png), width=width)
        limit = out.usable_height() * 3 // 4
        if shape.height > limit:
            shape.width, shape.height = Emu(shape.width * limit // shape.height), Emu(limit)
        shape._inline.docPr.set("descr", block.title)
    _write_table(out, block.table)


def _write_block(out: _Out, block: Block) -> None:
    if isinstance(block, Heading):
        out.paragraph(block.text, heading_style(block.level))
    elif isinstance(block, Paragraph):
        _write_paragraph(out, block)
    elif isinstance(block, Table):
        _write_table(out, block)
    elif isinstance(block, Chart):
        _write_chart(out, block)
    elif isinstance(block, PageBreak):
        _write_page_break(out, block)
    else:  # pragma: no cover - the Block union is closed
        raise TypeError(f"Not a report block: {block!r}")


def _set_properties(doc: DocxDocument, document: Document) -> None:
    """The file's title, author, subject and language, as Word's File > Info shows them."""
    props = doc.core_properties
    props.title = document.title
    props.author = document.author or document.organisation
    props.subject = f"{document.organisation}, {document.period}"
    props.language = "en-GB"
    props.content_status = "Published" if document.published else "Draft"
    props.comments = document.licence
    props.keywords = ""
    props.last_modified_by = ""
    props.revision = 1
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)


def document_to_docx(document: Document, *, template: str | Path | None = None) -> bytes:
    """The report as a .docx file's bytes, laid out in ``template``'s styles (see
    ``template_path``). Raises ValueError when the template lacks a style the writer uses."""
    path = template_path(template)
    doc = open_docx(str(path))
    styles = check_styles(doc, source=str(path))
    out = _Out(doc=doc, styles=styles, fills=_status_fills(styles))
    doc.element.body.clear_content()  # the template's own text; its last page setup stays
    _write_footer(out, document)
    for block in document.blocks:
        _write_block(out, block)
    _set_properties(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
