"""Bad activity data files, made by the tests (no binary file is committed).

``CORPUS`` lists each file with the message it must get. The large ones are built cheaply: the
zip bombs repeat one compressed block (a full flush makes every block independent), so 1 GB of
sheet costs about 1 MB of memory and a fraction of a second.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    b'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    b'worksheet+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Activity" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData>"
)
SHEET_END = b"</sheetData></worksheet>"
HEADER = ["reporting_year", "activity", "quantity", "unit", "reference"]
CSV_HEADER = ",".join(HEADER).encode() + b"\n"
FULL_WIDTH_123 = "\uff11\uff12\uff13"  # what Python's Decimal reads as 123
ARABIC_INDIC_123 = "\u0661\u0662\u0663"


def text_row(number: int, values: list[str]) -> bytes:
    cells = b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (bytes([65 + i]), number, v.encode())
        for i, v in enumerate(values)
    )
    return b'<row r="%d">%s</row>' % (number, cells)


def workbook(
    sheet: bytes, *, parts: dict[str, bytes] | None = None, method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A minimal real workbook around the given sheet XML (deflated, as Excel writes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def sheet_xml(*rows: bytes) -> bytes:
    return SHEET_START + text_row(1, HEADER) + b"".join(rows) + SHEET_END


def far_cell() -> bytes:
    """A valid workbook with its header in row 1 and one value at XFD1048576 (the last cell):
    calamine would build a dense range of 1,048,576 x 16,384 cells and abort the process."""
    return workbook(sheet_xml(b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))


def _zip_raw(name: str, compressed: bytes, crc: int, size: int, declared: int) -> bytes:
    """A workbook whose part ``name`` is the given deflate stream, declaring ``declared`` bytes
    (a zip bomb may declare less than it holds). The other parts are ordinary."""
    out = io.BytesIO()
    entries: list[tuple[bytes, int, int, int, int, int]] = []

    def add(filename: bytes, data: bytes, crc32: int, csize: int, usize: int) -> None:
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc32, csize, usize,
                              len(filename), 0))  # fmt: skip
        out.write(filename)
        out.write(data)
        entries.append((filename, crc32, csize, usize, offset, 8))

    for part, data in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ):
        packed = zlib.compressobj(9, zlib.DEFLATED, -15)
        body = packed.compress(data) + packed.flush()
        add(part.encode(), body, zlib.crc32(data), len(body), len(data))
    add(name.encode(), compressed, crc, len(compressed), declared)
    directory = out.tell()
    for filename, crc32, csize, usize, offset, method in entries:
        out.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc32,
                              csize, usize, len(filename), 0, 0, 0, 0, 0, offset))  # fmt: skip
        out.write(filename)
    size_of_directory = out.tell() - directory
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                          size_of_directory, directory, 0))  # fmt: skip
    return out.getvalue()


def _bomb_stream(gigabytes: int = 1) -> tuple[bytes, int, int]:
    """(deflate stream, crc32, size) of a sheet padded with 1 GB of spaces, built block by block."""
    block = b" " * (1 << 20)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = SHEET_START + text_row(1, HEADER)
    stream = [packer.compress(head), packer.flush(zlib.Z_FULL_FLUSH)]
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    count = gigabytes * 1024
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    stream.append(repeated * count)
    stream.append(packer.compress(SHEET_END) + packer.flush())
    crc = zlib.crc32(SHEET_END, crc)
    return b"".join(stream), crc, len(head) + count * len(block) + len(SHEET_END)


@cache
def zip_bomb() -> bytes:
    """About 1 MB holding a 1 GB sheet, declared honestly."""
    stream, crc, size = _bomb_stream()
    return _zip_raw("xl/worksheets/sheet1.xml", stream, crc, size, size)


@cache
def lying_zip_bomb() -> bytes:
    """The same 1 GB sheet, declaring only 4 MB (a reader trusting the declaration is fooled)."""
    stream, crc, _size = _bomb_stream()
    return _zip_raw("xl/worksheets/sheet1.xml", stream, crc, 4 << 20, 4 << 20)


def nested() -> bytes:
    """100,000 nested elements inside the sheet (under 1 MB, so not refused as a bomb)."""
    return workbook(sheet_xml(b"<x>" * 100_000 + b"</x>" * 100_000))


def billion_laughs() -> bytes:
    entities = b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"lol") * 10)
        for i in range(10)
    )
    sheet = sheet_xml(text_row(2, ["2022-23", "electricity", "1", "kWh", "&lol9;"]))
    sheet = sheet.replace(b"?>\n", b"?>\n<!DOCTYPE worksheet [" + entities + b"]>", 1)
    return workbook(sheet)


def shared_strings_count() -> bytes:
    """A shared-strings part declaring 99,999,999,999 strings (calamine reserves room for all)."""
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="99999999999"><si><t>x</t></si></sst>'
    )
    return workbook(sheet_xml(), parts={"xl/sharedStrings.xml": sst})


def csv_file(*lines: str, ending: bytes = b"\n") -> bytes:
    return ending.join([CSV_HEADER.rstrip(b"\n"), *(line.encode() for line in lines)]) + ending


@dataclass(frozen=True)
class BadFile:
    id: str
    name: str
    make: Callable[[], bytes]
    message: str


CORPUS = [
    BadFile(
        "far-cell",
        "far.xlsx",
        far_cell,
        "has cells as far as row 1,048,576 and column XFD: at most 200,001 rows and 50 columns",
    ),
    BadFile(
        "zip-bomb",
        "bomb.xlsx",
        zip_bomb,
        "The workbook decompresses to more than 100 MB (its parts declare it).",
    ),
    BadFile(
        "lying-zip-bomb",
        "liar.xlsx",
        lying_zip_bomb,
        "decompresses to more than the 4,194,304 bytes it declares (a zip bomb).",
    ),
    BadFile(
        "nested-xml",
        "nested.xlsx",
        nested,
        "nests XML elements more than 1,000 deep",
    ),
    BadFile(
        "billion-laughs",
        "laughs.xlsx",
        billion_laughs,
        "declares a DTD (<!DOCTYPE or <!ENTITY), which real workbooks never do",
    ),
    BadFile(
        "shared-strings-count",
        "sst.xlsx",
        shared_strings_count,
        "declares 99999999999 shared strings; at most 2,000,000 are read.",
    ),
    BadFile(
        "not-a-zip",
        "fake.xlsx",
        lambda: b"reporting_year,activity\n",
        "The file is not an Excel workbook (.xlsx). Save it from the spreadsheet as",
    ),
    BadFile(
        "cr-only-csv",
        "mac.csv",
        lambda: csv_file(
            "2022-23,electricity,5,kWh,A", "2022-23,electricity,lots,kWh,B", ending=b"\r"
        ),
        "Row 3: 'lots' is not a number.",
    ),
    BadFile(
        "one-megabyte-field",
        "wide.csv",
        lambda: csv_file("2022-23,electricity,5,kWh," + "x" * (1 << 20)),
        "Line 2: a cell is longer than 131,072 characters",
    ),
    BadFile(
        "nul-byte",
        "nul.csv",
        lambda: csv_file("2022-23,electricity,5,kWh,A", "2022-23,electricity,5,kWh,B\x00"),
        "Line 3: nul.csv contains a NUL character",
    ),
    BadFile(
        "repeated-header",
        "twice.csv",
        lambda: b"reporting_year,activity,quantity,unit,quantity\n2022-23,electricity,5,kWh,7\n",
        "Header: the column quantity appears 2 times (columns C, E); each column may appear once.",
    ),
    BadFile(
        "unknown-header",
        "unknown.csv",
        lambda: b"reporting_year,activity,quantity,unit,Quantity\n2022-23,electricity,5,kWh,7\n",
        "Header: unknown column(s) 'Quantity'. The columns are: reporting_year, activity,",
    ),
    BadFile(
        "extra-cells",
        "extra.csv",
        lambda: csv_file("2022-23,electricity,5,kWh,A,surprise"),
        "Row 2: a value in column(s) F, which the header row does not name.",
    ),
    BadFile(
        "long-reference",
        "long.csv",
        lambda: csv_file("2022-23,electricity,5,kWh," + "R" * 101),
        "Row 2: reference is 101 characters long; at most 100 fit (nothing is cut short).",
    ),
    BadFile(
        "full-width-digits",
        "wide-digits.csv",
        lambda: csv_file(f"2022-23,electricity,{FULL_WIDTH_123},kWh,A"),
        f"Row 2: '{FULL_WIDTH_123}' uses digits other than 0-9",
    ),
    BadFile(
        "arabic-indic-digits",
        "arabic.csv",
        lambda: csv_file(f"2022-23,electricity,{ARABIC_INDIC_123},kWh,A"),
        f"Row 2: '{ARABIC_INDIC_123}' uses digits other than 0-9",
    ),
    BadFile(
        "underscore",
        "underscore.csv",
        lambda: csv_file("2022-23,electricity,1_000,kWh,A"),
        "Row 2: '1_000' is not a number: write it without underscores",
    ),
    BadFile(
        "overflow-quantity",
        "overflow.csv",
        lambda: csv_file("2022-23,electricity,99999999999999.999999,kWh,A"),
        "Row 2: '99999999999999.999999' has 20 significant digits; at most 15 can be stored",
    ),
    BadFile(
        "seventh-decimal-place",
        "tiny.csv",
        lambda: csv_file("2022-23,electricity,0.0000004,kWh,A"),
        "Row 2: '0.0000004' has 7 decimal places; at most 6 are kept.",
    ),
    BadFile(
        "xlsx-tiny-float",
        "tiny.xlsx",
        lambda: workbook(
            sheet_xml(
                b'<row r="2"><c r="A2" t="inlineStr"><is><t>2022-23</t></is></c>'
                b'<c r="B2" t="inlineStr"><is><t>electricity</t></is></c>'
                b'<c r="C2"><v>4E-7</v></c><c r="D2" t="inlineStr"><is><t>kWh</t></is></c></row>'
            )
        ),
        "Row 2: '0.0000004' has 7 decimal places; at most 6 are kept.",
    ),
]
