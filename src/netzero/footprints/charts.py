"""Charts as Vega-Lite specs built in Python: the page draws them with the shipped vega-embed,
the server draws the very same spec to SVG with vl-convert-python (for reports). Every chart is
shown with its data as a table too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netzero.core.charts import FONT, SCHEMA, spec_to_svg
from netzero.footprints.selectors import FootprintSummary

__all__ = [
    "added_up_chart_spec",
    "category_chart_spec",
    "for_page",
    "spec_to_svg",
    "trajectory_chart_spec",
    "trend_chart_spec",
]


def category_chart_spec(summary: FootprintSummary) -> dict[str, Any]:
    """Itemised figures by category as a horizontal bar chart, largest first (easier to read
    than the Green Plan's pie charts)."""
    values = [{"category": name, "tco2e": float(value)} for name, value in summary.by_category]
    return {
        "$schema": SCHEMA,
        "description": (
            f"{summary.organisation.name}, {summary.year_label}: tCO2e by category. "
            + "; ".join(f"{v['category']} {v['tco2e']:,.0f}" for v in values)
        ),
        "title": f"{summary.organisation.name}: footprint by category, {summary.year_label}",
        "width": 560,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True, "color": "#1d70b8"},
        "encoding": {
            "y": {"field": "category", "type": "nominal", "sort": "-x", "title": None},
            "x": {
                "field": "tco2e",
                "type": "quantitative",
                "title": "tCO2e",
                "axis": {"format": ",.0f"},
            },
        },
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def for_page(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as a page draws it: as wide as its container (a phone's screen or the page's
    column), the whole chart (axes, legend) fitted inside, long axis labels, legend labels and
    the title cut to fit rather than overflowing (a page gives its charts short titles: the
    page's heading names the organisation). The server's SVG and the reports keep the fixed
    width."""
    config = spec.get("config", {})
    return {
        **spec,
        "width": "container",
        "autosize": {"type": "fit", "contains": "padding", "resize": True},
        "config": {
            **config,
            "axis": {**config.get("axis", {}), "labelLimit": 140},
            "legend": {**config.get("legend", {}), "labelLimit": {"expr": "max(width - 30, 80)"}},
            "title": {**config.get("title", {}), "limit": {"expr": "width"}},
        },
    }


def trajectory_chart_spec(
    *, title: str, actual: dict[int, Decimal], pathway: dict[int, Decimal], unit: str
) -> dict[str, Any]:
    values = [
        {"year": y, "series": "Recorded", "value": float(v)} for y, v in sorted(actual.items())
    ]
    values += [
        {"year": y, "series": "Pathway", "value": float(v)} for y, v in sorted(pathway.items())
    ]
    return {
        "$schema": SCHEMA,
        "description": f"{title}: recorded emissions and the straight-line pathway, in {unit}.",
        "title": title,
        "width": 560,
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "Year"},
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": unit,
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"domain": ["Recorded", "Pathway"], "range": ["#1d70b8", "#d4351c"]},
                "legend": {"orient": "bottom"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": ["Recorded", "Pathway"], "range": [[1, 0], [6, 4]]},
                "legend": None,
            },
        },
        "config": {"font": FONT, "view": {"stroke": None}},
    }


# Legends under the chart, one below the other (never side by side, which overflows a phone's
# screen), their labels up to the fixed width of the server's SVG; ``for_page`` limits them to
# the chart's width on the page (a cut label ends in "…"; the table gives it in full).
LEGENDS_BELOW = {
    "layout": {"bottom": {"anchor": "start", "direction": "vertical"}},
    "labelLimit": 500,
}

SCOPE_COLOURS = {  # the GOV.UK analysis palette, in order
    "Scope 1": "#12436d",
    "Scope 2": "#28a197",
    "Scope 3": "#801650",
    "Scope not stated": "#a285d1",
}
PATHWAY_COLOURS = ["#f46a25", "#3d3d3d", "#1d70b8", "#d4351c"]


def _year_axis(years: list[str]) -> dict[str, Any]:
    """Reporting years along the x axis, every one in order (a year with no figure keeps its
    place), slanted when there are many."""
    return {
        "field": "year",
        "type": "ordinal",
        "sort": years,
        "scale": {"domain": years},
        "title": "Reporting year",
        "axis": {"labelAngle": -45 if len(years) > 6 else 0},
    }


def trend_chart_spec(
    *,
    title: str,
    description: str,
    years: list[str],
    bars: list[tuple[str, str, Decimal]],
    pathways: dict[str, dict[str, Decimal]],
) -> dict[str, Any]:
    """The footprint by reporting year, stacked by scope (``bars``: year label, scope name,
    tCO2e), with each target's straight-line pathway (``pathways``: target -> year label ->
    tCO2e) as a dashed line. ``years``: every year on the axis, in order."""
    scopes = [name for name in SCOPE_COLOURS if any(b[1] == name for b in bars)]
    order = {name: i for i, name in enumerate(SCOPE_COLOURS)}
    x = _year_axis(years)
    y_axis = {"format": ",.0f"}
    layers: list[dict[str, Any]] = [
        {
            "data": {
                "values": [
                    {"year": year, "scope": scope, "order": order[scope], "tco2e": float(value)}
                    for year, scope, value in bars
                ]
            },
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": x,
                "y": {
                    "field": "tco2e",
                    "type": "quantitative",
                    "stack": "zero",
                    "title": "tCO2e",
                    "axis": y_axis,
                },
                "color": {
                    "field": "scope",
                    "type": "nominal",
                    "title": "Itemised figures",
                    "scale": {
                        "domain": scopes,
                        "range": [SCOPE_COLOURS[s] for s in scopes],
                    },
                    "legend": {"orient": "bottom", "direction": "vertical"},
                },
                "order": {"field": "order", "type": "quantitative"},
            },
        }
    ]
    if pathways:
        names = list(pathways)
        layers.append(
            {
                "data": {
                    "values": [
                        {"year": year, "target": name, "tco2e": float(value)}
                        for name, line in pathways.items()
                        for year, value in line.items()
                    ]
                },
                "mark": {
                    "type": "line",
                    "point": True,
                    "tooltip": True,
                    "strokeDash": [6, 4],
                    "strokeWidth": 2,
                },
                "encoding": {
                    "x": x,
                    "y": {"field": "tco2e", "type": "quantitative", "axis": y_axis},
                    "stroke": {
                        "field": "target",
                        "type": "nominal",
                        "title": "Pathway to the target",
                        "scale": {
                            "domain": names,
                            "range": [
                                PATHWAY_COLOURS[i % len(PATHWAY_COLOURS)] for i in range(len(names))
                            ],
                        },
                        "legend": {"orient": "bottom", "direction": "vertical"},
                    },
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "description": description,
        "title": title,
        "width": 560,
        "height": 300,
        "layer": layers,
        "config": {"font": FONT, "view": {"stroke": None}, "legend": LEGENDS_BELOW},
    }


def added_up_chart_spec(
    *, title: str, years: list[str], series: dict[str, dict[str, Decimal | None]]
) -> dict[str, Any]:
    """The members' figures added up, one line per boundary (``series``: boundary -> year
    label -> tCO2e, None for a year not added up, where the line breaks), each added-up year
    also drawn as a point. Boundaries are separate lines, never summed."""
    names = list(series)
    return {
        "$schema": SCHEMA,
        "description": (
            f"{title}, tCO2e: "
            + "; ".join(
                f"{name}: "
                + ", ".join(f"{y} {float(v):,.0f}" for y, v in line.items() if v is not None)
                for name, line in series.items()
            )
        ),
        "title": title,
        "width": 560,
        "data": {
            "values": [
                {"year": y, "boundary": name, "tco2e": None if v is None else float(v)}
                for name, line in series.items()
                for y, v in line.items()
            ]
        },
        "encoding": {
            "x": _year_axis(years),
            "y": {
                "field": "tco2e",
                "type": "quantitative",
                "title": "tCO2e",
                "axis": {"format": ",.0f"},
            },
            "color": {
                "field": "boundary",
                "type": "nominal",
                "title": "Boundary",
                "scale": {
                    "domain": names,
                    "range": [PATHWAY_COLOURS[i % len(PATHWAY_COLOURS)] for i in range(len(names))],
                },
                "legend": {"orient": "bottom", "direction": "vertical"},
            },
        },
        "layer": [
            # A year not added up breaks the line rather than being bridged.
            {"mark": {"type": "line", "invalid": "break-paths-show-domains"}},
            # Each added-up year is a point too, so a boundary added up in one year only (a
            # line of one point draws nothing) or a year alone between two breaks still shows.
            {
                "transform": [{"filter": "isValid(datum.tco2e)"}],
                "mark": {"type": "point", "filled": True, "size": 70, "tooltip": True},
            },
        ],
        "config": {"font": FONT, "view": {"stroke": None}, "legend": LEGENDS_BELOW},
    }
