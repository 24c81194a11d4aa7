"""The plan's timeline (the Green Plan's Figure 7): each action as a bar from the first to the
last financial year of its timescale. A Vega-Lite spec, shown with the same rows as a table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netzero.core.charts import FONT, SCHEMA
from netzero.core.narrative import narrative_plain_text
from netzero.plans.outline import PlanOutline
from netzero.plans.targets import financial_year_label


@dataclass(frozen=True)
class TimelineRow:
    ref: str
    theme: str
    text: str  # plain text
    timescale: str  # as printed
    start_year: int
    end_year: int

    @property
    def span(self) -> str:
        start, end = financial_year_label(self.start_year), financial_year_label(self.end_year)
        return start if start == end else f"{start} to {end}"


def timeline_rows(outline: PlanOutline) -> tuple[list[TimelineRow], list[str]]:
    """The actions with a timescale, in the plan's order, and the refs of those without one."""
    rows: list[TimelineRow] = []
    undated: list[str] = []
    for item in outline.actions():
        a = item.action
        if a.start_year is None or a.end_year is None:
            undated.append(a.ref)
            continue
        rows.append(
            TimelineRow(
                ref=a.ref,
                theme=item.theme.name,
                text=a.title or narrative_plain_text(a.text),
                timescale=a.target,
                start_year=a.start_year,
                end_year=a.end_year,
            )
        )
    return rows, undated


def timeline_chart_spec(*, title: str, rows: list[TimelineRow]) -> dict[str, Any]:
    """A bar per action from the April its first financial year starts to the March its last one
    ends, on an axis of years."""
    values = [
        {
            "ref": r.ref,
            "action": r.text if len(r.text) <= 80 else r.text[:77] + "...",
            "timescale": r.timescale,
            "span": r.span,
            "from": r.start_year + 0.25,  # 1 April
            "to": r.end_year + 1.25,  # 31 March of the following year
        }
        for r in rows
    ]
    first = min((r.start_year for r in rows), default=2022)
    last = max((r.end_year for r in rows), default=first) + 2
    return {
        "$schema": SCHEMA,
        "description": f"{title}: " + "; ".join(f"{r.ref} {r.span}" for r in rows),
        "title": title,
        "width": 560,
        "height": {"step": 16},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True, "color": "#1d70b8"},
        "encoding": {
            "y": {"field": "ref", "type": "nominal", "sort": None, "title": "Ref"},
            "x": {
                "field": "from",
                "type": "quantitative",
                "title": "Year",
                "scale": {"domain": [first, last], "nice": False},
                "axis": {"format": "d", "tickMinStep": 1},
            },
            "x2": {"field": "to"},
            "tooltip": [
                {"field": "ref", "title": "Ref"},
                {"field": "action", "title": "Action"},
                {"field": "timescale", "title": "Timescale as written"},
                {"field": "span", "title": "Financial years"},
            ],
        },
        "config": {"font": FONT, "view": {"stroke": None}},
    }
