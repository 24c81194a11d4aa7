"""The shipped flat files, read directly: every edition's quirks."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from netzero.factors.flatfile import FlatFileError, read_flat_file, sha256_of
from netzero.factors.sources import SOURCES


def _find(rows, level_1, level_2, level_3, unit, gas="CO2e"):
    found = [
        r
        for r in rows
        if (r.level_1, r.level_2, r.level_3, r.unit, r.gas)
        == (level_1, level_2, level_3, unit, gas)
        and r.scope in ("Scope 1", "Scope 2", "Scope 3")
    ]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("year", sorted(SOURCES))
def test_shipped_files_are_the_published_ones(year):
    assert sha256_of(SOURCES[year].path) == SOURCES[year].sha256


@pytest.mark.parametrize(
    ("year", "value"),
    [(2019, "0.2556"), (2020, "0.23314"), (2021, "0.21233"), (2022, "0.19338"), (2024, "0.20705")],
)
def test_uk_electricity_generated(year, value):
    rows = read_flat_file(SOURCES[year].path)
    row = _find(rows, "UK electricity", "Electricity generated", "Electricity: UK", "kWh")
    # The cell's stored double is kept exactly (2021's is 0.21233000000000002); rounded to the
    # published number of places it is the published figure.
    assert row.value.quantize(Decimal(value)) == Decimal(value)
    assert abs(row.value - Decimal(value)) < Decimal("1e-12")
    assert row.scope == "Scope 2"


def test_2023_electricity_keeps_every_published_digit():
    rows = read_flat_file(SOURCES[2023].path)
    row = _find(rows, "UK electricity", "Electricity generated", "Electricity: UK", "kWh")
    assert row.value.quantize(Decimal("1e-10")) == Decimal("0.2070742886")
    assert row.value.quantize(Decimal("1e-5")) == Decimal("0.20707")
    assert row.source_id == "7_400_4000_5_1"  # the stable ID, 2023 and 2024 alike
    row_2024 = _find(
        read_flat_file(SOURCES[2024].path),
        "UK electricity",
        "Electricity generated",
        "Electricity: UK",
        "kWh",
    )
    assert row_2024.source_id == "7_400_4000_5_1"


@pytest.mark.parametrize(
    ("year", "level_3", "unit", "value"),
    [
        (2022, "Natural gas", "kWh (Gross CV)", "0.18254"),
        (2023, "Natural gas", "kWh (Gross CV)", "0.18293"),
        (2022, "Diesel (average biofuel blend)", "litres", "2.55784"),
        (2023, "Diesel (average biofuel blend)", "litres", "2.51206"),
    ],
)
def test_fuels(year, level_3, unit, value):
    level_2 = "Gaseous fuels" if level_3 == "Natural gas" else "Liquid fuels"
    row = _find(read_flat_file(SOURCES[year].path), "Fuels", level_2, level_3, unit)
    assert row.value.quantize(Decimal(value)) == Decimal(value)


def test_per_gas_rows_sum_to_their_co2e_row_in_every_group_of_2023():
    groups: dict[tuple, dict[str, Decimal]] = defaultdict(dict)
    for r in read_flat_file(SOURCES[2023].path):
        if r.value is not None and r.gas in {"CO2e", "CO2", "CH4", "N2O"}:
            key = (r.scope, r.level_1, r.level_2, r.level_3, r.level_4, r.column_text, r.unit)
            groups[key][r.gas] = r.value
    checked = 0
    for key, gases in groups.items():
        if "CO2e" in gases and {"CO2", "CH4", "N2O"} <= set(gases):
            parts = gases["CO2"] + gases["CH4"] + gases["N2O"]
            assert abs(parts - gases["CO2e"]) <= Decimal("0.000001") * max(1, abs(gases["CO2e"])), (
                key
            )
            checked += 1
    assert checked == 1278  # every complete group in the file


def test_blank_means_not_published_and_text_cells_are_kept():
    rows = read_flat_file(SOURCES[2022].path)
    assert any(r.value is None and r.value_text == "" for r in rows)
    texts = [r for r in rows if r.value_text]
    assert texts and all(r.value is None for r in texts) and texts[0].value_text == "< 1"
    assert not any(r.value == 0 and r.value_text for r in rows)


def test_energy_rows_are_not_emissions():
    rows = read_flat_file(SOURCES[2021].path)
    energy = [r for r in rows if r.gas == "energy"]
    assert energy and all(r.ghg_text.startswith("kWh") for r in energy)


def test_2024_reads_only_factors_by_category():
    rows = read_flat_file(SOURCES[2024].path)
    assert len(rows) == 8740 and rows[0].source_row == 7


def test_a_file_without_the_sheet_is_refused(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    with pytest.raises(FlatFileError, match="could not be read"):
        read_flat_file(bad)
