from __future__ import annotations

import json

from netzero.core.commands import AppCommand
from netzero.plans.outline import outline_as_dict, outline_as_text
from netzero.plans.selectors import plan_get, plan_outline


class Command(AppCommand):
    help = (
        "Show a plan: its themes (visions and objectives, with benefits and risks) and every "
        "action's timescale, role and delivering organisations, and the roles still to fill."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        show = sub.add_parser("show", help="Print the plan's outline as text or JSON.")
        show.add_argument("--plan", required=True, help="The plan's slug.")
        show.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, verb: str, plan: str, format: str, **options):
        outline = plan_outline(plan=plan_get(slug=plan))
        if format == "json":
            self.stdout.write(json.dumps(outline_as_dict(outline), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(outline_as_text(outline), ending="")
