"""What an authority's page prints from its trend: the sector table's rows, the totals, the
pathway, the changes (per cent) and the chart."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from netzero.footprints.charts import for_page, trajectory_chart_spec
from netzero.footprints.trajectory import change
from netzero.territorial.selectors import AreaTrend


def area_page(trend: AreaTrend) -> dict[str, Any]:
    """The table's rows (sector, kt CO2 per year; blank where a sector has no figure), the
    totals and pathway per year, the change since the first year and since the year before
    (whole per cent; blank for the first year), and the chart's spec."""
    years = trend.years
    return {
        "rows": [
            (sector, [trend.by_sector[sector].get(y) for y in years]) for sector in trend.sectors
        ],
        "totals": [trend.totals[y] for y in years],
        "pathway": [trend.pathway[y] for y in years],
        "vs_baseline": [
            change(trend.totals[y], trend.totals[trend.baseline_year]).percent for y in years
        ],
        "vs_last_year": [None]
        + [change(trend.totals[y], trend.totals[p]).percent for p, y in pairwise(years)],
        "chart": for_page(area_chart(trend)),
    }


def area_chart(trend: AreaTrend) -> dict[str, Any]:
    return trajectory_chart_spec(
        title=f"{trend.name}: CO2 emissions and the pathway to net zero {trend.target_year}",
        actual=trend.totals,
        pathway=trend.pathway,
        unit="kt CO2",
    )
