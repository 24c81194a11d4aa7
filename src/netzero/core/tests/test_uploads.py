"""The upload size limit and the XLSX check that runs before any spreadsheet library."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from openpyxl import Workbook

from netzero.core.uploads import (
    SheetLimits,
    SpreadsheetRefused,
    _Part,
    _scan,
    column_letters,
    upload_refusal,
    xlsx_check,
)
from netzero.footprints.tests.badfiles import SHEET_END, SHEET_START, workbook


def _real_workbook(rows: int = 50) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["reporting_year", "activity", "quantity", "unit", "reference", "note"])
    for i in range(rows):
        sheet.append(["2022-23", "electricity", i * 1.5, "kWh", f"Meter {i}", "a<b and c>d"])
    book.create_sheet("Notes")["A1"] = "Read from the meters in April"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_real_workbook_passes():
    xlsx_check(_real_workbook())


def _refusal(content: bytes, **limits) -> str:
    with pytest.raises(SpreadsheetRefused) as refused:
        xlsx_check(content, limits=SheetLimits(**limits) if limits else None)
    return str(refused.value)


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (b'<row r="1"><c r="AY1"><v>1</v></c></row>', "has cells as far as row 1 and column AY"),
        (b'<row r="200002"><c r="A200002"><v>1</v></c></row>', "row 200,002 and column A"),
        (b'<row r="300000"/>', "has row 300,000"),
        (b'<row><c s="1" r="B1"/><c r="ZZ9" t="n"/></row>', "has a cell at ZZ9"),  # r not first
        (b"<row>" + b"<c/>" * 51 + b"</row>", "has a cell at AY1"),  # no references
        (b"<row/>" * 200_001 + b"<row><c><v>1</v></c></row>", "has row 200,002"),
        (b'<x:row r="1"><x:c r="ZZ1"/></x:row>', "has a cell at ZZ1"),  # a namespace prefix
        (b'<row r="1"><c r="A1x"/></row>', "has the reference 'A1x', which is not a cell"),
        (b"<row r='1'><c r='AZ1'/></row>", "has a cell at AZ1"),
        (b'<row r="40001"><c r="AX40001"/></row>', "40,001 rows by 50 columns, more than"),
    ],
)
def test_cells_beyond_the_limits_are_refused_however_written(sheet, message):
    stored = workbook(SHEET_START + sheet + SHEET_END, method=zipfile.ZIP_STORED)
    assert message in _refusal(stored)


def test_the_declared_dimension_is_checked():
    sheet = SHEET_START.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>')
    assert "declares its size as A1:XFD1048576" in _refusal(workbook(sheet + SHEET_END))


def test_cell_and_shared_string_counts_are_limited():
    cells = b'<row r="1">' + b'<c r="A1"><v>1</v></c>' * 11 + b"</row>"
    assert "more than 10 cells" in _refusal(workbook(SHEET_START + cells + SHEET_END), cells=10)
    sst = b"<sst>" + b"<si><t>x</t></si>" * 11 + b"</sst>"
    content = workbook(SHEET_START + SHEET_END, parts={"xl/sharedStrings.xml": sst})
    assert "more than 10 shared strings" in _refusal(content, cells=10)


@pytest.mark.parametrize("slow", [False, True], ids=["bulk", "element-by-element"])
def test_both_ways_of_reading_positions_agree(slow):
    limits = SheetLimits(rows=1000, columns=50, cells=20_000)
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c><c r="AX%d"><v>2</v></c></row>' % (r, r, r)
        for r in range(1, 401)
    )
    content = workbook(SHEET_START + rows + SHEET_END)
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")
    totals: dict[str, int] = {}
    _scan(content, info, _Part(info.filename, limits, totals, slow=slow))
    assert totals["cells"] == 800
    over = workbook(SHEET_START + rows + b'<row r="401"><c r="A401"/></row>' + SHEET_END)
    info = zipfile.ZipFile(io.BytesIO(over)).getinfo("xl/worksheets/sheet1.xml")
    with pytest.raises(SpreadsheetRefused, match="401 rows by 50 columns, more than 20,000"):
        _scan(over, info, _Part(info.filename, limits, {}, slow=slow))


def _zip(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_what_is_not_a_workbook_is_refused():
    assert _refusal(b"\xd0\xcf\x11\xe0 an old .xls") == (
        "The file is not an Excel workbook (.xlsx). Save it from the spreadsheet as Excel "
        "Workbook (.xlsx), or as CSV."
    )
    assert "it has no xl/workbook.xml" in _refusal(_zip({"a.txt": b"x"}))
    assert "OpenDocument or binary" in _refusal(_zip({"mimetype": b"x", "xl/workbook.xml": b""}))
    many = {f"xl/p{i}.xml": b"" for i in range(1001)} | {"xl/workbook.xml": b""}
    assert "1,002 parts" in _refusal(_zip(many, zipfile.ZIP_STORED))


def test_utf16_and_odd_encodings_are_refused():
    sheet = (SHEET_START + SHEET_END).decode()
    utf16 = workbook(sheet.replace("UTF-8", "UTF-16").encode("utf-16"))
    assert "is not UTF-8 text" in _refusal(utf16)
    declared = workbook(sheet.replace("UTF-8", "UTF-16").encode())
    assert "is encoded as UTF-16, not UTF-8" in _refusal(declared)


def test_a_compression_ratio_like_a_bomb_is_refused():
    content = workbook(SHEET_START + b" " * (2 << 20) + SHEET_END)
    assert "more than 200 to 1: it looks like a zip bomb" in _refusal(content)


def test_column_letters():
    assert [column_letters(n) for n in (1, 26, 27, 50, 16384)] == ["A", "Z", "AA", "AX", "XFD"]


def test_the_upload_handler_refuses_on_the_declared_length_before_reading(settings):
    settings.NETZERO_UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.csv", b"x" * 200_000)  # declared: far over limit + form fields
    request = RequestFactory().post("/", {"file": big, "other": "kept"})
    assert upload_refusal(request).startswith("big.csv is larger than 1,000 bytes")
    assert dict(request.FILES) == {} and request.POST["other"] == "kept"


def test_the_upload_handler_counts_bytes_as_they_arrive(settings):
    settings.NETZERO_UPLOAD_MAX_BYTES = 100_000
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.csv", b"x" * 150_000)})
    assert "is larger than 100,000 bytes" in upload_refusal(request)
    assert dict(request.FILES) == {}
    fine = RequestFactory().post("/", {"file": SimpleUploadedFile("a.csv", b"x" * 99_000)})
    assert upload_refusal(fine) == "" and fine.FILES["file"].size == 99_000


@pytest.mark.parametrize(
    "content",
    [
        b"not a zip",
        _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""}),
        _zip({"[Content_Types].xml": b""}),
    ],
)
def test_a_refusal_offers_csv_only_where_the_data_may_come_as_csv(content):
    assert "or as CSV" in _refusal(content)
    assert "CSV" not in _refusal(content, csv_accepted=False)
