"""The status trend by quarter: the priority actions' counts by status in each quarter, as a
stacked bar chart (a Vega-Lite spec drawn by the shipped vega-embed), shown with its table."""

from __future__ import annotations

from typing import Any

from netzero.core.charts import FONT, SCHEMA
from netzero.dashboards.presenters import TrendTable
from netzero.reporting.status import STATUS_INFO

# The colours of the status tags (GOV.UK Frontend's tag classes in reporting/status.py): the
# tag's background fills a bar, its text colour outlines it (so a pale bar stands out on white).
TAG_COLOURS: dict[str, tuple[str, str]] = {
    "govuk-tag--green": ("#cfe4dc", "#083d29"),
    "govuk-tag--yellow": ("#ffee80", "#7a3c1c"),
    "govuk-tag--red": ("#f4d7d7", "#651b1b"),
    "govuk-tag--grey": ("#cecece", "#0b0c0c"),
}

TREND_TITLE = "Priority actions by status"


def status_trend_spec(table: TrendTable, *, title: str = TREND_TITLE) -> dict[str, Any]:
    """A bar per quarter, oldest first, stacked by status in the product's order (best at the
    bottom), in the tags' colours. The bars fill the width of the page (a phone's too)."""
    labels = [s.label for s in table.statuses]
    values = [
        {
            "quarter": row.chart_label,
            "status": status.label,
            "order": STATUS_INFO[status].rank,
            "actions": n,
        }
        for row in table.rows
        for status, n in zip(table.statuses, row.counts, strict=True)
    ]
    fills = [TAG_COLOURS[STATUS_INFO[s].tag_class][0] for s in table.statuses]
    strokes = [TAG_COLOURS[STATUS_INFO[s].tag_class][1] for s in table.statuses]
    legend = {"orient": "bottom", "direction": "horizontal", "columns": 2, "title": None}
    described = "; ".join(
        f"{row.chart_label}: "
        + ", ".join(f"{label} {n}" for label, n in zip(labels, row.counts, strict=True))
        for row in table.rows
    )
    return {
        "$schema": SCHEMA,
        "description": f"{title}. {described}.",
        "title": title,
        "width": "container",
        "height": 260,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "bar", "strokeWidth": 1},
        "encoding": {
            "x": {
                "field": "quarter",
                "type": "ordinal",
                "sort": None,
                "title": "Quarter",
                "axis": {"labelAngle": -40, "labelLimit": 140},
            },
            "y": {
                "field": "actions",
                "type": "quantitative",
                "stack": "zero",
                "title": "Priority actions",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": "status",
                "type": "nominal",
                "title": None,
                "scale": {"domain": labels, "range": fills},
                "legend": legend,
            },
            "stroke": {
                "field": "status",
                "type": "nominal",
                "title": None,
                "scale": {"domain": labels, "range": strokes},
                "legend": legend,
            },
            "order": {"field": "order", "type": "quantitative", "sort": "ascending"},
        },
        "config": {"font": FONT, "view": {"stroke": None}},
    }
