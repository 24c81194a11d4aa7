"""The area page's rows, changes and chart, from the presenter (exact figures and texts)."""

from __future__ import annotations

from decimal import Decimal

from netzero.footprints.trajectory import Verdict
from netzero.territorial.presenters import area_page
from netzero.territorial.selectors import AreaTrend


def _trend() -> AreaTrend:
    return AreaTrend(
        code="DBY",
        name="Derbyshire",
        years=[2005, 2006, 2007],
        sectors=["Domestic", "Transport"],
        by_sector={
            "Domestic": {2005: Decimal(100), 2006: Decimal(90), 2007: Decimal(80)},
            "Transport": {2005: Decimal(100), 2007: Decimal(100)},
        },
        totals={2005: Decimal(200), 2006: Decimal(190), 2007: Decimal(180)},
        target_year=2050,
        baseline_year=2005,
        pathway={2005: Decimal(200), 2006: Decimal("195.6"), 2007: Decimal("191.1")},
        rate=None,
        projection=None,
        verdict=Verdict(None, ""),
        attribution="",
    )


def test_area_page_rows_totals_pathway_and_changes():
    page = area_page(_trend())
    assert page["rows"] == [
        ("Domestic", [Decimal(100), Decimal(90), Decimal(80)]),
        ("Transport", [Decimal(100), None, Decimal(100)]),
    ]
    assert page["totals"] == [Decimal(200), Decimal(190), Decimal(180)]
    assert page["pathway"] == [Decimal(200), Decimal("195.6"), Decimal("191.1")]
    assert page["vs_baseline"] == [Decimal("0.0"), Decimal("-5.0"), Decimal("-10.0")]
    assert page["vs_last_year"] == [None, Decimal("-5.0"), Decimal("-5.3")]
    assert page["chart"]["title"] == ("Derbyshire: CO2 emissions and the pathway to net zero 2050")
