"""The dashboard as JSON-ready data and as plain text: the command line's and API's formats."""

from __future__ import annotations

import json
from typing import Any

from netzero.core.narrative import narrative_plain_text
from netzero.dashboards.presenters import not_counted_text
from netzero.dashboards.summary import at_risk_intro, long_list_paragraphs, priority_paragraphs
from netzero.dashboards.types import ActionRow, Dashboard, Movement, StatusSummary, ThemeCount
from netzero.reporting.presenters import change_text, impact_label
from netzero.reporting.status import STATUSES_BEST_FIRST


def _status_map(values: dict) -> dict[str, int]:
    return {status.label: values[status] for status in STATUSES_BEST_FIRST}


def _theme_count(tc: ThemeCount) -> dict[str, Any]:
    data: dict[str, Any] = {"theme": tc.theme}
    if tc.lead is not None:
        data["lead"] = tc.lead
    data.update(_status_map(tc.counts))
    data["Total"] = tc.total
    return data


def _movement(m: Movement) -> dict[str, str]:
    return {
        "ref": m.ref,
        "from": m.from_status.label,
        "to": m.to_status.label,
        "change": m.change.value,
    }


def _summary(s: StatusSummary) -> dict[str, Any]:
    return {
        "total": s.total,
        "totals": _status_map(s.counts),
        "percentages": _status_map(s.percentages),
    }


def _row(r: ActionRow) -> dict[str, Any]:
    return {
        "ref": r.ref,
        "kind": r.kind,
        "title": r.title,
        "text": narrative_plain_text(r.text),
        "strategy_theme": r.strategy_theme,
        "theme": r.theme,
        "delivery_theme": r.delivery_theme,
        "target": r.target,
        "success_measure": r.success_measure,
        "impact": r.impact.label if r.impact else None,
        "status": r.status.label,
        "previous_status": r.previous_status.label if r.previous_status else None,
        "change": change_text(r.change, r.previous_status),
        "progress": narrative_plain_text(r.progress),
        "reason": r.reason,
        "mitigation": r.mitigation,
        "note": r.note,
        "reports_through": r.reports_through,
        "overdue": r.overdue,
        "state": "completed" if r.completed else "current",
    }


def dashboard_as_dict(d: Dashboard) -> dict[str, Any]:
    return {
        "plan": {
            "slug": d.plan.slug,
            "name": d.plan_name,
            "organisation": d.organisation_name,
        },
        "period": d.period.name,
        "previous_period": d.previous_period.name if d.previous_period else None,
        "priority_actions": d.priority.total,
        "totals": _status_map(d.priority.counts),
        "percentages": _status_map(d.priority.percentages),
        "by_strategy_theme": [_theme_count(t) for t in d.by_strategy_theme],
        "by_delivery_theme": [_theme_count(t) for t in d.by_delivery_theme],
        "movements": [_movement(m) for m in d.movements],
        "at_risk_high_impact": [r.ref for r in d.at_risk_high_impact],
        "at_risk_high_impact_detail": [
            {
                "ref": r.ref,
                "status": r.status.label,
                "strategy_theme": r.strategy_theme,
                "mitigation": r.mitigation,
                "also_covers": list(r.reported_by),
            }
            for r in d.at_risk_high_impact
        ],
        "summary": [p.text for p in priority_paragraphs(d)] + [at_risk_intro(d).text],
        "long_list": {
            **_summary(d.long_list),
            "movements": [_movement(m) for m in d.long_list_movements],
            "action_items": [
                {"ref": r.ref, "title": r.title, "progress": narrative_plain_text(r.progress)}
                for r in d.long_list_action_items
            ],
            "summary": [p.text for p in long_list_paragraphs(d)],
            "notes": [{"text": n.text, "source": n.source} for n in d.long_list_notes],
        },
        "notes": d.notes,
        "actions": [_row(r) for r in d.rows],
        "not_counted": [
            {
                "ref": n.ref,
                "state": n.change,
                "other": n.other_ref,
                "from_period": n.from_period,
                "reason": n.reason,
                "text": not_counted_text(n),
            }
            for n in d.not_counted
        ],
    }


def dashboard_as_json(d: Dashboard) -> str:
    """``dashboard_as_dict`` as indented JSON ending in a newline: what ``netzero dashboard
    --format json`` prints and the JSON download holds, byte for byte."""
    return json.dumps(dashboard_as_dict(d), indent=2, ensure_ascii=False) + "\n"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def dashboard_as_text(d: Dashboard) -> str:
    labels = [s.label for s in STATUSES_BEST_FIRST]
    out = [
        f"{d.organisation_name}: {d.plan_name}",
        f"Climate Change Programme Dashboard {d.period.name}",
        "",
    ]
    for title, counts in (
        ("Strategy theme", d.by_strategy_theme),
        ("Delivery theme", d.by_delivery_theme),
    ):
        rows = [[t.theme, *[str(t.counts[s]) for s in STATUSES_BEST_FIRST]] for t in counts]
        rows.append(["Total", *[str(d.priority.counts[s]) for s in STATUSES_BEST_FIRST]])
        out += [*_table([title, *labels], rows), ""]
    out += [p.text for p in priority_paragraphs(d)] + [""]
    out.append(at_risk_intro(d).text)
    for r in d.at_risk_high_impact:
        also = (
            f" (also reports for {', '.join('Ref ' + x for x in r.reported_by)})"
            if r.reported_by
            else ""
        )
        label = f"[{r.status.label}, {impact_label(r.impact)}]"
        out.append(f"  - Ref {r.ref} {label}{also}: {narrative_plain_text(r.text)}")
    out.append("")
    out += [p.text for p in long_list_paragraphs(d)]
    for r in d.long_list_action_items:
        out.append(f"  - {r.ref} {r.title}: {narrative_plain_text(r.progress)}")
    for n in d.long_list_notes:
        out.append(f"  “{n.text}” ({n.source})" if n.source else f"  “{n.text}”")
    if d.not_counted:
        out += ["", "Not counted from this period:"]
        out += [f"  - {not_counted_text(n)}" for n in d.not_counted]
    if d.notes:
        out += ["", "Notes: " + d.notes]
    return "\n".join(out) + "\n"
