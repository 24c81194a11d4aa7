#!/usr/bin/env python3
"""Build the committee report's Word template, reproducibly.

Usage: PYTHONPATH=src python tools/build_report_template.py [OUT_DOCX]

Writes ``src/netzero/reports/templates/reports/committee-report.docx`` (or OUT_DOCX): python-docx's
own blank document restyled like the council's paper (Arial 11pt body, A4 portrait, 2 cm
margins), with every style ``netzero.reports.word`` writes with, its body empty. A council
restyles its reports by editing these styles in Word and naming its copy in
``NETZERO_REPORT_WORD_TEMPLATE``. The same python-docx gives the same bytes: the package's dates
and the zip entries' times are fixed.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from netzero.reports import word  # noqa: E402  (the style names are word.py's)

FONT = "Arial"
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
# (text, fill) per status: GOV.UK's tag colours, each pair at least 4.5:1 (WCAG AA).
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "good": ("005A30", "CCE2D8"),
    "review": ("594D00", "FFF7BF"),
    "action": ("942514", "F6D7D2"),
    "not_reported": ("383F43", "EEEFEF"),
}
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _reset(style: BaseStyle, *, keep_numbering: bool = False) -> None:
    """Drop a built-in style's own formatting (theme fonts and colours) before restyling it."""
    for tag in ("w:pPr", "w:rPr"):
        element = style.element.find(qn(tag))
        if element is None:
            continue
        if tag == "w:pPr" and keep_numbering:
            for child in list(element):
                if child.tag != qn("w:numPr"):
                    element.remove(child)
        else:
            style.element.remove(element)
    style.hidden = False
    style.unhide_when_used = False


def _paragraph_style(
    doc: DocxDocument,
    name: str,
    *,
    size: float = 11,
    bold: bool = False,
    italic: bool = False,
    caps: bool = False,
    before: float = 0,
    after: float = 8,
    keep_with_next: bool = False,
    base: str = "Normal",
    keep_numbering: bool = False,
) -> BaseStyle:
    """A paragraph style in Arial: built-in ones restyled, the report's own added."""
    names = {s.name for s in doc.styles}
    if name in names:
        style = doc.styles[name]
        _reset(style, keep_numbering=keep_numbering)
    else:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.quick_style = True
    if name != "Normal":
        style.base_style = doc.styles[base]
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.all_caps = caps
    font.color.rgb = BLACK
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_with_next
    return style


def _document_defaults(doc: DocxDocument) -> None:
    """Arial 11pt, British English, for everything that names no font of its own."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    doc.styles.element.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="160" w:line="259" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")


def _body_styles(doc: DocxDocument) -> None:
    _paragraph_style(doc, word.STYLE_BODY)
    _paragraph_style(doc, word.STYLE_TITLE, size=16, bold=True, after=12)
    for level, size in zip((1, 2, 3), (14, 12, 11), strict=True):
        style = _paragraph_style(
            doc, word.heading_style(level), size=size, bold=True, before=12, after=6
        )
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = True
        style.element.get_or_add_pPr().append(
            parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level - 1}"/>')
        )
    _paragraph_style(doc, word.STYLE_BULLET, after=4, keep_numbering=True)
    numbered = _paragraph_style(doc, word.STYLE_NUMBERED)
    numbered.paragraph_format.left_indent = Cm(1.25)
    numbered.paragraph_format.first_line_indent = Cm(-1.25)
    numbered.paragraph_format.tab_stops.add_tab_stop(Cm(1.25))
    _paragraph_style(doc, word.STYLE_CAPTION, bold=True, before=6, after=4, keep_with_next=True)
    _paragraph_style(doc, word.STYLE_FOOTER, size=9, after=0)
    strong = doc.styles[word.STYLE_STRONG]
    strong.font.bold = True


def _header_styles(doc: DocxDocument) -> None:
    """The paper's header block and the report's other roles (``Paragraph.role``)."""
    roles = word.ROLE_STYLES
    _paragraph_style(doc, roles["marking"], bold=True, after=12)
    _paragraph_style(doc, roles["organisation"], bold=True, after=12)
    _paragraph_style(doc, roles["committee"], bold=True, after=12)
    _paragraph_style(doc, roles["meeting"], bold=True, after=12)
    _paragraph_style(doc, roles["report-of"], after=18)
    _paragraph_style(doc, roles["author"], before=12)
    notice = _paragraph_style(doc, roles["notice"], bold=True, before=6, after=12)
    notice.element.get_or_add_pPr().append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="12" w:space="4" w:color="0B0C0C"/>'
                for side in ("top", "left", "bottom", "right")
            )
            + "</w:pBdr>"
        )
    )
    _paragraph_style(doc, roles["licence"], size=9, before=12)
    quote = _paragraph_style(doc, roles["quote"], italic=True, after=4)
    quote.paragraph_format.left_indent = Cm(1)
    source = _paragraph_style(doc, roles["source"], size=9)
    source.paragraph_format.left_indent = Cm(1)
    _paragraph_style(doc, roles["appendix"], bold=True, after=6)


def _table_styles(doc: DocxDocument) -> None:
    """Cell paragraphs at 9pt, the table style's grid, and the status tags' colours."""
    _paragraph_style(doc, word.STYLE_CELL, size=9, after=2)
    doc.styles[word.STYLE_CELL].paragraph_format.line_spacing = 1.0
    _paragraph_style(doc, word.STYLE_CELL_HEADING, size=9, bold=True, after=2, base=word.STYLE_CELL)
    number = _paragraph_style(doc, word.STYLE_CELL_NUMBER, size=9, after=2, base=word.STYLE_CELL)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="505A5F"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    doc.styles.element.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="ReportTable">'
            f'<w:name w:val="{word.STYLE_TABLE}"/><w:basedOn w:val="TableNormal"/>'
            '<w:uiPriority w:val="59"/><w:qFormat/>'
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            f"<w:tblPr><w:tblBorders>{border}</w:tblBorders><w:tblCellMar>"
            '<w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/></w:tcPr>'
            "</w:tblStylePr></w:style>"
        )
    )
    for status, name in word.STATUS_STYLES.items():
        text, fill = STATUS_COLOURS[status]
        style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.base_style = doc.styles["Default Paragraph Font"]
        style.font.bold = True
        style.font.color.rgb = RGBColor.from_string(text)
        style.element.get_or_add_rPr().append(
            parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
        )


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = section.footer_distance = Cm(1)


def _package(doc: DocxDocument) -> None:
    """Fixed properties; leave out the blank document's thumbnail and Word 2010 style copy."""
    props = doc.core_properties
    props.title = "Committee report"
    props.author = "Net Zero Tracker"
    props.last_modified_by = ""
    props.comments = "The committee report's styles: edit them in Word to restyle the report."
    props.language = "en-GB"
    props.revision = 1
    props.created = props.modified = FIXED_TIME
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rid)
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry's time fixed, so equal documents are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_template() -> bytes:
    """The template's bytes."""
    doc = Document()
    _document_defaults(doc)
    _body_styles(doc)
    _header_styles(doc)
    _table_styles(doc)
    _page(doc)
    _package(doc)
    word.check_styles(doc, source="the built template")
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue())


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else word.DEFAULT_TEMPLATE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build_template())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
