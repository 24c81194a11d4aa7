from __future__ import annotations

from decimal import Decimal
from typing import Any

from netzero.core.years import financial_year_label
from netzero.footprints.selectors import FactorSetUsed, FootprintSummary, TargetTrend, Trend
from netzero.footprints.trend_presenters import SCOPE_NAMES, target_summary


def _num(value) -> float:
    return float(value)


def factor_set_as_dict(used: FactorSetUsed) -> dict[str, Any]:
    fs = used.factor_set
    return {
        "set_year": fs.set_year,
        "edition": fs.edition,
        "origin": fs.origin,
        "source_file": fs.source_file,
        "sha256": fs.sha256,
        "default_set_year": used.default_set_year,
        "chosen": used.chosen,
        "reason": used.choice.reason if used.chosen else "",
        "message": used.message,
    }


def summary_as_dict(s: FootprintSummary) -> dict[str, Any]:
    sets = [factor_set_as_dict(used) for used in s.factor_sets]
    return {
        "organisation": s.organisation.name,
        "reporting_year": s.year_label,
        # The set the year's calculated figures use where it is not the default shipped set
        # (null otherwise); "factor_sets" lists every such set, should a year use more than one.
        "factor_set": sets[0] if sets else None,
        "factor_sets": sets,
        "by_scope": {k: _num(v) for k, v in s.by_scope},
        "by_category": {k: _num(v) for k, v in s.by_category},
        "by_boundary": {k: _num(v) for k, v in s.by_boundary},
        "entries": [
            {
                "category": e.get_category_display(),
                "scope": e.scope,
                "boundary": e.get_boundary_display(),
                "tco2e": _num(e.tco2e),
                "method": e.method,
                "source": e.source,
                "quality_note": e.quality_note,
                "activity": (
                    {
                        "quantity": _num(e.quantity),
                        "unit": e.unit,
                        "factor_set": e.factor.factor_set.set_year,
                        "factor_row": e.factor.source_row,
                        "factor_kg_per_unit": _num(e.factor.value),
                    }
                    if e.factor_id
                    else None
                ),
            }
            for e in s.entries
        ],
        "stated_totals": [
            {
                "label": r.total.label,
                "tco2e": _num(r.total.tco2e),
                "parts": _num(r.parts),
                "difference": _num(r.difference),
                "flagged": r.flagged,
                "message": r.message,
                "source": r.total.source,
                "quality_note": r.total.quality_note,
            }
            for r in s.reconciliations
        ],
        "flags": [r.message for r in s.flags],
    }


def summary_as_text(s: FootprintSummary) -> str:
    out = [f"{s.organisation.name}: carbon footprint {s.year_label}", ""]
    if s.factor_sets:
        out += [f"Factor set: {used.message}" for used in s.factor_sets] + [""]
    for title, rows in (
        ("By scope", s.by_scope),
        ("By category", s.by_category),
        ("By boundary", s.by_boundary),
    ):
        out.append(title)
        out += [f"  {k:<34} {v:>14,.0f} tCO2e" for k, v in rows] or ["  (no figures)"]
        out.append("")
    out.append("Stated totals")
    for r in s.reconciliations:
        mark = "FLAG " if r.flagged else ""
        out.append(f"  {mark}{r.message}")
    notes = sorted(
        {e.quality_note for e in s.entries if e.quality_note}
        | {r.total.quality_note for r in s.reconciliations if r.total.quality_note}
    )
    if notes:
        out += ["", "Data-quality notes"] + [f"  - {n}" for n in notes]
    return "\n".join(out) + "\n"


def _decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def trend_as_dict(trend: Trend) -> dict[str, Any]:
    """The trend (``footprint_trend``): each boundary's years, and each target's pathway,
    change, rate, projection and verdict, with the page's words."""
    return {
        "boundaries": [
            {
                "boundary": b.label,
                "years": [
                    {
                        "reporting_year": y.label,
                        "by_scope": {SCOPE_NAMES[k]: float(v) for k, v in y.by_scope.items()},
                        "itemised": _decimal(y.itemised),
                        "stated_totals": [
                            {"label": s.label, "tco2e": float(s.tco2e)} for s in y.stated
                        ],
                    }
                    for y in b.years
                ],
            }
            for b in trend.boundaries
        ],
        "targets": [_target_as_dict(t) for t in trend.targets],
    }


def _target_as_dict(t: TargetTrend) -> dict[str, Any]:
    target = t.target
    words = target_summary(t)
    return {
        "description": target.description,
        "boundary": words["boundary"],
        "baseline_year": target.baseline_year,
        "baseline_tco2e": _decimal(target.baseline_tco2e),
        "target_year": target.target_year,
        "reduction_percent": float(target.reduction_percent),
        "target_tco2e": _decimal(t.target_tco2e),
        "recorded": {financial_year_label(y): float(v) for y, v in t.recorded.items()},
        "compared": {financial_year_label(y): float(v) for y, v in t.compared.items()},
        "years_left_out": [{"reporting_year": y.label, "reason": y.reason} for y in t.left_out],
        "pathway": {financial_year_label(y): float(v) for y, v in t.pathway.items()},
        "change": None
        if t.change is None
        else {"tco2e": float(t.change.absolute), "percent": _decimal(t.change.percent)},
        "rate_still_needed": None
        if t.rate is None
        else {
            "tco2e_a_year": float(t.rate.tonnes_per_year),
            "percent_a_year": _decimal(t.rate.percent_per_year),
        },
        "projection": None
        if t.projection is None
        else {
            "years_used": t.projection.years_used,
            "slope_tco2e_a_year": float(t.projection.slope_per_year),
            "at_target_year": float(t.projection.value_at_target_year),
        },
        "on_track": t.verdict.on_track,
        "verdict": t.verdict.reason,
        "reason": t.reason,
        "source": target.source,
    }


def trend_as_text(trend: Trend) -> str:
    out = [f"{trend.organisation.name}: footprint by year and targets", ""]
    for b in trend.boundaries:
        out.append(b.label)
        for y in b.years:
            scopes = ", ".join(f"{SCOPE_NAMES[k]} {v:,.0f}" for k, v in y.by_scope.items())
            itemised = "no figures itemised" if y.itemised is None else f"{y.itemised:,.0f}"
            line = f"  {y.label}  itemised {itemised} tCO2e" + (f" ({scopes})" if scopes else "")
            stated = "; ".join(f"{s.label} {s.tco2e:,.0f}" for s in y.stated)
            out.append(line + (f"; stated: {stated}" if stated else ""))
        out.append("")
    out.append("Targets")
    if not trend.targets:
        out.append("  (none recorded)")
    for t in trend.targets:
        words = target_summary(t)
        out += [
            f"  {t.target.description} [{words['tag']}]",
            f"    Boundary: {words['boundary']}",
            f"    Baseline: {words['baseline']}",
            f"    Target: {words['goal']}",
        ]
        out += [f"    Left out: {reason}" for reason in words["left_out"]]
        if t.pathway:
            out += [
                f"    Change since the baseline: {words['change']}",
                f"    Rate still needed: {words['rate']}",
            ]
        out.append(f"    Verdict: {words['verdict']}")
    return "\n".join(out) + "\n"
