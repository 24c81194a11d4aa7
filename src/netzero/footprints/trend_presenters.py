"""What the trend page (and ``netzero footprint``) prints from ``footprint_trend``: per boundary,
a table of each year's figures with the chart drawn from the same rows, and per target its
baseline, target, change since the baseline, the rate still needed and the verdict in words."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat

from netzero.core.years import financial_year_label
from netzero.footprints.charts import for_page, trend_chart_spec
from netzero.footprints.selectors import (
    ALL_BOUNDARIES,
    BoundaryTrend,
    TargetTrend,
    Trend,
)

SCOPE_NAMES = {1: "Scope 1", 2: "Scope 2", 3: "Scope 3", None: "Scope not stated"}
DASH = "\u2013"
WHAT_IS_PLOTTED = (
    "The bars are the itemised figures on this boundary, stacked by scope; the totals the "
    "organisation states are in the table beside them, not drawn, as a stated total may include "
    "figures that are not itemised. Each target's pathway is the straight line from its baseline "
    "figure to its target."
)


def tonnes(value: Decimal | None) -> str:
    """Whole tonnes as the footprint page and the report print them; a dash for none."""
    return DASH if value is None else str(floatformat(value, "0g"))


def _percent(value: Decimal) -> str:
    return f"{value:,.1f}".replace("-", "\u2212")


def baseline_text(t: TargetTrend) -> str:
    target = t.target
    if target.baseline_year is None:
        return "No baseline year or figure"
    if target.baseline_tco2e is None:
        return f"From {target.baseline_year}; the source gives no figure"
    return f"{tonnes(target.baseline_tco2e)} tCO2e in {baseline_year_text(t)}"


def baseline_year_text(t: TargetTrend) -> str:
    """The baseline year as its figures are written where the organisation has figures for the
    reporting year starting in it (2021-22); otherwise as the source gives it (1990)."""
    year = t.target.baseline_year
    return financial_year_label(year) if year in t.recorded else str(year)


def target_text(t: TargetTrend) -> str:
    target = t.target
    cut = f"{floatformat(target.reduction_percent, '-2')}% below the baseline"
    if target.reduction_percent == 100:
        cut = "net zero"
    by = target.target_year
    if t.target_tco2e is None:
        return f"{cut[0].upper()}{cut[1:]} by {by}"
    return f"{tonnes(t.target_tco2e)} tCO2e ({cut}) by {by}"


def change_text(t: TargetTrend) -> str:
    if t.change is None or t.latest is None:
        return t.reason or "No figure to compare with the baseline."
    moved = t.change
    if moved.absolute == 0:
        direction = "No change"
    else:
        direction = f"{'Down' if moved.absolute < 0 else 'Up'} {tonnes(abs(moved.absolute))} tCO2e"
        if moved.percent is not None:
            direction += f" ({_percent(abs(moved.percent))}%)"
    return (
        f"{direction}: from {baseline_text(t)} to {tonnes(t.latest[1])} tCO2e in "
        f"{financial_year_label(t.latest[0])}."
    )


def rate_text(t: TargetTrend) -> str:
    if t.rate is None or t.latest is None:
        return t.reason or "No rate can be worked out."
    if t.rate.tonnes_per_year == 0:
        return "None: the latest figure is already at or below the target."
    text = (
        f"A cut of {floatformat(t.rate.tonnes_per_year, '-1g')} tCO2e a year from "
        f"{financial_year_label(t.latest[0])}'s figure to reach the target by "
        f"{t.target.target_year}"
    )
    if t.target_tco2e is not None and t.target_tco2e <= 0:
        text += "; no constant percentage cut reaches zero"
    elif t.rate.percent_per_year is not None:
        text += f" ({floatformat(t.rate.percent_per_year, 2)}% a year, compounded)"
    return text + "."


def verdict_tag(t: TargetTrend) -> tuple[str, str]:
    if t.verdict.on_track is None:
        return "Not known", "grey"
    if t.latest is not None and t.latest[0] >= t.target.target_year:
        return ("Met", "green") if t.verdict.on_track else ("Missed", "red")
    return ("On track", "green") if t.verdict.on_track else ("Off track", "red")


def target_summary(t: TargetTrend) -> dict[str, Any]:
    tag, colour = verdict_tag(t)
    return {
        "target": t.target,
        "boundary": t.target.get_boundary_display() or "All boundaries",
        "baseline": baseline_text(t),
        "goal": target_text(t),
        "change": change_text(t),
        "rate": rate_text(t),
        "tag": tag,
        "colour": colour,
        "verdict": t.verdict.reason,
        "has_pathway": bool(t.pathway),
        # Said only where there is a change, rate and verdict for the years left out to skew.
        "left_out": [y.reason for y in t.left_out] if t.pathway else [],
    }


def _panel_targets(trend: Trend, panel: BoundaryTrend) -> list[TargetTrend]:
    """The targets drawn on a boundary's chart: its own, and those naming no boundary when the
    organisation's figures are on one boundary only (else they have the All boundaries panel)."""
    only = len(trend.boundaries) == 1
    return [
        t
        for t in trend.targets
        if t.boundary == panel.boundary or (t.boundary == ALL_BOUNDARIES and only)
    ]


def trend_panel(trend: Trend, panel: BoundaryTrend) -> dict[str, Any]:
    """One boundary: its table's rows and the chart drawn from them."""
    targets = [t for t in _panel_targets(trend, panel) if t.pathway]
    by_year = {row.year: row for row in panel.years}
    years = sorted(set(by_year) | {y for t in targets for y in t.pathway})
    scopes = [s for s in SCOPE_NAMES if any(s in row.by_scope for row in panel.years)]
    rows = []
    bars = []
    for year in years:
        row = by_year.get(year)
        label = financial_year_label(year)
        for scope in scopes:
            if row is not None and scope in row.by_scope:
                bars.append((label, SCOPE_NAMES[scope], row.by_scope[scope]))
        rows.append(
            {
                "label": label,
                "scopes": [tonnes(row.by_scope.get(scope) if row else None) for scope in scopes],
                "itemised": tonnes(row.itemised if row else None),
                "stated": [f"{s.label}: {tonnes(s.tco2e)}" for s in row.stated] if row else [],
                "pathways": [tonnes(t.pathway.get(year)) for t in targets],
            }
        )
    name = trend.organisation.name
    title = f"{name}: footprint by year, {panel.label}"
    described = "; ".join(
        f"{r['label']} itemised {r['itemised']}" for r in rows if r["itemised"] != DASH
    )
    spec = trend_chart_spec(
        title=title,
        description=(
            f"{title}, tCO2e, itemised figures stacked by scope"
            + (f", with the pathway of {len(targets)} target(s)" if targets else "")
            + f". {described or 'No itemised figures.'}"
        ),
        years=[financial_year_label(y) for y in years],
        bars=bars,
        pathways={
            t.target.description: {financial_year_label(y): v for y, v in t.pathway.items()}
            for t in targets
        },
    )
    return {
        "boundary": panel.boundary or "all",
        "chart_id": f"trend-chart-{panel.boundary or 'all'}",
        "spec_id": f"trend-chart-{panel.boundary or 'all'}-spec",
        "label": panel.label,
        "scope_headers": [SCOPE_NAMES[s] for s in scopes],
        "pathway_headers": [t.target.description for t in targets],
        "rows": rows,
        "chart": spec if bars or targets else None,
        # The page's heading names the organisation: its chart's title is short, to fit a phone.
        "page_chart": for_page({**spec, "title": f"{panel.label}, tCO2e"})
        if bars or targets
        else None,
        "has_stated": any(row.stated for row in panel.years),
        "all_boundaries": panel.boundary == ALL_BOUNDARIES,
    }


def trend_page(trend: Trend) -> dict[str, Any]:
    """The page's parts: each boundary's panel, each target's summary, and the empty states."""
    panels = [trend_panel(trend, panel) for panel in trend.boundaries]
    return {
        "empty": not trend.years,
        "one_year": len(trend.years) == 1,
        "panels": panels,
        "has_chart": any(p["chart"] for p in panels),
        "targets": [target_summary(t) for t in trend.targets],
        "no_baseline": [t.target for t in trend.targets if not t.pathway],
        "what_is_plotted": WHAT_IS_PLOTTED,
    }
