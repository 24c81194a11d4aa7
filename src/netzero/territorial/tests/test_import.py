"""The local authority emissions statistics: imported whole, or not at all."""

from __future__ import annotations

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from netzero.territorial.models import AreaEmission, AreaYear
from netzero.territorial.selectors import area_trend
from netzero.territorial.services import AreaImportRefused, area_emissions_import

SHIPPED = (
    Path(__file__).resolve().parents[1]
    / "data"
    / ("mysociety_uk_local_authority_emissions_2005_2020_v1.2.0.csv")
)


def _rows(n: int) -> tuple[list[str], list[dict]]:
    with SHIPPED.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["local-authority-code"] == "DBY"][:n]
        return reader.fieldnames, rows


def _write(tmp_path, header, rows) -> Path:
    path = tmp_path / "emissions.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.django_db
def test_derbyshire_trend_against_net_zero_2050(tmp_path):
    header, rows = _rows(16)
    area_emissions_import(path=_write(tmp_path, header, rows))
    trend = area_trend(code="DBY")
    assert trend.name == "Derbyshire County Council" and trend.years == list(range(2005, 2021))
    assert trend.totals[2005].quantize(Decimal("0.01")) == Decimal("6051.13")
    assert trend.totals[2020].quantize(Decimal("0.01")) == Decimal("3609.93")
    # Pathway: straight from 2005 to zero in 2050; 2020 is a third of the way: 6051.13 x 2/3.
    assert trend.pathway[2020] == Decimal("4034.1")
    # The sector totals add up to the published total in every year.
    for year in trend.years:
        sectors = sum(trend.by_sector[s].get(year, 0) for s in trend.sectors)
        assert abs(sectors - trend.totals[year]) < Decimal("0.001"), year
    assert trend.projection.years_used == [2016, 2017, 2018, 2019, 2020]
    assert trend.verdict.on_track is not None and "by 2050" in trend.verdict.reason


@pytest.mark.django_db
def test_a_bad_file_imports_nothing_and_says_which_rows(tmp_path):
    header, rows = _rows(3)
    rows[1]["Domestic Gas:kt CO2"] = "lots"
    rows.append(dict(rows[0]))  # the same authority and year twice
    with pytest.raises(AreaImportRefused) as refused:
        area_emissions_import(path=_write(tmp_path, header, rows))
    assert refused.value.report.errors == [
        "Row 3: Domestic Gas:kt CO2 'lots' is not a number.",
        "Row 5: DBY 2005 appears twice.",
    ]
    assert not AreaYear.objects.exists() and not AreaEmission.objects.exists()


@pytest.mark.django_db
def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("Year,code\n2020,DBY\n")
    with pytest.raises(CommandError, match="missing column"):
        call_command("emissions", "import", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_command_imports_the_shipped_file():
    out = StringIO()
    call_command("emissions", "import", stdout=out)
    assert "Imported 6304 rows" in out.getvalue()
    assert AreaYear.objects.filter(authority_code="DBY").count() == 16


@pytest.mark.django_db
def test_area_page(client, tmp_path):
    header, rows = _rows(16)
    area_emissions_import(path=_write(tmp_path, header, rows))
    body = client.get("/areas/dby/").content.decode()
    assert "Derbyshire County Council" in body and "Pathway to net zero 2050" in body
    assert "mySociety" in body
    assert client.get("/areas/ZZZ/").status_code == 404


@pytest.mark.django_db
def test_area_page_shows_change_since_2005_and_the_year_before(client, tmp_path):
    header, rows = _rows(16)
    area_emissions_import(path=_write(tmp_path, header, rows))
    body = client.get("/areas/DBY/").content.decode()
    since = body.split('id="vs-baseline"')[1].split("</tr>")[0]
    assert "-40.3" in since  # 2020 against 2005: 3,609.9 / 6,051.1 - 1
    assert "\u2013" in body.split('id="vs-last-year"')[1].split("</tr>")[0]  # nothing before 2005


@pytest.mark.django_db
def test_the_pathway_rounds_half_up_to_one_decimal_place(tmp_path):
    """0.5 kt in 2005, zero by 2007: the pathway's 2006 value is exactly 0.25, shown as 0.3."""
    header, rows = _rows(2)
    for row in rows:
        for column in header[3:]:
            if column.endswith(":kt CO2"):
                row[column] = "0.0"
    rows[0]["Industry Electricity:kt CO2"] = rows[0]["Industry Total:kt CO2"] = "0.5"
    rows[0]["Total Emissions:kt CO2"] = "0.5"
    area_emissions_import(path=_write(tmp_path, header, rows))
    trend = area_trend(code="DBY", target_year=2007)
    assert trend.pathway == {2005: Decimal("0.5"), 2006: Decimal("0.3")}
