"""Activity data imports: all rows or none, with a message for every bad row."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from netzero.factors.flatfile import read_flat_file
from netzero.factors.sources import SOURCES
from netzero.footprints.activities import ACTIVITIES
from netzero.footprints.imports import ActivityImportRefused, read_rows
from netzero.footprints.models import FootprintEntry
from netzero.footprints.selectors import footprint_summary
from netzero.footprints.services import activity_import
from netzero.plans.services import organisation_create

HEADER = "reporting_year,activity,quantity,unit,reference,note\n"


def _parsed(text: str) -> dict:
    header, rows = read_rows("a.csv", text.encode())
    return {"header": header, "rows": rows}


@pytest.fixture
def trust(db):
    return organisation_create(name="Import Trust", slug="import-trust", kind="nhs_trust")


def _import(trust, text: str):
    return activity_import(organisation=trust, **_parsed(text), source="test")


def test_every_activity_resolves_to_one_published_row_in_every_set_year():
    for year, source in SOURCES.items():
        rows = read_flat_file(source.path)
        for activity in ACTIVITIES.values():
            matches = [
                r
                for r in rows
                if (r.level_1, r.level_2, r.level_3, r.unit, r.gas, r.scope)
                == (
                    activity.level_1,
                    activity.level_2,
                    activity.level_3,
                    activity.factor_unit,
                    "CO2e",
                    f"Scope {activity.scope}",
                )
            ]
            assert len(matches) == 1 and matches[0].value is not None, (year, activity.key)


def test_a_good_file_is_saved_whole(trust, factor_sets):
    result = _import(
        trust,
        HEADER
        + "2022-23,electricity,1000,MWh,Main site,\n"
        + "2022-23,electricity_td,1000000,kWh,Main site,\n"
        + "2022-23,natural_gas,100000,kWh,Main site,Estimated for March\n"
        + "2023-24,diesel,10,m3,Fleet,\n",
    )
    assert (result.rows, result.saved) == (4, 4)
    summary = footprint_summary(organisation=trust, reporting_year=2022)
    assert dict(summary.by_category) == {
        "Electricity": Decimal("211.070"),
        "Gas": Decimal("18.254"),
    }
    assert FootprintEntry.objects.get(category="fleet").tco2e == Decimal(
        "25.121"
    )  # 10,000 l x 2.51206


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2022-23,electricity,100,furlongs,A,", "Row 3: Unknown unit 'furlongs'"),
        ("2022-23,electricity,100,litres,A,", "Row 3: litres cannot be converted to kWh"),
        ("2030-31,electricity,100,kWh,A,", "Row 3: No conversion factors are loaded for 2030-31"),
        ("2022-23,electricity,-1,kWh,A,", "Row 3: quantity must be zero or more"),
        ("2022-23,electricity,lots,kWh,A,", "Row 3: 'lots' is not a number."),
        ("2022-23,electricity,1,kWh,Main site,", "Row 3: duplicates row 2"),
        ("2022-23,coal,1,kWh,A,", "Row 3: unknown activity 'coal'"),
        ("22-23,electricity,1,kWh,A,", "Row 3: reporting_year '22-23' is not like 2022-23."),
    ],
)
def test_one_bad_row_saves_nothing_and_says_which(trust, factor_sets, line, message):
    text = HEADER + "2022-23,electricity,5,kWh,Main site,\n" + line + "\n"
    with pytest.raises(ActivityImportRefused) as refused:
        _import(trust, text)
    assert refused.value.result.errors[0].startswith(message), refused.value.result.errors
    assert not FootprintEntry.objects.exists()


def test_missing_and_unknown_columns_are_refused(trust, factor_sets):
    with pytest.raises(ActivityImportRefused) as refused:
        _import(trust, "year,what\n2022-23,electricity\n")
    assert refused.value.result.errors == [
        "Header: missing column(s) reporting_year, activity (or factor_id, or level_1, level_2, "
        "level_3 and factor_unit), quantity, unit.",
        "Header: unknown column(s) 'year', 'what'. The columns are: reporting_year, activity, "
        "quantity, unit, boundary, reference, note, factor_id, level_1, level_2, level_3, "
        "level_4, column_text, factor_unit, scope, category.",
    ]


def test_xlsx_and_the_command(trust, factor_sets, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["reporting_year", "activity", "quantity", "unit"])
    sheet.append(["2022-23", "electricity", 1000000, "kWh"])
    path = tmp_path / "activity.xlsx"
    workbook.save(path)
    out = StringIO()
    call_command(
        "activity", "import", str(path), "--org", trust.slug, stdout=out, stderr=StringIO()
    )
    assert "Saved 1 figures from 1 rows" in out.getvalue()
    assert FootprintEntry.objects.get().tco2e == Decimal("193.380")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2022-23,electricity,x,kWh,A,\n")
    with pytest.raises(CommandError, match="Nothing saved: 1 problem"):
        call_command(
            "activity",
            "import",
            str(bad),
            "--org",
            trust.slug,
            stdout=StringIO(),
            stderr=StringIO(),
        )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", b"", "Header: missing column(s)"),
        ("a.csv", b"reporting_year,activity,quantity,unit\n", "The file has no data rows."),
        ("a.csv", b"reporting_year,activity,quantity,unit\n2022-23,electricity\n", "Row 2:"),
        (
            "a.csv",
            "reporting_year,activity,quantity,unit\n2022-23,électricité,1,kWh\n".encode("cp1252"),
            "is not UTF-8 text",
        ),
        (
            "a.xlsx",
            b"PK\x03\x04 not really a workbook",
            "The file is not an Excel workbook (.xlsx). Save it",
        ),
        ("a.csv", HEADER.encode() + b"2022-23,electricity,1e15,kWh,A,\n", "exponent notation"),
        (
            "a.csv",
            HEADER.encode() + b"2022-23,electricity,1000000000000000,kWh,A,\n",
            "Quantity 1000000000000000 is too large to be right.",
        ),
        ("a.csv", HEADER.encode() + b"2022-23,electricity,NaN,kWh,A,\n", "'NaN' is not a number."),
        ("a.csv", HEADER.encode() + b"2022-23,electricity,+5,kWh,A,\n", "without a + sign"),
        ("a.csv", HEADER.encode() + b"2022-23,electricity,1,2,kWh,A,\n", "Row 2:"),
        ("a.csv", HEADER.encode() + b'2022-23,electricity,"1,5",kWh,A,\n', "commas only between"),
        ("a.csv", HEADER.encode() + b"2022-23,diesel,1,mL,A,\n", "Unknown unit 'mL'"),
    ],
)
def test_unreadable_or_odd_files_are_refused_with_a_message(
    trust, factor_sets, name, content, message
):
    from netzero.footprints.services import activity_import

    with pytest.raises(ActivityImportRefused) as refused:
        header, rows = read_rows(name, content)
        activity_import(organisation=trust, header=header, rows=rows, source="t")
    assert any(message in e for e in refused.value.result.errors), refused.value.result.errors
    assert not FootprintEntry.objects.exists()


def test_row_numbers_are_file_lines_even_after_blank_lines(trust, factor_sets):
    text = HEADER + "2022-23,electricity,5,kWh,A,\n\n2022-23,electricity,x,kWh,B,\n"
    with pytest.raises(ActivityImportRefused) as refused:
        _import(trust, text)
    assert refused.value.result.errors[0].startswith("Row 4:")


def test_importing_the_same_figures_twice_is_refused(trust, factor_sets):
    text = HEADER + "2022-23,electricity,5,kWh,Main site,\n"
    _import(trust, text)
    with pytest.raises(ActivityImportRefused) as refused:
        _import(trust, text)
    assert (
        "electricity for Main site in 2022-23 is already recorded" in refused.value.result.errors[0]
    )
    assert FootprintEntry.objects.count() == 1


def test_supplementary_rows_check_their_boundary(trust, factor_sets):
    from netzero.factors.services import supplementary_factors_load

    supplementary_factors_load()
    text = "reporting_year,activity,quantity,unit,boundary\n2022-23,desflurane,1,kg,Somewhere\n"
    with pytest.raises(ActivityImportRefused, match="problem"):
        _import(trust, text)
    ok = _import(
        trust,
        "reporting_year,activity,quantity,unit,boundary\n"
        "2022-23,desflurane,1,kg,Council net zero scope\n",
    )
    assert ok.saved == 1 and FootprintEntry.objects.get().boundary == "council_net_zero"
    # Reloading the supplement keeps the figures pointing at their factor.
    assert supplementary_factors_load() == 10
    assert FootprintEntry.objects.get().supplementary_factor.key == "desflurane"


def test_factors_in_use_are_not_reloaded(trust, factor_sets):
    from django.core.exceptions import ValidationError

    from netzero.factors.services import factor_set_load

    _import(trust, HEADER + "2022-23,electricity,5,kWh,A,\n")
    with pytest.raises(ValidationError, match="used by footprint figures"):
        factor_set_load(year=2022, force=True)
    assert FootprintEntry.objects.get().factor.factor_set.set_year == 2022


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"], ids=["cr-only", "crlf", "lf"])
def test_every_line_ending_reads_the_same(trust, factor_sets, ending):
    text = ending.join(
        [HEADER.strip(), "2022-23,electricity,5,kWh,A,", "2022-23,electricity,7,kWh,B,", ""]
    )
    result = _import(trust, text)
    assert (result.rows, result.saved) == (2, 2)
    assert sorted(FootprintEntry.objects.values_list("reference", "quantity")) == [
        ("A", Decimal("5")),
        ("B", Decimal("7")),
    ]


def test_quantities_are_stored_exactly_on_every_database(trust, factor_sets):
    result = _import(
        trust,
        HEADER
        + "2022-23,electricity,12345678901234.5,kWh,A,\n"
        + "2022-23,electricity,0.000001,kWh,B,\n"
        + '2022-23,electricity,"1,000,000.25",kWh,C,\n',
    )
    assert result.saved == 3
    stored = dict(FootprintEntry.objects.values_list("reference", "quantity"))
    assert stored == {
        "A": Decimal("12345678901234.5"),
        "B": Decimal("0.000001"),
        "C": Decimal("1000000.25"),
    }


def test_a_blank_heading_over_an_empty_column_is_fine(trust, factor_sets):
    result = _import(trust, "reporting_year,activity,,quantity,unit\n2022-23,electricity,,5,kWh\n")
    assert result.saved == 1
    with pytest.raises(ActivityImportRefused) as refused:
        _import(trust, "reporting_year,activity,,quantity,unit\n2022-23,electricity,x,6,kWh\n")
    assert refused.value.result.errors[0].startswith(
        "Row 2: a value in column(s) C, which the header row does not name."
    )


def test_long_values_are_refused_never_cut(trust, factor_sets):
    fits = "R" * 100
    assert _import(trust, HEADER + f"2022-23,electricity,5,kWh,{fits},\n").saved == 1
    assert FootprintEntry.objects.get().reference == fits
    rows = [
        (2, {"reporting_year": "2022-23", "activity": "diesel", "quantity": "1", "unit": "l" * 41}),
        (3, {"reporting_year": "2022-23", "activity": "diesel", "quantity": "1", "unit": "l",
             "note": "n" * 1001}),
        (4, {"reporting_year": "2022-23", "activity": "diesel", "quantity": "1", "unit": "l",
             "note": "a\x00b"}),
    ]  # fmt: skip
    with pytest.raises(ActivityImportRefused) as refused:
        activity_import(
            organisation=trust, header=[*HEADER.strip().split(",")], rows=rows, source="t"
        )
    assert refused.value.result.errors == [
        "Row 2: unit is 41 characters long; at most 40 fit (nothing is cut short).",
        "Row 3: note is 1,001 characters long; at most 1,000 fit (nothing is cut short).",
        "Row 4: note contains a NUL character, which cannot be stored.",
    ]
    assert FootprintEntry.objects.count() == 1


def test_a_workbook_is_read_from_its_first_filled_row_with_numbers_written_out(
    trust, factor_sets, tmp_path
):
    workbook = Workbook()
    sheet = workbook.active
    for cell, heading in zip(["B3", "C3", "D3", "E3"], HEADER.split(",")[:4], strict=True):
        sheet[cell] = heading
    sheet.append([None, "2022-23", "electricity", 0.1, "kWh"])  # row 4
    sheet.append([None, "2022-23", "electricity_td", 1000000.0, "kWh"])
    sheet.append([None, "2022-23", "natural_gas", 1e-7, "kWh"])  # row 6
    # A formula's binary noise (=0.1+0.2 stores 0.30000000000000004; 110 x 1.1 stores
    # 121.00000000000001) is read at a spreadsheet's 15 significant digits, as it is shown.
    sheet.append([None, "2022-23", "water_supply", 0.1 + 0.2, "m3"])
    sheet.append([None, "2022-23", "water_treatment", 110 * 1.1, "m3"])
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    with pytest.raises(ActivityImportRefused) as refused:
        _import_bytes(trust, path.name, path.read_bytes())
    assert refused.value.result.errors == [
        "Row 6: '0.0000001' has 7 decimal places; at most 6 are kept. Round it in the file "
        "(nothing is rounded for you)."
    ]
    sheet.delete_rows(6)
    workbook.save(path)
    assert 0.1 + 0.2 != 0.3 and 110 * 1.1 != 121
    assert _import_bytes(trust, path.name, path.read_bytes()).saved == 4
    assert sorted(FootprintEntry.objects.values_list("quantity", flat=True)) == [
        Decimal("0.1"),
        Decimal("0.3"),
        Decimal("121"),
        Decimal("1000000"),
    ]


def _import_bytes(trust, name: str, content: bytes):
    header, rows = read_rows(name, content)
    return activity_import(organisation=trust, header=header, rows=rows, source="t")


def test_markup_in_text_is_kept_as_typed(trust, factor_sets):
    note = "a<b and c>d <script>alert(1)</script>"
    _import(trust, HEADER + f'2022-23,electricity,5,kWh,A,"{note}"\n')
    entry = FootprintEntry.objects.get()
    assert entry.quality_note == note
