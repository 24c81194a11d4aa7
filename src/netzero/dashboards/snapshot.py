"""A dashboard's basis as JSON: what publishing a period stores and what it shows forever after.

Only the inputs are stored (each action's row as it stood, the theme lists, the previous period);
the figures are recomputed from them by the same code as a live dashboard, so a published
dashboard, its report and its exports cannot disagree with one another.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from netzero.core.narrative import narrative_plain_text
from netzero.dashboards.types import ActionRow, DashboardBasis
from netzero.plans.impact import Impact
from netzero.reporting.status import Change, Status

SNAPSHOT_VERSION = 2
# Worked out when a dashboard is read (and not stored): the stored format stays as it was.
_NOT_STORED = {"reported_by", "overdue", "completed", "text_plain"}
_ROW_FIELDS = [f.name for f in fields(ActionRow) if f.name not in _NOT_STORED]


def basis_to_snapshot(basis: DashboardBasis) -> dict[str, Any]:
    rows = []
    for row in basis.rows:
        data = {name: getattr(row, name) for name in _ROW_FIELDS}
        data["impact"] = row.impact.value if row.impact else None
        data["status"] = row.status.value
        data["previous_status"] = row.previous_status.value if row.previous_status else None
        data["change"] = row.change.value
        rows.append(data)
    return {
        "version": SNAPSHOT_VERSION,
        "plan_name": basis.plan_name,
        "organisation_name": basis.organisation_name,
        "notes": basis.notes,
        "previous_period_id": basis.previous_period_id,
        "strategy_themes": list(basis.strategy_themes),
        "delivery_themes": [list(pair) for pair in basis.delivery_themes],
        "rows": rows,
    }


def basis_from_snapshot(data: dict[str, Any]) -> DashboardBasis:
    if data.get("version") != SNAPSHOT_VERSION:
        raise ValueError(f"Unknown dashboard snapshot version {data.get('version')!r}.")
    rows = []
    for raw in data["rows"]:
        values = {name: raw[name] for name in _ROW_FIELDS}
        values["impact"] = Impact(raw["impact"]) if raw["impact"] else None
        values["status"] = Status(raw["status"])
        previous = raw["previous_status"]
        values["previous_status"] = Status(previous) if previous else None
        values["change"] = Change(raw["change"])
        values["text_plain"] = narrative_plain_text(raw["text"])
        rows.append(ActionRow(**values))
    return DashboardBasis(
        plan_name=data["plan_name"],
        organisation_name=data["organisation_name"],
        notes=data["notes"],
        previous_period_id=data["previous_period_id"],
        strategy_themes=list(data["strategy_themes"]),
        delivery_themes=[(name, lead) for name, lead in data["delivery_themes"]],
        rows=rows,
    )
