"""A report as plain blocks: headings, paragraphs, tables and charts, in reading order.

``reports.content`` builds one ``Document`` from the records; the Word and PDF writers only lay
these blocks out. Every word and figure in either file therefore comes from the same list, and
``document_words`` reads it back in order for the tests that compare the files with the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: the report's title and each appendix's; 2: a section; 3: within a section


@dataclass(frozen=True)
class Paragraph:
    text: str
    number: str = ""  # "2.1": the paper numbers its paragraphs
    bullet: bool = False
    bold: bool = False
    role: str = ""  # "marking", "organisation", "committee", "meeting", "report-of", "author",
    # "notice" (a draft's warning), "licence", "quote", "source", "appendix" (the "Appendix 2"
    # label above an appendix's title): for the writers' styles


@dataclass(frozen=True)
class Cell:
    text: str
    status: str = ""  # a Status value: the writers colour the cell's first line as its tag
    numeric: bool = False
    header: bool = False  # a row's heading cell (a theme's name, a ref)
    strong: bool = False  # a total


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    widths: list[int] = field(default_factory=list)  # relative column widths, summing to 100
    key: str = ""  # what the table is, for tests and styles: "strategy", "delivery", "actions" ...


@dataclass(frozen=True)
class Chart:
    """A chart drawn on the server from the page's own Vega-Lite spec, with its table."""

    title: str
    svg: str
    png: bytes
    table: Table


@dataclass(frozen=True)
class PageBreak:
    landscape: bool = False  # the dashboard's wide tables are printed on landscape pages


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass
class Document:
    title: str
    organisation: str
    period: str
    author: str
    published: bool
    licence: str  # the open-data licence line of a published period's report; "" for a draft
    blocks: list[Block] = field(default_factory=list)


def cell_lines(cell: Cell) -> list[str]:
    return [line for line in cell.text.split("\n") if line.strip()]


def document_words(document: Document) -> list[str]:
    """Every piece of text in the document in reading order, one entry per paragraph, heading,
    caption, header or table cell line (charts contribute their title and table)."""
    out: list[str] = []

    def table_words(table: Table) -> None:
        if table.caption:
            out.append(table.caption)
        out.extend(table.headers)
        for row in table.rows:
            for cell in row:
                out.extend(cell_lines(cell))

    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph):
            out.append(f"{block.number} {block.text}" if block.number else block.text)
        elif isinstance(block, Table):
            table_words(block)
        elif isinstance(block, Chart):
            out.append(block.title)
            table_words(block.table)
    return out
