"""What the indicator pages and the command print, worked out in one place: figures with their
units, the baseline, goals, the rate still needed and the verdict, and the JSON shape."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netzero.indicators.charts import indicator_chart_spec
from netzero.indicators.models import Indicator, IndicatorGoal
from netzero.indicators.selectors import IndicatorSummary

NO_BASELINE = "No baseline stated"
NO_VALUES = "No values recorded yet."
NO_GOALS_TEXT = "No goal stated"


def figure(value: Decimal) -> str:
    """A value as printed: thousands separators, no trailing zeros ("3,250,000", "1.5")."""
    text = format(value.normalize(), ",f")
    return "0" if text in ("-0", "") else text


def with_unit(value: Decimal, unit: str) -> str:
    if not unit:
        return figure(value)
    return f"{figure(value)}%" if unit == "%" else f"{figure(value)} {unit}"


def unit_text(indicator: Indicator) -> str:
    return indicator.unit or "Not stated"


def owner_text(indicator: Indicator) -> str:
    if indicator.plan_id:
        return f"{indicator.plan.name} ({indicator.plan.organisation.name})"
    return indicator.organisation.name


def direction_text(indicator: Indicator) -> str:
    return (
        "Higher is better" if indicator.direction == Indicator.Direction.UP else ("Lower is better")
    )


def baseline_text(indicator: Indicator) -> str:
    if indicator.baseline_year is None:
        return NO_BASELINE
    return f"{with_unit(indicator.baseline_value, indicator.unit)} in {indicator.baseline_year}"


def goal_text(goal: IndicatorGoal) -> str:
    when = goal.label or f"by {goal.year}"
    return f"{with_unit(goal.value, goal.indicator.unit)}, {when}"


def latest_text(summary: IndicatorSummary) -> str:
    latest = summary.latest
    if latest is None:
        return NO_VALUES
    return (
        f"{with_unit(latest.value, summary.indicator.unit)} ({latest.period_label or latest.year})"
    )


def next_goal_text(summary: IndicatorSummary) -> str:
    goal = summary.next_goal
    if goal is not None:
        return goal_text(goal)
    return NO_GOALS_TEXT if not summary.goals else "No goal in or after the latest value's year"


def rate_text(summary: IndicatorSummary) -> str:
    """The change still needed each year from the latest value to the next goal (or, for a goal
    in the latest value's own year, how the value stands against it)."""
    rate, unit, latest = summary.track.rate, summary.indicator.unit, summary.latest
    goal = summary.next_goal
    if latest is None:
        return "No rate can be worked out until a value is recorded."
    if goal is None:
        return "No rate: no goal falls in or after the year of the latest value."
    up = summary.indicator.direction == Indicator.Direction.UP
    if rate is None:  # the goal is for the latest value's year
        meets = latest.value >= goal.value if up else latest.value <= goal.value
        side = ("at or above" if up else "at or below") if meets else ("below" if up else "above")
        return (
            f"None to work out: the latest value, {latest_text(summary)}, is {side} the goal of "
            f"{goal_text(goal)}."
        )
    if rate.tonnes_per_year == 0:
        return f"None: the latest value already meets the goal of {goal_text(goal)}."
    amount = (
        f"{figure(rate.tonnes_per_year)} percentage points"
        if unit == "%"
        else with_unit(rate.tonnes_per_year, unit)
    )
    text = (
        f"{'A rise' if up else 'A cut'} of {amount} each year from {latest.year} to reach "
        f"{goal_text(goal)}"
    )
    if rate.percent_per_year is not None:
        text += f" ({figure(rate.percent_per_year)}% a year, compounded)"
    return text + "."


def verdict_tag(summary: IndicatorSummary) -> tuple[str, str]:
    """The verdict's tag text and colour."""
    on_track = summary.track.verdict.on_track
    if on_track is None:
        return "Not known", "grey"
    return ("On track", "green") if on_track else ("Off track", "red")


def indicator_row(summary: IndicatorSummary) -> dict[str, Any]:
    """A list page's row."""
    tag, colour = verdict_tag(summary)
    return {
        "indicator": summary.indicator,
        "owner": owner_text(summary.indicator),
        "unit": unit_text(summary.indicator),
        "latest": latest_text(summary),
        "next_goal": next_goal_text(summary),
        "tag": tag,
        "colour": colour,
        "reason": summary.track.verdict.reason,
    }


def indicator_page(summary: IndicatorSummary) -> dict[str, Any]:
    """The detail page: the definition's texts, goals, values and the chart with its table."""
    indicator = summary.indicator
    tag, colour = verdict_tag(summary)
    by_year = dict((v.year, v.value) for v in summary.values)
    years = sorted(set(by_year) | set(summary.pathway) | {g.year for g in summary.goals})
    goals_by_year = {g.year: g.value for g in summary.goals}
    return {
        "summary": summary,
        "indicator": indicator,
        "owner": owner_text(indicator),
        "direction": direction_text(indicator),
        "unit": unit_text(indicator),
        "baseline": baseline_text(indicator),
        "goals": [(goal_text(g), g.source) for g in summary.goals],
        "values": [
            (v.period_label or str(v.year), with_unit(v.value, indicator.unit), v.source, v.note)
            for v in summary.values
        ],
        "rate": rate_text(summary),
        "tag": tag,
        "colour": colour,
        "reason": summary.track.verdict.reason,
        "chart_rows": [
            (
                y,
                _figure_or_blank(by_year.get(y)),
                _figure_or_blank(summary.pathway.get(y)),
                _figure_or_blank(goals_by_year.get(y)),
            )
            for y in years
        ],
        "chart": indicator_chart_spec(
            title=f"{indicator.name} ({unit_text(indicator)})",
            unit=indicator.unit,
            observed=sorted(by_year.items()),
            pathway=summary.pathway,
            goals=[(g.year, g.value) for g in summary.goals],
        )
        if summary.values or summary.goals
        else None,
    }


def _figure_or_blank(value: Decimal | None) -> str:
    return "" if value is None else figure(value.quantize(Decimal("0.01")))


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else figure(value).replace(",", "")


def indicator_as_dict(summary: IndicatorSummary) -> dict[str, Any]:
    """One indicator for ``netzero indicators --format json``: numbers as strings, exact."""
    indicator, rate = summary.indicator, summary.track.rate
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "owner": {
            "kind": "plan" if indicator.plan_id else "organisation",
            "slug": indicator.plan.slug if indicator.plan_id else indicator.organisation.slug,
            "name": owner_text(indicator),
        },
        "unit": indicator.unit,
        "direction": indicator.direction,
        "description": indicator.description,
        "source": indicator.source,
        "baseline": None
        if indicator.baseline_year is None
        else {"year": indicator.baseline_year, "value": _decimal(indicator.baseline_value)},
        "goals": [
            {"value": _decimal(g.value), "year": g.year, "label": g.label, "source": g.source}
            for g in summary.goals
        ],
        "values": [
            {
                "year": v.year,
                "period": v.period_label,
                "value": _decimal(v.value),
                "source": v.source,
                "note": v.note,
            }
            for v in summary.values
        ],
        "actions": [{"plan": a.plan.slug, "ref": a.ref} for a in summary.actions],
        "verdict": {
            "on_track": summary.track.verdict.on_track,
            "reason": summary.track.verdict.reason,
        },
        "rate_still_needed": {
            "per_year": None if rate is None else _decimal(rate.tonnes_per_year),
            "percent_per_year": None if rate is None else _decimal(rate.percent_per_year),
            "text": rate_text(summary),
        },
    }


def indicators_as_text(*, title: str, summaries: list[IndicatorSummary]) -> str:
    lines = [title, ""]
    if not summaries:
        lines.append("No indicators.")
    for s in summaries:
        i = s.indicator
        actions = ", ".join(f"Ref {a.ref}" for a in s.actions) or "none"
        lines += [
            f"{i.name} [unit: {unit_text(i)}; {direction_text(i).lower()}]",
            f"  Owner: {owner_text(i)}",
            f"  Baseline: {baseline_text(i)}",
            "  Goals: " + ("; ".join(goal_text(g) for g in s.goals) or NO_GOALS_TEXT),
            "  Values: "
            + (
                "; ".join(
                    f"{with_unit(v.value, i.unit)} ({v.period_label or v.year})" for v in s.values
                )
                or NO_VALUES
            ),
            f"  Actions: {actions}",
            f"  Verdict: {s.track.verdict.reason}",
            f"  Rate still needed: {rate_text(s)}",
            "",
        ]
    return "\n".join(lines)
