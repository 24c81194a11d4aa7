from __future__ import annotations

import json

from netzero.classifications.matrix import matrix_as_dict, matrix_as_text
from netzero.classifications.selectors import classification_matrix
from netzero.core.commands import AppCommand
from netzero.plans.selectors import plan_get


class Command(AppCommand):
    help = (
        "Show a plan's classification matrix: for each scheme, each category (module, then "
        "action summary) with the count the source reports and the live count of the plan's "
        "actions classified under it, in all and per delivering organisation; then the totals."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="The plan's slug.")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, plan: str, format: str, **options):
        matrix = classification_matrix(plan=plan_get(slug=plan))
        if format == "json":
            self.stdout.write(json.dumps(matrix_as_dict(matrix), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(matrix_as_text(matrix), ending="")
