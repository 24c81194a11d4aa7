"""An indicator's chart as a Vega-Lite spec, drawn by the shipped vega-embed as footprints'
are; the page shows the same figures in a table beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier; nothing is fetched
FONT = "arial, sans-serif"
SERIES = ["Observed", "Pathway", "Goal"]


def indicator_chart_spec(
    *,
    title: str,
    unit: str,
    observed: list[tuple[int, Decimal]],
    pathway: dict[int, Decimal],
    goals: list[tuple[int, Decimal]],
) -> dict[str, Any]:
    values = [{"year": y, "series": "Observed", "value": float(v)} for y, v in observed]
    values += [{"year": y, "series": "Pathway", "value": float(v)} for y, v in pathway.items()]
    values += [{"year": y, "series": "Goal", "value": float(v)} for y, v in goals]
    return {
        "$schema": SCHEMA,
        "description": f"{title}: values observed, the pathway and the goals, in {unit}.",
        "title": title,
        "width": 560,
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "Year"},
            "y": {"field": "value", "type": "quantitative", "title": unit},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": SERIES, "range": ["#1d70b8", "#d4351c", "#00703c"]},
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": SERIES, "range": [[1, 0], [6, 4], [2, 2]]},
                "legend": None,
            },
        },
        "config": {"font": FONT, "view": {"stroke": None}},
    }
