from __future__ import annotations

from typing import Any

from netzero.footprints.selectors import FootprintSummary


def _num(value) -> float:
    return float(value)


def summary_as_dict(s: FootprintSummary) -> dict[str, Any]:
    return {
        "organisation": s.organisation.name,
        "reporting_year": s.year_label,
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
