from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from netzero.footprints.charts import trajectory_chart_spec
from netzero.footprints.trajectory import change
from netzero.territorial.selectors import area_trend


@require_safe
def area(request: HttpRequest, code: str) -> HttpResponse:
    trend = area_trend(code=code.upper())
    if trend is None:
        raise Http404("No emissions statistics for that authority code.")
    rows = [
        (sector, [trend.by_sector[sector].get(y) for y in trend.years]) for sector in trend.sectors
    ]
    return render(
        request,
        "territorial/area.html",
        {
            "trend": trend,
            "rows": rows,
            "totals": [trend.totals[y] for y in trend.years],
            "pathway": [trend.pathway[y] for y in trend.years],
            "vs_baseline": [
                change(trend.totals[y], trend.totals[trend.baseline_year]).percent
                for y in trend.years
            ],
            "vs_last_year": [None]
            + [
                change(trend.totals[y], trend.totals[p]).percent
                for p, y in zip(trend.years, trend.years[1:], strict=False)
            ],
            "chart": trajectory_chart_spec(
                title=f"{trend.name}: CO2 emissions and the pathway to net zero "
                f"{trend.target_year}",
                actual=trend.totals,
                pathway=trend.pathway,
                unit="kt CO2",
            ),
        },
    )
