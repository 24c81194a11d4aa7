from __future__ import annotations

import json

from netzero.classifications.selectors import action_classifications
from netzero.core.commands import AppCommand
from netzero.plans.outline import outline_as_dict, outline_as_text
from netzero.plans.selectors import plan_get, plan_outline
from netzero.reporting.selectors import action_standings, period_latest


class Command(AppCommand):
    help = (
        "Show a plan: its themes (visions and objectives, with benefits and risks) and every "
        "action's timescale, role, delivering organisations, classifications, state and whether "
        "it is overdue as of the plan's latest period, and the roles still to fill."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        show = sub.add_parser("show", help="Print the plan's outline as text or JSON.")
        show.add_argument("--plan", required=True, help="The plan's slug.")
        show.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, verb: str, plan: str, format: str, **options):
        plan_obj = plan_get(slug=plan)
        outline = plan_outline(plan=plan_obj)
        if format == "text":
            self.stdout.write(outline_as_text(outline), ending="")
            return
        data = outline_as_dict(outline)
        period = period_latest(plan=plan_obj)
        standings = action_standings(plan=plan_obj, period=period) if period else {}
        classified = action_classifications(plan=plan_obj)
        data["as_of"] = period.name if period else None
        for item, row in zip(outline.actions(), data["actions"], strict=True):
            standing = standings.get(item.action.pk)
            row["classifications"] = classified.get(item.action.pk, [])
            row["state"] = standing.state if standing else "current"
            row["overdue"] = standing.overdue if standing else None
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
