"""Flat files a user downloaded themselves, loaded for a year the product does not ship.

The workbooks are built here in the government's two layouts (2019-21 headers; 2023 on, with
an ID), with values MADE UP FOR THE TEST (not the government's figures), so that each expected
figure can be worked by hand."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from netzero.core.exceptions import Refused
from netzero.factors.models import Factor, FactorSet
from netzero.factors.services import factor_set_load_file
from netzero.factors.sources import SOURCES
from netzero.footprints.imports import ActivityImportRefused, read_rows
from netzero.footprints.models import FootprintEntry
from netzero.footprints.services import activity_import
from netzero.plans.services import organisation_create
from netzero.testing.factor_files import NEW_HEADER, NEW_ROWS, OLD_HEADER, OLD_ROWS, flat_file


@pytest.fixture
def old_file(tmp_path):
    return flat_file(tmp_path / "conversion-factors-2016.xlsx", OLD_HEADER, OLD_ROWS, version=2.0)


@pytest.fixture
def new_file(tmp_path):
    return flat_file(tmp_path / "ghg-conversion-factors-2025.xlsx", NEW_HEADER, NEW_ROWS)


@pytest.fixture
def trust(db):
    return organisation_create(name="Supplied Trust", slug="supplied", kind="nhs_trust")


def _import(organisation, text):
    header, rows = read_rows("a.csv", text.encode())
    return activity_import(organisation=organisation, header=header, rows=rows, source="test")


def test_an_older_layout_loads_as_2016_and_is_used_for_2016_17(db, old_file, trust):
    result = factor_set_load_file(path=old_file, year=2016)
    fs = result.factor_set
    assert (result.rows, result.loaded) == (4, True)
    assert (fs.set_year, fs.edition, fs.gwp_basis, fs.origin) == (
        2016, "v2", "AR4", FactorSet.Origin.SUPPLIED
    )  # fmt: skip
    assert fs.source_file == "conversion-factors-2016.xlsx"
    assert fs.sha256 == hashlib.sha256(old_file.read_bytes()).hexdigest()
    gas = Factor.objects.get(factor_set=fs, gas="CO2e", level_3="Natural gas")
    assert (gas.scope, gas.unit, gas.column_text, gas.value) == (
        "Scope 1", "kWh (Gross CV)", "Energy - Gross CV", Decimal("0.184")
    )  # fmt: skip
    assert gas.source_row == 6  # preamble rows 1-4, header 5
    _import(
        trust,
        "reporting_year,activity,quantity,unit,reference\n"
        "2016-17,natural_gas,1000000,kWh,Main site\n"
        "2016-17,electricity,2,GWh,Main site\n",
    )
    figures = {e.activity: e for e in FootprintEntry.objects.all()}
    assert figures["natural_gas"].factor == gas
    assert figures["natural_gas"].tco2e == Decimal("184.000")  # 1,000,000 x 0.184 / 1000
    assert figures["electricity"].tco2e == Decimal("824.100")  # 2,000,000 x 0.41205 / 1000
    # A blank cell stays unpublished, never zero.
    with pytest.raises(ActivityImportRefused) as blank:
        _import(trust, "reporting_year,activity,quantity,unit\n2016-17,gas_oil_kwh,1,kWh\n")
    [message] = blank.value.result.errors
    assert message.startswith("Row 2: The 2016 factor for Gas oil per kWh (Gross CV) is not ")


def test_a_newer_layout_with_ids_loads_as_2025_and_rows_are_named_by_id(db, new_file, trust):
    result = factor_set_load_file(path=new_file, year=2025, edition="  v1.0 (June 2025) ")
    fs = result.factor_set
    assert (result.rows, fs.edition, fs.gwp_basis) == (3, "v1.0 (June 2025)", "AR5")
    _import(
        trust,
        "reporting_year,factor_id,quantity,unit\n2025-26,1_101_1014_6_1,40000,kWh (Gross CV)\n",
    )
    entry = FootprintEntry.objects.get()
    assert entry.factor.source_id == "1_101_1014_6_1" and entry.activity == "id:1_101_1014_6_1"
    assert entry.tco2e == Decimal("10.000")  # 40,000 x 0.25 / 1000
    assert (entry.scope, entry.category) == (1, "oil")


def test_the_gwp_basis_and_edition_when_told_or_not_stated(db, tmp_path):
    path = flat_file(tmp_path / "f.xlsx", OLD_HEADER, OLD_ROWS)  # no version on its front page
    fs = factor_set_load_file(path=path, year=2016, gwp="AR5").factor_set
    assert (fs.edition, fs.gwp_basis) == ("as supplied", "AR5")
    with pytest.raises(Refused, match="GWP basis 'AR6' is not one of AR4, AR5"):
        factor_set_load_file(path=path, year=2016, gwp="AR6")


def test_the_same_file_again_changes_nothing_and_a_used_set_stays(db, old_file, trust, tmp_path):
    first = factor_set_load_file(path=old_file, year=2016).factor_set
    again = factor_set_load_file(path=old_file, year=2016)
    assert not again.loaded and again.factor_set == first
    _import(trust, "reporting_year,activity,quantity,unit\n2016-17,electricity,1,kWh\n")
    changed = flat_file(tmp_path / "changed.xlsx", OLD_HEADER, OLD_ROWS[:3], version=3)
    with pytest.raises(Refused) as refused:
        factor_set_load_file(path=changed, year=2016)
    assert refused.value.code == "set_in_use"
    assert "they stay as loaded (from conversion-factors-2016.xlsx" in str(refused.value)
    assert FactorSet.objects.get(set_year=2016).factors.count() == 4


NEEDS = (
    '"Scope", "Level 1", "Level 2", "Level 3", "UOM", "GHG" (or "GHG/Unit") and '
    '"GHG Conversion Factor <year>"'
)


def test_unrecognised_files_are_refused_with_the_columns_needed_and_nothing_saved(db, tmp_path):
    wrong_sheet = flat_file(tmp_path / "a.xlsx", OLD_HEADER, OLD_ROWS, sheet="Data")
    no_uom = flat_file(
        tmp_path / "b.xlsx",
        [h for h in OLD_HEADER if h not in ("UOM", "Level 2")],
        [r[:2] + r[3:7] + r[8:] for r in OLD_ROWS],
    )
    no_header = flat_file(tmp_path / "c.xlsx", None, [["Fuels", "Gas", 1.0]])
    empty = flat_file(tmp_path / "d.xlsx", NEW_HEADER, [])
    text = tmp_path / "e.csv"
    text.write_text(",".join(OLD_HEADER) + "\n")
    not_a_workbook = tmp_path / "f.xlsx"
    not_a_workbook.write_bytes(b"This is not a workbook at all.")
    fake_xls = tmp_path / "g.xls"
    fake_xls.write_bytes(b"\x00" * 600)
    cases = [
        (wrong_sheet, "layout_not_recognised",
         "a.xlsx has no sheet 'Factors by Category' (its sheets: Front page, Data). The "
         "government's flat file has that sheet, with a header row naming the columns "
         f"{NEEDS}."),
        (no_uom, "layout_not_recognised",
         'b.xlsx: the header row (row 5) lacks "Level 2", "UOM". A flat file needs the columns '
         f"{NEEDS}."),
        (no_header, "layout_not_recognised",
         "c.xlsx: the sheet 'Factors by Category' has no header row (a row starting with "
         f'"Scope", or "ID" then "Scope") in its first 15 rows. It needs the columns {NEEDS}.'),
        (empty, "no_rows",
         "d.xlsx has no data rows below its header in the sheet 'Factors by Category'."),
        (text, "not_a_spreadsheet",
         "e.csv is not a spreadsheet the product reads: the government's flat file is an Excel "
         "workbook (.xls or .xlsx) with the sheet 'Factors by Category'."),
        (not_a_workbook, "not_a_spreadsheet",
         "f.xlsx is refused: The file is not an Excel workbook (.xlsx). Save it from the "
         "spreadsheet as Excel Workbook (.xlsx)."),
    ]  # fmt: skip
    for path, code, message in cases:
        with pytest.raises(Refused) as refused:
            factor_set_load_file(path=path, year=2016)
        assert (refused.value.code, str(refused.value)) == (code, message), path.name
    with pytest.raises(Refused) as refused:
        factor_set_load_file(path=fake_xls, year=2016)
    assert refused.value.code == "not_a_spreadsheet"
    assert str(refused.value).startswith("g.xls could not be read as a spreadsheet (")
    with pytest.raises(Refused, match="could not be read"):
        factor_set_load_file(path=tmp_path / "missing.xlsx", year=2016)
    assert not FactorSet.objects.exists() and not Factor.objects.exists()


def test_a_shipped_year_or_another_years_file_is_refused(db, tmp_path):
    with pytest.raises(Refused) as shipped:
        factor_set_load_file(path=tmp_path / "x.xlsx", year=2019)
    assert str(shipped.value) == (
        "The 2019 factors ship with the product, checked against their published sha256: load "
        "them with netzero factors load --year 2019."
    )
    # The shipped 2019 .xls, copied under another name (read through calamine, as .xls is).
    copy = tmp_path / "downloaded.xls"
    shutil.copy(SOURCES[2019].path, copy)
    with pytest.raises(Refused) as other_year:
        factor_set_load_file(path=copy, year=2016)
    assert str(other_year.value) == (
        "downloaded.xls gives the GHG Conversion Factor 2019, not 2016: load it as the 2019 "
        "set (--year 2019)."
    )
    assert not FactorSet.objects.exists()


def test_a_file_over_the_size_limit_is_refused_unread(db, tmp_path, settings):
    settings.NETZERO_UPLOAD_MAX_BYTES = 1000
    big = tmp_path / "big.xls"
    big.write_bytes(b"\x00" * 1001)
    with pytest.raises(Refused, match=r"big\.xls is larger than"):
        factor_set_load_file(path=big, year=2016)


def test_the_command_loads_a_file(db, old_file):
    out = StringIO()
    call_command("factors", "load", "--file", str(old_file), "--year", "2016", stdout=out)
    digest = hashlib.sha256(old_file.read_bytes()).hexdigest()
    assert out.getvalue() == (
        f"Loaded 2016 (v2, AR4, supplied): 4 rows from conversion-factors-2016.xlsx sha256 "
        f"{digest}\n"
    )
    with pytest.raises(CommandError, match="one of the arguments --year --all --supplementary"):
        call_command("factors", "load", "--file", str(old_file))
    with pytest.raises(CommandError, match="Give the set year the file is for"):
        call_command("factors", "load", "--file", str(old_file), "--all")
    with pytest.raises(CommandError, match="has no sheet 'Factors by Category'"):
        bad = flat_file(old_file.parent / "bad.xlsx", OLD_HEADER, OLD_ROWS, sheet="Sheet9")
        call_command("factors", "load", "--file", str(bad), "--year", "2017")
