"""Activity imports at their edges: every row-level message word for word, row numbers as a
person sees them in their spreadsheet, all or nothing, and each limit at exactly the limit and
one past it.

The factors here are made for the test, with round values, so that every figure can be worked by
hand: electricity 0.2 kg CO2e per kWh (scope 2; a scope 3 row with the same levels says 9.9) and
diesel 2.5 kg per litre in the 2022 set, desflurane
2,500 kg per kg and a Salamol inhaler 20 kg each (the published sets are checked in
test_import.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from netzero.factors.models import Factor, FactorSet, SupplementaryFactor
from netzero.footprints.activities import ACTIVITIES, SUPPLEMENTARY_ACTIVITIES
from netzero.footprints.imports import (
    ActivityImportRefused,
    activity_rows_check,
    read_rows,
)
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.services import import_batch_apply
from netzero.footprints.tests.badfiles import SHEET_END, SHEET_START, text_row, workbook
from netzero.footprints.tests.test_units import KNOWN_UNITS
from netzero.plans.services import organisation_create

D = Decimal
HEADER = "reporting_year,activity,quantity,unit,reference,note\n"
COLUMN_LIST = (
    "reporting_year, activity, quantity, unit, boundary, reference, note, factor_id, level_1, "
    "level_2, level_3, level_4, column_text, factor_unit, scope, category"
)
ACTIVITY_LIST = (
    ", ".join([*ACTIVITIES, *SUPPLEMENTARY_ACTIVITIES])
    + ", or their labels; or name a published row by factor_id, or by level_1, level_2, level_3 "
    "and factor_unit"
)
ALL_MISSING = (
    "Header: missing column(s) reporting_year, activity (or factor_id, or level_1, level_2, "
    "level_3 and factor_unit), quantity, unit."
)


@pytest.fixture
def trust(db):
    return organisation_create(name="Edge Trust", slug="edge-trust", kind="nhs_trust")


@pytest.fixture
def factors(db):
    """The 2022 set with two rows, and two supplementary factors, all made for the test."""
    made = FactorSet.objects.create(
        set_year=2022, edition="test", source_file="made for the test", sha256="0" * 64,
        gwp_basis=FactorSet.GwpBasis.AR5,
    )  # fmt: skip
    for row, (key, value) in enumerate([("electricity", "0.2"), ("diesel", "2.5")], start=10):
        activity = ACTIVITIES[key]
        Factor.objects.create(
            factor_set=made, source_row=row, scope=f"Scope {activity.scope}",
            level_1=activity.level_1, level_2=activity.level_2, level_3=activity.level_3,
            unit=activity.factor_unit, gas=Factor.Gas.CO2E, value=D(value),
        )  # fmt: skip
    # The published sets repeat some levels under another scope: a row the import must not take.
    electricity = ACTIVITIES["electricity"]
    Factor.objects.create(
        factor_set=made, source_row=99, scope="Scope 3", level_1=electricity.level_1,
        level_2=electricity.level_2, level_3=electricity.level_3, unit="kWh",
        gas=Factor.Gas.CO2E, value=D("9.9"),
    )  # fmt: skip
    for key, unit, value in [("desflurane", "kg", "2500"), ("mdi_salamol", "inhaler", "20")]:
        SupplementaryFactor.objects.create(
            key=key, name=key, unit=unit, kg_co2e_per_unit=D(value), gwp_basis="AR5",
            source_title="made for the test", source_publisher="test", source_year=2024,
            source_locator="-", url="https://example.invalid/",
        )  # fmt: skip
    return made


def check(trust, text: str, name: str = "a.csv", **kwargs):
    header, rows = read_rows(name, text.encode() if isinstance(text, str) else text)
    return activity_rows_check(
        organisation=trust, header=header, rows=rows, source="test", **kwargs
    )


def errors(trust, text, name: str = "a.csv", **kwargs) -> list[str]:
    with pytest.raises(ActivityImportRefused) as refused:
        check(trust, text, name, **kwargs)
    return refused.value.result.errors


def apply(trust, text: str, name: str = "a.csv"):
    header, rows = read_rows(name, text.encode())
    return import_batch_apply(
        organisation=trust, header=header, rows=rows, channel=ImportBatch.Channel.COMMAND_LINE,
        file_name=name, who="edge test",
    )  # fmt: skip


def nothing_saved() -> bool:
    return not FootprintEntry.objects.exists() and not ImportBatch.objects.exists()


# --- Known answers ------------------------------------------------------------------------


def test_each_row_becomes_a_figure_worked_by_hand(trust, factors):
    result, entries = check(
        trust,
        HEADER
        + "2022-23,electricity,1000,kWh,Main site,\n"  # 1,000 x 0.2 = 200 kg = 0.2 t
        + "2022-23,electricity,2.5,MWh,Annex,Estimated\n"  # 2,500 kWh x 0.2 = 500 kg = 0.5 t
        + '2022-23,diesel,"1,234.5",litres,Fleet,\n'  # 1,234.5 x 2.5 = 3,086.25 kg = 3.08625 t
        + "2022-23,diesel,0.0002,litres,Can,\n"  # 0.0005 kg = 0.0000005 t -> 0.000 t
        + "2022-23,diesel,0.2,litres,Jug,\n"  # 0.5 kg = 0.0005 t: half up, 0.001 t
        + "2022-23,desflurane,2,kg,Theatres,\n"  # 2 x 2,500 = 5,000 kg = 5 t
        + "2022-23,mdi_salamol,30,inhalers,Pharmacy,\n",  # 30 x 20 = 600 kg = 0.6 t
    )
    assert result.rows == 7 and result.errors == []
    assert [(e.reference, e.quantity, e.unit, e.tco2e) for e in entries] == [
        ("Main site", D(1000), "kWh", D("0.200")),
        ("Annex", D("2.5"), "MWh", D("0.500")),
        ("Fleet", D("1234.5"), "litres", D("3.086")),  # 3.08625 -> 3.086
        ("Can", D("0.0002"), "litres", D("0.000")),
        ("Jug", D("0.2"), "litres", D("0.001")),
        ("Theatres", D(2), "kg", D("5.000")),
        ("Pharmacy", D(30), "inhalers", D("0.600")),
    ]
    first = entries[0]
    assert (first.reporting_year, first.scope, first.category, first.boundary) == (
        2022, 2, "electricity", "nhs_cf",
    )  # fmt: skip
    assert (first.activity, first.method, first.source) == ("electricity", "calculated", "test")
    assert first.factor.value == D("0.2") and first.supplementary_factor is None
    assert entries[1].quality_note == "Estimated"
    assert entries[5].factor is None and entries[5].supplementary_factor.key == "desflurane"
    assert (entries[5].category, entries[5].scope) == ("anaesthetic_gases", 1)
    assert (entries[6].category, entries[6].scope) == ("inhalers", 3)


@pytest.mark.parametrize("unit", ["inhalers", "inhaler", "each", "count", "number", "Inhalers"])
def test_inhalers_are_counted_in_any_of_their_words(trust, factors, unit):
    _result, entries = check(
        trust, f"reporting_year,activity,quantity,unit\n2022-23,mdi_salamol,3,{unit}\n"
    )
    assert entries[0].tco2e == D("0.060")  # 3 x 20 kg


def test_a_unit_used_again_is_converted_the_same_way(trust, factors):
    # The second MWh row reuses the first row's conversion: both are x 1,000.
    _result, entries = check(
        trust,
        HEADER + "2022-23,electricity,1,MWh,A,\n2022-23,electricity,3,MWh,B,\n"
        "2022-23,desflurane,0.0005,t,C,\n2022-23,desflurane,0.0015,t,D,\n",
    )
    # 1,000 and 3,000 kWh x 0.2; 0.0005 and 0.0015 t = 0.5 and 1.5 kg x 2,500 kg
    assert [e.tco2e for e in entries] == [D("0.200"), D("0.600"), D("1.250"), D("3.750")]


# --- Every row-level message, word for word ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("22-23,electricity,1,kWh,A,", "Row 3: reporting_year '22-23' is not like 2022-23."),
        (",electricity,1,kWh,A,", "Row 3: reporting_year '' is not like 2022-23."),
        ("2022-24,electricity,1,kWh,A,", "Row 3: reporting_year '2022-24' is not like 2022-23."),
        ("2022-23,coal,1,kWh,A,", f"Row 3: unknown activity 'coal' ({ACTIVITY_LIST})."),
        ("2022-23,,1,kWh,A,", f"Row 3: unknown activity '' ({ACTIVITY_LIST})."),
        (
            "2022-23,Electricty,1,kWh,A,",
            f"Row 3: unknown activity 'Electricty' ({ACTIVITY_LIST}).",
        ),
        (
            "2022-23,electricity,1,kWh,Main site,",
            "Row 3: duplicates row 2 (same year, activity and reference).",
        ),
        ("2022-23,electricity,-1,kWh,A,", "Row 3: quantity must be zero or more ('-1' is given)."),
        ("2022-23,electricity,,kWh,A,", "Row 3: No quantity is given."),
        ("2022-23,electricity,NaN,kWh,A,", "Row 3: 'NaN' is not a number."),
        (
            '2022-23,electricity,"1,00",kWh,A,',
            "Row 3: '1,00' is not a number (commas only between thousands: 1,000,000.5).",
        ),
        (
            "2022-23,electricity,1,litres,A,",
            "Row 3: litres cannot be converted to kWh: the factor is per kWh.",
        ),
        (
            "2022-23,electricity,1,furlongs,A,",
            f"Row 3: Unknown unit 'furlongs'. Known units: {KNOWN_UNITS}.",
        ),
        (
            "2022-23,desflurane,1,litres,A,",
            "Row 3: litres cannot be converted to kg: the factor is per kg.",
        ),
        (
            "2022-23,mdi_salamol,1,puffs,A,",
            "Row 3: 'puffs' does not count inhalers: use 'inhalers'.",
        ),
        ("2022-23,mdi_salamol,1,,A,", "Row 3: no unit does not count inhalers: use 'inhalers'."),
        (
            "2022-23,sevoflurane,1,kg,A,",
            "Row 3: the supplementary factor 'sevoflurane' is not loaded (netzero factors load "
            "--supplementary).",
        ),
        (
            "2023-24,electricity,1,kWh,A,",
            "Row 3: No conversion factors are loaded for 2023-24: the 2023 set ships with the "
            "product but is not loaded. Whoever runs the service loads it with: netzero factors "
            "load --year 2023.",
        ),
        (
            "2022-23,petrol,1,litres,A,",
            "Row 3: No 2022 factor for Fuels / Liquid fuels / Petrol (average biofuel blend) per "
            "litres.",
        ),
    ],
)
def test_each_bad_row_gets_its_message_and_nothing_is_saved(trust, factors, line, message):
    text = HEADER + "2022-23,electricity,5,kWh,Main site,\n" + line + "\n"
    assert errors(trust, text) == [message]
    with pytest.raises(ActivityImportRefused):
        apply(trust, text)
    assert nothing_saved()


def test_a_boundary_is_named_by_its_code_or_its_label_in_any_case(trust, factors):
    text = (
        "reporting_year,activity,quantity,unit,boundary,reference\n"
        "2022-23,electricity,1,kWh,,A\n"
        "2022-23,electricity,1,kWh,nhs_cf_plus,B\n"
        "2022-23,electricity,1,kWh,COUNCIL NET ZERO SCOPE,C\n"
        "2022-23,electricity,1,kWh,Custom boundary,D\n"
        "2022-23,electricity,1,kWh,NHS_CF,E\n"
    )
    _result, entries = check(trust, text)
    assert [e.boundary for e in entries] == [
        "nhs_cf",
        "nhs_cf_plus",
        "council_net_zero",
        "custom",
        "nhs_cf",
    ]
    bad = "reporting_year,activity,quantity,unit,boundary\n2022-23,electricity,1,kWh,Somewhere\n"
    assert errors(trust, bad) == ["Row 2: unknown boundary 'Somewhere'."]


def test_every_bad_row_is_listed_not_only_the_first(trust, factors):
    text = (
        HEADER
        + "2022-23,electricity,5,kWh,A,\n"
        + "2022-23,coal,5,kWh,B,\n"
        + "2022-23,electricity,x,kWh,C,\n"
        + "2022-23,electricity,5,kWh,A,\n"
    )
    assert errors(trust, text) == [
        f"Row 3: unknown activity 'coal' ({ACTIVITY_LIST}).",
        "Row 4: 'x' is not a number.",
        "Row 5: duplicates row 2 (same year, activity and reference).",
    ]


def test_rows_without_a_reference_are_duplicates_of_each_other(trust, factors):
    text = "reporting_year,activity,quantity,unit\n2022-23,diesel,1,l\n2022-23,diesel,2,l\n"
    assert errors(trust, text) == ["Row 3: duplicates row 2 (same year, activity and reference)."]
    # The same reference for another activity is not a duplicate.
    ok = HEADER + "2022-23,diesel,1,l,A,\n2022-23,electricity,1,kWh,A,\n"
    assert len(check(trust, ok)[1]) == 2


def test_a_reference_already_recorded_is_refused_unless_its_import_is_being_replaced(
    trust, factors
):
    batch = apply(trust, HEADER + "2022-23,electricity,5,kWh,Main site,\n")
    again = HEADER + "2022-23,electricity,7,kWh,Main site,\n"
    assert errors(trust, again) == [
        "Row 2: electricity for Main site in 2022-23 is already recorded."
    ]
    _result, entries = check(trust, again, replacing=batch)
    assert [e.quantity for e in entries] == [D(7)]
    # Without a reference nothing can be matched, so nothing is "already recorded".
    no_reference = "reporting_year,activity,quantity,unit\n2022-23,electricity,5,kWh\n"
    apply(trust, no_reference.replace(",5,", ",6,"))
    assert len(check(trust, no_reference)[1]) == 1


def test_a_figure_too_large_to_be_right_is_refused(trust, factors):
    # 499,999,999,999.99 MWh x 1,000 x 0.2 / 1,000 = 99,999,999,999.998 t: the most that fits.
    fits = HEADER + "2022-23,electricity,499999999999.99,MWh,A,\n"
    assert check(trust, fits)[1][0].tco2e == D("99999999999.998")
    # 500,000,000,000 MWh gives 10^11 t exactly: one step past.
    assert errors(trust, HEADER + "2022-23,electricity,500000000000,MWh,A,\n") == [
        "Row 2: 100,000,000,000 tCO2e is too large to be right."
    ]


def test_a_figure_beyond_all_arithmetic_is_refused_not_crashed(trust, factors):
    Factor.objects.filter(unit="kWh").update(value=D("999999999999999"))
    # 99,999,999,999,999 GWh (x 10^6 kWh) x 999,999,999,999,999 kg / 1,000: worked out exactly
    # ((10^14 - 1) x (10^15 - 1) x 1,000 t), and refused as no real figure.
    assert errors(trust, HEADER + "2022-23,electricity,99999999999999,GWh,A,\n") == [
        "Row 2: 99,999,999,999,998,900,000,000,000,001,000 tCO2e is too large to be right."
    ]


# --- Row numbers: the row a person sees in their spreadsheet --------------------------------


def test_row_numbers_count_the_header_row_as_row_1(trust, factors):
    text = HEADER + "2022-23,electricity,x,kWh,A,\n"
    assert errors(trust, text) == ["Row 2: 'x' is not a number."]


def test_a_cell_spanning_lines_is_still_one_row(trust, factors):
    # A spreadsheet shows this file as four rows: the note on row 2 runs over three lines of the
    # text file, but it is one cell of one row, so the bad row is row 3, not line 5.
    text = HEADER + '2022-23,electricity,5,kWh,A,"first line\nsecond\nthird"\n'
    text += "2022-23,electricity,x,kWh,B,\n2022-23,electricity,y,kWh,C,\n"
    assert errors(trust, text) == ["Row 3: 'x' is not a number.", "Row 4: 'y' is not a number."]
    # The note keeps its line breaks.
    _result, entries = check(trust, HEADER + '2022-23,electricity,5,kWh,A,"one\ntwo"\n')
    assert entries[0].quality_note == "one\ntwo"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr-only"])
def test_blank_rows_and_rows_above_the_header_are_counted(trust, factors, ending):
    # Row 1 and 2 blank, the header on row 3, data on row 4, a blank row 5, a bad row 6.
    lines = ["", ",,,", HEADER.strip(), "2022-23,electricity,5,kWh,A,", "", "2022-23,coal,1,kWh,B,"]
    text = ending.join(lines) + ending
    assert errors(trust, text) == [f"Row 6: unknown activity 'coal' ({ACTIVITY_LIST})."]


def test_a_workbooks_rows_are_its_own_row_numbers(trust, factors, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append([])  # row 1 empty
    sheet.append(["reporting_year", "activity", "quantity", "unit", "reference"])  # row 2
    sheet.append(["2022-23", "electricity", 5, "kWh", "A"])  # row 3
    sheet.append([])  # row 4 empty
    sheet.append(["2022-23", "electricity", "lots", "kWh", "B"])  # row 5
    path = tmp_path / "rows.xlsx"
    book.save(path)
    assert errors(trust, path.read_bytes(), "rows.xlsx") == ["Row 5: 'lots' is not a number."]


# --- All or nothing ------------------------------------------------------------------------


def test_one_bad_row_among_good_ones_saves_nothing_at_all(trust, factors):
    good = "".join(f"2022-23,electricity,{n},kWh,Site {n},\n" for n in range(1, 50))
    with pytest.raises(ActivityImportRefused) as refused:
        apply(trust, HEADER + good + "2022-23,electricity,-5,kWh,Last,\n")
    assert refused.value.result.errors == ["Row 51: quantity must be zero or more ('-5' is given)."]
    assert refused.value.result.rows == 50
    # The refusal says how many rows were read, for the page and the command line.
    assert (refused.value.rows, refused.value.problems) == (
        50,
        ["Row 51: quantity must be zero or more ('-5' is given)."],
    )
    assert str(refused.value) == "1 problem(s); nothing saved."
    assert nothing_saved()


def test_a_refused_file_leaves_earlier_imports_as_they_were(trust, factors):
    first = apply(trust, HEADER + "2022-23,electricity,5,kWh,A,\n")
    before = list(FootprintEntry.objects.values_list("reference", "quantity", "tco2e"))
    with pytest.raises(ActivityImportRefused):
        apply(trust, HEADER + "2022-23,electricity,5,kWh,B,\n2022-23,electricity,x,kWh,C,\n")
    assert list(FootprintEntry.objects.values_list("reference", "quantity", "tco2e")) == before
    assert before == [("A", D(5), D("0.001"))]  # 5 x 0.2 = 1 kg
    assert list(ImportBatch.objects.all()) == [first]


def test_a_good_file_saves_every_row_as_one_import(trust, factors):
    batch = apply(trust, HEADER + "2022-23,electricity,5,kWh,A,\n2022-23,diesel,2,l,B,\n")
    assert (batch.rows_read, batch.figures_created) == (2, 2)
    assert sorted(FootprintEntry.objects.values_list("reference", "tco2e", "batch")) == [
        ("A", D("0.001"), batch.pk),  # 5 x 0.2 = 1 kg
        ("B", D("0.005"), batch.pk),  # 2 x 2.5 = 5 kg
    ]


@pytest.mark.parametrize(
    "text",
    ["reporting_year,activity,quantity,unit\n", "reporting_year,activity,quantity,unit\n\n,,,\n"],
    ids=["header-only", "blank-rows"],
)
def test_a_file_with_no_data_rows_is_refused(trust, factors, text):
    with pytest.raises(ActivityImportRefused) as refused:
        check(trust, text)
    assert refused.value.result.errors == ["The file has no data rows."]
    assert refused.value.result.rows == 0


# --- The header row ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "messages"),
    [
        ("note", [ALL_MISSING]),
        (
            "reporting_year,activity,quantity",
            ["Header: missing column(s) unit."],
        ),
        (
            "reporting_year,activity,quantity,unit,unit,note,note,note",
            [
                "Header: the column unit appears 2 times (columns D, E); each column may appear "
                "once.",
                "Header: the column note appears 3 times (columns F, G, H); each column may "
                "appear once.",
            ],
        ),
        (
            "reporting_year,activity,quantity,unit,Unit,Note",
            [
                f"Header: unknown column(s) 'Unit', 'Note'. The columns are: {COLUMN_LIST}.",
            ],
        ),
        (
            "reporting_year,activity,quantity,unit," + ",".join(f"x{n}" for n in range(11)),
            [
                "Header: unknown column(s) 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', "
                f"'x9' and more. The columns are: {COLUMN_LIST}.",
            ],
        ),
        (
            "reporting_year,activity,quantity,unit," + ",".join(f"x{n}" for n in range(10)),
            [
                "Header: unknown column(s) 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', "
                f"'x9'. The columns are: {COLUMN_LIST}.",
            ],
        ),
        (
            "activity,x,x",
            [
                "Header: missing column(s) reporting_year, quantity, unit.",
                f"Header: unknown column(s) 'x'. The columns are: {COLUMN_LIST}.",
            ],
        ),
    ],
    ids=[
        "all-missing",
        "one-missing",
        "repeated",
        "wrong-case",
        "eleven-unknown",
        "ten-unknown",
        "all",
    ],
)
def test_header_problems_word_for_word(trust, factors, header, messages):
    assert errors(trust, header + "\n2022-23,electricity,5,kWh\n") == messages


def test_headings_are_read_without_their_spaces_and_a_blank_heading_is_allowed(trust, factors):
    text = " reporting_year , activity,,quantity ,unit \n2022-23,electricity,,5,kWh\n"
    result, entries = check(trust, text)
    assert (result.rows, [e.quantity for e in entries]) == (1, [D(5)])


# --- Values outside the named columns, and NUL characters ---------------------------------


def test_values_beyond_the_named_columns_are_refused_with_their_letters(trust, factors):
    eleven = "reporting_year,activity,quantity,unit\n2022-23,electricity,5,kWh" + ",v" * 11
    assert errors(trust, eleven + "\n") == [
        "Row 2: a value in column(s) E, F, G, H, I, J, K, L, M, N and more, which the header row "
        f"does not name. Remove it, or name the column ({COLUMN_LIST})."
    ]
    ten = "reporting_year,activity,quantity,unit\n2022-23,electricity,5,kWh" + ",v" * 10
    assert errors(trust, ten + "\n") == [
        "Row 2: a value in column(s) E, F, G, H, I, J, K, L, M, N, which the header row does not "
        f"name. Remove it, or name the column ({COLUMN_LIST})."
    ]
    # Empty or blank cells beyond the header are no value.
    assert check(trust, "reporting_year,activity,quantity,unit\n2022-23,electricity,5,kWh, ,,\n")


def test_a_row_given_in_code_with_an_unnamed_value_or_a_nul_is_refused(trust, factors):
    header = ["reporting_year", "activity", "quantity", "unit"]
    base = {"reporting_year": "2022-23", "activity": "electricity", "quantity": "5", "unit": "kWh"}
    rows = [
        (2, {**base, "extra": "x"}),
        (3, {**base, None: ["F", "G"]}),
        (4, {**base, "extra": ""}),  # an empty value under an unnamed key is nothing
        (5, {**base, "unit": "k\x00Wh"}),
        (6, {**base, "quantity": None, "reference": "Z"}),
    ]
    with pytest.raises(ActivityImportRefused) as refused:
        activity_rows_check(organisation=trust, header=header, rows=rows, source="t")
    assert refused.value.result.errors == [
        "Row 2: a value in column(s) extra, which the header row does not name. Remove it, or "
        f"name the column ({COLUMN_LIST}).",
        "Row 3: a value in column(s) F, G, which the header row does not name. Remove it, or "
        f"name the column ({COLUMN_LIST}).",
        "Row 5: unit contains a NUL character, which cannot be stored.",
        "Row 6: a value in column(s) reference, which the header row does not name. Remove it, "
        f"or name the column ({COLUMN_LIST}).",
    ]
    assert refused.value.result.rows == 5


# --- Limits: at exactly the limit, and one past ---------------------------------------------


@pytest.mark.parametrize(
    ("column", "limit", "at_limit", "past"),
    [
        ("reference", 100, None, None),
        ("note", 1000, None, None),
        ("unit", 40, "Unknown unit", None),
        ("reporting_year", 20, "is not like 2022-23", None),
        ("activity", 40, "unknown activity", None),
        ("quantity", 40, None, None),
        ("boundary", 100, "unknown boundary", None),
    ],
)
def test_each_columns_length_at_the_limit_and_one_past(
    trust, factors, column, limit, at_limit, past
):
    def row(length: int) -> dict[str, str]:
        value = {"quantity": "0" * (length - 1) + "5"}.get(column, "x" * length)
        base = {
            "reporting_year": "2022-23",
            "activity": "electricity",
            "quantity": "5",
            "unit": "kWh",
            "reference": "R",
        }
        return {**base, column: value}

    header = ["reporting_year", "activity", "quantity", "unit", "reference", column]
    header = list(dict.fromkeys(header))
    with pytest.raises(ActivityImportRefused) as refused:
        activity_rows_check(
            organisation=trust, header=header, rows=[(2, row(limit)), (3, row(limit + 1))],
            source="t",
        )  # fmt: skip
    found = refused.value.result.errors
    assert found[-1] == (
        f"Row 3: {column} is {limit + 1:,} characters long; at most {limit:,} fit (nothing is cut "
        "short)."
    )
    if at_limit is None:  # at the limit the value fits and the row is good
        assert len(found) == 1
    else:  # at the limit the value is read (and found wrong), not refused for its length
        assert len(found) == 2 and found[0].startswith("Row 2: ") and at_limit in found[0]


def test_a_reference_and_note_at_their_limits_are_saved_whole(trust, factors):
    reference, note = "R" * 100, "n" * 1000
    apply(trust, HEADER + f"2022-23,electricity,5,kWh,{reference},{note}\n")
    assert FootprintEntry.objects.get().reference == reference
    assert FootprintEntry.objects.get().quality_note == note


def test_a_csv_cell_at_the_csv_limit_and_one_past(trust, factors):
    at_limit = HEADER + "2022-23,electricity,5,kWh,A," + "n" * 131_072 + "\n"
    assert errors(trust, at_limit) == [
        "Row 2: note is 131,072 characters long; at most 1,000 fit (nothing is cut short)."
    ]
    past = HEADER + "2022-23,electricity,5,kWh,A,\n2022-23,electricity,5,kWh,B," + "n" * 131_073
    assert errors(trust, past + "\n") == [
        "Line 3: a cell is longer than 131,072 characters, the most a CSV cell may be (no column "
        "takes more than 1,000)."
    ]


def test_a_file_at_the_size_limit_is_read_and_one_byte_more_is_refused(trust, settings):
    settings.NETZERO_UPLOAD_MAX_BYTES = 60
    text = b"reporting_year,activity,quantity,unit\n2022-23,coal,1,kWh\n"
    at_limit = text + b" " * (60 - len(text))
    header, _rows = read_rows("a.csv", at_limit)
    assert header == ["reporting_year", "activity", "quantity", "unit"]
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("a.csv", at_limit + b" ")
    assert refused.value.result.errors == [
        "a.csv is larger than 60 bytes, the most a file may be. Split it into smaller files, "
        "each with the header row."
    ]


def test_the_size_limit_is_20_mb(trust):
    limit = 20 * 1024 * 1024
    content = b"reporting_year,activity,quantity,unit\n" + b" " * (limit - 38)
    assert len(content) == limit
    assert read_rows("big.csv", content)[0] == ["reporting_year", "activity", "quantity", "unit"]
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("big.XLSX", content + b" ")
    assert refused.value.result.errors == [
        "big.XLSX is larger than 20 MB, the most a file may be. Split it into smaller files, "
        "each with the header row."
    ]


def test_200000_rows_are_checked_and_one_more_is_refused(trust):
    # Each row has a value outside the named columns (the quickest refusal to check). Progress
    # is reported every 10,000 rows up to row 200,000 (so that many are read, not refused), and
    # the 200,001st row refuses the file.
    header = ["reporting_year", "activity", "quantity", "unit"]
    calls: list[int] = []
    with pytest.raises(ActivityImportRefused) as refused:
        activity_rows_check(
            organisation=trust, header=header, rows=((n, {None: ["E"]}) for n in range(2, 200_003)),
            source="t", progress=calls.append,
        )  # fmt: skip
    assert calls == list(range(10_000, 200_001, 10_000))
    assert refused.value.result.errors == [
        "The file has more than 200,000 rows; split it into smaller files, each with the header "
        "row."
    ]


def test_the_row_count_is_what_was_read(trust):
    header = ["reporting_year", "activity", "quantity", "unit"]
    calls: list[int] = []
    with pytest.raises(ActivityImportRefused) as refused:
        activity_rows_check(
            organisation=trust, header=header, rows=((n, {None: ["E"]}) for n in range(2, 10_002)),
            source="t", progress=calls.append,
        )  # fmt: skip
    assert (refused.value.result.rows, calls) == (10_000, [10_000])
    assert len(refused.value.result.errors) == 10_000
    assert refused.value.result.errors[-1] == (
        "Row 10001: a value in column(s) E, which the header row does not name. Remove it, or "
        f"name the column ({COLUMN_LIST})."
    )


# --- Reading the file -----------------------------------------------------------------------


def test_a_csv_with_a_byte_order_mark_reads_its_first_heading(trust, factors):
    text = "\ufeff" + HEADER + "2022-23,electricity,5,kWh,A,\n"
    assert len(check(trust, text.encode("utf-8"))[1]) == 1


def test_a_nul_character_is_placed_on_its_line(trust):
    for ending in ("\n", "\r\n", "\r"):
        text = ending.join([HEADER.strip(), "2022-23,electricity,5,kWh,A,", "x\x00"]) + ending
        with pytest.raises(ActivityImportRefused) as refused:
            read_rows("n.csv", text.encode())
        assert refused.value.result.errors == [
            "Line 3: n.csv contains a NUL character, which a CSV text file never has (is it a "
            "spreadsheet saved with a .csv name?)."
        ]
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("n.csv", b"\x00")
    assert refused.value.result.errors[0].startswith("Line 1: n.csv contains a NUL character")


def test_text_that_is_not_utf8_is_refused(trust):
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("w.csv", "reporting_year,activité\n".encode("cp1252"))
    assert refused.value.result.errors == ["w.csv is not UTF-8 text: save it as CSV UTF-8."]


def test_a_workbook_that_cannot_be_read_is_refused(trust):
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("a.xlsx", b"reporting_year,activity\n")
    assert refused.value.result.errors == [
        "a.xlsx is refused: The file is not an Excel workbook (.xlsx). Save it from the "
        "spreadsheet as Excel Workbook (.xlsx), or as CSV."
    ]
    broken = workbook(SHEET_START + b"<row" + SHEET_END)
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("b.xlsx", broken)
    assert refused.value.result.errors[0].startswith("b.xlsx could not be read as a spreadsheet: '")


def _cells(*values: bytes) -> bytes:
    head = text_row(1, ["reporting_year", "activity", "quantity", "unit", "reference", "note"])
    cells = b"".join(b'<c r="%s2"%s</c>' % (bytes([65 + i]), v) for i, v in enumerate(values))
    return workbook(SHEET_START + head + b'<row r="2">' + cells + b"</row>" + SHEET_END)


def _inline(text: str) -> bytes:
    return b' t="inlineStr"><is><t>%s</t></is>' % text.encode()


@pytest.mark.parametrize(
    ("quantity", "note", "expected"),
    [
        (b"><v>-0</v>", _inline("a"), (D(0), "a")),  # minus zero is shown as 0
        (b"><v>2.5</v>", b' t="b"><v>1</v>', (D("2.5"), "TRUE")),
        (b"><v>7</v>", b' t="b"><v>0</v>', (D(7), "FALSE")),
        (b"><v>1E-6</v>", b"><v>12</v>", (D("0.000001"), "12")),
        (_inline(" 3 "), _inline("  padded  "), (D(3), "padded")),
    ],
    ids=["minus-zero", "true", "false", "tiny-number", "spaces"],
)
def test_a_workbooks_cells_are_read_as_shown(trust, factors, quantity, note, expected):
    content = _cells(
        _inline("2022-23"), _inline("electricity"), quantity, _inline("kWh"), _inline("R"), note
    )
    _result, entries = check(trust, content, "c.xlsx")
    assert (entries[0].quantity, entries[0].quality_note) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (b"><v>NaN</v>", "Row 2: 'NaN' is not a number."),
        (b"><v>1E999</v>", "Row 2: 'NaN' is not a number."),
        (b"><v>-1E999</v>", "Row 2: 'NaN' is not a number."),
        (b"><v>-3</v>", "Row 2: quantity must be zero or more ('-3' is given)."),
        (b"><v>1E14</v>", "Row 2: Quantity 100000000000000 is too large to be right."),
        (b' t="b"><v>1</v>', "Row 2: 'TRUE' is not a number."),
        (b' t="e"><v>#DIV/0!</v>', "Row 2: No quantity is given."),
    ],
    ids=["nan", "infinity", "minus-infinity", "negative", "too-large", "boolean", "error-cell"],
)
def test_a_workbooks_odd_numbers_are_refused(trust, factors, value, message):
    content = _cells(_inline("2022-23"), _inline("electricity"), value, _inline("kWh"))
    assert errors(trust, content, "c.xlsx") == [message]


def test_a_workbooks_read_error_is_quoted_cut_at_200_characters(trust):
    # calamine's own words, quoted, cut at 200 characters: an unknown cell type of 300 letters.
    kind = "z" * 300
    sheet = SHEET_START + b'<row r="1"><c r="A1" t="%s"><v>x</v></c></row>' % kind.encode()
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("t.xlsx", workbook(sheet + SHEET_END))
    said = f"Unknown cell 't' attribute: \"{kind}\""
    assert refused.value.result.errors == [
        f"t.xlsx could not be read as a spreadsheet: {said[:200] + '…'!r}"
    ]


def test_an_empty_workbook_has_no_header(trust):
    with pytest.raises(ActivityImportRefused) as refused:
        header, rows = read_rows("empty.xlsx", workbook(SHEET_START + SHEET_END))
        activity_rows_check(organisation=trust, header=header, rows=rows, source="t")
    assert refused.value.result.errors == [ALL_MISSING]


def _far(ref: str) -> bytes:
    head = text_row(1, ["reporting_year", "activity", "quantity", "unit"])
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    cell = b'<row r="%s"><c r="%s" t="inlineStr"><is><t>2022-23</t></is></c></row>' % (
        row.encode(),
        ref.encode(),
    )
    return workbook(SHEET_START + head + cell + SHEET_END)


def test_a_workbooks_last_column_and_row_are_read_and_one_past_is_refused(trust, factors):
    # Column AX (the 50th) is read: a value there has no heading, so the row says so.
    assert errors(trust, _far("AX2"), "w.xlsx") == [
        "Row 2: a value in column(s) AX, which the header row does not name. Remove it, or name "
        f"the column ({COLUMN_LIST})."
    ]
    # Row 200,001 (a header and 200,000 rows) is read.
    assert errors(trust, _far("A200001"), "w.xlsx") == [
        f"Row 200001: unknown activity '' ({ACTIVITY_LIST})."
    ]
    for ref, far in [("AY2", "row 2 and column AY"), ("A200002", "row 200,002 and column D")]:
        with pytest.raises(ActivityImportRefused) as refused:
            read_rows("w.xlsx", _far(ref))
        assert refused.value.result.errors == [
            f"w.xlsx is refused: The workbook's part xl/worksheets/sheet1.xml has cells as far as "
            f"{far}: at most 200,001 rows and 50 columns (A to AX) are read. Delete the rows and "
            "columns beyond the data, or save the activity data as CSV."
        ]


def test_a_workbook_is_known_by_its_ending_in_any_case(trust, factors, tmp_path):
    book = Workbook()
    book.active.append(["reporting_year", "activity", "quantity", "unit"])
    book.active.append(["2022-23", "electricity", 5, "kWh"])
    path = tmp_path / "Activity.XLSX"
    book.save(path)
    _result, entries = check(trust, path.read_bytes(), "Activity.XLSX")
    assert [(e.quantity, e.tco2e) for e in entries] == [(D(5), D("0.001"))]


def test_dates_times_and_durations_in_a_workbook_are_written_as_text(trust, factors, tmp_path):
    import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["reporting_year", "activity", "quantity", "unit", "reference", "note"])
    for reference, value in [
        ("date", datetime.date(2023, 3, 31)),
        ("datetime", datetime.datetime(2023, 3, 31, 14, 5)),
        ("time", datetime.time(9, 30)),
        ("duration", datetime.timedelta(hours=1, minutes=30)),
    ]:
        sheet.append(["2022-23", "electricity", 1, "kWh", reference, value])
    path = tmp_path / "dates.xlsx"
    book.save(path)
    _result, entries = check(trust, path.read_bytes(), "dates.xlsx")
    assert [(e.reference, e.quality_note) for e in entries] == [
        ("date", "2023-03-31"),
        ("datetime", "2023-03-31T14:05:00"),
        ("time", "09:30:00"),
        ("duration", "1:30:00"),
    ]


def test_the_same_file_twice_is_refused_naming_the_first_import(trust, factors):
    from netzero.footprints.imports import ActivityImportDuplicate

    header, rows = read_rows("a.csv", (HEADER + "2022-23,electricity,5,kWh,A,\n").encode())
    kwargs = {
        "organisation": trust,
        "channel": ImportBatch.Channel.COMMAND_LINE,
        "file_name": "a.csv",
        "sha256": "f" * 64,
        "who": "edge test",
    }
    first = import_batch_apply(header=header, rows=rows, **kwargs)
    with pytest.raises(ActivityImportDuplicate) as refused:
        import_batch_apply(header=header, rows=iter([]), **kwargs)
    assert refused.value.batch == first
    assert len(refused.value.result.errors) == 1
    assert refused.value.result.errors[0].startswith("This file was already imported on ")
    assert str(refused.value) == "1 problem(s); nothing saved."
    assert FootprintEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("header", "line", "message"),
    [
        (
            "quantity,unit,activity,reporting_year",
            "5,kWh",
            "reporting_year '' is not like 2022-23.",
        ),
        (
            "reporting_year,quantity,unit,activity",
            "2022-23,5,kWh",
            f"unknown activity '' ({ACTIVITY_LIST}).",
        ),
        (
            "reporting_year,activity,unit,quantity",
            "2022-23,electricity,kWh",
            "No quantity is given.",
        ),
        (
            "reporting_year,activity,quantity,unit",
            "2022-23,electricity,5",
            f"Unknown unit ''. Known units: {KNOWN_UNITS}.",
        ),
        (
            "reporting_year,activity,quantity,unit",
            "2022-23,mdi_salamol,5",
            "no unit does not count inhalers: use 'inhalers'.",
        ),
    ],
)
def test_a_short_row_is_read_as_blank_cells(trust, factors, header, line, message):
    assert errors(trust, f"{header}\n{line}\n") == [f"Row 2: {message}"]


def test_a_short_row_without_its_optional_cells_is_good(trust, factors):
    text = (
        "reporting_year,activity,quantity,unit,reference,note,boundary\n2022-23,electricity,5,kWh\n"
    )
    _result, entries = check(trust, text)
    entry = entries[0]
    assert (entry.reference, entry.quality_note, entry.boundary) == ("", "", "nhs_cf")


def test_a_long_file_reads_each_factor_once(trust, factors, django_assert_max_num_queries):
    # 300 rows of three activities: the factors are read once each, not once a row (a file of
    # 200,000 rows would otherwise make 200,000 queries).
    lines = [
        f"2022-23,{activity},1,{unit},{activity} {n},\n"
        for n in range(100)
        for activity, unit in [
            ("electricity", "MWh"),
            ("desflurane", "kg"),
            ("mdi_salamol", "each"),
        ]
    ]
    with django_assert_max_num_queries(10):
        result, entries = check(trust, HEADER + "".join(lines))
    assert result.rows == 300
    # 1 MWh x 0.2 kg/kWh = 0.2 t (the scope 2 row, not the scope 3 one); 1 kg x 2,500 = 2.5 t;
    # one inhaler x 20 kg = 0.02 t.
    assert sorted({(e.activity, e.tco2e) for e in entries}) == [
        ("desflurane", D("2.500")),
        ("electricity", D("0.200")),
        ("mdi_salamol", D("0.020")),
    ]


def test_an_organisations_choice_of_factor_set_is_used(trust, factors):
    from netzero.factors.models import SetYearChoice

    text = HEADER + "2023-24,electricity,1000,kWh,A,\n"
    assert errors(trust, text)[0].startswith("Row 2: No conversion factors are loaded for 2023-24")
    SetYearChoice.objects.create(organisation=trust, reporting_year=2023, set_year=2022)
    _result, entries = check(trust, text)
    # 2023-24 figures with the 2022 set, as the organisation chose: 1,000 x 0.2 = 200 kg.
    assert (entries[0].reporting_year, entries[0].tco2e) == (2023, D("0.200"))
    assert entries[0].factor.factor_set.set_year == 2022


def test_an_empty_file_or_one_of_blank_lines_has_no_header(trust):
    for content in (b"", b"\n\n", b" , ,\r\n"):
        header, rows = read_rows("a.csv", content)
        assert header == [] and list(rows) == []
        with pytest.raises(ActivityImportRefused) as refused:
            activity_rows_check(organisation=trust, header=header, rows=rows, source="t")
        assert refused.value.result.errors == [ALL_MISSING]


def test_the_first_nul_character_is_the_one_named(trust):
    text = HEADER + "2022-23,electricity,5,kWh,A\x00,\n2022-23,electricity,5,kWh,B\x00,\n"
    with pytest.raises(ActivityImportRefused) as refused:
        read_rows("n.csv", text.encode())
    assert refused.value.result.errors[0].startswith("Line 2: n.csv contains a NUL character")


def test_a_long_cell_in_the_first_line_is_placed_on_line_1(trust):
    with pytest.raises(ActivityImportRefused) as refused:
        _header, rows = read_rows("w.csv", b"x" * 131_073 + b"\n")
        list(rows)
    assert refused.value.result.errors == [
        "Line 1: a cell is longer than 131,072 characters, the most a CSV cell may be (no column "
        "takes more than 1,000)."
    ]


def test_a_line_break_inside_a_quoted_cell_is_kept_as_typed(trust, factors):
    text = HEADER + '2022-23,electricity,5,kWh,A,"Windows\r\nline\rbreaks"\r\n'
    _result, entries = check(trust, text)
    assert entries[0].quality_note == "Windows\r\nline\rbreaks"


def test_a_blank_value_given_in_code_is_an_empty_cell(trust, factors):
    header = ["reporting_year", "activity", "quantity", "unit", "note"]
    good = {"reporting_year": "2022-23", "activity": "electricity", "quantity": "5", "unit": "kWh"}
    _result, entries = activity_rows_check(
        organisation=trust, header=header, rows=[(2, {**good, "note": None})], source="t"
    )
    assert entries[0].quality_note == ""
    with pytest.raises(ActivityImportRefused) as refused:
        activity_rows_check(
            organisation=trust, header=header, rows=[(2, {**good, "quantity": None})], source="t"
        )
    assert refused.value.result.errors == ["Row 2: No quantity is given."]
