"""Conversion factor flat files in the government's two layouts (2019-21 headers; 2023 on, with an
ID), built for tests, with values MADE UP FOR THE TEST (not the government's figures), so that each
expected figure can be worked by hand."""

from __future__ import annotations

from openpyxl import Workbook

OLD_HEADER = [
    "Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM (simple)", "UOM",
    "GHG", "Lookup", "GHG Conversion Factor 2016",
]  # fmt: skip
OLD_ROWS = [
    ["Scope 1", "Fuels", "Gaseous fuels", "Natural gas", None, "Energy - Gross CV", "kWh",
     "kWh (Gross CV)", "kg CO2e", "Natural gas kWh (Gross CV)", 0.184],
    ["Scope 1", "Fuels", "Gaseous fuels", "Natural gas", None, "Energy - Gross CV", "kWh",
     "kWh (Gross CV)", "kg CO2", "Natural gas kWh (Gross CV)", 0.1836],
    ["Scope 2", "UK electricity", "Electricity generated", "Electricity: UK", None, None, "kWh",
     "kWh", "kg CO2e", "Electricity: UK kWh", 0.41205],
    ["Scope 1", "Fuels", "Liquid fuels", "Gas oil", None, "Energy - Gross CV", "kWh",
     "kWh (Gross CV)", "kg CO2e", "Gas oil kWh (Gross CV)", None],
]  # fmt: skip
NEW_HEADER = [
    "ID", "Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM", "GHG/Unit",
    "GHG Conversion Factor 2025",
]  # fmt: skip
NEW_ROWS = [
    ["1_101_1014_7_1", "Scope 1", "Fuels", "Liquid fuels", "Gas oil", None, None, "kWh (Net CV)",
     "kg CO2e", 0.27],
    ["1_101_1014_6_1", "Scope 1", "Fuels", "Liquid fuels", "Gas oil", None, None,
     "kWh (Gross CV)", "kg CO2e", 0.25],
    ["1_101_1014_6_2", "Scope 1", "Fuels", "Liquid fuels", "Gas oil", None, None,
     "kWh (Gross CV)", "kg CO2e of CO2 per unit", 0.24],
]  # fmt: skip


def flat_file(path, header, rows, *, version=None, sheet="Factors by Category", preamble=4):
    """A workbook laid out as the government publishes it: a front page stating the version,
    then the sheet with its preamble rows, the header, the rows and the END marker."""
    workbook = Workbook()
    front = workbook.active
    front.title = "Front page"
    front.append(["UK Government GHG Conversion Factors for Company Reporting"])
    if version is not None:
        front.append(["Version:", version, "Year:", 2016])
    factors = workbook.create_sheet(sheet)
    factors.append(["UK Government GHG Conversion Factors for Company Reporting"])
    factors.append(["Factors by Category"])
    for _ in range(preamble - 2):
        factors.append([])
    if header:
        factors.append(header)
    for row in rows:
        factors.append(row)
    if header:
        factors.append(["END"])
    workbook.save(path)
    return path
