"""Uploaded files: size limits enforced while the body arrives, and XLSX workbooks checked as zips
before any spreadsheet library opens them.

**Upload size.** ``UploadLimitHandler`` (first in ``FILE_UPLOAD_HANDLERS``) refuses a file larger
than ``settings.NETZERO_UPLOAD_MAX_BYTES`` (20 MB): at once when the request's declared
Content-Length is over the limit, otherwise as soon as the bytes counted so far pass it. The file is
dropped (never stored in memory or on disk), the rest of the form is still read, and
``upload_refusal(request)`` gives the page its message.

**XLSX workbooks.** An .xlsx file is a zip of XML parts. python-calamine reads it natively and a
hostile workbook can make it allocate without bound (a cell at XFD1048576 makes it build a dense
range of 17 billion cells; a shared-strings count of 99,999,999,999 makes it reserve 2.4 TB) and
the process aborts, which no ``try`` can catch. ``xlsx_check`` refuses such a file first, with a
message, using only the standard library:

- it must be a zip (not XLS, XLSB or OpenDocument in disguise), with at most ``MAX_PARTS`` (1,000)
  parts, none encrypted, each stored or deflated;
- its parts together declare at most ``MAX_UNCOMPRESSED`` (100 MB) once decompressed, and no part
  over 1 MB compresses more than ``MAX_RATIO`` (200) to 1 (real sheets compress about 10 to 1);
- every part is decompressed here, 1 MB at a time (never whole), and refused if it produces more
  than it declares (a zip bomb that lies about its size) or is damaged;
- no part contains ``<!DOCTYPE`` or ``<!ENTITY`` (real workbooks never have a DTD; entity
  expansion is the "billion laughs" attack), nor is encoded other than as UTF-8 or an ASCII
  superset;
- XML elements nest at most ``MAX_DEPTH`` (1,000) deep (a worksheet needs about 6);
- cells: the position of every ``<c>`` (from its ``r`` reference, or counted as calamine counts
  when there is none), every ``<row r=...>`` and the declared ``<dimension ref=...>`` lie within
  the caller's ``SheetLimits``: for activity data 200,001 rows (a header and 200,000 rows) and
  50 columns (A to AX); at most 2,000,000 cells, and the area from A1 to the furthest cell at most
  2,000,000 cells; at most 2,000,000 shared strings, whatever the count the file declares.

Every part is checked, not only the first sheet: which part calamine reads is decided by the
workbook's own relationships, so checking them all cannot be fooled by a misleading path. Nothing
here parses XML into a tree or recurses, so deep nesting cannot exhaust the stack either.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from netzero.core.exceptions import ImportRefused

MAX_PARTS = 1_000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM = 1024 * 1024  # parts smaller than this may compress as well as they like
MAX_DEPTH = 1_000
STEP = 1024 * 1024  # bytes decompressed at a time
SLICE = 64 * 1024  # nesting is checked at least this often
FORM_ALLOWANCE = 64 * 1024  # the form's other fields and the multipart framing

MB = 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"


# --- Upload size ----------------------------------------------------------------------------


def upload_limit() -> int:
    return settings.NETZERO_UPLOAD_MAX_BYTES


def upload_refusal(request: HttpRequest) -> str:
    """The message for a file the upload handler refused in this request, or ""."""
    if request.method == "POST":
        request.FILES  # noqa: B018 - reads the body (once), running the upload handlers
    return getattr(request, "_netzero_upload_refusal", "")


class UploadLimitHandler(FileUploadHandler):
    """Refuses a file over ``NETZERO_UPLOAD_MAX_BYTES`` before it is stored anywhere."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared = content_length
        return None

    def _refuse(self) -> None:
        limit = upload_limit()
        self.request._netzero_upload_refusal = (
            f"{self.file_name} is larger than {megabytes(limit)}, the most a file may be. "
            "Split it into smaller files, each with the header row."
        )
        raise SkipFile

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        limit = upload_limit()
        if getattr(self, "declared", 0) > limit + FORM_ALLOWANCE or (
            self.content_length is not None and self.content_length > limit
        ):
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > upload_limit():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) provides the file


# --- XLSX -----------------------------------------------------------------------------------


class SpreadsheetRefused(ImportRefused):
    """The workbook is refused before it is opened; ``str(exc)`` says why, for the person."""

    def __init__(self, message: str):
        super().__init__([message], code="spreadsheet")


@dataclass(frozen=True)
class SheetLimits:
    rows: int = 200_001
    columns: int = 50
    cells: int = 2_000_000
    # Whether the same data may come as CSV instead (activity data may; a plan's or a return's
    # workbook may not): the refusals offer it only then.
    csv_accepted: bool = True

    def or_csv(self, words: str) -> str:
        """``words`` (", or as CSV") when CSV is accepted, else nothing."""
        return words if self.csv_accepted else ""


def column_letters(number: int) -> str:
    """1 -> A, 50 -> AX, 16384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
_ASCII_SUPERSETS = re.compile(rb"^(?:utf-?8|us-ascii|ascii|iso-?8859-\d+|windows-125\d|latin-?1)$")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row|si|sst|dimension)[\s/>]")
_PREFIXED_HINT = re.compile(rb":(?:c|row|si|sst|dimension)[\s/>]")
_CELL_TAG = re.compile(rb"<c[\s/>]")
_CELL_REF_ROWS = re.compile(rb'<c r="[A-Za-z]{1,3}([0-9]{1,7})"')
_CELL_REF_COLUMNS = re.compile(rb'<c r="([A-Za-z]{1,3})[0-9]{1,7}"')
_ROW_TAG = re.compile(rb"<row[\s/>]")
_ROW_REF = re.compile(rb'<row r="([0-9]{1,7})"')
_SI_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b([^>]*)>")
_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst\b([^>]*)>")
_ELEMENT = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(c|row)(?=[\s/>])([^>]*)>")
_ATTRIBUTE = re.compile(rb"""(?<![\w:.-])([\w:.-]+)\s*=\s*(["'])(.*?)\2""", re.DOTALL)
_REF = re.compile(rb"^([A-Za-z]*)([0-9]+)$")


class _Slow(Exception):
    """This part needs the element-by-element scan (cells without references, prefixes)."""


class _Part:
    """The checks on one part, fed its bytes region by region (each ending between tags)."""

    def __init__(self, name: str, limits: SheetLimits, totals: dict[str, int], slow: bool):
        self.name, self.limits, self.totals, self.slow = name, limits, totals, slow
        self.xml_like = False
        self.depth = 0
        self.row = 0  # calamine's row index (0-based) for cells without a reference
        self.column = 0
        self.furthest = (0, 0)  # the furthest row and column seen: calamine's range is that box

    def refuse(self, message: str) -> SpreadsheetRefused:
        return SpreadsheetRefused(f"The workbook's part {self.name} {message}")

    def start(self, head: bytes) -> None:
        """Checks the encoding from the part's first bytes; notes whether it looks like XML."""
        body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or body[:2] in (b"<\x00", b"\x00<"):
            raise self.refuse("is not UTF-8 text: save the workbook again from a spreadsheet.")
        declared = _DECLARED_ENCODING.match(body)
        if declared and not _ASCII_SUPERSETS.match(declared.group(1).lower()):
            raise self.refuse(
                f"is encoded as {declared.group(1)[:20].decode('ascii', 'replace')}, not UTF-8: "
                "save the workbook again from a spreadsheet."
            )
        self.xml_like = body.lstrip()[:1] == b"<"

    def region(self, data: bytes) -> None:
        if b"<!" in data and _DTD.search(data):
            raise self.refuse(
                "declares a DTD (<!DOCTYPE or <!ENTITY), which real workbooks never do: it is "
                "refused so that no entity is ever expanded."
            )
        if self.xml_like:
            self._nesting(data)
        self._count("shared strings", len(_SI_TAG.findall(data)))
        if b"sst" in data:
            for match in _SST.finditer(data):
                attributes = dict(_attributes(match.group(1)))
                for key in (b"count", b"uniqueCount"):
                    if key in attributes:
                        self._declared_count(attributes[key])
        if b"dimension" in data:
            for match in _DIMENSION.finditer(data):
                ref = dict(_attributes(match.group(1))).get(b"ref", b"")
                for corner in ref.split(b":"):
                    parsed = _REF.match(corner.strip())
                    if parsed and parsed.group(1):
                        row, column = int(parsed.group(2)), _column_number(parsed.group(1))
                        shown = ref[:30].decode("ascii", "replace")
                        self._extent(row, column, f"declares its size as {shown}")
        if self.slow:
            self._elements(data)
        else:
            self._references(data)

    def _nesting(self, data: bytes) -> None:
        position = 0
        while position < len(data):
            end = data.find(b">", position + SLICE)
            end = len(data) if end == -1 else end + 1
            piece = data[position:end]
            ends = piece.count(b"</")
            starts = piece.count(b"<") - ends - piece.count(b"<?") - piece.count(b"<!")
            self.depth = max(self.depth + starts - piece.count(b"/>") - ends, 0)
            if self.depth > MAX_DEPTH:
                raise self.refuse(
                    f"nests XML elements more than {MAX_DEPTH:,} deep (a worksheet needs about "
                    "6): it is not a real workbook."
                )
            position = end

    def _count(self, what: str, number: int) -> None:
        self.totals[what] = self.totals.get(what, 0) + number
        if self.totals[what] > self.limits.cells:
            raise SpreadsheetRefused(
                f"The workbook has more than {self.limits.cells:,} {what}; at most "
                f"{self.limits.cells:,} are read. Save the data alone"
                f"{self.limits.or_csv(', or as CSV')}."
            )

    def _declared_count(self, value: bytes) -> None:
        if not value.strip().isdigit() or int(value) > self.limits.cells:
            shown = value[:20].decode("ascii", "replace")
            raise self.refuse(
                f"declares {shown} shared strings; at most {self.limits.cells:,} are read."
            )

    def _references(self, data: bytes) -> None:
        """When every cell and row starts with a plain ``r`` reference, read them in bulk."""
        cells = len(_CELL_TAG.findall(data))
        rows = len(_ROW_TAG.findall(data))
        row_numbers = _CELL_REF_ROWS.findall(data) if cells else []
        row_refs = _ROW_REF.findall(data) if rows else []
        if len(row_numbers) != cells or len(row_refs) != rows:
            raise _Slow
        if b":" in data and _PREFIXED_HINT.search(data) and _PREFIXED.search(data):
            raise _Slow
        self._count("cells", cells)
        if cells:
            row = max(map(int, row_numbers))
            column = max(map(_column_number, set(_CELL_REF_COLUMNS.findall(data))))
            self._extent(
                row, column, f"has cells as far as row {row:,} and column {column_letters(column)}"
            )
        if rows:
            row = max(map(int, row_refs))
            self._extent(row, 0, f"has row {row:,}")

    def _elements(self, data: bytes) -> None:
        """Element by element, counting positions as calamine does (or higher, never lower)."""
        for match in _ELEMENT.finditer(data):
            closing, name, rest = match.groups()
            if name == b"row":
                if closing:
                    self.row, self.column = self.row + 1, 0
                    continue
                ref = dict(_attributes(rest)).get(b"r")
                if ref is not None:
                    self.row = self._reference(ref, cell=False)[0] - 1
                self._extent(self.row + 1, 0, f"has row {self.row + 1:,}")
                if rest.endswith(b"/"):
                    self.row, self.column = self.row + 1, 0
            elif not closing:
                self._count("cells", 1)
                ref = dict(_attributes(rest)).get(b"r")
                if ref is not None:
                    row, column = self._reference(ref, cell=True)
                    self.column = column - 1
                else:
                    row, column = self.row + 1, self.column + 1
                self._extent(row, column, f"has a cell at {column_letters(column)}{row}")
                self.column += 1

    def _reference(self, ref: bytes, *, cell: bool) -> tuple[int, int]:
        """(row, column), 1-based, of a reference such as A1 or XFD1048576 (or a row number)."""
        match = _REF.match(ref.strip())
        if match is None or (cell and not match.group(1)) or int(match.group(2)) < 1:
            shown = ref[:20].decode("ascii", "replace")
            raise self.refuse(f"has the reference {shown!r}, which is not a cell or a row.")
        return int(match.group(2)), _column_number(match.group(1))

    def _extent(self, row: int, column: int, where: str) -> None:
        limits = self.limits
        if row > limits.rows or column > limits.columns:
            raise self.refuse(
                f"{where}: at most {limits.rows:,} rows and {limits.columns} columns (A to "
                f"{column_letters(limits.columns)}) are read. Delete the rows and columns beyond "
                f"the data{limits.or_csv(', or save the activity data as CSV')}."
            )
        rows, columns = max(self.furthest[0], row), max(self.furthest[1], column)
        self.furthest = (rows, columns)
        if rows * columns > limits.cells:
            raise self.refuse(
                f"{where}: from A1 the sheet spans {rows:,} rows by {columns} columns, more than "
                f"{limits.cells:,} cells. Delete the rows and columns beyond the data"
                f"{limits.or_csv(', or save the activity data as CSV')}."
            )


def _attributes(text: bytes) -> Iterator[tuple[bytes, bytes]]:
    for match in _ATTRIBUTE.finditer(text):
        yield match.group(1).split(b":")[-1], match.group(3)


def _inflate(content: bytes, info: zipfile.ZipInfo, refuse) -> Iterator[bytes]:
    """The part's bytes, at most ``STEP`` at a time, never more than the size it declares."""
    offset = info.header_offset
    header = content[offset : offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise refuse("is damaged (its zip header is missing).")
    start = offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    data = memoryview(content)[start : start + info.compress_size]
    if len(data) < info.compress_size:
        raise refuse("is damaged (the zip is cut short).")
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise refuse("is damaged (its stored size and its size disagree).")
        for position in range(0, len(data), STEP):
            yield bytes(data[position : position + STEP])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for position in range(0, len(data), SLICE):
            pending = bytes(data[position : position + SLICE])
            while pending:
                out = inflater.decompress(pending, STEP)
                pending = inflater.unconsumed_tail
                produced += len(out)
                if produced > info.file_size:
                    raise refuse(
                        f"decompresses to more than the {info.file_size:,} bytes it declares "
                        "(a zip bomb)."
                    )
                if out:
                    yield out
            if inflater.eof:
                break
        out = inflater.flush()
    except zlib.error as exc:
        raise refuse(f"is damaged ({exc}).") from exc
    produced += len(out)
    if produced > info.file_size:
        raise refuse(
            f"decompresses to more than the {info.file_size:,} bytes it declares (a zip bomb)."
        )
    if out:
        yield out
    if not inflater.eof or produced != info.file_size:
        raise refuse("is damaged (it does not decompress to the size it declares).")


def _scan(content: bytes, info: zipfile.ZipInfo, part: _Part) -> None:
    """Feeds the part to ``part`` in regions that end between tags (a tag is never split)."""
    carry = b""
    started = False
    for out in _inflate(content, info, part.refuse):
        buffer = carry + out if carry else out
        if not started:
            part.start(buffer[:512])
            started = True
        last = buffer.rfind(b"<")
        if last != -1 and buffer.find(b">", last) == -1 and len(buffer) - last <= STEP:
            part.region(buffer[:last])
            carry = buffer[last:]
        else:
            part.region(buffer)
            carry = b""
    if carry:
        part.region(carry)


def xlsx_check(content: bytes, *, limits: SheetLimits | None = None) -> None:
    """Refuse (``SpreadsheetRefused``) a workbook that could hurt the reader; see the module."""
    limits = limits or SheetLimits()
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise SpreadsheetRefused(
            "The file is not an Excel workbook (.xlsx). Save it from the spreadsheet as Excel "
            f"Workbook (.xlsx){limits.or_csv(', or as CSV')}."
        ) from exc
    if len(infos) > MAX_PARTS:
        raise SpreadsheetRefused(
            f"The workbook has {len(infos):,} parts; a real workbook has a few dozen (at most "
            f"{MAX_PARTS:,} are accepted)."
        )
    names = [info.filename.lower() for info in infos]
    if len(set(names)) != len(names):
        raise SpreadsheetRefused("The workbook has two parts with the same name: it is damaged.")
    if {"content.xml", "mimetype"} & set(names) or any(n.endswith("workbook.bin") for n in names):
        raise SpreadsheetRefused(
            "The file is not an XLSX workbook (it is an OpenDocument or binary workbook). Save "
            f"it as Excel Workbook (.xlsx){limits.or_csv(', or as CSV')}."
        )
    if "xl/workbook.xml" not in names:
        raise SpreadsheetRefused(
            "The file is not an XLSX workbook (it has no xl/workbook.xml). Save it as Excel "
            f"Workbook (.xlsx){limits.or_csv(', or as CSV')}."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise SpreadsheetRefused(
                "The workbook is password-protected: remove the password"
                f"{limits.or_csv(', or save it as CSV')}."
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SpreadsheetRefused(
                f"The workbook's part {info.filename} uses a compression spreadsheets do not "
                "use: save the workbook again from a spreadsheet."
            )
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise SpreadsheetRefused(
                f"The workbook decompresses to more than {megabytes(MAX_UNCOMPRESSED)} (its parts "
                "declare it). Split the data into smaller files"
                f"{limits.or_csv(', or save it as CSV')}."
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SpreadsheetRefused(
                f"The workbook's part {info.filename} is compressed {info.file_size:,} to "
                f"{info.compress_size:,} bytes, more than {MAX_RATIO} to 1: it looks like a zip "
                "bomb, not a spreadsheet."
            )
    totals: dict[str, int] = {}
    for info in infos:
        if info.is_dir():
            continue
        counted = dict(totals)
        try:
            _scan(content, info, _Part(info.filename, limits, totals, slow=False))
        except _Slow:
            totals.clear()
            totals.update(counted)
            _scan(content, info, _Part(info.filename, limits, totals, slow=True))
